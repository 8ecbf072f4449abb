/**
 * The plugin's package schema against the definitions it comes from and the
 * `check` that enforces them: a field, enum value, requirement or secret that
 * drifts between the two fails here (issue #16).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { DefinitionTable } from "../../provider/definitions/table";
import { camelCase, isPlainObject } from "../../provider/mapping";
import { PLUGIN_KINDS, type PluginKind } from "../../provider/plugin/kinds";
import {
  ANY_REF,
  OPTION_DESCRIPTIONS,
  packageSchema,
  type EnumTypeSpec,
  type ObjectTypeSpec,
  type PropertySpec,
  type ResourceSpec,
} from "../../provider/plugin/schema";
import { SCHEMA_EXAMPLES } from "../../provider/plugin/examples";
import { idOutputOf, serverOutputNames } from "../../provider/resources/documents";
import { configureFromStack, currentSettings, SETTINGS } from "../../provider/settings";

const schema = packageSchema({ version: "1.2.3" });
const resourceOf = (kind: PluginKind): ResourceSpec => schema.resources[kind.token]!;

/**
 * Inputs `check` accepts, at least one per kind; where a field is required only
 * in some cases (a replica's video or image), one example without it each.
 */
const VALID_INPUTS: Record<string, Record<string, unknown>[]> = {
  Objectives: [{ data: [{ objectiveName: "greet", objectivePrompt: "Say hello" }] }],
  Guardrail: [{ guardrailName: "no_advice", guardrailPrompt: "Give no medical advice" }],
  GuardrailSet: [{ name: "rules", data: [{ guardrailName: "a", guardrailPrompt: "b" }] }],
  PronunciationDictionary: [{ name: "names" }],
  Document: [{ documentUrl: "https://example.com/guide.pdf" }],
  Tool: [{ name: "book_visit", description: "Books a visit" }],
  MemoryStore: [
    { palId: "p1234567890", participantTag: "class-1", pinnedMemories: ["fact"] },
    { palId: "p1234567890", participantTag: "class-1" },
  ],
  Replica: [
    { trainVideoUrl: "https://example.com/train.mp4" },
    { trainImageUrl: "https://example.com/face.png", voiceName: "anna" },
    { adoptId: "r79e1c033f" },
  ],
  Persona: [{ systemPrompt: "You coach." }, { pipelineMode: "echo" }],
  Conversation: [{ replicaId: "rf4703150052" }, { personaId: "p48fdf065d6b" }],
  Deployment: [{ palId: "p48fdf065d6b", channel: "widget" }],
};

const check = (kind: PluginKind, news: Record<string, unknown>) =>
  (kind.provider() as Required<pulumi.dynamic.ResourceProvider>).check({}, news);

function typeAt(ref: string | undefined): ObjectTypeSpec | EnumTypeSpec | undefined {
  return ref?.startsWith("#/types/") ? schema.types[ref.slice("#/types/".length)] : undefined;
}

/** The property at a wire path, following `$ref`s through object types. */
function propertyAtWirePath(resource: ResourceSpec, path: readonly string[]): PropertySpec {
  const [head, ...rest] = path;
  let property = resource.inputProperties[camelCase(head!)];
  for (const segment of rest) {
    const type = typeAt(property?.$ref);
    property = type?.type === "object" ? type.properties[camelCase(segment)] : undefined;
  }
  if (!property) throw new Error(`no property at ${path.join(".")}`);
  return property;
}

/** Every value at every depth of a JSON value, with its key. */
function* entries(value: unknown): Generator<[string, unknown]> {
  if (Array.isArray(value)) for (const item of value) yield* entries(item);
  else if (isPlainObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      yield [key, child];
      yield* entries(child);
    }
  }
}

/**
 * Walks a definition's JSON Schema node and the schema property made of it
 * together, failing on the first place they disagree.
 */
function expectAgrees(node: Record<string, unknown>, property: PropertySpec, at: string): void {
  if (node["x-opaque"] === true) {
    expect({ at, type: property.type, map: isPlainObject(property.additionalProperties) }).toEqual({
      at,
      type: "object",
      map: true,
    });
    return;
  }
  if (Array.isArray(node.enum)) {
    const type = typeAt(property.$ref);
    expect({
      at,
      type: type?.type,
      values: (type as EnumTypeSpec).enum?.map((e) => e.value),
    }).toEqual({ at, type: "string", values: node.enum });
    return;
  }
  if (node.type === "array") {
    expect({ at, type: property.type }).toEqual({ at, type: "array" });
    expectAgrees(node.items as Record<string, unknown>, property.items!, `${at}[]`);
    return;
  }
  if (node.type === "object" && node.additionalProperties === false) {
    const type = typeAt(property.$ref) as ObjectTypeSpec;
    const fields = Object.keys(node.properties as object);
    expect({ at, names: Object.keys(type?.properties ?? {}), required: type?.required }).toEqual({
      at,
      names: fields.map(camelCase),
      required: (node.required as string[] | undefined)?.map(camelCase),
    });
    for (const field of fields) {
      const child = (node.properties as Record<string, Record<string, unknown>>)[field]!;
      expectAgrees(child, type.properties[camelCase(field)]!, `${at}.${field}`);
    }
    return;
  }
  if (node.type === "object") {
    // Open: it takes keys it does not declare (a voice's engine-specific settings).
    expect({ at, type: property.type, map: isPlainObject(property.additionalProperties) }).toEqual({
      at,
      type: "object",
      map: true,
    });
    return;
  }
  if (["string", "number", "integer", "boolean"].includes(node.type as string)) {
    expect({ at, type: property.type }).toEqual({ at, type: node.type });
  }
}

describe.each(PLUGIN_KINDS.map((kind) => [kind.definition.typeName, kind] as const))(
  "the plugin schema of %s",
  (_name, kind) => {
    const def: DefinitionTable = kind.definition;
    const fields = Object.keys((def.schema as { properties: object }).properties);
    const resource = resourceOf(kind);

    test("takes the definition's fields, options, hints and secret outputs as inputs, in camelCase", () => {
      const expected = [
        ...fields,
        ...Object.keys(def.options),
        ...Object.keys(def.checkHints ?? {}),
        // What `pulumi import` generates code from: the plugin keeps secret parts apart.
        ...Object.keys(def.secretOutputs ?? {}),
      ];
      expect(Object.keys(resource.inputProperties).sort()).toEqual(expected.map(camelCase).sort());
    });

    test("outputs the inputs, the id, the server fields and the secret outputs", () => {
      const secretOutputs = Object.keys(def.secretOutputs ?? {}).map(camelCase);
      expect(Object.keys(resource.properties).sort()).toEqual(
        [...new Set([...Object.keys(resource.inputProperties), ...secretOutputs])]
          .concat(serverOutputNames(def))
          .sort(),
      );
      expect(resource.required).toEqual([idOutputOf(def), ...resource.requiredInputs]);
    });

    test("every field agrees with its JSON Schema node at every depth", () => {
      for (const field of fields) {
        const node = (def.schema as { properties: Record<string, Record<string, unknown>> })
          .properties[field]!;
        expectAgrees(node, resource.inputProperties[camelCase(field)]!, field);
      }
    });

    test("requires exactly what every input check accepts has", async () => {
      const examples = VALID_INPUTS[def.typeName]!;
      for (const example of examples) {
        expect({ example, failures: (await check(kind, example)).failures }).toEqual({
          example,
          failures: undefined,
        });
      }
      const inEvery = Object.keys(examples[0]!).filter((k) => examples.every((e) => k in e));
      expect([...resource.requiredInputs].sort()).toEqual(inEvery.sort());
      expect(resource.requiredInputs).toEqual(
        ((def.schema as { required?: string[] }).required ?? []).map(camelCase),
      );
    });

    test("check fails naming each required input that is missing", async () => {
      for (const field of resource.requiredInputs) {
        const { [field]: _dropped, ...rest } = VALID_INPUTS[def.typeName]![0]!;
        const failures = (await check(kind, rest)).failures ?? [];
        expect(failures.map((f) => f.property)).toContain(field);
      }
    });

    test("marks every secret path and every secret output secret", () => {
      for (const { under, paths } of Object.values(def.secretOutputs ?? {})) {
        for (const path of paths) {
          expect({ path, secret: propertyAtWirePath(resource, [under, ...path]).secret }).toEqual({
            path,
            secret: true,
          });
        }
      }
      const secretOutputs = [
        ...Object.keys(def.secretOutputs ?? {}),
        ...(def.secretServerOutputs ?? []),
        ...(def.writeOnly ?? []),
      ].map(camelCase);
      for (const name of secretOutputs) expect(resource.properties[name]?.secret).toBe(true);
      for (const name of Object.keys(def.secretOutputs ?? {}).map(camelCase))
        expect(resource.inputProperties[name]?.secret).toBe(true);
      const notSecret = Object.entries(resource.properties).filter(
        ([name, p]) => p.secret && !secretOutputs.includes(name),
      );
      expect(notSecret).toEqual([]);
    });

    test("its description's example passes check and is written in TypeScript, Python, Go and YAML", async () => {
      const { name, inputs } = SCHEMA_EXAMPLES[def.typeName]!;
      expect({ inputs, failures: (await check(kind, inputs)).failures }).toEqual({
        inputs,
        failures: undefined,
      });
      const blocks = [...resource.description.matchAll(/```(\w+)\n([\s\S]*?)```/g)];
      expect(blocks.map(([, language]) => language)).toEqual([
        "typescript",
        "python",
        "go",
        "yaml",
      ]);
      for (const [, , code] of blocks) expect(code).toContain(name);
      expect(resource.description).toMatch(/\{\{% examples %\}\}[\s\S]*\{\{% \/examples %\}\}$/);
    });

    test("describes every option and hint", () => {
      for (const field of [...Object.keys(def.options), ...Object.keys(def.checkHints ?? {})]) {
        expect({ field, description: OPTION_DESCRIPTIONS[field] }).toEqual({
          field,
          description: expect.stringMatching(/\w/),
        });
      }
    });
  },
);

describe("the plugin schema as a whole", () => {
  test("every $ref names a type of the schema or Pulumi's Any", () => {
    const refs = [...entries(schema)].filter(([key]) => key === "$ref").map(([, v]) => v);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      if (ref !== ANY_REF)
        expect({ ref, found: typeAt(ref as string) !== undefined }).toEqual({ ref, found: true });
    }
  });

  test("every type is used, and no object is inline: objects are named types or maps", () => {
    const json = JSON.stringify(schema);
    for (const token of Object.keys(schema.types)) expect(json).toContain(`"#/types/${token}"`);
    const properties = [
      ...Object.values(schema.resources).flatMap((r) => [
        ...Object.values(r.inputProperties),
        ...Object.values(r.properties),
      ]),
      ...Object.values(schema.types).flatMap((t) =>
        t.type === "object" ? Object.values(t.properties) : [],
      ),
    ];
    const inline = [...entries(properties)]
      .map(([, v]) => v)
      .concat(properties)
      .filter(
        (p) =>
          isPlainObject(p) && p.type === "object" && (!p.additionalProperties || "properties" in p),
      );
    expect(inline).toEqual([]);
  });

  test("has one config variable and provider input per setting, typed as settings.ts parses it", () => {
    expect(Object.keys(schema.config.variables)).toEqual(Object.keys(SETTINGS));
    expect(schema.provider.inputProperties).toEqual(schema.config.variables);
    expect(schema.config.variables.apiKey?.secret).toBe(true);
    // "1" is a valid string, boolean and number: the parsed value's type is the setting's.
    configureFromStack({ get: () => "1" });
    try {
      const parsed = currentSettings({});
      for (const [name, spec] of Object.entries(schema.config.variables)) {
        expect({ name, type: typeof parsed[name as keyof typeof parsed] }).toEqual({
          name,
          type: spec.type,
        });
      }
    } finally {
      configureFromStack({ get: () => undefined });
    }
  });

  test("takes the version, and descriptions by type token and config key", () => {
    const described = packageSchema({
      version: "2.0.0",
      descriptions: { "tavus:index:Persona": "A persona.", "tavus:baseUrl": "Where the API is." },
    });
    expect(described.version).toBe("2.0.0");
    // The given description, then the example.
    expect(described.resources["tavus:index:Persona"]?.description).toMatch(
      /^A persona\.\n\n\{\{% examples %\}\}/,
    );
    expect(described.config.variables.baseUrl?.description).toMatch(/^Where the API is\. /);
  });
});
