/**
 * One object file of an account folder read into the document a resource
 * gets, in steps: parse (YAML or JSON) and the stack's overlay; the 2026 names
 * to the legacy ones; `<field>_file` text inlined; references checked and
 * stood in for by ids of their kind; the kind's file schema. Problems go to
 * the caller's list, each naming the file and the field as the file wrote it.
 * The folder rules (./accountFiles.ts) decide which files are read.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { validateDocument, wirePath } from "../definitions/validate";
import { isPlainObject } from "../mapping";
import { valueAt } from "../objects";
import { deepMerge, deletePath, matchPaths, setPath, stringPaths } from "./documentPaths";
import { fileSchemaOf, serverFields, textFields } from "./fileSchema";
import { REF_PREFIX, type FileKind } from "./kinds";
import { parseObjectText } from "./objectText";
import { referenceProblem, sampleIdOf, secretProblem, type FileNames } from "./references";
import {
  locateTextFile,
  MAX_FILE_BYTES,
  readTextFile,
  textFileLimit,
  type ReadRules,
} from "./textFile";

type Document = Record<string, unknown>;
type Problem = (field: string, reason: string) => void;

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

/** A problem in a file of a folder. */
export interface PersonaFileProblem {
  file: string;
  /** Field path in the API's names (as the file wrote it), e.g. `layers.llm.model`; empty for the whole file. */
  field: string;
  reason: string;
}

/**
 * Reads one object file of `folder` (and its overlay for `stack`).
 * @param rules where files may be read from (./textFile.ts).
 * @returns the object, or undefined when the file has problems (added to `problems`).
 */
export function readObjectFile(
  kind: FileKind,
  folder: string,
  entry: string,
  stack: string | undefined,
  names: FileNames,
  problems: PersonaFileProblem[],
  rules: ReadRules,
): AccountFile | undefined {
  const file = path.join(folder, entry);
  const before = problems.length;
  const problem: Problem = (field, reason) => problems.push({ file, field, reason });
  const document = parsedWithOverlay(kind, folder, entry, stack, problems, rules);
  if (document === undefined) return undefined;
  const asWritten = toLegacyNames(kind, document, problem);
  const unreadable = inlineTextFiles(kind, document, file, problem, rules);
  checkSecrets(document, asWritten, problem);
  const checked = checkReferences(kind, document, names, asWritten, problem);
  for (const p of validateDocument(fileSchemaOf(kind), checked, "wire")) {
    // "system_prompt is required" only repeats that its file could not be read.
    if (!unreadable.has(p.path[0] ?? "")) problem(asWritten(wirePath(p.path)), p.reason);
  }
  if (problems.length > before) return undefined;
  const id = document[kind.definition.idField];
  for (const field of Object.keys(serverFields(kind))) delete document[field];
  const name = path.basename(entry, path.extname(entry));
  return { name, file, document, ...(typeof id === "string" ? { adoptId: id } : {}) };
}

/** The file's document, the stack's overlay (`stacks/<stack>/<same name>`) deep-merged over it. */
function parsedWithOverlay(
  kind: FileKind,
  folder: string,
  entry: string,
  stack: string | undefined,
  problems: PersonaFileProblem[],
  rules: ReadRules,
): Document | undefined {
  const document = parseFile(path.join(folder, entry), kind, problems, rules);
  if (document === undefined) return undefined;
  const overlay = stack ? path.join(folder, "stacks", stack, entry) : undefined;
  // lstat, not exists: a dangling or outside link is the reader's to refuse, not a missing overlay.
  if (!overlay || !fs.lstatSync(overlay, { throwIfNoEntry: false })) return document;
  const patch = parseFile(overlay, kind, problems, rules);
  return patch === undefined ? document : deepMerge(document, patch);
}

/**
 * Turns the 2026 names into the legacy ones our schemas use, in place; both
 * names for one field is a problem.
 * @returns how to say a field path as the file wrote it, for messages.
 */
function toLegacyNames(
  kind: FileKind,
  document: Document,
  problem: Problem,
): (field: string) => string {
  const written = new Map<string, string>();
  for (const { legacy, current } of kind.aliases) {
    const value = valueAt(document, current);
    if (value === undefined) continue;
    if (valueAt(document, legacy) !== undefined) {
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
  return (field) => {
    for (const [legacy, current] of written)
      if (field === legacy || field.startsWith(`${legacy}.`) || field.startsWith(`${legacy}[`))
        return current + field.slice(legacy.length);
    return field;
  };
}

/**
 * Replaces each `<field>_file` by the text of that file (beside the object's
 * file), in place. The file must lie inside the folder's root (unless
 * `rules.access` is "anywhere") and within the field's own limit.
 * @returns the fields whose file could not be read (their absence is not a second problem).
 */
function inlineTextFiles(
  kind: FileKind,
  document: Document,
  file: string,
  problem: Problem,
  rules: ReadRules,
): Set<string> {
  const props = (kind.definition.schema as { properties?: Record<string, { maxLength?: number }> })
    .properties;
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
    const maxLength = props?.[target]?.maxLength;
    const located = locateTextFile(ref, file, rules);
    const read =
      "refused" in located
        ? located
        : readTextFile(
            located.path,
            rules,
            textFileLimit(maxLength),
            maxLength === undefined ? target : `${target} (at most ${maxLength} characters)`,
          );
    if ("text" in read) {
      document[target] = read.text.trim();
    } else {
      const missing = read.refused.startsWith("cannot read");
      problem(
        fileField,
        missing
          ? `${read.refused}; put the file beside ${path.basename(file)} or fix the path`
          : read.refused,
      );
      unreadable.add(target);
    }
  }
  return unreadable;
}

/** `$secret:` keys of the provider's own namespace (`tavus:*`) are refused (./references.ts). */
function checkSecrets(
  document: Document,
  asWritten: (field: string) => string,
  problem: Problem,
): void {
  for (const at of stringPaths(document)) {
    const reason = secretProblem(valueAt(document, at) as string);
    if (reason) problem(asWritten(wirePath(at)), reason);
  }
}

/**
 * Checks every `$ref:` (a file of the right folder, in a field that takes an
 * id, not twice in one list).
 * @returns a copy of the document with each reference stood in for by an id of
 *   its kind, so the schema validates it as the id it will become.
 */
function checkReferences(
  kind: FileKind,
  document: Document,
  names: FileNames,
  asWritten: (field: string) => string,
  problem: Problem,
): Document {
  const checked = structuredClone(document);
  const referenced = new Set<string>();
  for (const ref of kind.references) {
    for (const at of matchPaths(checked, ref.path)) {
      const key = at.join("/");
      referenced.add(key);
      const value = valueAt(checked, at);
      if (typeof value !== "string") continue;
      const reason = referenceProblem(value, ref.folder, names);
      if (reason) problem(asWritten(wirePath(at)), reason);
      if (value.startsWith(REF_PREFIX)) setPath(checked, at, sampleIdOf(ref.folder));
    }
    // The same object twice in one list: the API would keep one.
    const list = ref.path.at(-1) === "*" ? valueAt(document, ref.path.slice(0, -1)) : undefined;
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
    const value = valueAt(checked, at) as string;
    if (referenced.has(at.join("/")) || !/^\$ref:/i.test(value)) continue;
    problem(
      asWritten(wirePath(at)),
      `takes no reference: "$ref:" stands only where the API takes another object's id${kind.references.length ? ` (${kind.references.map((r) => wirePath(r.path.filter((s) => s !== "*"))).join(", ")})` : ""}`,
    );
  }
  return checked;
}

/** Reads and parses one object file (or overlay) through the bounded reader. */
function parseFile(
  file: string,
  kind: FileKind,
  problems: PersonaFileProblem[],
  rules: ReadRules,
): Record<string, unknown> | undefined {
  const read = readTextFile(file, rules, MAX_FILE_BYTES);
  if ("refused" in read) {
    problems.push({ file, field: "", reason: read.refused });
    return undefined;
  }
  const parsed = parseObjectText(read.text, file.toLowerCase().endsWith(".json"));
  for (const p of parsed.problems) problems.push({ file, ...p });
  if (parsed.problems.length) return undefined;
  const value = parsed.value;
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
