/**
 * MemoryStoreProvider: the CRUD of {@link MemoryStore}, as a module (see
 * personaProvider.ts for why a module). Create, read, delete, check and diff
 * come from the definition and the shared kind (jsonPatchKind.ts); what is the
 * store's own: its pinned memories are objects of their own
 * (docs/tavus-api/memory-stores.md#pinned-memories), so an update edits them
 * one by one — never the store, whose PAL and tag cannot change.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { MemoryStoreView } from "../client/memoryStores";
import {
  memoryStoreDefinition as definition,
  type MemoryStoreInputs,
  type MemoryStoreOutputs,
} from "../definitions/memoryStore";
import { tavusClient } from "../settings";
import { resourceError } from "./errors";
import { jsonPatchProvider } from "./jsonPatchKind";
import { outputsFrom } from "./outputs";

export type { MemoryStoreInputs, MemoryStoreOutputs } from "../definitions/memoryStore";

const shared = jsonPatchProvider<MemoryStoreInputs, MemoryStoreOutputs>(
  definition,
  (client) => client.memoryStores as never,
);
/** configure, check, diff and read: from the definition (see jsonPatchKind.ts). */
export const { configure, check, diff, read } = shared;
const delete_ = shared.delete;
/** DELETE, as the engine calls it (`delete` is a reserved word for a function name). */
export { delete_ as delete };

/** POST (created at most once), or with `adoptId` one GET and the pinned memories synced. */
export async function create(
  inputs: MemoryStoreInputs,
): Promise<pulumi.dynamic.CreateResult<MemoryStoreOutputs>> {
  if (!inputs.adoptId) return shared.create(inputs);
  return { id: inputs.adoptId, outs: await syncPinned(inputs.adoptId, inputs, "adopt") };
}

/** One GET, then one request per pinned memory that differs: PATCH, POST or DELETE. */
export async function update(
  id: string,
  _olds: MemoryStoreOutputs,
  news: MemoryStoreInputs,
): Promise<pulumi.dynamic.UpdateResult<MemoryStoreOutputs>> {
  return { outs: await syncPinned(id, news, "update") };
}

/**
 * Makes the store's pinned memories the ones asked for, touching only those
 * that differ: a memory no longer wanted is rewritten into a new one (PATCH),
 * and only what is left over is added (POST) or removed (DELETE).
 */
async function syncPinned(
  id: string,
  inputs: MemoryStoreInputs,
  action: "update" | "adopt",
): Promise<MemoryStoreOutputs> {
  const group = tavusClient().memoryStores;
  const wanted = inputs.pinnedMemories ?? [];
  try {
    const live = await group.retrieve(id);
    if (live.pal_id !== inputs.palId || live.participant_tag !== inputs.participantTag) {
      throw new Error(
        `it belongs to PAL ${live.pal_id} and tag "${live.participant_tag}", not ${inputs.palId} and "${inputs.participantTag}": set palId and participantTag to those of the store`,
      );
    }
    const { toAdd, toDrop } = pinnedChanges(live, wanted);
    for (const [i, memory] of toAdd.entries()) {
      const old = toDrop[i];
      if (old) await group.updatePinned(id, old.memory_id, memory);
      else await group.addPinned(id, memory);
    }
    for (const old of toDrop.slice(toAdd.length)) await group.deletePinned(id, old.memory_id);
    return outputsFrom<MemoryStoreOutputs>(
      definition,
      { ...live, pinned_memories: wanted },
      inputs,
    );
  } catch (e) {
    throw resourceError(definition.kind, id, action, e);
  }
}

/** The texts to add and the live memories to drop, each text counted as often as it appears. */
export function pinnedChanges(
  live: MemoryStoreView,
  wanted: readonly string[],
): { toAdd: string[]; toDrop: MemoryStoreView["pinned"] } {
  const toAdd = [...wanted];
  const toDrop: MemoryStoreView["pinned"] = [];
  for (const memory of live.pinned) {
    const at = toAdd.indexOf(memory.memory);
    if (at >= 0) toAdd.splice(at, 1);
    else toDrop.push(memory);
  }
  return { toAdd, toDrop };
}
