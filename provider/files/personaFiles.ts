/**
 * Declarative persona files: a folder with one persona a file (YAML or JSON),
 * in the API's own field names, so a persona copied from the Tavus docs or
 * exported from an account works as it is.
 *
 * - `system_prompt_file` / `context_file`: long text from a file beside it.
 * - `persona_id`: adopt that existing persona instead of creating one; the
 *   other server fields (`created_at`, `updated_at`, …) are ignored.
 * - `stacks/<stack>/<same file name>`: an overlay deep-merged over the base
 *   (objects merge, arrays and scalars replace, `null` removes a field).
 *
 * Every file is read and validated before anything is returned: all problems
 * of all files come back at once, each naming the file, the field and the fix.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { isPlainObject } from "../mapping";
import { personaDefinition, personaSchema } from "../definitions/persona";
import type { ValueKind } from "../definitions/table";
import { validateDocument, wirePath, type Problem } from "../definitions/validate";
import type { PersonaFieldsWire } from "../wire";

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

/** A problem in a persona file. */
export interface PersonaFileProblem {
  file: string;
  /** Field path in the API's names, e.g. `layers.llm.model`; empty for the whole file. */
  field: string;
  reason: string;
}

/** All problems of a folder, thrown at once. */
export class PersonaFilesError extends Error {
  readonly isPersonaFilesError = true;
  constructor(readonly problems: PersonaFileProblem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in persona files:\n${problems.map((p) => `  ${p.file}${p.field ? `: ${p.field}` : ""}: ${p.reason}`).join("\n")}`,
    );
    this.name = "PersonaFilesError";
  }
}

const EXTENSIONS = new Set([".yaml", ".yml", ".json"]);
/** Fields an exported persona carries that the server sets (from the table): accepted and dropped. */
const SERVER_FIELDS: Record<string, ValueKind> = {
  [personaDefinition.idField]: "string",
  ...personaDefinition.serverOutputs,
  ...personaDefinition.ignoredServerFields,
};
/** Our own file-only fields: text from a file beside the persona file. */
const TEXT_FILE_FIELDS = { system_prompt_file: "system_prompt", context_file: "context" } as const;

/** The schema of a persona file: the API's persona plus what files may also say. */
export const personaFileSchema = {
  ...personaSchema,
  $id: "tavus:persona-file",
  properties: {
    ...personaSchema.properties,
    ...Object.fromEntries(
      Object.entries(SERVER_FIELDS).map(([f, kind]) => [
        f,
        { type: kind === "boolean" ? "boolean" : "string" },
      ]),
    ),
    ...Object.fromEntries(
      Object.keys(TEXT_FILE_FIELDS).map((f) => [
        f,
        {
          type: "string",
          minLength: 1,
          "x-hint": 'a path relative to the persona file, e.g. "coach.md"',
        },
      ]),
    ),
  },
} as const;

/**
 * Reads and validates every persona file of `folder`.
 * @param folder the folder of persona files.
 * @param options.stack the stack whose overlays (`stacks/<stack>/…`) apply.
 * @throws PersonaFilesError with every problem found, when there is any.
 */
export function loadPersonaFiles(folder: string, options: { stack?: string } = {}): PersonaFile[] {
  const problems: PersonaFileProblem[] = [];
  const personas: PersonaFile[] = [];
  let entries: string[];
  try {
    entries = fs
      .readdirSync(folder)
      .filter((f) => EXTENSIONS.has(path.extname(f).toLowerCase()))
      .sort();
  } catch (e) {
    throw new PersonaFilesError([
      { file: folder, field: "", reason: `cannot read the folder: ${(e as Error).message}` },
    ]);
  }
  if (entries.length === 0)
    problems.push({
      file: folder,
      field: "",
      reason: "holds no persona file (.yaml, .yml or .json)",
    });
  const names = new Map<string, string>();
  for (const entry of entries) {
    const file = path.join(folder, entry);
    const name = path.basename(entry, path.extname(entry));
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
      problems.push({
        file,
        field: "",
        reason: "the file name is the resource name: use letters, digits, '.', '_' or '-'",
      });
      continue;
    }
    if (names.has(name)) {
      problems.push({
        file,
        field: "",
        reason: `has the same name as ${names.get(name)}: one persona a name`,
      });
      continue;
    }
    names.set(name, file);
    const persona = readPersonaFile(folder, entry, options.stack, problems);
    if (persona) personas.push({ ...persona, name, file });
  }
  if (problems.length) throw new PersonaFilesError(problems);
  return personas;
}

function readPersonaFile(
  folder: string,
  entry: string,
  stack: string | undefined,
  problems: PersonaFileProblem[],
): Omit<PersonaFile, "name" | "file"> | undefined {
  const file = path.join(folder, entry);
  const before = problems.length;
  let document = parseFile(file, problems);
  if (document === undefined) return undefined;
  const overlay = stack ? path.join(folder, "stacks", stack, entry) : undefined;
  if (overlay && fs.existsSync(overlay)) {
    const patch = parseFile(overlay, problems);
    if (patch !== undefined) document = deepMerge(document, patch);
  }
  const unreadable = new Set<string>();
  for (const [field, target] of Object.entries(TEXT_FILE_FIELDS)) {
    const ref = document[field];
    if (typeof ref !== "string") continue;
    if (document[target] !== undefined) {
      problems.push({ file, field, reason: `and ${target} are both set: keep one` });
      continue;
    }
    const textPath = path.resolve(path.dirname(file), ref);
    try {
      document[target] = fs.readFileSync(textPath, "utf8").trim();
    } catch {
      problems.push({
        file,
        field,
        reason: `cannot read ${textPath}: put the file beside ${entry} or fix the path`,
      });
      unreadable.add(target);
    }
    delete document[field];
  }
  for (const problem of validateDocument(personaFileSchema, document, "wire")) {
    // "system_prompt is required" only repeats that its file could not be read.
    if (!unreadable.has(problem.path[0] ?? "")) problems.push(fileProblem(file, problem));
  }
  if (problems.length > before) return undefined;
  const adoptId = typeof document.persona_id === "string" ? document.persona_id : undefined;
  for (const field of Object.keys(SERVER_FIELDS)) delete document[field];
  return { document: document as PersonaFieldsWire, ...(adoptId ? { adoptId } : {}) };
}

function parseFile(
  file: string,
  problems: PersonaFileProblem[],
): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    problems.push({ file, field: "", reason: `cannot read: ${(e as Error).message}` });
    return undefined;
  }
  let value: unknown;
  if (file.toLowerCase().endsWith(".json")) {
    try {
      value = JSON.parse(text);
    } catch (e) {
      problems.push({ file, field: "", reason: `is not valid JSON: ${(e as Error).message}` });
      return undefined;
    }
  } else {
    const doc = parseDocument(text);
    if (doc.errors.length) {
      for (const err of doc.errors)
        problems.push({
          file,
          field: "",
          reason: `is not valid YAML: ${err.message.split("\n")[0]}`,
        });
      return undefined;
    }
    value = doc.toJS();
  }
  if (!isPlainObject(value)) {
    problems.push({
      file,
      field: "",
      reason: "must hold one persona: a mapping of fields such as system_prompt",
    });
    return undefined;
  }
  return value;
}

function fileProblem(file: string, problem: Problem): PersonaFileProblem {
  return { file, field: wirePath(problem.path), reason: problem.reason };
}

/** Objects merge; arrays and scalars replace; `null` removes the field. */
function deepMerge(
  base: Record<string, unknown>,
  overlay: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    if (value === null) delete out[key];
    else if (isPlainObject(value) && isPlainObject(out[key]))
      out[key] = deepMerge(out[key] as Record<string, unknown>, value);
    else out[key] = value;
  }
  return out;
}
