/** Paths inside a parsed file: read, write, match (`*` = every item) and merge overlays. */
import { isPlainObject } from "../mapping";
import { valueAt } from "../objects";

/** Objects merge; arrays and scalars replace; `null` removes the field. */
export function deepMerge(
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

/** Sets the value at `at`, creating the objects on the way. */
export function setPath(
  node: Record<string, unknown>,
  at: readonly string[],
  value: unknown,
): void {
  let parent: Record<string, unknown> = node;
  for (const segment of at.slice(0, -1)) {
    if (!isPlainObject(parent[segment]) && !Array.isArray(parent[segment])) parent[segment] = {};
    parent = parent[segment] as Record<string, unknown>;
  }
  parent[at.at(-1)!] = value;
}

/** Removes the field at `at`, if there. */
export function deletePath(node: unknown, at: readonly string[]): void {
  const parent = valueAt(node, at.slice(0, -1));
  if (isPlainObject(parent)) delete parent[at.at(-1)!];
}

/** The concrete paths of `pattern` in `node` (`*` = every item of a list). */
export function matchPaths(node: unknown, pattern: readonly string[]): string[][] {
  if (pattern.length === 0) return [[]];
  const [head, ...rest] = pattern as [string, ...string[]];
  if (head === "*")
    return Array.isArray(node)
      ? node.flatMap((item, i) => matchPaths(item, rest).map((p) => [String(i), ...p]))
      : [];
  if (!isPlainObject(node) || !(head in node)) return [];
  return matchPaths(node[head], rest).map((p) => [head, ...p]);
}

/** Paths of every string in `node`. */
export function stringPaths(node: unknown, at: string[] = []): string[][] {
  if (typeof node === "string") return [at];
  if (Array.isArray(node)) return node.flatMap((item, i) => stringPaths(item, [...at, String(i)]));
  if (isPlainObject(node))
    return Object.entries(node).flatMap(([k, v]) => stringPaths(v, [...at, k]));
  return [];
}
