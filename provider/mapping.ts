/**
 * The one place where Pulumi-facing camelCase meets the API's snake_case.
 *
 * Keys are converted recursively, except inside maps whose keys belong to the
 * user or to a third party (a tool's JSON Schema `parameters`, LLM `headers`,
 * `extra_body`): the definition's schema marks those nodes `x-opaque`, and
 * they pass through untouched, both ways. Without a schema every key converts.
 */
import { isPlainObject } from "./objects";

export { isPlainObject } from "./objects";

/** `turn_taking_patience` → `turnTakingPatience`. */
export function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `persona` → `Persona`. */
export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `turnTakingPatience` → `turn_taking_patience`. */
export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * Converts Pulumi-facing camelCase keys to the API's snake_case.
 * @param schema the definition's schema at this value, for its `x-opaque` nodes.
 */
export function toWire<T = unknown>(value: unknown, schema?: object): T {
  return convert(value, schema, snakeCase, "camel") as T;
}

/**
 * Converts the API's snake_case keys to Pulumi-facing camelCase.
 * @param schema the definition's schema at this value, for its `x-opaque` nodes.
 */
export function fromWire<T = unknown>(value: unknown, schema?: object): T {
  return convert(value, schema, camelCase, "wire") as T;
}

function convert(
  value: unknown,
  schema: object | undefined,
  rename: (key: string) => string,
  keysAre: "camel" | "wire",
): unknown {
  if (isOpaque(schema)) return value;
  if (Array.isArray(value))
    return value.map((item) => convert(item, itemSchema(schema), rename, keysAre));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const wireKey = keysAre === "wire" ? key : snakeCase(key);
    out[rename(key)] = convert(child, propertySchema(schema, wireKey), rename, keysAre);
  }
  return out;
}

/**
 * A wire path in Pulumi's names: camelCase segments, except inside opaque maps,
 * whose keys are the user's own (`layers.llm.extraBody.top_p`).
 */
export function fromWirePath(path: readonly string[], schema?: object): string[] {
  let node = schema;
  let opaque = false;
  return path.map((segment) => {
    opaque ||= isOpaque(node);
    const isIndex = /^\d+$/.test(segment);
    node = isIndex ? itemSchema(node) : propertySchema(node, segment);
    return opaque || isIndex ? segment : camelCase(segment);
  });
}

/** The schema of property `wireKey` of an object schema (declared, else `additionalProperties`). */
export function propertySchema(schema: object | undefined, wireKey: string): object | undefined {
  if (!isPlainObject(schema)) return undefined;
  const declared = isPlainObject(schema.properties) ? schema.properties[wireKey] : undefined;
  if (isPlainObject(declared)) return declared;
  return isPlainObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
}

function itemSchema(schema: object | undefined): object | undefined {
  return isPlainObject(schema) && isPlainObject(schema.items) ? schema.items : undefined;
}

function isOpaque(schema: object | undefined): boolean {
  return isPlainObject(schema) && schema["x-opaque"] === true;
}
