/**
 * Each resource's example in the package schema (issue #26): one set of inputs per
 * kind, rendered as TypeScript (the generated Node.js SDK), Python, Go and YAML in the
 * `{{% examples %}}` block Pulumi's code generators read; each SDK keeps its own
 * language's block, so an IDE shows it with the resource's description.
 *
 * The inputs are checked by `check` (test/unit/pluginSchema.test.ts); the Python and Go
 * renderings are compiled against the generated SDKs (test/e2e/sdks.e2e.test.ts).
 */
import { stringify } from "yaml";
import { capitalize } from "../mapping";
import type { EnumTypeSpec, ObjectTypeSpec, PropertySpec } from "./schema";

/** One kind's example: the resource name in the program, and its inputs (camelCase). */
export interface SchemaExample {
  name: string;
  inputs: Record<string, unknown>;
}

/** The example of each kind, by type name. */
export const SCHEMA_EXAMPLES: Readonly<Record<string, SchemaExample>> = {
  Objectives: {
    name: "intake",
    inputs: {
      data: [
        {
          objectiveName: "ask_name",
          objectivePrompt: "Ask the caller's name.",
          nextRequiredObjectives: ["confirm_visit"],
        },
        { objectiveName: "confirm_visit", objectivePrompt: "Confirm the visit." },
      ],
    },
  },
  Guardrail: {
    name: "noMedicalAdvice",
    inputs: {
      guardrailName: "no_medical_advice",
      guardrailPrompt: "Never give medical advice.",
      tags: ["clinic"],
    },
  },
  GuardrailSet: {
    name: "clinicRules",
    inputs: {
      name: "Clinic rules",
      data: [{ guardrailName: "no_diagnosis", guardrailPrompt: "Never diagnose." }],
    },
  },
  PronunciationDictionary: {
    name: "names",
    inputs: {
      name: "Clinic names",
      rules: [{ text: "Tavus", pronunciation: "TAH-vus", type: "alias" }],
    },
  },
  Document: {
    name: "guide",
    inputs: { documentUrl: "https://example.com/guide.pdf", documentName: "Patient guide" },
  },
  Tool: {
    name: "bookVisit",
    inputs: { name: "book_visit", description: "Books a visit for the caller." },
  },
  MemoryStore: {
    name: "classMemories",
    inputs: { palId: "p1234567890", participantTag: "class-1", pinnedMemories: ["Likes chess."] },
  },
  Replica: {
    name: "anna",
    inputs: { replicaName: "Anna", trainVideoUrl: "https://example.com/train.mp4" },
  },
  Persona: {
    name: "receptionist",
    inputs: {
      personaName: "Receptionist",
      systemPrompt: "You are the friendly receptionist of a small clinic.",
      layers: { llm: { model: "tavus-gpt-oss" } },
    },
  },
  Conversation: {
    name: "call",
    inputs: { replicaId: "rf4703150052", personaId: "p48fdf065d6b" },
  },
  Deployment: {
    name: "widget",
    inputs: { palId: "p48fdf065d6b", channel: "widget" },
  },
};

type Types = Readonly<Record<string, ObjectTypeSpec | EnumTypeSpec>>;

/** What a property holds, with `$ref`s resolved. */
type Shape =
  | { kind: "primitive"; type: string }
  | { kind: "array"; items: Shape }
  | { kind: "map"; values: Shape }
  | { kind: "object"; name: string; spec: ObjectTypeSpec }
  | { kind: "enum"; name: string }
  | { kind: "any" };

function shapeOf(spec: PropertySpec, types: Types): Shape {
  if (spec.$ref?.startsWith("#/types/")) {
    const token = spec.$ref.slice("#/types/".length);
    const type = types[token]!;
    const name = token.split(":")[2]!;
    return type.type === "object" ? { kind: "object", name, spec: type } : { kind: "enum", name };
  }
  if (spec.$ref) return { kind: "any" };
  if (spec.type === "array") return { kind: "array", items: shapeOf(spec.items!, types) };
  if (spec.type === "object") {
    return { kind: "map", values: shapeOf(spec.additionalProperties ?? {}, types) };
  }
  return { kind: "primitive", type: spec.type ?? "string" };
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const indent = (depth: number, unit: string) => unit.repeat(depth);

// ------------------------------------------------------------ TypeScript

function ts(value: unknown, depth: number): string {
  if (Array.isArray(value)) {
    const items = value.map((v) => `${indent(depth + 1, "    ")}${ts(v, depth + 1)},`);
    return `[\n${items.join("\n")}\n${indent(depth, "    ")}]`;
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value).map(
      ([k, v]) =>
        `${indent(depth + 1, "    ")}${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${ts(v, depth + 1)},`,
    );
    return `{\n${entries.join("\n")}\n${indent(depth, "    ")}}`;
  }
  return JSON.stringify(value);
}

// ------------------------------------------------------------ Python

function py(value: unknown, shape: Shape, depth: number, types: Types): string {
  const pad = (d: number) => indent(d, "    ");
  if (Array.isArray(value)) {
    const items = shape.kind === "array" ? shape.items : shape;
    const lines = value.map((v) => `${pad(depth + 1)}${py(v, items, depth + 1, types)},`);
    return `[\n${lines.join("\n")}\n${pad(depth)}]`;
  }
  if (value && typeof value === "object") {
    // A named type is a dict with snake_case keys (its ArgsDict); a map keeps its keys.
    const lines = Object.entries(value).map(([k, v]) => {
      const key = shape.kind === "object" ? snake(k) : k;
      const inner =
        shape.kind === "object"
          ? fieldShape(shape.spec, k, types)
          : shape.kind === "map"
            ? shape.values
            : ({ kind: "any" } as Shape);
      return `${pad(depth + 1)}${JSON.stringify(key)}: ${py(v, inner, depth + 1, types)},`;
    });
    return `{\n${lines.join("\n")}\n${pad(depth)}}`;
  }
  if (typeof value === "boolean") return value ? "True" : "False";
  return JSON.stringify(value);
}

/** The shape of an object's field; an example field the schema lacks is a build error. */
function fieldShape(spec: ObjectTypeSpec, field: string, types: Types): Shape {
  const property = spec.properties[field];
  if (!property) throw new Error(`Example field ${field} is not in the schema`);
  return shapeOf(property, types);
}

// ------------------------------------------------------------ Go

function goValue(
  value: unknown,
  shape: Shape,
  depth: number,
  types: Types,
  inArray = false,
): string {
  const pad = (d: number) => indent(d, "\t");
  switch (shape.kind) {
    case "primitive":
      if (shape.type === "string") return `pulumi.String(${JSON.stringify(value)})`;
      if (shape.type === "boolean") return `pulumi.Bool(${String(value)})`;
      if (shape.type === "integer") return `pulumi.Int(${String(value)})`;
      return `pulumi.Float64(${String(value)})`;
    case "enum":
      return `tavus.${shape.name}(${JSON.stringify(value)})`;
    case "object": {
      const lines = Object.entries(value as Record<string, unknown>).map(
        ([k, v]) =>
          `${pad(depth + 1)}${capitalize(k)}: ${goValue(v, fieldShape(shape.spec, k, types), depth + 1, types)},`,
      );
      // Array elements are values (XArgs); a single nested field is a pointer (&XArgs).
      return `${inArray ? "" : "&"}tavus.${shape.name}Args{\n${lines.join("\n")}\n${pad(depth)}}`;
    }
    case "array": {
      const items = (value as unknown[]).map(
        (v) => `${pad(depth + 1)}${goValue(v, shape.items, depth + 1, types, true)},`,
      );
      return `${goArrayType(shape.items)}{\n${items.join("\n")}\n${pad(depth)}}`;
    }
    case "map": {
      const entries = Object.entries(value as Record<string, unknown>).map(
        ([k, v]) =>
          `${pad(depth + 1)}${JSON.stringify(k)}: ${goValue(v, shape.values, depth + 1, types)},`,
      );
      const type = shape.values.kind === "primitive" && shape.values.type === "string";
      return `${type ? "pulumi.StringMap" : "pulumi.Map"}{\n${entries.join("\n")}\n${pad(depth)}}`;
    }
    case "any":
      return `pulumi.Any(${JSON.stringify(value)})`;
  }
}

function goArrayType(items: Shape): string {
  if (items.kind === "object" || items.kind === "enum") return `tavus.${items.name}Array`;
  if (items.kind === "primitive") {
    const name = { string: "String", boolean: "Bool", integer: "Int", number: "Float64" }[
      items.type
    ];
    if (name) return `pulumi.${name}Array`;
  }
  return "pulumi.Array";
}

// ------------------------------------------------------------ all four

/**
 * The `{{% examples %}}` block of a resource: its example in TypeScript, Python, Go and YAML.
 * @param token the resource's type token (`tavus:index:Persona`).
 * @param inputs the resource's input properties in the schema.
 * @param types the schema's named types, to write nested values in each language's form.
 */
export function exampleUsage(
  token: string,
  inputs: Readonly<Record<string, PropertySpec>>,
  types: Types,
): string {
  const kind = token.split(":")[2]!;
  const example = SCHEMA_EXAMPLES[kind];
  if (!example) throw new Error(`No schema example for ${kind} (provider/plugin/examples.ts)`);
  const resource: ObjectTypeSpec = { type: "object", properties: { ...inputs } };
  const shape = (field: string) => fieldShape(resource, field, types);
  const entries = Object.entries(example.inputs);

  const typescript = [
    `import * as tavus from "pulumi-tavus-sdk";`,
    "",
    `const ${example.name} = new tavus.${kind}("${example.name}", ${ts(example.inputs, 0)});`,
  ].join("\n");

  const python = [
    "import pulumi_tavus as tavus",
    "",
    `${snake(example.name)} = tavus.${kind}(`,
    `    "${example.name}",`,
    ...entries.map(([k, v]) => `    ${snake(k)}=${py(v, shape(k), 1, types)},`),
    ")",
  ].join("\n");

  const go = [
    "package main",
    "",
    "import (",
    '\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"',
    "",
    '\t"pulumi-tavus/sdk/go/tavus"',
    ")",
    "",
    "func main() {",
    "\tpulumi.Run(func(ctx *pulumi.Context) error {",
    `\t\t_, err := tavus.New${kind}(ctx, "${example.name}", &tavus.${kind}Args{`,
    ...entries.map(([k, v]) => `\t\t\t${capitalize(k)}: ${goValue(v, shape(k), 3, types)},`),
    "\t\t})",
    "\t\treturn err",
    "\t})",
    "}",
  ].join("\n");

  const yaml = stringify({
    resources: { [example.name]: { type: token, properties: example.inputs } },
  }).trimEnd();

  return [
    "{{% examples %}}",
    "## Example Usage",
    "{{% example %}}",
    "",
    ...[
      ["typescript", typescript],
      ["python", python],
      ["go", go],
      ["yaml", yaml],
    ].map(([language, code]) => `\`\`\`${language}\n${code}\n\`\`\``),
    "{{% /example %}}",
    "{{% /examples %}}",
  ].join("\n");
}
