/**
 * The one place where Pulumi-facing camelCase meets the API's snake_case.
 *
 * Keys are converted recursively, except inside free-form maps whose keys belong
 * to the user or to a third party (a tool's JSON Schema `parameters`, LLM
 * `headers`, `extra_body`): those pass through untouched, both ways.
 */

/** Wire paths (snake_case, `*` = any key or array index) whose contents are opaque. */
const OPAQUE_WIRE_PATHS: readonly string[][] = [
  ["layers", "llm", "headers"],
  ["layers", "llm", "extra_body"],
  ["layers", "llm", "tools", "*", "function", "parameters"],
  ["layers", "perception", "perception_tools", "*", "function", "parameters"],
  ["layers", "perception", "visual_tools", "*", "function", "parameters"],
  ["layers", "perception", "audio_tools", "*", "function", "parameters"],
];

export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Converts Pulumi-facing camelCase keys to the API's snake_case. */
export function toWire<T = unknown>(value: unknown): T {
  return convert(value, [], snakeCase, (wireKey) => wireKey) as T;
}

/** Converts the API's snake_case keys to Pulumi-facing camelCase. */
export function fromWire<T = unknown>(value: unknown): T {
  return convert(value, [], camelCase, (originalKey) => originalKey) as T;
}

/**
 * @param wirePath the path so far, in wire (snake_case) names, to match opaque paths.
 * @param rename the key conversion.
 * @param wireName gives the wire name of an original key (identity for wire input).
 */
function convert(value: unknown, wirePath: string[], rename: (k: string) => string, wireName: (k: string) => string): unknown {
  if (isOpaque(wirePath)) return value;
  if (Array.isArray(value)) return value.map((item) => convert(item, [...wirePath, "*"], rename, wireName));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const renamed = rename(key);
    const wireKey = rename === snakeCase ? renamed : wireName(key);
    out[renamed] = convert(child, [...wirePath, wireKey], rename, wireName);
  }
  return out;
}

/**
 * A wire path in Pulumi's names: camelCase segments, except inside opaque maps,
 * whose keys are the user's own (`layers.llm.extraBody.top_p`).
 */
export function fromWirePath(path: readonly string[]): string[] {
  const opaqueFrom = path.findIndex((_, i) => isOpaque(path.slice(0, i)));
  return path.map((segment, i) => (/^\d+$/.test(segment) || (opaqueFrom >= 0 && i >= opaqueFrom) ? segment : camelCase(segment)));
}

function isOpaque(path: string[]): boolean {
  return OPAQUE_WIRE_PATHS.some((pattern) => pattern.length === path.length && pattern.every((p, i) => p === "*" || p === path[i]));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
