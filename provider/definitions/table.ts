/**
 * What a resource definition is: the kind's JSON Schema (the single source of
 * its wire document) and one small table of what the generic code cannot read
 * from the schema. Every type a kind exposes (Pulumi args, plain inputs,
 * outputs) is derived here from those two, so adding a field is an edit of the
 * schema, and of the table only when the field behaves specially.
 *
 * Types come from `json-schema-to-ts` (`FromSchema`): it reads an `as const`
 * schema at compile time, costs nothing at run time, and keeps one source
 * instead of a generated copy to keep in sync (README, "Dependencies").
 */
import type * as pulumi from "@pulumi/pulumi";
import type { FromSchema, JSONSchema } from "json-schema-to-ts";

/** Types of provider-only options (never sent) and of server fields. */
/** `object`: a map of plain data (a persona's skills by id). */
export type ValueKind =
  "boolean" | "positiveNumber" | "number" | "string" | "stringArray" | "object";

/** A definition's table; wire names (snake_case) throughout, as in the schema. */
export interface DefinitionTable {
  /** The JSON Schema of the create body; `x-opaque` marks maps whose keys are the user's. */
  readonly schema: JSONSchema & object;
  /** The kind as messages name it ("Tavus persona p123: …"). */
  readonly kind: string;
  /** The class name and the last part of the type token `pulumi-nodejs:dynamic/tavus:<typeName>`. */
  readonly typeName: string;
  /** The id field of the API's answers, e.g. `persona_id`. */
  readonly idField: string;
  /** The id output's wire-style name when `idField` would read badly (`uuid` → `guardrail_id`). @default idField */
  readonly idOutput?: string;
  /** Arrays whose order carries no meaning: compared as sets. */
  readonly setLike?: readonly string[];
  /** Fields the API cannot change in place: a change replaces the object. `"all"`: every field. */
  readonly replaceOnChanges?: readonly string[] | "all";
  /** Delete the old object before creating its replacement. @default false (create first) */
  readonly deleteBeforeReplace?: boolean;
  /**
   * What the API answers a POST with. `"whole"`: the object as Get shows it
   * (docs/tavus-api/guardrails.md#create, pronunciation-dictionaries.md#create,
   * documents.md#create), so a create stores that answer and reads nothing back.
   * `"partial"`: some of what Get shows is missing (a persona's answer is its id,
   * name and created_at: personas.md#create), so a create reads the object back
   * with one GET. Either way, an object createOnce found by lookup (our answer was
   * lost) is read back. Read by the table-driven creates (jsonPatchKind.ts,
   * documentProvider.ts); the other kinds' own creates follow the same fact.
   */
  readonly createAnswer: "whole" | "partial";
  /** Fields Get returns as they were sent, so `read` can see drift in them. `"all"`: every field. */
  readonly readBack: readonly string[] | "all";
  /**
   * Paths inside the document that the server writes itself (`*` = any array
   * index or key), e.g. fields another object writes back into this one: never
   * compared, never patched, never drift.
   */
  readonly serverWritten?: readonly (readonly string[])[];
  /**
   * Top-level fields Get never shows (a deployment's password): never compared
   * with the live object; sent when they differ from what state last sent.
   */
  readonly writeOnly?: readonly string[];
  /**
   * Get answers an `ETag` and PATCH takes `If-Match` with it: the patch is
   * guarded by the version that was read (`patchConflictStatus` is then the 412).
   */
  readonly ifMatch?: boolean;
  /** The status a PATCH answers when a `test` op failed (the object changed since it was read). @default 422 */
  readonly patchConflictStatus?: number;
  /** Fields the server fills in when the program leaves them unset: unset is "not managed", not "remove". */
  readonly serverDefaulted?: readonly string[];
  /** Provider-only options, recorded in state, never sent; changing one calls no API. */
  readonly options: Readonly<Record<string, ValueKind>>;
  /** Inputs only `check` reads (hints from other resources); never sent, never diffed. */
  readonly checkHints?: Readonly<Record<string, ValueKind>>;
  /** Other server fields, neither managed nor recorded: accepted in files, left out of exports. */
  readonly ignoredServerFields?: Readonly<Record<string, ValueKind>>;
  /** Server fields recorded as outputs (wire names), e.g. `created_at` → `createdAt`. */
  readonly serverOutputs: Readonly<Record<string, ValueKind>>;
  /**
   * Secret fields moved out of the document into an output Pulumi encrypts:
   * output name → the top-level field it mirrors (`under`) and the paths inside
   * it that are secret. The rest of that field stays readable in previews.
   */
  readonly secretOutputs?: Readonly<
    Record<
      string,
      {
        readonly under: string;
        readonly paths: readonly (readonly string[])[];
        /**
         * Get answers these masked (`"********"`): never read back, never
         * compared with what Get says; the value in state is the one last sent.
         */
        readonly writeOnly?: boolean;
      }
    >
  >;
  /** Server fields Pulumi must always encrypt (a meeting token). */
  readonly secretServerOutputs?: readonly string[];
  /** Statuses of an object that no longer exists (a soft-deleted replica). */
  readonly goneStatuses?: readonly string[];
  /**
   * The kind's collection: the client's endpoint group (`client.<collection>`)
   * and the emulator's store map of the same name.
   */
  readonly collection: string;
  /** How the user's own objects of the kind are listed. */
  readonly listing: Listing;
  /**
   * Whether `live` is what a POST of `body` (the request body) created: the one
   * matcher of the create-at-most-once lookup and of `recover`.
   * @param sameDocument the default: whether the managed documents agree.
   * @default sameDocument()
   */
  readonly createdBy?: (body: WireObject, live: WireObject, sameDocument: () => boolean) => boolean;
  /** An object's name, as audit shows it and `export --all` names its file (the id when it gives ""). */
  readonly nameOf: (live: WireObject) => string;
  /** Where the kind lives in an account folder; none for kinds no folder holds (conversations). */
  readonly folder?: FolderRule;
}

/** A live object or a request body, in wire names. */
export type WireObject = Record<string, unknown>;

/**
 * How the account lists a kind's objects, and which of them are the user's:
 * `audit`, `export --all`, `recover` and the create-at-most-once lookup all
 * read it, so "the user's own objects" means one thing everywhere.
 */
export interface Listing {
  /** Query of the list call that leaves the platform's stock objects out, e.g. `persona_type=user`. */
  readonly query?: Readonly<Record<string, string>>;
  /** Whether a listed object is the user's own and still exists (not a system tool, not soft-deleted). @default every listed object */
  readonly own?: (item: WireObject) => boolean;
  /**
   * Objects that are parts of another kind's object (a legacy set's items are
   * mirrored as individual guardrails): that kind and where it holds their ids.
   * They belong to it, managed or not, and are never listed on their own.
   */
  readonly partOf?: { readonly typeName: string; readonly path: readonly string[] };
  /** Whether a list item may lack fields Get shows (then one GET reads it whole). @default never */
  readonly abridged?: (item: WireObject) => boolean;
  /** Whether an unmanaged object is worth reporting (an ended conversation is history). @default always */
  readonly reportable?: (item: WireObject) => boolean;
  /** What to do with an unmanaged object of a kind that cannot be adopted, for `audit`. */
  readonly retire?: (id: string) => string;
  /**
   * Why `audit` counts this kind's unmanaged objects instead of listing them
   * one by one (and what to do about one): for a kind whose unmanaged
   * objects are mostly the users' data, which the API does not tell apart.
   * @default listed one by one
   */
  readonly unlisted?: string;
}

/** A field that holds the id of an object of another kind. */
export interface ReferenceField {
  /** Wire path; `*` = every item of a list. */
  readonly path: readonly string[];
  /** The account folder of the objects it may name. */
  readonly folder: string;
}

/** A field known by two names: the legacy one (which the API and our schemas use) and the 2026 one. */
export interface FieldAlias {
  readonly legacy: readonly string[];
  readonly current: readonly string[];
}

/** Where a kind lives in an account folder, and how its files are named and linked. */
export interface FolderRule {
  /** The folder: `personas`, `guardrail-sets`, … */
  readonly name: string;
  /** Fields naming other objects; `$ref:<folder>/<name>` may stand for their ids. */
  readonly references?: readonly ReferenceField[];
  /** Names of the 2026 docs (docs/tavus-api/names-and-clients.md) accepted as well as the legacy ones. */
  readonly aliases?: readonly FieldAlias[];
  /**
   * An id of this kind that passes the schemas where a reference to it stands,
   * so a `$ref:` is validated as the id it will become (a persona's
   * `default_replica_id` has a pattern).
   */
  readonly sampleId: string;
}

/** Returns the table as it is, typed exactly (`const`) so the types below can read it. */
export function defineResource<const T extends DefinitionTable>(table: T): T {
  return table;
}

// ------------------------------------------------------------ derived types

/** `turn_taking_patience` → `turnTakingPatience`, as `camelCase` in ../mapping.ts does at run time. */
export type CamelKey<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelKey<Tail>>}`
  : S;

/** camelCase keys at every depth, except inside schema nodes marked `x-opaque` (the user's own keys). */
export type CamelDeep<T, S> = S extends { readonly "x-opaque": true }
  ? T
  : T extends readonly (infer Item)[]
    ? CamelDeep<Item, S extends { readonly items: infer ItemSchema } ? ItemSchema : unknown>[]
    : T extends object
      ? {
          [K in keyof T as K extends string ? CamelKey<K> : K]: CamelDeep<
            T[K],
            PropertySchema<S, K>
          >;
        }
      : T;

type PropertySchema<S, K> = S extends { readonly properties: infer P }
  ? K extends keyof P
    ? P[K]
    : unknown
  : unknown;

type ValueOf<K extends ValueKind> = K extends "boolean"
  ? boolean
  : K extends "positiveNumber" | "number"
    ? number
    : K extends "stringArray"
      ? string[]
      : K extends "object"
        ? Record<string, Record<string, unknown>>
        : string;
type Fields<M extends Readonly<Record<string, ValueKind>> | undefined> =
  M extends Readonly<Record<string, ValueKind>>
    ? { -readonly [K in keyof M as K extends string ? CamelKey<K> : never]?: ValueOf<M[K]> }
    : unknown;

/** The wire document: the create body, exactly as the schema allows it. */
// Defaults stay optional: a program may leave them out (the diff fills them in).
export type WireDocument<T extends DefinitionTable> = FromSchema<
  T["schema"],
  { keepDefaultedPropertiesOptional: true }
>;

/** The document in Pulumi's names. */
export type CamelDocument<T extends DefinitionTable> = CamelDeep<WireDocument<T>, T["schema"]>;

type SecretFields<T extends DefinitionTable> =
  T["secretOutputs"] extends Readonly<Record<string, unknown>>
    ? {
        -readonly [
          K in keyof T["secretOutputs"] as K extends string ? CamelKey<K> : never
        ]?: Record<string, unknown>;
      }
    : unknown;

/** Plain inputs as the engine passes them: the document, options, hints and secret outputs. */
export type InputsOf<T extends DefinitionTable> = CamelDocument<T> &
  Fields<T["options"]> &
  Fields<T["checkHints"]> &
  SecretFields<T>;

/** Outputs recorded in state: the inputs, the id, and the server fields. */
export type OutputsOf<T extends DefinitionTable> = InputsOf<T> & {
  [K in CamelKey<IdOutputName<T>>]: string;
} & Fields<T["serverOutputs"]>;

type IdOutputName<T extends DefinitionTable> = T["idOutput"] extends string
  ? T["idOutput"]
  : T["idField"];

/** Any value as a Pulumi input, at every depth (what a program may pass). */
export type InputDeep<T> = T extends readonly (infer Item)[]
  ? pulumi.Input<InputDeep<Item>[]>
  : T extends object
    ? pulumi.Input<{ [K in keyof T]: InputDeep<T[K]> }>
    : pulumi.Input<T>;

/** The args of a resource class: every input field, each a Pulumi input. */
export type ArgsOf<Inputs> = { [K in keyof Inputs]?: InputDeep<NonNullable<Inputs[K]>> };

/** The output properties of a resource class. */
export type OutputPropertiesOf<Outputs> = {
  readonly [K in keyof Outputs]-?: pulumi.Output<Outputs[K]>;
};
