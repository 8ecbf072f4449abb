/**
 * The half of every provider that its definition's table decides: check,
 * request bodies, outputs, the diff, read-or-gone and delete-ignoring-gone.
 * Each kind's provider module adds only what is truly its own (Persona's
 * patch-to-live, Replica's training wait, Conversation's End-then-DELETE).
 *
 * Documents are compared the same way for every kind: normalized (see
 * ../diff.ts: empty means unset, set-like arrays sorted), then RFC 6902 JSON
 * Patch operations from `fast-json-patch`. The fields those operations touch
 * say whether anything changes and whether the object must be replaced.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isDeepStrictEqual } from "node:util";
import { isGone } from "../client";
import type { DefinitionTable } from "../definitions/table";
import { pulumiPath, validateDocument } from "../definitions/validate";
import { containsUnknown, normalize, patchOperations, touchedFields, UNKNOWN } from "../diff";
import { camelCase, fromWire, propertySchema, toWire } from "../mapping";
import { isPlainObject, omit, removeAll, removeAt, setAt, valueAt } from "../objects";
import { resourceError } from "./errors";

type Props = Record<string, unknown>;

// ------------------------------------------------------------ names

/** The Pulumi name of the id output, e.g. `personaId`. */
export function idOutputOf(def: DefinitionTable): string {
  return camelCase(def.idOutput ?? def.idField);
}

/** The word an "Invalid <x>_id" answer names: `persona`, `guardrail` (of `guardrail_id`, `guardrails_id`)… */
function goneWord(def: DefinitionTable): string {
  return (def.idOutput ?? def.idField).replace(/s?_(id|uuid)$/, "");
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
function documentFields(def: DefinitionTable): string[] {
  return Object.keys((def.schema as { properties?: object }).properties ?? {});
}

// ------------------------------------------------------------ documents

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

// ------------------------------------------------------------ outputs

/**
 * State outputs from a live object: the fields Get returns, the rest of the
 * inputs carried over from `previous` (what Get cannot show: training URLs,
 * options), and the server fields. A server field the answer does not carry
 * keeps its previous value (a meeting token is only in the create answer).
 */
export function outputsFrom<Outputs>(
  def: DefinitionTable,
  live: object,
  previous: object,
): Outputs {
  const wire = live as Props;
  const carried = omit(previous, ["__provider", ...serverOutputNames(def)]);
  let outs: Props;
  if (def.readBack === "all") {
    const { document, secrets } = splitSecrets(def, liveDocument(def, live) ?? {});
    // Options, hints and write-only secrets (masked by Get) are what state last held.
    const writeOnly = Object.entries(def.secretOutputs ?? {}).filter(
      ([, entry]) => entry.writeOnly,
    );
    const ours = [
      ...Object.keys(def.options),
      ...Object.keys(def.checkHints ?? {}),
      ...writeOnly.map(([output]) => output),
    ].map(camelCase);
    outs = { ...fromWire<Props>(document, def.schema), ...secrets };
    for (const name of ours) if (carried[name] !== undefined) outs[name] = carried[name];
  } else {
    outs = carried;
    const readBack = fromWire<Props>(liveDocument(def, live) ?? {}, def.schema);
    for (const field of def.readBack) {
      const name = camelCase(field);
      if (readBack[name] === undefined) delete outs[name];
      else outs[name] = readBack[name];
    }
  }
  for (const field of Object.keys(def.serverOutputs)) {
    const name = camelCase(field);
    if (field in wire) {
      if (wire[field] === null || wire[field] === undefined) continue;
      outs[name] = wire[field];
    } else if ((previous as Props)[name] !== undefined) {
      outs[name] = (previous as Props)[name];
    }
  }
  outs[idOutputOf(def)] = wire[def.idField];
  return outs as Outputs;
}

/** The inputs part of outputs: what `read` returns as inputs, so the next diff shows drift. */
export function inputsOf<Inputs>(def: DefinitionTable, outputs: object): Inputs {
  return omit(outputs, ["__provider", ...serverOutputNames(def)]) as Inputs;
}

// ------------------------------------------------------------ check

/**
 * Schema failures of the document and type failures of the options, with
 * properties in Pulumi's names; values unknown during preview are never judged.
 * @param own the kind's own failures; a property they name is not reported twice.
 */
export function checkInputs<Inputs>(
  def: DefinitionTable,
  news: Inputs,
  own: pulumi.dynamic.CheckFailure[] = [],
): pulumi.dynamic.CheckResult<Inputs> {
  const document = requestBody(def, news as object);
  const ownProperties = new Set(own.map((f) => f.property));
  const failures = [
    ...own,
    ...validateDocument(def.schema, document, "pulumi")
      .filter((problem) => !containsUnknown(valueAt(document, problem.path)))
      .map((problem) => ({
        property: pulumiPath(problem.path, def.schema),
        reason: problem.reason,
      }))
      .filter((f) => !ownProperties.has(f.property)),
    ...optionFailures(def, news as Props),
  ];
  return failures.length ? { inputs: news, failures } : { inputs: news };
}

function optionFailures(def: DefinitionTable, inputs: Props): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  for (const [field, kind] of Object.entries({ ...def.options, ...def.checkHints })) {
    const property = camelCase(field);
    const value = inputs[property];
    if (value === undefined || value === UNKNOWN) continue;
    if (kind === "boolean" && typeof value !== "boolean") {
      failures.push({ property, reason: `must be true or false, not ${JSON.stringify(value)}` });
    } else if (
      kind === "positiveNumber" &&
      !(typeof value === "number" && Number.isFinite(value) && value > 0)
    ) {
      failures.push({
        property,
        reason: `must be a positive number, not ${JSON.stringify(value)}`,
      });
    } else if (kind === "number" && !(typeof value === "number" && Number.isFinite(value))) {
      failures.push({ property, reason: `must be a number, not ${JSON.stringify(value)}` });
    } else if (kind === "string" && typeof value !== "string") {
      failures.push({ property, reason: `must be a string, not ${JSON.stringify(value)}` });
    } else if (
      kind === "stringArray" &&
      !(Array.isArray(value) && value.every((item) => typeof item === "string" || item === UNKNOWN))
    ) {
      failures.push({
        property,
        reason: `must be a list of strings, not ${JSON.stringify(value)}`,
      });
    }
  }
  return failures;
}

// ------------------------------------------------------------ diff

/** What a diff found, in the engine's terms. */
export interface TableDiff {
  changes: boolean;
  /** Top-level fields (Pulumi's names) whose change replaces the object. */
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/**
 * Compares the state's outputs with the program's inputs through the same
 * normalize + JSON Patch path for every kind. A server-defaulted field the
 * program leaves unset is not managed, so not compared.
 */
export function diffInputs(
  def: DefinitionTable,
  olds: object,
  news: object,
  id?: string,
): TableDiff {
  const after = desiredDocument(def, news) ?? {};
  const before = desiredDocument(def, olds) ?? {};
  for (const field of def.serverDefaulted ?? [])
    if (after[field] === undefined) delete before[field];
  const operations = patchOperations(before, after);
  const touched = touchedFields(operations);
  const replaces =
    def.replaceOnChanges === "all"
      ? touched
      : touched.filter((f) => def.replaceOnChanges?.includes(f));
  // A list option (a persona's tool ids) is a set: its order carries no meaning.
  const comparable = (value: unknown) =>
    Array.isArray(value) ? [...value].sort() : (value ?? null);
  const changedOptions = Object.keys(def.options)
    .map(camelCase)
    .filter(
      (name) =>
        !isDeepStrictEqual(comparable((olds as Props)[name]), comparable((news as Props)[name])),
    );
  // Adopting another object than the one managed is a replacement; dropping adoptId is not.
  const adoptId = (news as Props).adoptId;
  const adoptsAnother =
    "adopt_id" in def.options && typeof adoptId === "string" && id !== undefined && adoptId !== id;
  return {
    changes: operations.length > 0 || changedOptions.length > 0,
    replaces: [
      ...replaces.map((field) => pulumiPath([field], def.schema)),
      ...(adoptsAnother ? ["adoptId"] : []),
    ],
    deleteBeforeReplace: def.deleteBeforeReplace ?? false,
  };
}

// ------------------------------------------------------------ read and delete

/**
 * Get, then outputs; gone (an API "not found", or a gone status) means an
 * empty id, so `pulumi refresh` drops it from state.
 * @param retrieve the kind's Get call.
 */
export async function readOrGone<Outputs>(
  def: DefinitionTable,
  id: string,
  props: object | undefined,
  retrieve: (id: string) => Promise<object>,
): Promise<pulumi.dynamic.ReadResult<Outputs>> {
  let live: object;
  try {
    live = await retrieve(id);
  } catch (e) {
    if (isGone(e, goneWord(def))) return { id: "" };
    throw resourceError(def.kind, id, "read", e);
  }
  const status = (live as Props).status;
  if (typeof status === "string" && def.goneStatuses?.includes(status)) return { id: "" };
  // First sight (`pulumi import`): no state to carry what Get does not compare
  // (a document's URL), so every field Get shows is taken as the object's own.
  const firstSight = !props || Object.keys(props).length === 0;
  const previous = firstSight
    ? fromWire<Props>(liveDocument(def, live, documentFields(def)) ?? {}, def.schema)
    : props;
  const outs = outputsFrom<Outputs>(def, live, previous);
  // Returning inputs rewrites the stored inputs, so the next diff against the program shows the drift.
  return { id, props: outs, inputs: inputsOf<Outputs>(def, outs as object) };
}

/**
 * Runs the kind's delete; an object already gone counts as deleted.
 * @param remove the kind's DELETE (and whatever must precede it).
 */
export async function deleteIgnoringGone(
  def: DefinitionTable,
  id: string,
  remove: () => Promise<void>,
): Promise<void> {
  try {
    await remove();
  } catch (e) {
    if (isGone(e, goneWord(def))) return;
    throw resourceError(def.kind, id, "delete", e);
  }
}

// ------------------------------------------------------------ merge PATCH

/**
 * The body of a merge PATCH (documents, tools): each top-level field whose
 * desired value differs between state and program, whole, and `null` for a
 * field the program dropped; nothing else, so an unchanged field (and a
 * write-only secret that did not change) is never sent.
 */
export function mergePatchBody(def: DefinitionTable, olds: object, news: object): Props {
  return mergePatchBetween(def, desiredDocument(def, olds), desiredDocument(def, news));
}

/**
 * The merge PATCH that turns document `before` into `after` (both normalized):
 * the top-level fields that differ, whole; `null` for a dropped one. The
 * server's own choice of a field the program leaves unset is not a change.
 */
export function mergePatchBetween(
  def: DefinitionTable,
  before: Props | undefined,
  after: Props | undefined,
): Props {
  const from: Props = { ...before };
  const to: Props = { ...after };
  for (const field of def.serverDefaulted ?? []) if (to[field] === undefined) delete from[field];
  const body: Props = {};
  for (const field of new Set([...Object.keys(from), ...Object.keys(to)])) {
    if (!isDeepStrictEqual(from[field], to[field])) body[field] = to[field] ?? null;
  }
  return body;
}
