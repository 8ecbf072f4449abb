/**
 * One call in a Pulumi program turns a folder of persona files into Persona
 * resources, named after the files. (The `personas/` kind of an account
 * folder on its own; see ./accountFolder.ts for every kind.)
 */
import * as pulumi from "@pulumi/pulumi";
import { fromWire } from "../mapping";
import { personaSchema } from "../definitions/persona";
import { Persona, type PersonaArgs } from "../resources/persona";
import { resolve, type AccountFolderOptions } from "./accountFolder";
import { loadPersonaFiles } from "./personaFiles";

/** Options of {@link personasFromFolder}. */
export type PersonaFolderOptions = AccountFolderOptions;

/**
 * Declares one {@link Persona} per file of `folder`. A string value
 * `"$secret:<key>"` (for an `api_key`, say) is replaced by the stack's secret
 * config value `<key>`, so no key needs to live in git.
 * @returns the personas by name (the file name without extension).
 * @throws AccountFilesError, before any resource is declared, listing every problem.
 */
export function personasFromFolder(
  folder: string,
  options: PersonaFolderOptions = {},
): Record<string, Persona> {
  const stack = options.stack ?? pulumi.getStack();
  const config = new pulumi.Config();
  const personas: Record<string, Persona> = {};
  const fileAccess = options.fileAccess ? { fileAccess: options.fileAccess } : {};
  for (const file of loadPersonaFiles(folder, { stack, ...fileAccess })) {
    const args = resolve(fromWire(file.document, personaSchema), config, new Map()) as PersonaArgs;
    if (file.adoptId) args.adoptId = file.adoptId;
    personas[file.name] = new Persona(
      `${options.namePrefix ?? ""}${file.name}`,
      args,
      options.resourceOptions,
    );
  }
  return personas;
}
