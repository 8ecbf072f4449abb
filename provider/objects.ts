/** Small helpers over plain JSON values, shared by the mapping, the diff and the definitions. */

/** A plain JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A copy of `value` without the named keys. */
export function omit(value: object, keys: readonly string[]): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...value };
  for (const key of keys) delete rest[key];
  return rest;
}

/** The value at `path` (object keys or array indices), or `undefined` when the path leaves the document. */
export function valueAt(document: unknown, path: readonly string[]): unknown {
  let node = document;
  for (const segment of path) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isPlainObject(node)) node = node[segment];
    else return undefined;
  }
  return node;
}

/** Sets `value` at `path` in `document`, creating the objects on the way. */
export function setAt(
  document: Record<string, unknown>,
  path: readonly string[],
  value: unknown,
): void {
  let node = document;
  for (const segment of path.slice(0, -1)) {
    const child = node[segment];
    node[segment] = isPlainObject(child) ? { ...child } : {};
    node = node[segment] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

/** Removes the value at `path`, if any; the objects on the way are copied, never shared. */
export function removeAt(document: Record<string, unknown>, path: readonly string[]): void {
  if (valueAt(document, path) === undefined) return;
  let node = document;
  for (const segment of path.slice(0, -1)) {
    node[segment] = { ...(node[segment] as Record<string, unknown>) };
    node = node[segment] as Record<string, unknown>;
  }
  delete node[path[path.length - 1]!];
}

/** Every value at `pattern` in `document`; `*` matches every key or index. */
export function valuesAt(document: unknown, pattern: readonly string[]): unknown[] {
  const [head, ...rest] = pattern;
  if (head === undefined) return [document];
  if (!isPlainObject(document) && !Array.isArray(document)) return [];
  const container = document as Record<string, unknown>;
  const keys = head === "*" ? Object.keys(container) : [head];
  return keys.flatMap((key) => valuesAt(container[key], rest));
}

/** Deletes every value at `pattern` (`*` matches any key or index; array items are kept), in place. */
export function removeAll(node: unknown, pattern: readonly string[]): void {
  const [head, ...rest] = pattern;
  if (head === undefined || (!isPlainObject(node) && !Array.isArray(node))) return;
  const container = node as Record<string, unknown>;
  const keys = head === "*" ? Object.keys(container) : [head];
  for (const key of keys) {
    if (rest.length === 0) {
      if (!Array.isArray(node)) delete container[key];
    } else removeAll(container[key], rest);
  }
}
