/**
 * References by name: `$ref:<folder>/<name>` where the API takes another
 * object's id, checked against the files of the account folder; and
 * `$secret:<key>`, checked against the keys a file may not name.
 */
import * as path from "node:path";
import { closest } from "../definitions/validate";
import { FILE_EXTENSIONS, FILE_KINDS, REF_PREFIX, SECRET_PREFIX, type KindFolder } from "./kinds";

/** The names of the files of each kind folder (name → file): what a `$ref:` may name. */
export type FileNames = Map<KindFolder, Map<string, string>>;

/** Why `value`, standing where an id of `folder` is taken, is wrong; undefined when it is fine. */
export function referenceProblem(
  value: string,
  folder: KindFolder,
  names: FileNames,
): string | undefined {
  const example = `"${REF_PREFIX}${folder}/<file name without extension>"`;
  if (!value.startsWith(REF_PREFIX)) {
    if (/^\$ref:/i.test(value)) return `write the prefix "${REF_PREFIX}" in lower case`;
    const slash = value.indexOf("/");
    if (slash > 0 && FILE_KINDS.some((k) => k.folder === value.slice(0, slash)))
      return `looks like a reference but lacks its prefix: write "${REF_PREFIX}${value}"`;
    return undefined; // a literal id, e.g. a stock replica
  }
  const body = value.slice(REF_PREFIX.length);
  const slash = body.indexOf("/");
  if (slash < 0) return `names no folder: write "${REF_PREFIX}${folder}/${body}"`;
  const refFolder = body.slice(0, slash);
  const name = body.slice(slash + 1);
  if (!FILE_KINDS.some((k) => k.folder === refFolder)) {
    const guess = closest(refFolder, [folder]);
    return `"${refFolder}/" is not a kind folder: ${guess ? `did you mean "${REF_PREFIX}${guess}/${name}"?` : `this field takes ${example}`}`;
  }
  if (refFolder !== folder)
    return `takes an object of ${folder}/, not of ${refFolder}/: write ${example}`;
  if (!name) return `names no file: write ${example}`;
  const known = names.get(folder);
  const ext = path.extname(name).toLowerCase();
  if (FILE_EXTENSIONS.has(ext) && known?.has(name.slice(0, -ext.length)))
    return `drop the extension: write "${REF_PREFIX}${folder}/${name.slice(0, -ext.length)}"`;
  if (!known || known.size === 0)
    return `names ${folder}/${name}, but there is no ${folder}/ folder with files: add ${folder}/${name}.yaml or use the object's id`;
  if (known.has(name)) return undefined;
  const all = [...known.keys()];
  const guess = closest(name, all);
  return `no file ${folder}/${name}.yaml (or .yml, .json)${guess ? `; did you mean "${REF_PREFIX}${folder}/${guess}"?` : ""} (files: ${all.slice(0, 10).join(", ")}${all.length > 10 ? ", …" : ""})`;
}

/** An id of the folder's kind that passes the schemas: what a `$ref:` is validated as. */
export function sampleIdOf(folder: KindFolder): string {
  return FILE_KINDS.find((k) => k.folder === folder)!.sampleId;
}

/**
 * The configuration namespace of the provider itself (`tavus:apiKey`,
 * `tavus:baseUrl`…). A file may not name it in `$secret:` (issue #21): the
 * folder is untrusted input, and `"$secret:tavus:apiKey"` in a prompt would
 * hand the provider's own Tavus key to whoever reads the persona.
 */
const PROVIDER_NAMESPACE = /^\s*tavus:/i;

/** Why a `$secret:` string may not stand in a file; undefined when it may (or is no secret). */
export function secretProblem(value: string): string | undefined {
  if (!value.startsWith(SECRET_PREFIX)) return undefined;
  const key = value.slice(SECRET_PREFIX.length);
  if (!PROVIDER_NAMESPACE.test(key)) return undefined;
  return `"${value}" names the provider's own configuration (tavus:*): a file may not read it, or the provider's credentials would land in a Tavus object; store the value under a key of this project (pulumi config set --secret <name> <value>) and write "${SECRET_PREFIX}<name>"`;
}
