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
 * The folder is untrusted input (issue #21): every file is read through
 * ./textFile.ts, from inside the folder only unless `fileAccess: "anywhere"`.
 * This module holds the folder rules; one object file is read by ./objectFile.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { closest } from "../definitions/validate";
import { FILE_EXTENSIONS, FILE_KINDS, type FileKind, type KindFolder } from "./kinds";
import { readObjectFile, type AccountFile, type PersonaFileProblem } from "./objectFile";
import type { FileNames } from "./references";
import { isInside, type FileAccess, type ReadRules } from "./textFile";

export { fileSchemaOf } from "./fileSchema";
export { referenceProblem, type FileNames } from "./references";

export type { AccountFile, PersonaFileProblem } from "./objectFile";
export type { FileAccess } from "./textFile";

/** Options of {@link loadAccountFiles} and {@link loadKindFolder}. */
export interface LoadOptions {
  /** The stack whose overlays (`<kind>/stacks/<stack>/…`) apply. */
  stack?: string;
  /**
   * Where files may be read from: `"insideFolder"` refuses absolute paths,
   * paths that climb out and links that lead out; `"anywhere"` lifts that for
   * a trusted repository. @default "insideFolder"
   */
  fileAccess?: FileAccess;
}

/** The files of an account folder, by kind folder. */
export type AccountFiles = Record<KindFolder, AccountFile[]>;

/** All problems of an account folder's files, thrown at once, before any resource is declared. */
export class AccountFilesError extends Error {
  /** Brand: tell it apart without `instanceof` (code may run from another copy of this module). */
  readonly isAccountFilesError = true;
  /** The brand under the name of 0.1.0, kept for callers that test it. */
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
    this.name = "AccountFilesError";
  }
}

/** The name of 0.1.0, when folders held personas only. @deprecated use {@link AccountFilesError} */
export const PersonaFilesError = AccountFilesError;
/** @deprecated use {@link AccountFilesError} */
export type PersonaFilesError = AccountFilesError;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Reads and validates every file of an account folder.
 * @param root the folder holding `personas/`, `guardrails/`… (any may be absent).
 * @param options the stack whose overlays apply, and where files may come from.
 * @throws AccountFilesError with every problem found, when there is any.
 */
export function loadAccountFiles(root: string, options: LoadOptions = {}): AccountFiles {
  const problems: PersonaFileProblem[] = [];
  const rules: ReadRules = { root, access: options.fileAccess ?? "insideFolder" };
  let subfolders: string[];
  try {
    subfolders = fs
      .readdirSync(root, { withFileTypes: true })
      .filter(
        (e) =>
          e.isDirectory() || (e.isSymbolicLink() && linkedFolder(root, e.name, rules, problems)),
      )
      .map((e) => e.name);
  } catch (e) {
    throw new AccountFilesError(
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
      const read = readObjectFile(
        kind,
        path.join(root, kind.folder),
        entry,
        options.stack,
        names,
        problems,
        rules,
      );
      if (read) files[kind.folder].push(read);
    }
  if (problems.length) throw new AccountFilesError(problems, kindsOf(root, problems));
  return files;
}

/**
 * Reads and validates the files of one kind folder on its own (a persona folder):
 * references may name only files of that folder.
 * @throws AccountFilesError with every problem found, when there is any.
 */
export function loadKindFolder(
  kind: FileKind,
  folder: string,
  options: LoadOptions = {},
): AccountFile[] {
  const problems: PersonaFileProblem[] = [];
  // A kind folder read on its own is its own root.
  const rules: ReadRules = { root: folder, access: options.fileAccess ?? "insideFolder" };
  const names: FileNames = new Map();
  let entries: string[];
  try {
    entries = listFiles(folder, kind, names, problems, true);
  } catch (e) {
    throw new AccountFilesError(
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
    const read = readObjectFile(kind, folder, entry, options.stack, names, problems, rules);
    if (read) out.push(read);
  }
  if (problems.length) throw new AccountFilesError(problems, [kind.definition.kind]);
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

// ------------------------------------------------------------ helpers

/**
 * Whether the link `name` in `root` is a folder to read. Under "insideFolder"
 * a link whose real path is outside the root is not; when it bears a kind
 * folder's name, that is a problem (other links, such as a linked
 * node_modules, are no kind folder and are left alone).
 */
function linkedFolder(
  root: string,
  name: string,
  rules: ReadRules,
  problems: PersonaFileProblem[],
): boolean {
  let real: string;
  try {
    real = fs.realpathSync(path.join(root, name));
  } catch {
    return false; // a dangling link holds nothing
  }
  if (rules.access === "insideFolder" && !isInside(fs.realpathSync(root), real)) {
    if (FILE_KINDS.some((k) => k.folder === name))
      problems.push({
        file: path.join(root, name),
        field: "",
        reason: `is a symbolic link to a folder outside the account folder: files are read only from inside ${root}; move the folder in instead of linking it, or pass fileAccess: "anywhere" to accountFromFolder for a trusted repository`,
      });
    return false;
  }
  return fs.statSync(real).isDirectory();
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
