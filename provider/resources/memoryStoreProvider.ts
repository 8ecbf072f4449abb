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
import { isGone } from "../client/errors";
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

/**
 * One request per pinned memory that differs (PATCH, POST or DELETE), addressed by
 * the ids state keeps: no GET. When state holds no ids (written before they were
 * kept) or one is gone (deleted by hand since the last refresh), one GET first.
 */
export async function update(
  id: string,
  olds: MemoryStoreOutputs,
  news: MemoryStoreInputs,
): Promise<pulumi.dynamic.UpdateResult<MemoryStoreOutputs>> {
  const known = pinnedInState(olds);
  if (known) {
    try {
      const pinned = await applyPinned(id, known, news.pinnedMemories ?? []);
      // PAL and tag cannot change in an update (they replace): the store is what state says.
      const store = {
        pal_id: news.palId,
        participant_tag: news.participantTag,
        created_at: olds.createdAt,
      };
      return { outs: outputsOf(id, store, news, pinned) };
    } catch (e) {
      if (!isGone(e, "memory")) throw resourceError(definition.kind, id, "update", e);
    }
  }
  return { outs: await syncPinned(id, news, "update") };
}

/**
 * Makes the store's pinned memories the ones asked for, from what one GET
 * shows (adoption, or state without the memories' ids).
 */
async function syncPinned(
  id: string,
  inputs: MemoryStoreInputs,
  action: "update" | "adopt",
): Promise<MemoryStoreOutputs> {
  try {
    const live = await tavusClient().memoryStores.retrieve(id);
    if (live.pal_id !== inputs.palId || live.participant_tag !== inputs.participantTag) {
      throw new Error(
        `it belongs to PAL ${live.pal_id} and tag "${live.participant_tag}", not ${inputs.palId} and "${inputs.participantTag}": set palId and participantTag to those of the store`,
      );
    }
    const pinned = await applyPinned(id, live.pinned, inputs.pinnedMemories ?? []);
    return outputsOf(id, live, inputs, pinned);
  } catch (e) {
    throw resourceError(definition.kind, id, action, e);
  }
}

/**
 * Touches only the memories that differ: a memory no longer wanted is
 * rewritten into a new one (PATCH), and only what is left over is added
 * (POST) or removed (DELETE).
 * @returns the pinned memories afterwards, with their ids.
 */
async function applyPinned(
  id: string,
  current: MemoryStoreView["pinned"],
  wanted: readonly string[],
): Promise<Array<{ memory_id: string; memory: string }>> {
  const group = tavusClient().memoryStores;
  const { toAdd, toDrop } = pinnedChanges({ pinned: current }, wanted);
  const kept = current.filter((m) => !toDrop.includes(m));
  const after = kept.map(({ memory_id, memory }) => ({ memory_id, memory }));
  for (const [i, memory] of toAdd.entries()) {
    const old = toDrop[i];
    if (old) {
      await group.updatePinned(id, old.memory_id, memory);
      after.push({ memory_id: old.memory_id, memory });
    } else {
      const added = await group.addPinned(id, memory);
      after.push({ memory_id: added.memory_id, memory });
    }
  }
  for (const old of toDrop.slice(toAdd.length)) await group.deletePinned(id, old.memory_id);
  return after;
}

/** State outputs with the pinned memories as asked, and each one's text by its id. */
function outputsOf(
  id: string,
  store: object,
  inputs: MemoryStoreInputs,
  pinned: ReadonlyArray<{ memory_id: string; memory: string }>,
): MemoryStoreOutputs {
  return outputsFrom<MemoryStoreOutputs>(
    definition,
    {
      ...store,
      memory_store_id: id,
      pinned_memories: inputs.pinnedMemories ?? [],
      pinned_memory_ids: Object.fromEntries(pinned.map((m) => [m.memory_id, m.memory])),
    },
    inputs,
  );
}

/**
 * The pinned memories state knows, with their ids; undefined when state holds
 * no ids, or ids that do not match its texts (then a GET tells).
 */
function pinnedInState(olds: MemoryStoreOutputs): MemoryStoreView["pinned"] | undefined {
  const byId = olds.pinnedMemoryIds as Record<string, unknown> | undefined;
  if (byId === null || typeof byId !== "object" || Array.isArray(byId)) return undefined;
  const pinned = Object.entries(byId).map(([memory_id, memory]) => ({
    memory_id,
    memory: String(memory),
    created_at: "",
  }));
  const texts = (list: readonly string[]) => [...list].sort().join("\n");
  if (texts(pinned.map((m) => m.memory)) !== texts(olds.pinnedMemories ?? [])) return undefined;
  return pinned;
}

/** The texts to add and the live memories to drop, each text counted as often as it appears. */
export function pinnedChanges(
  live: Pick<MemoryStoreView, "pinned">,
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
