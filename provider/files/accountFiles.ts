/**
 * An account as a folder: one folder per kind (`personas/`, `guardrails/`, …,
 * see ./kinds.ts), one object a file (YAML or JSON) in the API's own field
 * names, so an object copied from the docs or exported from an account works
 * as it is.
 *
 * - `<field>_file`: long text (`system_prompt`, `guardrail_prompt`, a tool's
 *   `description`…) from a file beside it.
 * - The kind's id field (`persona_id`, `uuid`, `tool_id`…): adopt that object
 *   instead of creating one; other server fields are accepted and dropped.
 * - `$ref:<folder>/<name>` wherever the API takes another object's id: the
 *   object of the file `<folder>/<name>.yaml` (or .yml, .json). A literal id
 *   still works (stock objects).
 * - The 2026 names (`pal_name`, `default_face_id`, `pal_id`…) as well as the legacy ones.
 * - `<kind folder>/stacks/<stack>/<same file name>`: an overlay deep-merged
 *   over the base (objects merge, arrays and scalars replace, `null` removes).
 *
 * Every file is read and validated before anything is returned: all problems
 * of all files come back at once, each naming the file, the field and the fix.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { isPlainObject } from "../mapping";
import { closest, validateDocument, wirePath } from "../definitions/validate";
import { deepMerge, deletePath, getPath, matchPaths, setPath, stringPaths } from "./documentPaths";
import { fileSchemaOf, serverFields, textFields } from "./fileSchema";
import { FILE_EXTENSIONS, FILE_KINDS, REF_PREFIX, type FileKind, type KindFolder } from "./kinds";
import { referenceProblem, sampleIdOf, type FileNames } from "./references";

export { fileSchemaOf } from "./fileSchema";
export { referenceProblem, type FileNames } from "./references";

/** One object read from a file. */
export interface AccountFile {
  /** Resource name: the file name without its extension. Stable across runs. */
  name: string;
  /** The file it came from. */
  file: string;
  /**
   * The document in the API's names, with text files inlined, 2026 names
   * turned into the legacy ones and server fields removed; references stay
   * `$ref:<folder>/<name>` strings, each naming a file of the folder.
   */
  document: Record<string, unknown>;
  /** The object to adopt, from the file's id field. */
  adoptId?: string;
}

/** The files of an account folder, by kind folder. */
export type AccountFiles = Record<KindFolder, AccountFile[]>;

/** A problem in a file of a folder. */
export interface PersonaFileProblem {
  file: string;
  /** Field path in the API's names (as the file wrote it), e.g. `layers.llm.model`; empty for the whole file. */
  field: string;
  reason: string;
}

/**
 * All problems of a folder, thrown at once, before any resource is declared.
 * (Named when folders held personas only; it covers every kind.)
 */
export class PersonaFilesError extends Error {
  readonly isPersonaFilesError = true;
  /**
   * @param problems every problem found.
   * @param kinds what the files hold, for the message: "persona", "guardrail"…
   */
  constructor(
    readonly problems: PersonaFileProblem[],
    kinds: string[] = ["persona"],
  ) {
    super(
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in ${listed(kinds)} files:\n${problems.map((p) => `  ${p.file}${p.field ? `: ${p.field}` : ""}: ${p.reason}`).join("\n")}`,
    );
    this.name = "PersonaFilesError";
  }
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Reads and validates every file of an account folder.
 * @param root the folder holding `personas/`, `guardrails/`… (any may be absent).
 * @param options.stack the stack whose overlays (`<kind>/stacks/<stack>/…`) apply.
 * @throws PersonaFilesError with every problem found, when there is any.
 */
export function loadAccountFiles(root: string, options: { stack?: string } = {}): AccountFiles {
  const problems: PersonaFileProblem[] = [];
  let subfolders: string[];
  try {
    subfolders = fs
      .readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch (e) {
    throw new PersonaFilesError(
      [{ file: root, field: "", reason: `cannot read the folder: ${(e as Error).message}` }],
      ["account"],
    );
  }
  const folders = FILE_KINDS.map((k) => k.folder as string);
  // Hidden folders (.git, a tool's cache such as .tools) are never kind folders, nor typos of one.
  for (const sub of subfolders.filter((name) => !name.startsWith("."))) {
    const guess = folders.includes(sub) ? undefined : closest(sub, folders);
    if (guess)
      problems.push({
        file: path.join(root, sub),
        field: "",
        reason: `is not a kind folder; did you mean "${guess}/"? (kinds: ${folders.join(", ")})`,
      });
  }
  const present = FILE_KINDS.filter((k) => subfolders.includes(k.folder));
  if (present.length === 0)
    problems.push({
      file: root,
      field: "",
      reason: `holds none of the kind folders ${folders.map((f) => `${f}/`).join(", ")}`,
    });
  const names: FileNames = new Map();
  const entries = new Map<KindFolder, string[]>();
  for (const kind of present) {
    const folder = path.join(root, kind.folder);
    entries.set(kind.folder, listFiles(folder, kind, names, problems));
  }
  const files = emptyAccount();
  for (const kind of present)
    for (const entry of entries.get(kind.folder) ?? []) {
      const read = readFile(
        kind,
        path.join(root, kind.folder),
        entry,
        options.stack,
        names,
        problems,
      );
      if (read) files[kind.folder].push(read);
    }
  if (problems.length) throw new PersonaFilesError(problems, kindsOf(root, problems));
  return files;
}

/**
 * Reads and validates the files of one kind folder on its own (a persona folder):
 * references may name only files of that folder.
 * @throws PersonaFilesError with every problem found, when there is any.
 */
export function loadKindFolder(
  kind: FileKind,
  folder: string,
  options: { stack?: string } = {},
): AccountFile[] {
  const problems: PersonaFileProblem[] = [];
  const names: FileNames = new Map();
  let entries: string[];
  try {
    entries = listFiles(folder, kind, names, problems, true);
  } catch (e) {
    throw new PersonaFilesError(
      [{ file: folder, field: "", reason: `cannot read the folder: ${(e as Error).message}` }],
      [kind.definition.kind],
    );
  }
  if (entries.length === 0)
    problems.push({
      file: folder,
      field: "",
      reason: `holds no ${kind.definition.kind} file (.yaml, .yml or .json)`,
    });
  const out: AccountFile[] = [];
  for (const entry of entries) {
    const read = readFile(kind, folder, entry, options.stack, names, problems);
    if (read) out.push(read);
  }
  if (problems.length) throw new PersonaFilesError(problems, [kind.definition.kind]);
  return out;
}

/** The kind files of `folder`, sorted; records their names; bad or duplicate names are problems. */
function listFiles(
  folder: string,
  kind: FileKind,
  names: FileNames,
  problems: PersonaFileProblem[],
  throwIfUnreadable = false,
): string[] {
  let all: string[];
  try {
    all = fs.readdirSync(folder);
  } catch (e) {
    if (throwIfUnreadable) throw e;
    problems.push({ file: folder, field: "", reason: `cannot read: ${(e as Error).message}` });
    return [];
  }
  const byName = new Map<string, string>();
  names.set(kind.folder, byName);
  const kept: string[] = [];
  for (const entry of all
    .filter((f) => FILE_EXTENSIONS.has(path.extname(f).toLowerCase()))
    .sort()) {
    const file = path.join(folder, entry);
    const name = path.basename(entry, path.extname(entry));
    if (!NAME.test(name)) {
      problems.push({
        file,
        field: "",
        reason: "the file name is the resource name: use letters, digits, '.', '_' or '-'",
      });
    } else if (byName.has(name)) {
      problems.push({
        file,
        field: "",
        reason: `has the same name as ${byName.get(name)}: one ${kind.definition.kind} a name`,
      });
    } else {
      byName.set(name, file);
      kept.push(entry);
    }
  }
  return kept;
}

function readFile(
  kind: FileKind,
  folder: string,
  entry: string,
  stack: string | undefined,
  names: FileNames,
  problems: PersonaFileProblem[],
): AccountFile | undefined {
  const file = path.join(folder, entry);
  const before = problems.length;
  const problem = (field: string, reason: string) => problems.push({ file, field, reason });
  let document = parseFile(file, kind, problems);
  if (document === undefined) return undefined;
  const overlay = stack ? path.join(folder, "stacks", stack, entry) : undefined;
  if (overlay && fs.existsSync(overlay)) {
    const patch = parseFile(overlay, kind, problems);
    if (patch !== undefined) document = deepMerge(document, patch);
  }

  // 2026 names become the legacy ones our schemas use; messages keep the name the file wrote.
  const written = new Map<string, string>();
  for (const { legacy, current } of kind.aliases) {
    const value = getPath(document, current);
    if (value === undefined) continue;
    if (getPath(document, legacy) !== undefined) {
      problem(
        current.join("."),
        `and ${legacy.join(".")} are one field (its 2026 and legacy names): keep one`,
      );
    } else {
      setPath(document, legacy, value);
      written.set(legacy.join("."), current.join("."));
    }
    deletePath(document, current);
  }
  const asWritten = (field: string) => {
    for (const [legacy, current] of written)
      if (field === legacy || field.startsWith(`${legacy}.`) || field.startsWith(`${legacy}[`))
        return current + field.slice(legacy.length);
    return field;
  };

  const unreadable = new Set<string>();
  for (const target of textFields(kind)) {
    const fileField = `${target}_file`;
    const ref = document[fileField];
    if (typeof ref !== "string") continue;
    delete document[fileField];
    if (document[target] !== undefined) {
      problem(fileField, `and ${target} are both set: keep one`);
      continue;
    }
    const textPath = path.resolve(path.dirname(file), ref);
    try {
      document[target] = fs.readFileSync(textPath, "utf8").trim();
    } catch {
      problem(fileField, `cannot read ${textPath}: put the file beside ${entry} or fix the path`);
      unreadable.add(target);
    }
  }

  // References are checked here, then validated as the ids they will become.
  const checked = structuredClone(document);
  const referenced = new Set<string>();
  for (const ref of kind.references) {
    for (const at of matchPaths(checked, ref.path)) {
      const key = at.join("/");
      referenced.add(key);
      const value = getPath(checked, at);
      if (typeof value !== "string") continue;
      const reason = referenceProblem(value, ref.folder, names);
      if (reason) problem(asWritten(wirePath(at)), reason);
      if (value.startsWith(REF_PREFIX)) setPath(checked, at, sampleIdOf(ref.folder));
    }
    // The same object twice in one list: the API would keep one.
    const list = ref.path.at(-1) === "*" ? getPath(document, ref.path.slice(0, -1)) : undefined;
    if (Array.isArray(list)) {
      const seen = new Set<unknown>();
      list.forEach((item, i) => {
        if (seen.has(item) && typeof item === "string")
          problem(
            asWritten(wirePath([...ref.path.slice(0, -1), String(i)])),
            `"${item}" is listed twice: once is enough`,
          );
        seen.add(item);
      });
    }
  }
  for (const at of stringPaths(checked)) {
    const value = getPath(checked, at) as string;
    if (referenced.has(at.join("/")) || !/^\$ref:/i.test(value)) continue;
    problem(
      asWritten(wirePath(at)),
      `takes no reference: "$ref:" stands only where the API takes another object's id${kind.references.length ? ` (${kind.references.map((r) => wirePath(r.path.filter((s) => s !== "*"))).join(", ")})` : ""}`,
    );
  }

  for (const p of validateDocument(fileSchemaOf(kind), checked, "wire")) {
    // "system_prompt is required" only repeats that its file could not be read.
    if (!unreadable.has(p.path[0] ?? "")) problem(asWritten(wirePath(p.path)), p.reason);
  }
  if (problems.length > before) return undefined;
  const def = kind.definition;
  const id = document[def.idField];
  for (const field of Object.keys(serverFields(kind))) delete document[field];
  const name = path.basename(entry, path.extname(entry));
  return { name, file, document, ...(typeof id === "string" ? { adoptId: id } : {}) };
}

// ------------------------------------------------------------ helpers

function parseFile(
  file: string,
  kind: FileKind,
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
    const required = (kind.definition.schema as { required?: string[] }).required ?? [];
    problems.push({
      file,
      field: "",
      reason: `must hold one ${kind.definition.kind}: a mapping of fields${required.length ? ` such as ${required.join(", ")}` : ""}`,
    });
    return undefined;
  }
  return value;
}

function emptyAccount(): AccountFiles {
  return Object.fromEntries(FILE_KINDS.map((k) => [k.folder, []])) as unknown as AccountFiles;
}

/** The kinds whose files have problems, for the message ("persona and guardrail"). */
function kindsOf(root: string, problems: PersonaFileProblem[]): string[] {
  const kinds = new Set<string>();
  for (const p of problems) {
    const folder = path.relative(root, p.file).split(path.sep)[0];
    kinds.add(FILE_KINDS.find((k) => k.folder === folder)?.definition.kind ?? "account");
  }
  return [...kinds];
}

function listed(words: string[]): string {
  return words.length <= 1
    ? (words[0] ?? "")
    : `${words.slice(0, -1).join(", ")} and ${words.at(-1)!}`;
}
