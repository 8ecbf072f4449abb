/**
 * A hand-written RFC 6902 (JSON Patch) applier with RFC 6901 JSON Pointers.
 *
 * The provider builds its patches with `fast-json-patch`. This module is
 * deliberately independent of it: if both sides used the same library, a bug in
 * it would be invisible to every test. It follows the RFC strictly where the
 * library is lenient: `add` needs an existing parent, `replace`/`remove`/`test`
 * need an existing target, and array indices must be canonical.
 */

/** The six RFC 6902 operations. */
export const PATCH_OPS = ["add", "remove", "replace", "move", "copy", "test"] as const;

/** The outcome of {@link applyPatch}: the new document, or why the patch failed. */
export type PatchResult =
  | { ok: true; document: unknown }
  | {
      ok: false;
      /** Index of the failing operation, or -1 when the patch is not an array. */
      index: number;
      /** What went wrong, for logs and tests; the API itself only says 422. */
      reason: string;
    };

/** Thrown internally to abort a patch; converted to a {@link PatchResult}. */
class PatchFailure {
  readonly isPatchFailure = true;
  constructor(readonly reason: string) {}
}

function fail(reason: string): never {
  throw new PatchFailure(reason);
}

/**
 * Applies `operations` to a copy of `document`, atomically: either every
 * operation succeeds and the patched copy is returned, or nothing is returned
 * and `document` is untouched (it is never mutated).
 * @param document Any JSON value.
 * @param operations The patch as received: validated here, so raw request bodies are fine.
 */
export function applyPatch(document: unknown, operations: unknown): PatchResult {
  if (!Array.isArray(operations))
    return { ok: false, index: -1, reason: "a JSON Patch must be an array" };
  let doc = structuredClone(document);
  for (const [index, operation] of operations.entries()) {
    try {
      doc = applyOperation(doc, operation);
    } catch (e) {
      if (e instanceof PatchFailure) return { ok: false, index, reason: e.reason };
      throw e;
    }
  }
  return { ok: true, document: doc };
}

/**
 * Splits a JSON Pointer into unescaped reference tokens (`~1` → `/`, `~0` → `~`,
 * in that order, as RFC 6901 section 4 requires). `""` is the whole document.
 * @param pointer A JSON Pointer such as `/layers/llm/model`.
 * @throws when the pointer is not a valid JSON Pointer.
 */
export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) fail(`JSON Pointer "${pointer}" must be empty or start with "/"`);
  return pointer
    .slice(1)
    .split("/")
    .map((token) => {
      if (/~[^01]|~$/.test(token)) fail(`JSON Pointer "${pointer}" has an invalid "~" escape`);
      return token.replace(/~1/g, "/").replace(/~0/g, "~");
    });
}

/**
 * Structural equality of JSON values, as the `test` operation defines it
 * (RFC 6902 section 4.6): same type, arrays element-wise in order, objects with the same
 * member names regardless of order. Also used for the 304 "no change" check.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const rb = b as Record<string, unknown>;
  const ra = a as Record<string, unknown>;
  return ka.every((k) => Object.hasOwn(rb, k) && deepEqual(ra[k], rb[k]));
}

// ------------------------------------------------------------------ internals

interface Operation {
  op: (typeof PATCH_OPS)[number];
  path: string;
  from?: string;
  value?: unknown;
  hasValue: boolean;
}

function readOperation(raw: unknown): Operation {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    fail("an operation must be an object");
  const r = raw as Record<string, unknown>;
  const op = r["op"];
  if (typeof op !== "string" || !(PATCH_OPS as readonly string[]).includes(op)) {
    fail(`"op" must be one of ${PATCH_OPS.join(", ")}`);
  }
  if (typeof r["path"] !== "string") fail(`"path" must be a string`);
  const operation: Operation = {
    op: op as Operation["op"],
    path: r["path"],
    hasValue: Object.hasOwn(r, "value"),
  };
  if (operation.hasValue) operation.value = r["value"];
  if ((op === "add" || op === "replace" || op === "test") && !operation.hasValue)
    fail(`"${op}" needs a "value"`);
  if (op === "move" || op === "copy") {
    if (typeof r["from"] !== "string") fail(`"${op}" needs a string "from"`);
    operation.from = r["from"];
  }
  return operation;
}

function applyOperation(doc: unknown, raw: unknown): unknown {
  const operation = readOperation(raw);
  const path = parsePointer(operation.path);
  switch (operation.op) {
    case "add":
      return add(doc, path, structuredClone(operation.value));
    case "remove":
      return remove(doc, path);
    case "replace":
      // The root always exists, so replacing "" swaps the whole document.
      if (path.length === 0) return structuredClone(operation.value);
      return add(remove(doc, path), path, structuredClone(operation.value));
    case "test":
      if (!deepEqual(get(doc, path), operation.value)) fail(`test failed at "${operation.path}"`);
      return doc;
    case "move": {
      const from = parsePointer(operation.from ?? "");
      // RFC 6902 section 4.4: a location cannot be moved into one of its children.
      if (path.length > from.length && from.every((t, i) => path[i] === t)) {
        fail(`cannot move "${operation.from}" into its own child "${operation.path}"`);
      }
      const value = get(doc, from);
      return add(remove(doc, from), path, value);
    }
    case "copy":
      return add(doc, path, structuredClone(get(doc, parsePointer(operation.from ?? ""))));
  }
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === "object" && value !== null;
}

/** An array index token: "0" or digits without a leading zero (RFC 6901 section 4). */
function arrayIndex(token: string, length: number, allowEnd: boolean): number {
  if (allowEnd && token === "-") return length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) fail(`"${token}" is not an array index`);
  const index = Number(token);
  if (index > length || (!allowEnd && index === length))
    fail(`array index ${index} is out of bounds`);
  return index;
}

/** The value at `path`; fails when any part of it is missing. */
function get(doc: unknown, path: string[]): unknown {
  let current = doc;
  for (const token of path) {
    if (Array.isArray(current)) current = current[arrayIndex(token, current.length, false)];
    else if (isContainer(current) && Object.hasOwn(current, token))
      current = (current as Record<string, unknown>)[token];
    else fail(`path "/${path.join("/")}" does not exist`);
  }
  return current;
}

/** The container that holds the last token of `path`, which must exist. */
function parentOf(doc: unknown, path: string[]): Record<string, unknown> | unknown[] {
  const parent = get(doc, path.slice(0, -1));
  if (!isContainer(parent)) fail(`the parent of "/${path.join("/")}" is not an object or array`);
  return parent;
}

function add(doc: unknown, path: string[], value: unknown): unknown {
  const key = path[path.length - 1];
  if (key === undefined) return value; // "" replaces the whole document
  const parent = parentOf(doc, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, true), 0, value);
  // defineProperty, not assignment: a key named "__proto__" must become a member,
  // not replace the object's prototype.
  else
    Object.defineProperty(parent, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  return doc;
}

function remove(doc: unknown, path: string[]): unknown {
  const key = path[path.length - 1];
  if (key === undefined) fail("cannot remove the whole document");
  const parent = parentOf(doc, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, false), 1);
  else if (Object.hasOwn(parent, key)) delete (parent as Record<string, unknown>)[key];
  else fail(`path "/${path.join("/")}" does not exist`);
  return doc;
}
