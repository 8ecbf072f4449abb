/**
 * The kinds of Tavus objects this package manages: one ordered list, each
 * entry the kind's definition (../definitions/<kind>.ts), which carries every
 * fact a surface needs (schema, table, listing, matcher, folder). The plugin,
 * the account folder, `audit`, `export --all`, `recover`, the serialized
 * providers and the tests iterate this list instead of naming kinds; adding a
 * kind is a definition, a provider module, a class and one line here
 * (test/unit/kindsAgree.test.ts fails when a surface lacks it).
 */
import { conversationDefinition } from "./definitions/conversation";
import { deploymentDefinition } from "./definitions/deployment";
import { documentDefinition } from "./definitions/document";
import { guardrailDefinition } from "./definitions/guardrail";
import { guardrailSetDefinition } from "./definitions/guardrailSet";
import { memoryStoreDefinition } from "./definitions/memoryStore";
import { objectivesDefinition } from "./definitions/objectives";
import { personaDefinition } from "./definitions/persona";
import { pronunciationDictionaryDefinition } from "./definitions/pronunciationDictionary";
import { replicaDefinition } from "./definitions/replica";
import type { DefinitionTable } from "./definitions/table";
import { toolDefinition } from "./definitions/tool";

/**
 * Every kind, in dependency order: a kind comes after the kinds it points at,
 * so a program (or an account folder) declares what a persona needs first, and
 * Pulumi deletes in the reverse order.
 */
export const KINDS = [
  objectivesDefinition,
  guardrailDefinition,
  guardrailSetDefinition,
  pronunciationDictionaryDefinition,
  documentDefinition,
  toolDefinition,
  replicaDefinition,
  personaDefinition,
  memoryStoreDefinition,
  deploymentDefinition,
  conversationDefinition,
] as const;

/** One kind of the list. */
export type Kind = (typeof KINDS)[number];
/** A kind's class name: `Persona`, `GuardrailSet`, … */
export type KindName = Kind["typeName"];
/** A kind as messages name it: `persona`, `guardrail set`, … */
export type ResourceKind = Kind["kind"];
/** A kind's collection: the client's endpoint group and the emulator's store map. */
export type KindCollection = Kind["collection"];
/** The kinds an account folder holds. */
export type FolderKind = Extract<Kind, { folder: object }>;
/** The folder names of an account folder. */
export type KindFolder = FolderKind["folder"]["name"];

/** The package name: `require("pulumi-tavus/providers/<module>")`. */
export const PACKAGE = "pulumi-tavus";
/** The prefix of every dynamic resource's type token: `pulumi-nodejs:dynamic/tavus:Persona`. */
export const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic/tavus:" as const;

/** The kind of a class name, if it is one of ours. */
export function kindNamed(typeName: string): DefinitionTable | undefined {
  return KINDS.find((k) => k.typeName === typeName);
}

/** The kind of a dynamic resource's type token (`pulumi-nodejs:dynamic/tavus:Persona`), if ours. */
export function kindOfDynamicType(type: string): DefinitionTable | undefined {
  return type.startsWith(DYNAMIC_TYPE_PREFIX)
    ? kindNamed(type.slice(DYNAMIC_TYPE_PREFIX.length))
    : undefined;
}

/** The kind whose account folder is `folder`. */
export function kindInFolder(folder: string): DefinitionTable | undefined {
  return KINDS.find((k) => "folder" in k && k.folder.name === folder);
}

/** `Persona` → `persona`, `GuardrailSet` → `guardrailSet`: the kind's module names. */
export function moduleNameOf(kind: DefinitionTable): string {
  return kind.typeName.charAt(0).toLowerCase() + kind.typeName.slice(1);
}

/** What a resource's `__provider` requires: `pulumi-tavus/providers/persona` (an `exports` entry of package.json). */
export function providerSpecifierOf(kind: DefinitionTable): string {
  return `${PACKAGE}/providers/${moduleNameOf(kind)}`;
}

/** Whether an unmanaged object of the kind can be taken over (`adoptId`, or a file with its id). */
export function isAdoptable(kind: DefinitionTable): boolean {
  return "adopt_id" in kind.options;
}
