/**
 * The kinds the plugin serves, one row each: its type token, its definition
 * (the schema generator reads it) and the provider module the dynamic
 * resources use (the plugin runs the same CRUD code, not a copy).
 */
import type * as pulumi from "@pulumi/pulumi";
import { conversationDefinition } from "../definitions/conversation";
import { documentDefinition } from "../definitions/document";
import { guardrailDefinition } from "../definitions/guardrail";
import { guardrailSetDefinition } from "../definitions/guardrailSet";
import { objectivesDefinition } from "../definitions/objectives";
import { personaDefinition } from "../definitions/persona";
import { pronunciationDictionaryDefinition } from "../definitions/pronunciationDictionary";
import { replicaDefinition } from "../definitions/replica";
import type { DefinitionTable } from "../definitions/table";
import { toolDefinition } from "../definitions/tool";

/** The plugin's package name: type tokens are `tavus:index:<typeName>`. */
export const PACKAGE_NAME = "tavus";

/** One kind the plugin serves. */
export interface PluginKind {
  /** `tavus:index:Persona` */
  token: string;
  definition: DefinitionTable;
  /** The file under provider/resources/ of the kind's class (its TSDoc is the schema's description). */
  classFile: string;
  /** The kind's provider module, loaded on first use (a schema-only caller loads none). */
  provider: () => pulumi.dynamic.ResourceProvider;
}

function kind(
  definition: DefinitionTable,
  classFile: string,
  provider: () => pulumi.dynamic.ResourceProvider,
): PluginKind {
  return { token: `${PACKAGE_NAME}:index:${definition.typeName}`, definition, classFile, provider };
}

// Lazy requires: a process serving one kind loads one module.
/** Every kind, in dependency order (what a persona points at first). */
export const PLUGIN_KINDS: readonly PluginKind[] = [
  kind(objectivesDefinition, "objectives.ts", () => require("../resources/objectivesProvider")),
  kind(guardrailDefinition, "guardrail.ts", () => require("../resources/guardrailProvider")),
  kind(guardrailSetDefinition, "guardrailSet.ts", () =>
    require("../resources/guardrailSetProvider"),
  ),
  kind(pronunciationDictionaryDefinition, "pronunciationDictionary.ts", () =>
    require("../resources/pronunciationDictionaryProvider"),
  ),
  kind(documentDefinition, "document.ts", () => require("../resources/documentProvider")),
  kind(toolDefinition, "tool.ts", () => require("../resources/toolProvider")),
  kind(replicaDefinition, "replica.ts", () => require("../resources/replicaProvider")),
  kind(personaDefinition, "persona.ts", () => require("../resources/personaProvider")),
  kind(conversationDefinition, "conversation.ts", () =>
    require("../resources/conversationProvider"),
  ),
];

/** The kind of a type token or of a URN's type; undefined for a token we do not serve. */
export function kindOf(tokenOrUrn: string): PluginKind | undefined {
  // URN: urn:pulumi:<stack>::<project>::<qualified type>::<name>; the type's last `$` part is ours.
  const type = tokenOrUrn.startsWith("urn:")
    ? (tokenOrUrn.split("::")[2] ?? "").split("$").pop()
    : tokenOrUrn;
  return PLUGIN_KINDS.find((k) => k.token === type);
}
