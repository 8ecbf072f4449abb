/**
 * The plugin's Pulumi package schema, derived from the same definitions the
 * dynamic resources use (issue #16): every kind's JSON Schema becomes camelCase
 * input and output properties, nested objects become named types, string enums
 * become enum types, and the secret paths and outputs are marked `secret`.
 *
 * Pure: the build (scripts/write-plugin-schema.js) calls it with the TSDoc it
 * reads from the sources and writes dist/provider/plugin/schema.json;
 * test/unit/pluginSchema.test.ts checks it against the definitions and `check`.
 */
import type { DefinitionTable, ValueKind } from "../definitions/table";
import { camelCase, capitalize, fromWire, isPlainObject } from "../mapping";
import { idOutputOf } from "../resources/documents";
import { exampleUsage } from "./examples";
import { SETTINGS } from "../settings";
import { PACKAGE_NAME, PLUGIN_KINDS } from "./kinds";

/** A property: a primitive, an array, a map (`additionalProperties`) or a `$ref` to a type. */
export interface PropertySpec {
  type?: "string" | "number" | "integer" | "boolean" | "array" | "object";
  $ref?: string;
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
  description?: string;
  secret?: boolean;
}

/** A named object type (`types["tavus:index:PersonaLayersLlm"]`). */
export interface ObjectTypeSpec {
  type: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

/** A named enum type: the values a string field takes. */
export interface EnumTypeSpec {
  type: "string";
  description?: string;
  enum: { value: string }[];
}

/** A resource: its inputs and its outputs (`properties`), each with the names always present. */
export interface ResourceSpec {
  description: string;
  inputProperties: Record<string, PropertySpec>;
  requiredInputs: string[];
  properties: Record<string, PropertySpec>;
  required: string[];
}

/** The parts of Pulumi's package schema this plugin uses. */
export interface PackageSchema {
  name: string;
  displayName: string;
  description: string;
  version: string;
  license: string;
  keywords: string[];
  /** `supportPack`: every SDK carries the version and Go gets a go.mod (scripts/sdkgen). */
  meta: { moduleFormat: string; supportPack: boolean };
  /** What each code generator needs (scripts/sdkgen): package names and import paths. */
  language: Record<string, Record<string, unknown>>;
  config: { variables: Record<string, PropertySpec> };
  provider: { description: string; inputProperties: Record<string, PropertySpec> };
  resources: Record<string, ResourceSpec>;
  types: Record<string, ObjectTypeSpec | EnumTypeSpec>;
}

/** What the schema takes from outside the definitions. */
export interface PackageSchemaOptions {
  /** The package version (semver), package.json's. */
  version: string;
  /**
   * Descriptions read from the sources' TSDoc, keyed by type token for a
   * resource (`tavus:index:Persona`) and by config key for a setting (`tavus:baseUrl`).
   */
  descriptions?: Readonly<Record<string, string>>;
}

/**
 * The generated SDKs' names (README "Go and Python SDKs"). The Go module is local (a
 * `replace` points at sdk/go), so its path names this project, not a host. Each
 * generator writes the schema's version into its SDK (`respectSchemaVersion`).
 */
export const SDK_LANGUAGES = {
  go: {
    importBasePath: "pulumi-tavus/sdk/go/tavus",
    respectSchemaVersion: true,
  },
  python: {
    packageName: "pulumi_tavus",
    pythonRequires: ">=3.9",
    respectSchemaVersion: true,
    pyproject: { enabled: true },
  },
  nodejs: {
    packageName: "pulumi-tavus-sdk",
    packageDescription:
      "The Tavus package generated from the plugin's schema (pulumi-resource-tavus).",
    respectSchemaVersion: true,
  },
} as const;

/** `pulumi.json#/Any`: a value of any shape. */
export const ANY_REF = "pulumi.json#/Any";

// Provider-only options and hints have no schema node to carry a description: written here,
// and the unit test fails when a definition gains one that is missing.
/** Descriptions of the definitions' options and check hints, by wire name. */
export const OPTION_DESCRIPTIONS: Readonly<Record<string, string>> = {
  adopt_id:
    "The id of an existing object to take over instead of creating one (one GET, then a PATCH only if it differs). Pointing it at another object later replaces; dropping it changes nothing.",
  hard_delete:
    "Delete for good instead of the API's soft delete. Default: the provider's `hardDelete`, else false.",
  overwrite_maker_draft:
    "Update this persona even while a PAL Maker draft is open, discarding the draft (`?force=true`). Default: the provider's `overwriteMakerDrafts`, else false.",
  wait_for_training: "Wait until training ends (`completed`/`ready` or `error`). Default: false.",
  training_timeout_seconds: "Limit of the wait for training, in seconds. Default: 3600.",
  wait_for_ready: "Wait until processing ends (`ready` or `error`). Default: false.",
  ready_timeout_seconds:
    "Limit of the wait for processing, and of the wait for a crawl slot (five crawls run at once at most), in seconds. Default: 3600.",
  recrawl_trigger: "Any new value asks Tavus to crawl the website again (needs `crawl`).",
  tool_ids:
    "The tools attached to the persona; a tool removed from the list is detached, not deleted. Without it, the persona's tools are not touched.",
  skills:
    "The persona's skills, skill id to config (`internetSearch: {}`, `presentation: {documentIds, slidesTrigger, prompt}`, `magicCanvas: {components}`); the whole set is the persona's. Without it, the persona's skills are not touched.",
  persona_default_replica_id:
    "The `defaultReplicaId` of the persona `personaId` names, so that check accepts a conversation without `replicaId`. Never sent.",
};

/**
 * The package schema of `pulumi-resource-tavus`.
 * @param options the version, and descriptions read from TSDoc at build time.
 */
export function packageSchema(options: PackageSchemaOptions): PackageSchema {
  const descriptions = options.descriptions ?? {};
  const settings = settingProperties(descriptions);
  const types: PackageSchema["types"] = {};
  const resources: PackageSchema["resources"] = {};
  for (const kind of PLUGIN_KINDS) {
    resources[kind.token] = resourceSpec(kind.definition, types, descriptions[kind.token]);
  }
  // After every kind: an example may use a type another kind named first.
  for (const [token, resource] of Object.entries(resources)) {
    resource.description += `\n\n${exampleUsage(token, resource.inputProperties, types)}`;
  }
  return {
    name: PACKAGE_NAME,
    displayName: "Tavus",
    description:
      "Tavus conversational video: personas, replicas, conversations and what a persona points at.",
    version: options.version,
    license: "Apache-2.0",
    keywords: ["pulumi", "tavus", "category/ai"],
    meta: { moduleFormat: "(.*)", supportPack: true },
    language: structuredClone(SDK_LANGUAGES) as PackageSchema["language"],
    config: { variables: settings },
    provider: {
      description: "The Tavus provider: the API key and how requests are made.",
      inputProperties: settings,
    },
    resources,
    types,
  };
}

/** Config keys without the `tavus:` prefix, typed as settings.ts parses them. */
function settingProperties(descriptions: Readonly<Record<string, string>>) {
  const types: Record<keyof typeof SETTINGS, "string" | "boolean" | "number"> = {
    apiKey: "string",
    baseUrl: "string",
    hardDelete: "boolean",
    timeoutMs: "number",
    maxRetries: "number",
    retryBaseDelayMs: "number",
    maxConcurrentRequests: "number",
    requestsPerSecond: "number",
    overwriteMakerDrafts: "boolean",
  };
  const properties: Record<string, PropertySpec> = {};
  for (const [name, { config, env }] of Object.entries(SETTINGS)) {
    const own = descriptions[config] ?? (name === "apiKey" ? "The Tavus API key." : undefined);
    properties[name] = {
      type: types[name as keyof typeof SETTINGS],
      description: joined(own, `Falls back to the environment variable \`${env}\`.`),
      ...(name === "apiKey" ? { secret: true } : {}),
    };
  }
  return properties;
}

// ------------------------------------------------------------ resources

function resourceSpec(
  def: DefinitionTable,
  types: PackageSchema["types"],
  description: string | undefined,
): ResourceSpec {
  const schema = def.schema as { properties?: Record<string, object>; required?: string[] };
  const secretPaths = Object.entries(def.secretOutputs ?? {}).flatMap(
    ([output, { under, paths }]) =>
      paths.map((p) => ({ path: [under, ...p], output: camelCase(output) })),
  );
  const walk: Walk = { typeName: def.typeName, types, secretPaths, named: new Map() };
  const inputs: Record<string, PropertySpec> = {};
  const conditions = conditionallyRequired(def.schema);
  for (const [field, node] of Object.entries(schema.properties ?? {})) {
    const property = propertyOf(node, [field], walk);
    const replaces = def.replaceOnChanges === "all" || def.replaceOnChanges?.includes(field);
    inputs[camelCase(field)] = withNote(
      property,
      conditions.get(field),
      replaces ? "Changing it replaces the object." : undefined,
    );
  }
  for (const [field, kind] of Object.entries({ ...def.options, ...def.checkHints })) {
    const { description: constraint, ...spec } = valueKindProperty(kind);
    inputs[camelCase(field)] = withNote(spec, OPTION_DESCRIPTIONS[field], constraint);
  }
  const outputs: Record<string, PropertySpec> = { ...inputs };
  const id = idOutputOf(def);
  outputs[id] = { type: "string", description: `The id Tavus gave the ${def.kind}.` };
  for (const [field, kind] of Object.entries(def.serverOutputs)) {
    outputs[camelCase(field)] = valueKindProperty(kind);
  }
  for (const [output, { under, paths }] of Object.entries(def.secretOutputs ?? {})) {
    const shown = paths.map((p) => `\`${p.map(camelCase).join(".")}\``).join(", ");
    // An input too: `pulumi import` generates code from the stored inputs, where
    // the plugin keeps these apart; a program may write them either place.
    const spec: PropertySpec = {
      ...inputs[camelCase(under)],
      secret: true,
      description: `The secret parts of \`${camelCase(under)}\` (${shown}), encrypted in state; the rest of \`${camelCase(under)}\` stays readable. A program may write them here or inside \`${camelCase(under)}\`; the plugin moves them here either way.`,
    };
    inputs[camelCase(output)] = spec;
    outputs[camelCase(output)] = spec;
  }
  for (const field of def.secretServerOutputs ?? []) {
    outputs[camelCase(field)] = { ...outputs[camelCase(field)], secret: true };
  }
  // Write-only fields (a deployment's password) are secrets in and out.
  for (const field of def.writeOnly ?? []) {
    inputs[camelCase(field)] = { ...inputs[camelCase(field)], secret: true };
    outputs[camelCase(field)] = { ...outputs[camelCase(field)], secret: true };
  }
  const requiredInputs = (schema.required ?? []).map(camelCase);
  return {
    description: description ?? `A Tavus ${def.kind}.`,
    inputProperties: inputs,
    requiredInputs,
    properties: outputs,
    required: [id, ...requiredInputs],
  };
}

/**
 * Fields a top-level `if`/`else` requires, with the condition in words: a
 * package schema has no conditional requirement, so it is said in the description
 * (a persona's `systemPrompt`, unless `pipelineMode` is "echo").
 */
function conditionallyRequired(schema: object): Map<string, string> {
  const notes = new Map<string, string>();
  const { if: condition, else: otherwise } = schema as { if?: Node; else?: Node };
  const consts = Object.entries(isPlainObject(condition?.properties) ? condition.properties : {})
    .filter(([, node]) => isPlainObject(node) && "const" in node)
    .map(
      ([field, node]) => `\`${camelCase(field)}\` is \`${JSON.stringify((node as Node).const)}\``,
    );
  const required = Array.isArray(otherwise?.required) ? (otherwise.required as string[]) : [];
  for (const field of required) {
    notes.set(field, `Required unless ${consts.join(" and ")}.`);
  }
  return notes;
}

function valueKindProperty(kind: ValueKind): PropertySpec {
  if (kind === "stringArray") return { type: "array", items: { type: "string" } };
  if (kind === "positiveNumber") return { type: "number", description: "More than 0." };
  if (kind === "object")
    return { type: "object", additionalProperties: { $ref: "pulumi.json#/Any" } };
  return { type: kind };
}

// ------------------------------------------------------------ schema nodes

interface Walk {
  /** The kind's type name, the first part of its types' names. */
  typeName: string;
  types: PackageSchema["types"];
  /** Wire paths whose values are secrets (`*`: any array index), and the output that keeps them. */
  secretPaths: { path: string[]; output: string }[];
  /** Object nodes already named, so one shared node (a persona's tool) is one type. */
  named: Map<object, string>;
}

type Node = Record<string, unknown>;

/**
 * The property for a JSON Schema node at wire `path` (`*` for array items).
 * Order matters: an `x-opaque` map keeps the user's keys whatever it declares.
 */
function propertyOf(raw: object, path: string[], walk: Walk): PropertySpec {
  const node = raw as Node;
  const secret = walk.secretPaths.find((p) => sameWirePath(p.path, path));
  const base = shapeOf(node, path, walk);
  const description = joined(
    base.description,
    typeof node.description === "string" ? sentence(node.description) : undefined,
    typeof node["x-hint"] === "string" ? sentence(node["x-hint"]) : undefined,
    Array.isArray(node["x-catalogue"])
      ? `Known values: ${node["x-catalogue"].map((v) => `\`${String(v)}\``).join(", ")}; others are sent with a warning, and Tavus decides.`
      : undefined,
    "default" in node ? `Default: \`${JSON.stringify(fromWire(node.default, node))}\`.` : undefined,
    // A program writes it here; the provider moves it into the encrypted output.
    secret ? `Secret: kept in the encrypted output \`${secret.output}\`.` : undefined,
  );
  return {
    ...base,
    ...(description ? { description } : {}),
    ...(secret ? { secret: true } : {}),
  };
}

function shapeOf(node: Node, path: string[], walk: Walk): PropertySpec {
  if (node["x-opaque"] === true) {
    // A map of strings stays one (headers, query params); any other opaque node is any JSON.
    const values = node.additionalProperties as Node | undefined;
    const primitive = isPlainObject(values) && isPrimitive(values.type) ? values.type : undefined;
    return {
      type: "object",
      additionalProperties: primitive ? { type: primitive } : { $ref: ANY_REF },
      description: "Keys are passed as written, never renamed.",
    };
  }
  if (Array.isArray(node.enum)) return enumRef(node.enum, path, walk);
  if ("const" in node) {
    const type = primitiveOf(node.const);
    return type
      ? { type, description: `Always \`${JSON.stringify(node.const)}\`.` }
      : { $ref: ANY_REF };
  }
  if (Array.isArray(node.type)) {
    return { $ref: ANY_REF, description: `One of: ${node.type.join(", ")}.` };
  }
  if (node.type === "array") {
    const items = isPlainObject(node.items) ? node.items : {};
    return { type: "array", items: propertyOf(items, [...path, "*"], walk) };
  }
  if (node.type === "object") return objectShape(node, path, walk);
  if (isPrimitive(node.type)) return { type: node.type };
  return { $ref: ANY_REF };
}

/**
 * A closed object becomes a named type; an open one (extra keys allowed, as a
 * voice's engine-specific settings) a map of any value, which is what it accepts.
 */
function objectShape(node: Node, path: string[], walk: Walk): PropertySpec {
  const properties = isPlainObject(node.properties)
    ? (node.properties as Record<string, Node>)
    : {};
  if (node.additionalProperties !== false) {
    const values = isPlainObject(node.additionalProperties)
      ? propertyOf(node.additionalProperties, [...path, "*"], walk)
      : { $ref: ANY_REF };
    const known = Object.keys(properties).map(camelCase);
    return {
      type: "object",
      additionalProperties: values,
      ...(known.length ? { description: `Known keys: ${known.join(", ")}.` } : {}),
    };
  }
  const existing = walk.named.get(node);
  if (existing) return { $ref: `#/types/${existing}` };
  const token = typeToken(walk, path);
  walk.named.set(node, token);
  const spec: ObjectTypeSpec = { type: "object", properties: {} };
  walk.types[token] = spec;
  for (const [field, child] of Object.entries(properties)) {
    spec.properties[camelCase(field)] = propertyOf(child, [...path, field], walk);
  }
  if (Array.isArray(node.required) && node.required.length) {
    spec.required = (node.required as string[]).map(camelCase);
  }
  return { $ref: `#/types/${token}` };
}

function enumRef(values: unknown[], path: string[], walk: Walk): PropertySpec {
  if (!values.every((v) => typeof v === "string")) return { $ref: ANY_REF };
  const token = typeToken(walk, path);
  walk.types[token] = { type: "string", enum: values.map((value) => ({ value })) };
  return { $ref: `#/types/${token}` };
}

/** `tavus:index:PersonaLayersConversationalFlow`: the kind, then each field of the path. */
function typeToken(walk: Walk, path: string[]): string {
  const parts = path.filter((s) => s !== "*").map((s) => capitalize(camelCase(s)));
  const token = `${PACKAGE_NAME}:index:${walk.typeName}${parts.join("")}`;
  if (walk.types[token]) throw new Error(`Two schema nodes would both be type ${token}`);
  return token;
}

// ------------------------------------------------------------ helpers

type Primitive = "string" | "number" | "integer" | "boolean";

function isPrimitive(type: unknown): type is Primitive {
  return type === "string" || type === "number" || type === "integer" || type === "boolean";
}

function primitiveOf(value: unknown): Primitive | undefined {
  const type = typeof value;
  return type === "string" || type === "number" || type === "boolean" ? type : undefined;
}

function sameWirePath(pattern: string[], path: string[]): boolean {
  return (
    pattern.length === path.length &&
    pattern.every((s, i) => s === "*" || s === path[i] || path[i] === "*")
  );
}

function withNote(property: PropertySpec, ...notes: (string | undefined)[]): PropertySpec {
  const description = joined(property.description, ...notes);
  return description ? { ...property, description } : property;
}

/** The parts given, joined by spaces; "" when none. */
function joined(...parts: (string | undefined)[]): string {
  return parts.filter((p) => p).join(" ");
}

function sentence(text: string): string {
  const trimmed = capitalize(text.trim());
  return /[.!?)]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
