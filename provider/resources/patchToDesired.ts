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

/** The calls of a JSON Patch endpoint group. */
export interface JsonPatchEndpoints<Live extends object> {
  retrieve(id: string): Promise<Live>;
  /** GET with the answer's ETag: used where the definition says `ifMatch`. */
  retrieveVersioned?(id: string): Promise<{ document: Live; etag?: string }>;
  /** Resolves to the document when the API answers with it. */
  update(
    id: string,
    operations: JsonPatchOperation[],
    ifMatch?: string,
  ): Promise<{ changed: boolean; document?: Live }>;
}

/** Read-patch rounds before giving up on an object that keeps changing under us. */
const PATCH_ROUNDS = 3;

/** The JSON Patch from the live object to the desired one, in the live document's paths. */
export function operationsAgainstLive(
  def: DefinitionTable,
  live: object,
  inputs: object,
  olds?: object,
): JsonPatchOperation[] {
  const desired = desiredDocument(def, inputs) ?? {};
  const written: JsonPatchOperation[] = [];
  // Get never shows a write-only field: send it only when it differs from what state last
  // sent; one the program no longer gives is cleared (null: the API's "none").
  for (const field of def.writeOnly ?? []) {
    const value = desired[field];
    delete desired[field];
    const last = olds === undefined ? undefined : desiredDocument(def, olds)?.[field];
    if (!isDeepStrictEqual(value, last))
      written.push({ op: "add", path: `/${field}`, value: value ?? null });
  }
  return [...patchOperations(liveDocument(def, live), desired), ...written];
}

/**
 * GET the live object, PATCH the difference guarded by `test` ops (see
 * `withPreconditions` in ../diff.ts: only the paths being replaced or removed
 * are tested, so the common case stays one GET and one PATCH). When the guard
 * fails (the table's `patchConflictStatus`: someone changed it in between),
 * read again and recompute; when it fails although nothing changed, the
 * operations themselves are wrong, and retrying would only repeat it. Where
 * the definition says `ifMatch`, the PATCH carries the GET's ETag instead of
 * `test` ops, and a 412 (a stale ETag) is the conflict.
 * @param action what we are doing, for messages: "update", "adopt".
 * @param olds what state last held: write-only fields are sent only when they differ from it.
 * @returns the outputs after the patch (from the answer, else predicted by applying the operations).
 */
export async function patchToDesired<Live extends object, Outputs>(
  def: DefinitionTable,
  api: JsonPatchEndpoints<Live>,
  id: string,
  inputs: object,
  action: string,
  olds?: object,
): Promise<Outputs> {
  const conflict = def.patchConflictStatus ?? 422;
  let refused: Live | undefined;
  for (let round = 1; ; round++) {
    let live: Live;
    let etag: string | undefined;
    try {
      if (def.ifMatch && api.retrieveVersioned)
        ({ document: live, etag } = await api.retrieveVersioned(id));
      else live = await api.retrieve(id);
    } catch (e) {
      throw resourceError(def.kind, id, `${action} (reading the live ${def.kind})`, e);
    }
    const operations = operationsAgainstLive(def, live, inputs, olds);
    // With an ETag, a 412 may be a change of what Get does not show: only test-op refusals are bugs.
    if (refused && etag === undefined && isDeepStrictEqual(refused, live)) {
      throw new Error(
        `Tavus ${def.kind} ${id}: ${action} failed: the API refused the patch (HTTP ${conflict}) although the ${def.kind} had not changed since it was read, ` +
          `so the operations do not fit its document (paths ${operations.map((op) => op.path).join(", ")}). This is a pulumi-tavus bug: please report it`,
      );
    }
    if (operations.length === 0) return outputsFrom<Outputs>(def, live, inputs);
    try {
      const result =
        etag === undefined
          ? await api.update(id, withPreconditions(live, operations))
          : await api.update(id, operations, etag);
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
