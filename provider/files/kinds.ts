/**
 * The kinds an account folder holds, one table row each: the folder, the
 * kind's definition (its schema, id field and server fields come from there),
 * the fields that hold another object's id, and the 2026 names files may use.
 * The loader, the folder function and `export --all` read this table; a new
 * kind is a new row, not new code.
 */
import { documentDefinition } from "../definitions/document";
import { guardrailDefinition } from "../definitions/guardrail";
import { guardrailSetDefinition } from "../definitions/guardrailSet";
import { objectivesDefinition } from "../definitions/objectives";
import { personaDefinition } from "../definitions/persona";
import { pronunciationDictionaryDefinition } from "../definitions/pronunciationDictionary";
import { replicaDefinition } from "../definitions/replica";
import type { DefinitionTable } from "../definitions/table";
import { toolDefinition } from "../definitions/tool";

/** The folders of an account folder, one per kind. */
export type KindFolder =
  | "objectives"
  | "guardrails"
  | "guardrail-sets"
  | "dictionaries"
  | "documents"
  | "tools"
  | "replicas"
  | "personas";

/** A field that holds the id of an object of another kind. */
export interface ReferenceField {
  /** Wire path; `*` = every item of a list. */
  path: readonly string[];
  /** The folder of the objects it may name. */
  folder: KindFolder;
}

/** A field known by two names: the legacy one (which the API and our schemas use) and the 2026 one. */
export interface FieldAlias {
  legacy: readonly string[];
  current: readonly string[];
}

/** One kind of an account folder. */
export interface FileKind {
  folder: KindFolder;
  definition: DefinitionTable;
  /** Fields naming other objects; `$ref:<folder>/<name>` may stand for their ids. */
  references: readonly ReferenceField[];
  /** Names of the 2026 docs (docs/tavus-api/names-and-clients.md) accepted as well as the legacy ones. */
  aliases: readonly FieldAlias[];
  /**
   * An id of this kind that passes the schemas where a reference to it stands,
   * so a `$ref:` is validated as the id it will become (a persona's
   * `default_replica_id` has a pattern).
   */
  sampleId: string;
  /** How `export --all` names the file: the object's name, else the names inside it. */
  nameOf: (live: Record<string, unknown>) => string;
}

const field = (name: string) => (live: Record<string, unknown>) =>
  typeof live[name] === "string" ? live[name] : "";

/**
 * The kinds, referenced kinds before the kinds that refer to them: the order
 * resources are declared in (a persona needs its guardrails' ids).
 */
export const FILE_KINDS: readonly FileKind[] = [
  {
    folder: "objectives",
    definition: objectivesDefinition,
    references: [],
    aliases: [],
    sampleId: "o0000000000",
    // Objectives have no name of their own: the names of the steps stand for it.
    nameOf: (live) =>
      (Array.isArray(live.data) ? (live.data as unknown[]) : [live.data])
        .map((o) => (o as { objective_name?: unknown } | undefined)?.objective_name)
        .filter((n): n is string => typeof n === "string")
        .join("-"),
  },
  {
    folder: "guardrails",
    definition: guardrailDefinition,
    references: [],
    aliases: [],
    sampleId: "g0000000000",
    nameOf: field("guardrail_name"),
  },
  {
    folder: "guardrail-sets",
    definition: guardrailSetDefinition,
    references: [],
    aliases: [],
    sampleId: "g0000000000",
    nameOf: field("name"),
  },
  {
    folder: "dictionaries",
    definition: pronunciationDictionaryDefinition,
    references: [],
    aliases: [],
    sampleId: "pd0000000000",
    nameOf: field("name"),
  },
  {
    folder: "documents",
    definition: documentDefinition,
    references: [],
    aliases: [],
    sampleId: "d0000000000",
    nameOf: field("document_name"),
  },
  {
    folder: "tools",
    definition: toolDefinition,
    references: [],
    aliases: [],
    sampleId: "t0000000000",
    nameOf: field("name"),
  },
  {
    folder: "replicas",
    definition: replicaDefinition,
    references: [],
    aliases: [
      { legacy: ["replica_id"], current: ["face_id"] },
      { legacy: ["replica_name"], current: ["face_name"] },
    ],
    sampleId: "r0000000000",
    nameOf: field("replica_name"),
  },
  {
    folder: "personas",
    definition: personaDefinition,
    references: [
      { path: ["objectives_id"], folder: "objectives" },
      { path: ["guardrail_ids", "*"], folder: "guardrails" },
      { path: ["guardrails_id"], folder: "guardrail-sets" },
      { path: ["layers", "tts", "pronunciation_dictionary_id"], folder: "dictionaries" },
      { path: ["document_ids", "*"], folder: "documents" },
      // An option, not a persona field: tools are attached through their own endpoint.
      { path: ["tool_ids", "*"], folder: "tools" },
      { path: ["default_replica_id"], folder: "replicas" },
    ],
    aliases: [
      { legacy: ["persona_id"], current: ["pal_id"] },
      { legacy: ["persona_name"], current: ["pal_name"] },
      { legacy: ["default_replica_id"], current: ["default_face_id"] },
      {
        legacy: ["layers", "conversational_flow", "replica_interruptibility"],
        current: ["layers", "conversational_flow", "pal_interruptibility"],
      },
    ],
    sampleId: "p0000000000",
    nameOf: field("persona_name"),
  },
];

/** The kind of a folder name. */
export function kindOf(folder: string): FileKind | undefined {
  return FILE_KINDS.find((k) => k.folder === folder);
}

/** The prefix of a reference by name: `$ref:guardrails/no-advice`. */
export const REF_PREFIX = "$ref:";
/** The prefix of a stack secret: `$secret:supportLlmApiKey`. */
export const SECRET_PREFIX = "$secret:";

/** The extensions of object files. */
export const FILE_EXTENSIONS: ReadonlySet<string> = new Set([".yaml", ".yml", ".json"]);
