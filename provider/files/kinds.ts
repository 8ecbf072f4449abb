/**
 * The kinds an account folder holds, as the loader, the folder function and
 * `export --all` read them: a view of the kinds list (../kinds.ts) that have a
 * folder, in its order (referenced kinds before the kinds that refer to them).
 * A new kind is an entry of that list, not a row here.
 */
import type { DefinitionTable, FieldAlias, ReferenceField } from "../definitions/table";
import { KINDS, type KindFolder } from "../kinds";

export type { FieldAlias } from "../definitions/table";

/** A field naming an object of another kind, by that kind's folder (test/unit/kindsAgree.test.ts checks the folder exists). */
export type FileReference = ReferenceField & { readonly folder: KindFolder };
export type { KindFolder } from "../kinds";

/** One kind of an account folder. */
export interface FileKind {
  folder: KindFolder;
  definition: DefinitionTable;
  /** Fields naming other objects; `$ref:<folder>/<name>` may stand for their ids. */
  references: readonly FileReference[];
  /** Names of the 2026 docs (docs/tavus-api/names-and-clients.md) accepted as well as the legacy ones. */
  aliases: readonly FieldAlias[];
  /** An id of this kind that passes the schemas where a reference to it stands. */
  sampleId: string;
  /** How `export --all` names the file: the object's name, else the names inside it. */
  nameOf: (live: Record<string, unknown>) => string;
}

/**
 * The kinds, referenced kinds before the kinds that refer to them: the order
 * resources are declared in (a persona needs its guardrails' ids).
 */
export const FILE_KINDS: readonly FileKind[] = KINDS.flatMap((definition): FileKind[] =>
  "folder" in definition
    ? [
        {
          folder: definition.folder.name,
          definition,
          references: ("references" in definition.folder
            ? definition.folder.references
            : []) as readonly FileReference[],
          aliases: "aliases" in definition.folder ? definition.folder.aliases : [],
          sampleId: definition.folder.sampleId,
          nameOf: definition.nameOf,
        },
      ]
    : [],
);

/** The kind of an account folder's folder name (`personas`, `guardrail-sets`, …). */
export function fileKindIn(folder: string): FileKind | undefined {
  return FILE_KINDS.find((k) => k.folder === folder);
}

/** The prefix of a reference by name: `$ref:guardrails/no-advice`. */
export const REF_PREFIX = "$ref:";
/** The prefix of a stack secret: `$secret:supportLlmApiKey`. */
export const SECRET_PREFIX = "$secret:";

/** The extensions of object files. */
export const FILE_EXTENSIONS: ReadonlySet<string> = new Set([".yaml", ".yml", ".json"]);
