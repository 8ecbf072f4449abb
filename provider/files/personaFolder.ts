/**
 * One call in a Pulumi program turns a folder of persona files into Persona
 * resources, named after the files.
 */
import * as pulumi from "@pulumi/pulumi";
import { fromWire, isPlainObject } from "../mapping";
import { Persona, type PersonaArgs } from "../resources/persona";
import { loadPersonaFiles } from "./personaFiles";

/** Options of {@link personasFromFolder}. */
export interface PersonaFolderOptions {
  /** Whose overlays (`stacks/<stack>/…`) apply. @default the current stack */
  stack?: string;
  /** Prefix of the resource names. @default "" */
  namePrefix?: string;
  /** Options given to every Persona (provider, protect, dependsOn, …). */
  resourceOptions?: pulumi.CustomResourceOptions;
}

/**
 * Declares one {@link Persona} per file of `folder`. A string value
 * `"$secret:<key>"` (for an `api_key`, say) is replaced by the stack's secret
 * config value `<key>`, so no key needs to live in git.
 * @returns the personas by name (the file name without extension).
 * @throws PersonaFilesError, before any resource is declared, listing every problem.
 */
export function personasFromFolder(
  folder: string,
  options: PersonaFolderOptions = {},
): Record<string, Persona> {
  const stack = options.stack ?? pulumi.getStack();
  const config = new pulumi.Config();
  const personas: Record<string, Persona> = {};
  for (const file of loadPersonaFiles(folder, { stack })) {
    // Secrets after the key conversion: fromWire rebuilds plain objects and would take an Output apart.
    const args = resolveSecrets(fromWire(file.document), config) as PersonaArgs;
    if (file.adoptId) args.adoptId = file.adoptId;
    personas[file.name] = new Persona(
      `${options.namePrefix ?? ""}${file.name}`,
      args,
      options.resourceOptions,
    );
  }
  return personas;
}

function resolveSecrets(value: unknown, config: pulumi.Config): unknown {
  if (typeof value === "string" && value.startsWith("$secret:"))
    return config.requireSecret(value.slice("$secret:".length));
  if (Array.isArray(value)) return value.map((v) => resolveSecrets(v, config));
  if (isPlainObject(value))
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolveSecrets(v, config)]),
    );
  return value;
}
