/**
 * The diff is data: RFC 6902 operations from `fast-json-patch` between two
 * wire documents holding only the fields the user manages. The same function
 * feeds `diff` (does anything change?) and `update` (the operations to send).
 */
import { applyPatch, compare, deepClone, type Operation } from "fast-json-patch";
import type { JsonPatchOperation } from "./wire";
import { isPlainObject, valueAt as valueAtPath } from "./objects";

/** Pulumi's placeholder for values not known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `value` holds a preview-time unknown anywhere. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isPlainObject(value)) return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * Canonical form of a document, so that equal meaning compares equal: absent,
 * `null`, `""`, `[]` and `{}` are all "not set" (the API omits fields it was
 * never given and some clients send empty values); `setLikeKeys` arrays are
 * sorted because their order carries no meaning.
 */
export function normalize<T>(
  value: T,
  setLikeKeys: ReadonlySet<string> = new Set(),
): T | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  if (Array.isArray(value)) {
    const items = value.map((v) => normalize(v, setLikeKeys)).filter((v) => v !== undefined);
    return items.length ? (items as T) : undefined;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      let v = normalize(child, setLikeKeys);
      if (Array.isArray(v) && setLikeKeys.has(key)) v = [...v].sort();
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length ? (out as T) : undefined;
  }
  return value;
}

/**
 * Operations that turn `current` into `desired` (both already normalized).
 * Arrays are replaced whole: element-wise operations would address indices of
 * the normalized copy (sorted, empties dropped), which may not match the live
 * document the server patches.
 */
export function patchOperations(
  current: object | undefined,
  desired: object | undefined,
): JsonPatchOperation[] {
  const from = current ?? {};
  const to = desired ?? {};
  const result: JsonPatchOperation[] = [];
  const seen = new Set<string>();
  for (const op of compare(from, to) as JsonPatchOperation[]) {
    const arrayPath = enclosingArray(op.path, from, to);
    if (!arrayPath) {
      result.push(op);
      continue;
    }
    if (seen.has(arrayPath)) continue;
    seen.add(arrayPath);
    const before = valueAt(from, arrayPath);
    const after = valueAt(to, arrayPath);
    if (after === undefined) result.push({ op: "remove", path: arrayPath });
    else
      result.push({ op: before === undefined ? "add" : "replace", path: arrayPath, value: after });
  }
  return result;
}

/** The pointer of the outermost array that `path` goes inside, if any. */
function enclosingArray(path: string, a: unknown, b: unknown): string | undefined {
  const segments = path.split("/").slice(1);
  for (let i = 0; i < segments.length - 1; i++) {
    const prefix = "/" + segments.slice(0, i + 1).join("/");
    if (Array.isArray(valueAt(a, prefix)) || Array.isArray(valueAt(b, prefix))) return prefix;
  }
  return undefined;
}

/**
 * Guards operations against lost updates: before each `replace` and `remove`,
 * a JSON Patch `test` that the value is still what we read. If someone changed
 * it in between, the server refuses the whole patch (422) instead of silently
 * overwriting their change. (`add` of an absent key cannot be guarded: RFC 6902
 * has no test for absence.)
 * @param live the document exactly as read from the server.
 */
export function withPreconditions(
  live: object,
  operations: JsonPatchOperation[],
): JsonPatchOperation[] {
  const tests: JsonPatchOperation[] = [];
  for (const op of operations) {
    if (op.op !== "replace" && op.op !== "remove") continue;
    const value = valueAt(live, op.path);
    if (value !== undefined) tests.push({ op: "test", path: op.path, value });
  }
  return [...tests, ...operations];
}

/** The value at an RFC 6901 JSON Pointer. */
function valueAt(doc: unknown, pointer: string): unknown {
  return valueAtPath(
    doc,
    pointer
      .split("/")
      .slice(1)
      .map((raw) => raw.replace(/~1/g, "/").replace(/~0/g, "~")),
  );
}

/** The top-level fields the operations touch, e.g. `["system_prompt", "layers"]`. */
export function touchedFields(operations: JsonPatchOperation[]): string[] {
  const fields = operations.flatMap((op) =>
    [op.path, op.from].filter((p): p is string => !!p).map((p) => p.split("/")[1] ?? ""),
  );
  return [...new Set(fields)];
}

/** Applies operations to a copy, as the server will; used to predict outputs. */
export function applyOperations<T extends object>(
  document: T,
  operations: JsonPatchOperation[],
): T {
  const copy = deepClone(document) as T;
  return applyPatch(copy, operations as Operation[], false, true).newDocument;
}
