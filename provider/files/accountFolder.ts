/**
 * One call in a Pulumi program turns an account folder (./accountFiles.ts)
 * into resources wired together: each `$ref:<folder>/<name>` becomes the id of
 * the resource declared for that file, so Pulumi creates the referenced object
 * first and deletes it last.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CamelKey } from "../definitions/table";
import type { FolderKind } from "../kinds";
import { camelCase, fromWire, isPlainObject } from "../mapping";
import { RESOURCE_CLASSES, type ResourceClass } from "../resources/classes";
import { loadAccountFiles, type FileAccess } from "./accountFiles";
import { FILE_KINDS, REF_PREFIX, SECRET_PREFIX, type KindFolder } from "./kinds";
import { secretProblem } from "./references";

/** Options of {@link accountFromFolder} and {@link personasFromFolder}. */
export interface AccountFolderOptions {
  /** Whose overlays (`<kind>/stacks/<stack>/…`) apply. @default the current stack */
  stack?: string;
  /** Prefix of the resource names. @default "" */
  namePrefix?: string;
  /** Options given to every resource (provider, protect, dependsOn, …). */
  resourceOptions?: pulumi.CustomResourceOptions;
  /**
   * Where the folder's files may be read from. The folder is untrusted input
   * (a merge request can change it), so by default a file is read only from
   * inside the folder: an absolute path, a path that climbs out (`../`) and a
   * link (or linked folder) that leads out are refused before anything is
   * opened, as Kustomize's LoadRestrictionsRootOnly does. `"anywhere"` lifts
   * that, like Kustomize's LoadRestrictionsNone: only for a repository whose
   * every change is trusted. Size, type and UTF-8 rules hold either way
   * (docs/account-folder-security.md).
   * @default "insideFolder"
   */
  fileAccess?: FileAccess;
}

type KebabToCamel<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<KebabToCamel<Tail>>}`
  : S;

/**
 * The resources of an account folder, by kind and by name (the file name
 * without extension): one key per folder of the kinds list, in camelCase
 * (`guardrail-sets` → `guardrailSets`).
 */
export type Account = {
  [K in FolderKind as CamelKey<KebabToCamel<K["folder"]["name"]>>]: Record<
    string,
    InstanceType<(typeof RESOURCE_CLASSES)[K["typeName"]]>
  >;
};

type AnyResource = pulumi.CustomResource;

/** `guardrail-sets` → `guardrailSets`: a folder's key in {@link Account}. */
function accountKey(folder: string): string {
  return camelCase(folder.replace(/-/g, "_"));
}

/**
 * Declares one resource per file of the account folder `dir` (`personas/`,
 * `objectives/`, `guardrails/`, `guardrail-sets/`, `dictionaries/`,
 * `documents/`, `tools/`, `replicas/`; any may be absent). A file with its
 * kind's id field adopts that object. A string `"$secret:<key>"` is replaced
 * by the stack's secret config value `<key>`; `"$ref:<folder>/<name>"` by the
 * id of the resource of that file.
 * @returns the resources by kind and name.
 * @throws AccountFilesError, before any resource is declared, listing every problem of every file.
 */
export function accountFromFolder(dir: string, options: AccountFolderOptions = {}): Account {
  const files = loadAccountFiles(dir, {
    stack: options.stack ?? pulumi.getStack(),
    ...(options.fileAccess ? { fileAccess: options.fileAccess } : {}),
  });
  const config = new pulumi.Config();
  const account: Record<string, Record<string, AnyResource>> = {};
  const byFolder = new Map<KindFolder, Record<string, AnyResource>>();
  // FILE_KINDS lists referenced kinds first: every $ref names a resource already declared.
  for (const kind of FILE_KINDS) {
    const Class: ResourceClass =
      RESOURCE_CLASSES[kind.definition.typeName as FolderKind["typeName"]];
    const declared: Record<string, AnyResource> = {};
    account[accountKey(kind.folder)] = declared;
    byFolder.set(kind.folder, declared);
    for (const file of files[kind.folder]) {
      const args = resolve(fromWire(file.document, kind.definition.schema), config, byFolder);
      if (file.adoptId) (args as Record<string, unknown>).adoptId = file.adoptId;
      declared[file.name] = new Class(
        `${options.namePrefix ?? ""}${file.name}`,
        args as never,
        options.resourceOptions,
      );
    }
  }
  return account as Account;
}

/**
 * Replaces `$secret:` and `$ref:` strings. After the key conversion: fromWire
 * rebuilds plain objects and would take an Output apart.
 */
export function resolve(
  value: unknown,
  config: pulumi.Config,
  resources: Map<KindFolder, Record<string, AnyResource>>,
): unknown {
  if (typeof value === "string" && value.startsWith(SECRET_PREFIX)) {
    // The loader refused these; this guards a caller that skipped it: never the provider's own key.
    const refused = secretProblem(value);
    if (refused) throw new Error(refused);
    return config.requireSecret(value.slice(SECRET_PREFIX.length));
  }
  if (typeof value === "string" && value.startsWith(REF_PREFIX)) {
    const [folder, name] = value.slice(REF_PREFIX.length).split(/\/(.*)/s) as [KindFolder, string];
    const target = resources.get(folder)?.[name];
    // The loader checked every reference; this only guards against a caller that skipped it.
    if (!target) throw new Error(`${value} names no declared resource`);
    return target.id;
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, config, resources));
  if (isPlainObject(value))
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolve(v, config, resources)]),
    );
  return value;
}
