/**
 * Merge PATCH bodies (documents, tools): the top-level fields whose desired
 * value differs, whole, and `null` for a dropped one, so an unchanged field
 * (and a write-only secret that did not change) is never sent.
 */
import { isDeepStrictEqual } from "node:util";
import type { DefinitionTable } from "../definitions/table";
import { desiredDocument } from "./documents";

type Props = Record<string, unknown>;

/**
 * The body of a merge PATCH (documents, tools): each top-level field whose
 * desired value differs between state and program, whole, and `null` for a
 * field the program dropped; nothing else, so an unchanged field (and a
 * write-only secret that did not change) is never sent.
 */
export function mergePatchBody(def: DefinitionTable, olds: object, news: object): Props {
  return mergePatchBetween(def, desiredDocument(def, olds), desiredDocument(def, news));
}

/**
 * The merge PATCH that turns document `before` into `after` (both normalized):
 * the top-level fields that differ, whole; `null` for a dropped one. The
 * server's own choice of a field the program leaves unset is not a change.
 */
export function mergePatchBetween(
  def: DefinitionTable,
  before: Props | undefined,
  after: Props | undefined,
): Props {
  const from: Props = { ...before };
  const to: Props = { ...after };
  for (const field of def.serverDefaulted ?? []) if (to[field] === undefined) delete from[field];
  const body: Props = {};
  for (const field of new Set([...Object.keys(from), ...Object.keys(to)])) {
    if (!isDeepStrictEqual(from[field], to[field])) body[field] = to[field] ?? null;
  }
  return body;
}
