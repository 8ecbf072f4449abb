/**
 * The documents every provider builds from its definition's table: the
 * Pulumi names (the id output, what the server decides, what is ours), the
 * request body, the desired and live documents the diff compares (normalized,
 * see ../diff.ts: empty means unset, set-like arrays sorted, schema defaults
 * filled in), and the secrets split out so Pulumi can encrypt them.
 */
import type { DefinitionTable } from "../definitions/table";
import { normalize } from "../diff";
import { camelCase, fromWire, propertySchema, toWire } from "../mapping";
import { isPlainObject, omit, removeAll, removeAt, setAt, valueAt } from "../objects";

type Props = Record<string, unknown>;

/** The Pulumi name of the id output, e.g. `personaId`. */
export function idOutputOf(def: DefinitionTable): string {
  return camelCase(def.idOutput ?? def.idField);
}

/** Outputs the server decides (id included): never inputs. */
export function serverOutputNames(def: DefinitionTable): string[] {
  return [idOutputOf(def), ...Object.keys(def.serverOutputs).map(camelCase)];
}

/** Inputs that are ours, never sent to the API. */
function providerOnlyNames(def: DefinitionTable): string[] {
  const ours = [
    ...Object.keys(def.options),
    ...Object.keys(def.checkHints ?? {}),
    ...Object.keys(def.secretOutputs ?? {}),
  ].map(camelCase);
  return ["__provider", ...ours, ...serverOutputNames(def)];
}

/** Every field of the document (the schema's top-level properties). */
export function documentFields(def: DefinitionTable): string[] {
  return Object.keys((def.schema as { properties?: object }).properties ?? {});
}

/**
 * The wire document the inputs describe, secrets merged back where the API
 * expects them: the create body (not normalized, so check sees what was written).
 */
export function requestBody(def: DefinitionTable, inputs: object): Props {
  const document = toWire<Props>(omit(inputs, providerOnlyNames(def)), def.schema);
  for (const [output, { under, paths }] of Object.entries(def.secretOutputs ?? {})) {
    const secrets = toWire<unknown>(
      (inputs as Props)[camelCase(output)],
      propertySchema(def.schema, under),
    );
    for (const path of paths) {
      const value = valueAt(secrets, path);
      if (value !== undefined) setAt(document, [under, ...path], value);
    }
  }
  return document;
}

/** The document the inputs ask for, normalized: what the diff compares. */
export function desiredDocument(def: DefinitionTable, inputs: object): Props | undefined {
  return normalize(withSchemaDefaults(requestBody(def, inputs), def.schema), new Set(def.setLike));
}

/**
 * The fields of a live object that Get returns as sent, normalized, without
 * what the server writes itself: what the diff compares.
 */
export function liveDocument(
  def: DefinitionTable,
  live: object,
  fields: readonly string[] = def.readBack === "all" ? documentFields(def) : def.readBack,
): Props | undefined {
  const picked: Props = {};
  for (const field of fields)
    if ((live as Props)[field] !== undefined)
      picked[field] = structuredClone((live as Props)[field]);
  for (const path of def.serverWritten ?? []) removeAll(picked, path);
  for (const { under, paths, writeOnly } of Object.values(def.secretOutputs ?? {})) {
    if (writeOnly) for (const path of paths) removeAll(picked, [under, ...path]);
  }
  return normalize(withSchemaDefaults(picked, def.schema), new Set(def.setLike));
}

/**
 * A copy of `value` with the schema's `default`s filled in where a field is
 * absent, at every depth: a rule sent without `case_sensitive` and read back
 * with the documented `false` mean the same.
 */
export function withSchemaDefaults<T>(value: T, schema: object | undefined): T {
  if (Array.isArray(value)) {
    const items = isPlainObject(schema) && isPlainObject(schema.items) ? schema.items : undefined;
    return value.map((item: unknown) => withSchemaDefaults(item, items)) as T;
  }
  if (!isPlainObject(value) || !isPlainObject(schema) || !isPlainObject(schema.properties))
    return value;
  const out: Props = {};
  for (const [key, child] of Object.entries(value))
    out[key] = withSchemaDefaults(child, propertySchema(schema, key));
  for (const [key, property] of Object.entries(schema.properties)) {
    if (out[key] === undefined && isPlainObject(property) && "default" in property)
      out[key] = property.default;
  }
  return out as T;
}

/**
 * Moves the secret paths of a wire document into their outputs (camelCase),
 * so Pulumi can encrypt them; the document keeps the rest.
 */
export function splitSecrets(
  def: DefinitionTable,
  document: Props,
): { document: Props; secrets: Props } {
  const rest: Props = { ...document };
  const secrets: Props = {};
  for (const [output, { under, paths }] of Object.entries(def.secretOutputs ?? {})) {
    const found: Props = {};
    for (const path of paths) {
      const value = valueAt(rest, [under, ...path]);
      if (value === undefined) continue;
      setAt(found, path, value);
      removeAt(rest, [under, ...path]);
    }
    if (Object.keys(found).length)
      secrets[camelCase(output)] = fromWire(found, propertySchema(def.schema, under));
  }
  return { document: rest, secrets };
}
