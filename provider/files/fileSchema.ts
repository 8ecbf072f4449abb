/**
 * The JSON Schema of a kind's file, derived from the kind's definition: the
 * API's document, plus the server fields an exported object carries (the id
 * field means adopt), the provider options (`tool_ids`, `wait_for_ready`…) and
 * `<field>_file` for each free-text field.
 */
import type { ValueKind } from "../definitions/table";
import type { FileKind, KindFolder } from "./kinds";

/** The server fields of a kind: accepted in files, dropped before deploying. */
export function serverFields(kind: FileKind): Record<string, ValueKind> {
  const def = kind.definition;
  return { [def.idField]: "string", ...def.serverOutputs, ...(def.ignoredServerFields ?? {}) };
}

/** Top-level free-text fields: the ones a `<field>_file` may hold (prompts, descriptions). */
export function textFields(kind: FileKind): string[] {
  const props = (kind.definition.schema as { properties?: Record<string, unknown> }).properties;
  return Object.entries(props ?? {})
    .filter(([name, s]) => {
      const node = s as { type?: unknown; pattern?: unknown; maxLength?: number };
      return (
        node.type === "string" &&
        node.pattern === undefined &&
        !name.endsWith("name") &&
        (node.maxLength === undefined || node.maxLength >= 1000)
      );
    })
    .map(([name]) => name);
}

function schemaOfValue(kind: ValueKind): object {
  switch (kind) {
    case "boolean":
      return { type: "boolean" };
    case "number":
      return { type: "number" };
    case "positiveNumber":
      return { type: "number", exclusiveMinimum: 0 };
    case "stringArray":
      return { type: "array", items: { type: "string" } };
    case "object":
      return { type: "object" };
    default:
      return { type: "string" };
  }
}

const fileSchemas = new Map<KindFolder, object>();
/** The schema of a kind's file: the API's document plus server fields, options and `<field>_file`. */
export function fileSchemaOf(kind: FileKind): object {
  let schema = fileSchemas.get(kind.folder);
  if (schema) return schema;
  const base = kind.definition.schema as { properties?: Record<string, unknown> };
  const { adopt_id: _adopt, ...options } = kind.definition.options;
  schema = {
    ...base,
    $id: `tavus:${kind.folder}-file`,
    properties: {
      ...base.properties,
      ...Object.fromEntries(
        Object.entries({ ...serverFields(kind), ...options }).map(([f, v]) => [
          f,
          schemaOfValue(v),
        ]),
      ),
      ...Object.fromEntries(
        textFields(kind).map((f) => [
          `${f}_file`,
          {
            type: "string",
            minLength: 1,
            "x-hint": `a path relative to the file, e.g. "${f.replace(/_/g, "-")}.md"`,
          },
        ]),
      ),
    },
  };
  fileSchemas.set(kind.folder, schema);
  return schema;
}
