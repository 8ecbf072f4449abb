/**
 * The diff for every kind. Documents are compared the same way for every
 * kind: normalized (see ../diff.ts: empty means unset, set-like arrays
 * sorted), then RFC 6902 JSON Patch operations from `fast-json-patch`. The
 * fields those operations touch say whether anything changes and whether the
 * object must be replaced.
 */
import { isDeepStrictEqual } from "node:util";
import type { DefinitionTable } from "../definitions/table";
import { pulumiPath } from "../definitions/validate";
import { patchOperations, touchedFields } from "../diff";
import { camelCase } from "../mapping";
import { desiredDocument } from "./documents";

type Props = Record<string, unknown>;

/** What a diff found, in the engine's terms. */
export interface TableDiff {
  changes: boolean;
  /** Top-level fields (Pulumi's names) whose change replaces the object. */
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/**
 * Compares the state's outputs with the program's inputs through the same
 * normalize + JSON Patch path for every kind. A server-defaulted field the
 * program leaves unset is not managed, so not compared.
 */
export function diffInputs(
  def: DefinitionTable,
  olds: object,
  news: object,
  id?: string,
): TableDiff {
  const after = desiredDocument(def, news) ?? {};
  const before = desiredDocument(def, olds) ?? {};
  for (const field of def.serverDefaulted ?? [])
    if (after[field] === undefined) delete before[field];
  const operations = patchOperations(before, after);
  const touched = touchedFields(operations);
  const replaces =
    def.replaceOnChanges === "all"
      ? touched
      : touched.filter((f) => def.replaceOnChanges?.includes(f));
  // A list option (a persona's tool ids) is a set: its order carries no meaning.
  const comparable = (value: unknown) =>
    Array.isArray(value) ? [...value].sort() : (value ?? null);
  const changedOptions = Object.keys(def.options)
    .map(camelCase)
    .filter(
      (name) =>
        !isDeepStrictEqual(comparable((olds as Props)[name]), comparable((news as Props)[name])),
    );
  // Adopting another object than the one managed is a replacement; dropping adoptId is not.
  const adoptId = (news as Props).adoptId;
  const adoptsAnother =
    "adopt_id" in def.options && typeof adoptId === "string" && id !== undefined && adoptId !== id;
  return {
    changes: operations.length > 0 || changedOptions.length > 0,
    replaces: [
      ...replaces.map((field) => pulumiPath([field], def.schema)),
      ...(adoptsAnother ? ["adoptId"] : []),
    ],
    deleteBeforeReplace: def.deleteBeforeReplace ?? false,
  };
}
