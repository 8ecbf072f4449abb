/**
 * Declarative persona files: a folder with one persona a file (YAML or JSON),
 * in the API's own field names. A persona folder is the `personas/` kind of an
 * account folder read on its own: the rules are those of ./accountFiles.ts
 * (`system_prompt_file`, `persona_id` = adopt, `stacks/<stack>/` overlays,
 * every problem of every file at once).
 */
import { fileSchemaOf, loadKindFolder, type LoadOptions } from "./accountFiles";
import { fileKindIn } from "./kinds";
import type { PersonaFieldsWire } from "../wire";

export { AccountFilesError, PersonaFilesError, type PersonaFileProblem } from "./accountFiles";

/** One persona read from a file. */
export interface PersonaFile {
  /** Resource name: the file name without its extension. Stable across runs. */
  name: string;
  /** The file it came from. */
  file: string;
  /** The persona document (API field names), with text files inlined and server fields removed. */
  document: PersonaFieldsWire;
  /** The persona to adopt, from the file's `persona_id`. */
  adoptId?: string;
}

const personaKind = fileKindIn("personas")!;

/** The schema of a persona file: the API's persona plus what files may also say. */
export const personaFileSchema = fileSchemaOf(personaKind);

/**
 * Reads and validates every persona file of `folder`.
 * @param folder the folder of persona files.
 * @param options the stack whose overlays (`stacks/<stack>/…`) apply, and
 *   where files may come from (the folder itself, by default).
 * @throws AccountFilesError with every problem found, when there is any.
 */
export function loadPersonaFiles(folder: string, options: LoadOptions = {}): PersonaFile[] {
  return loadKindFolder(personaKind, folder, options) as PersonaFile[];
}
