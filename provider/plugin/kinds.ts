/**
 * The kinds the plugin serves: a view of the kinds list (../kinds.ts), each
 * with its type token, its definition (the schema generator reads it) and the
 * provider module the dynamic resources use (the plugin runs the same CRUD
 * code, not a copy).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { DefinitionTable } from "../definitions/table";
import { KINDS, moduleNameOf } from "../kinds";

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

/** Every kind, in the list's dependency order (what a persona points at first). */
export const PLUGIN_KINDS: readonly PluginKind[] = KINDS.map((definition) => {
  const module = moduleNameOf(definition);
  return {
    token: `${PACKAGE_NAME}:index:${definition.typeName}`,
    definition,
    classFile: `${module}.ts`,
    // A lazy require: a process serving one kind loads one module.
    provider: () => require(`../resources/${module}Provider`) as pulumi.dynamic.ResourceProvider,
  };
});

/** The kind of a type token or of a URN's type; undefined for a token we do not serve. */
export function pluginKindOf(tokenOrUrn: string): PluginKind | undefined {
  // URN: urn:pulumi:<stack>::<project>::<qualified type>::<name>; the type's last `$` part is ours.
  const type = tokenOrUrn.startsWith("urn:")
    ? (tokenOrUrn.split("::")[2] ?? "").split("$").pop()
    : tokenOrUrn;
  return PLUGIN_KINDS.find((k) => k.token === type);
}
