/**
 * `pulumi-tavus export --all <dir>`: writes every user-owned object of the
 * account as an account folder (../files/accountFiles.ts): one file per
 * object, in its kind's folder, named after the object. Ids between exported
 * objects become `$ref:<folder>/<name>`; ids of stock objects stay literal.
 * Each file keeps its kind's id field, so deploying the folder adopts every
 * object instead of creating it; and since each file says what the object
 * already is, adoption sends no PATCH. Secrets never land in a file: each
 * becomes a `$secret:<key>` reference to stack config, and the command says
 * what to set.
 *
 * A kind whose unmanaged objects are mostly the users' data (`listing.unlisted`:
 * memory stores, made one per conversation participant, tags often emails) is
 * left out unless asked for by folder: it is only counted, from the list, so
 * no participant's memories are read and none lands in git by default.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import type { TavusClient } from "../client";
import { normalize } from "../diff";
import { capitalize, isPlainObject } from "../mapping";
import { removeAll } from "../objects";
import { ownObjects, type ListingCache } from "../resources/ownObjects";
import {
  FILE_KINDS,
  REF_PREFIX,
  SECRET_PREFIX,
  type FileKind,
  type KindFolder,
} from "../files/kinds";

type Live = Record<string, unknown>;

/** One exported file. */
export interface ExportedFile {
  folder: KindFolder;
  /** File name without extension: the resource name. */
  name: string;
  id: string;
  text: string;
}

/** What `export --all` produced. */
export interface ExportedAccount {
  files: ExportedFile[];
  /** Stack config secrets the files refer to, with where their values were. */
  secrets: Array<{ configKey: string; file: string; field: string }>;
  /** Kinds left out (see the module comment): how many objects each has, and why. */
  leftOut?: Array<{ folder: KindFolder; count: number; why: string }>;
}

/** Options of {@link exportAccount}. */
export interface ExportOptions {
  /** Folders of left-out kinds to write anyway (`--include memory-stores`). */
  include?: ReadonlySet<string>;
}

/** The folders `--include` may name: the kinds left out by default. */
export const LEFT_OUT_FOLDERS: readonly string[] = FILE_KINDS.filter(
  (kind) => kind.definition.listing.unlisted !== undefined,
).map((kind) => kind.folder);

/**
 * Reads the whole account and renders it as an account folder (nothing written yet).
 * @param format `yaml` (default) or `json`.
 */
export async function exportAccount(
  client: TavusClient,
  format: "yaml" | "json" = "yaml",
  options: ExportOptions = {},
): Promise<ExportedAccount> {
  const objects = new Map<KindFolder, Live[]>();
  const leftOut: NonNullable<ExportedAccount["leftOut"]> = [];
  // Whole, as Get shows each: a file is what Get shows (a list page may be abridged).
  const cache: ListingCache = new Map();
  for (const kind of FILE_KINDS) {
    const why = kind.definition.listing.unlisted;
    if (why !== undefined && !options.include?.has(kind.folder)) {
      // Counted as listed: no Get, so a participant's memories are never read.
      const listed = await ownObjects(client, kind.definition, { asListed: true, cache });
      if (listed.length) leftOut.push({ folder: kind.folder, count: listed.length, why });
      continue;
    }
    objects.set(kind.folder, await ownObjects(client, kind.definition, { whole: true, cache }));
  }
  // A persona's tools are attached through their own endpoint, not a persona field.
  for (const persona of objects.get("personas") ?? []) {
    const tools = await client.palTools.list(persona.persona_id as string);
    if (tools.length) persona.tool_ids = tools.map((t) => t.tool_id);
  }

  // Names first: references between files need them.
  const names = new Map<string, { folder: KindFolder; name: string }>();
  const named = new Map<KindFolder, Array<{ live: Live; name: string }>>();
  for (const kind of FILE_KINDS) {
    const taken = new Set<string>();
    const list = [...(objects.get(kind.folder) ?? [])].sort(byAge(kind));
    named.set(
      kind.folder,
      list.map((live) => {
        const id = live[kind.definition.idField] as string;
        const name = uniqueName(fileNameOf(kind.nameOf(live), id), taken);
        names.set(`${kind.folder}\0${id}`, { folder: kind.folder, name });
        return { live, name };
      }),
    );
  }

  const files: ExportedFile[] = [];
  const secrets: ExportedAccount["secrets"] = [];
  for (const kind of FILE_KINDS) {
    for (const { live, name } of named.get(kind.folder) ?? []) {
      const id = live[kind.definition.idField] as string;
      const file = `${kind.folder}/${name}.${format}`;
      const document = fileDocument(
        kind,
        live,
        name,
        (folder, value) => {
          const target = names.get(`${folder}\0${value}`);
          return target ? `${REF_PREFIX}${target.folder}/${target.name}` : value;
        },
        (field, configKey) => secrets.push({ configKey, file, field }),
      );
      const text =
        format === "json"
          ? `${JSON.stringify(document, null, 2)}\n`
          : `# Exported from Tavus ${kind.definition.kind} ${id}; its ${kind.definition.idField} makes deploying this file adopt it.\n${stringify(document, { lineWidth: 0 })}`;
      files.push({ folder: kind.folder, name, id, text });
    }
  }
  return { files, secrets, ...(leftOut.length ? { leftOut } : {}) };
}

/**
 * Writes the files under `dir`, creating the kind folders; returns the paths written.
 * @throws when a file would land outside `dir` (names come from the account: issue #21).
 */
export function writeAccount(dir: string, exported: ExportedAccount, format: string): string[] {
  const written: string[] = [];
  for (const f of exported.files) {
    const target = path.join(dir, f.folder, `${f.name}.${format}`);
    // Exactly one file in its kind folder: no name may climb out or make a subfolder.
    if (path.dirname(path.resolve(target)) !== path.resolve(dir, f.folder))
      throw new Error(`refused to write ${target}: the name "${f.name}" leaves ${dir}/${f.folder}`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, f.text);
    written.push(target);
  }
  return written;
}

/**
 * The file document: the id field (adopt), then the fields of the kind's
 * schema as the API returned them, without server-written parts, with
 * references by name and secrets as `$secret:` references.
 */
function fileDocument(
  kind: FileKind,
  live: Live,
  name: string,
  reference: (folder: KindFolder, id: string) => string,
  secret: (field: string, configKey: string) => void,
): Live {
  const def = kind.definition;
  // Empty values (`parameters: {}`, `tags: []`, `null`) mean "not set" to the diff too: left out.
  const document = (normalize(pruneToSchema(structuredClone(live), def.schema)) ?? {}) as Live;
  for (const at of def.serverWritten ?? []) removeAll(document, at);
  if (Array.isArray(live.tool_ids)) document.tool_ids = [...(live.tool_ids as string[])];
  for (const { under, paths } of Object.values(def.secretOutputs ?? {}))
    for (const at of paths)
      replaceSecrets(document, [under, ...at], (field) => {
        // A config key is one identifier: the file name, then the path under the secret field.
        const words = [name, ...field.split(".").slice(1)]
          .flatMap((part) => part.split(/[^A-Za-z0-9]+/))
          .filter(Boolean);
        const configKey = words.map((w, i) => (i === 0 ? w : capitalize(w))).join("");
        secret(field, configKey);
        return `${SECRET_PREFIX}${configKey}`;
      });
  // A write-only field Get shows only as `has_<field>` (a deployment's password): a secret to give again.
  for (const field of def.writeOnly ?? []) {
    if (live[`has_${field}`] !== true) continue;
    const configKey = `${name
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((w, i) => (i === 0 ? w : capitalize(w)))
      .join("")}${capitalize(field)}`;
    secret(field, configKey);
    document[field] = `${SECRET_PREFIX}${configKey}`;
  }
  for (const ref of kind.references)
    replaceIds(document, ref.path, (id) => reference(ref.folder, id));
  return { [def.idField]: live[def.idField], ...document };
}

/** Keeps what the schema declares, at every depth where it closes the object; opaque maps stay whole. */
function pruneToSchema(value: unknown, schema: unknown): unknown {
  if (!isPlainObject(schema) || schema["x-opaque"] === true) return value;
  if (Array.isArray(value)) return value.map((item) => pruneToSchema(item, schema.items));
  if (!isPlainObject(value)) return value;
  const props = isPlainObject(schema.properties) ? schema.properties : {};
  const open = schema.additionalProperties !== false;
  const out: Live = {};
  // In the schema's order, so files read like the docs (name first); then any open keys.
  const keys = [...Object.keys(props).filter((k) => k in value), ...Object.keys(value)];
  for (const key of new Set(keys)) {
    const child = value[key];
    if (child === null || child === undefined) continue;
    if (key in props) out[key] = pruneToSchema(child, props[key]);
    else if (open) out[key] = child;
  }
  return out;
}

/** Every string at or under `at` becomes what `replace` returns for its dotted path. */
function replaceSecrets(node: unknown, at: readonly string[], replace: (field: string) => string) {
  const walk = (parent: Live, key: string, field: string): void => {
    const value = parent[key];
    if (typeof value === "string") parent[key] = replace(field);
    else if (isPlainObject(value))
      for (const k of Object.keys(value)) walk(value, k, `${field}.${k}`);
  };
  let parent: unknown = node;
  for (const segment of at.slice(0, -1)) {
    if (!isPlainObject(parent)) return;
    parent = parent[segment];
  }
  if (isPlainObject(parent) && at.at(-1)! in parent) walk(parent, at.at(-1)!, at.join("."));
}

/** The strings at `pattern` (`*` = every item) replaced by `replace(id)`. */
function replaceIds(node: unknown, pattern: readonly string[], replace: (id: string) => string) {
  const [head, ...rest] = pattern;
  if (head === undefined) return;
  const container = node as Live;
  const keys = head === "*" ? (Array.isArray(node) ? node.map((_, i) => String(i)) : []) : [head];
  if (!isPlainObject(node) && !Array.isArray(node)) return;
  for (const key of keys) {
    if (rest.length === 0) {
      if (typeof container[key] === "string") container[key] = replace(container[key]);
    } else replaceIds(container[key], rest, replace);
  }
}

/**
 * A file name from an object's name: lower case, words joined by `-`, at most
 * 60 characters; the id (made safe the same way) when the name gives nothing.
 */
export function fileNameOf(objectName: string, id: string): string {
  const base = objectName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 60)
    .replace(/^-+|-+$/g, "");
  // An id is the API's to choose: it too must make one plain file name.
  return base || id.replace(/[^A-Za-z0-9_]+/g, "-").replace(/^-+|-+$/g, "") || "object";
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}

/** Oldest first, so a new object never takes the name an older one had in the last export. */
function byAge(kind: FileKind) {
  return (a: Live, b: Live) =>
    String(a.created_at ?? "").localeCompare(String(b.created_at ?? "")) ||
    String(a[kind.definition.idField]).localeCompare(String(b[kind.definition.idField]));
}
