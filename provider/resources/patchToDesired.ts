/**
 * Update for the JSON Patch kinds (personas, objectives, guardrails,
 * pronunciation dictionaries): GET the live document, PATCH only what differs,
 * in the paths of the shape that was read, guarded against lost updates.
 */
import { isDeepStrictEqual } from "node:util";
import { isTavusApiError } from "../client";
import type { DefinitionTable } from "../definitions/table";
import { applyOperations, patchOperations, touchedFields, withPreconditions } from "../diff";
import type { JsonPatchOperation } from "../wire";
import { resourceError } from "./errors";
import { desiredDocument, liveDocument } from "./documents";
import { outputsFrom } from "./outputs";

/** The two calls of a JSON Patch endpoint group. */
export interface JsonPatchEndpoints<Live extends object> {
  retrieve(id: string): Promise<Live>;
  /** Resolves to the document when the API answers with it. */
  update(
    id: string,
    operations: JsonPatchOperation[],
  ): Promise<{ changed: boolean; document?: Live }>;
}

/** Read-patch rounds before giving up on an object that keeps changing under us. */
const PATCH_ROUNDS = 3;

/** The JSON Patch from the live object to the desired one, in the live document's paths. */
export function operationsAgainstLive(
  def: DefinitionTable,
  live: object,
  inputs: object,
): JsonPatchOperation[] {
  return patchOperations(liveDocument(def, live), desiredDocument(def, inputs));
}

/**
 * GET the live object, PATCH the difference guarded by `test` ops (see
 * `withPreconditions` in ../diff.ts: only the paths being replaced or removed
 * are tested, so the common case stays one GET and one PATCH). When the guard
 * fails (the table's `patchConflictStatus`: someone changed it in between),
 * read again and recompute; when it fails although nothing changed, the
 * operations themselves are wrong, and retrying would only repeat it.
 * @param action what we are doing, for messages: "update", "adopt".
 * @returns the outputs after the patch (from the answer, else predicted by applying the operations).
 */
export async function patchToDesired<Live extends object, Outputs>(
  def: DefinitionTable,
  api: JsonPatchEndpoints<Live>,
  id: string,
  inputs: object,
  action: string,
): Promise<Outputs> {
  const conflict = def.patchConflictStatus ?? 422;
  let refused: Live | undefined;
  for (let round = 1; ; round++) {
    let live: Live;
    try {
      live = await api.retrieve(id);
    } catch (e) {
      throw resourceError(def.kind, id, `${action} (reading the live ${def.kind})`, e);
    }
    const operations = operationsAgainstLive(def, live, inputs);
    if (refused && isDeepStrictEqual(refused, live)) {
      throw new Error(
        `Tavus ${def.kind} ${id}: ${action} failed: the API refused the patch (HTTP ${conflict}) although the ${def.kind} had not changed since it was read, ` +
          `so the operations do not fit its document (paths ${operations.map((op) => op.path).join(", ")}). This is a pulumi-tavus bug: please report it`,
      );
    }
    if (operations.length === 0) return outputsFrom<Outputs>(def, live, inputs);
    try {
      const result = await api.update(id, withPreconditions(live, operations));
      return outputsFrom<Outputs>(
        def,
        result.document ?? applyOperations(live, operations),
        inputs,
      );
    } catch (e) {
      const raced = isTavusApiError(e) && e.status === conflict;
      if (raced && round < PATCH_ROUNDS) {
        refused = live;
        continue;
      }
      const doing = `${action} (patching ${touchedFields(operations).join(", ")}${raced ? `; it changed under us in each of ${round} rounds` : ""})`;
      throw resourceError(def.kind, id, doing, e);
    }
  }
}
