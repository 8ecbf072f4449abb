/**
 * Tools (docs/check-rules.md#tools): a tool's `parameters` are what the LLM
 * fills in, so they must be a JSON Schema (docs/tavus-api/tools.md), each
 * `required` name declared in `properties`, none starting with `tavus_`; and a
 * tool the system prompt tells the LLM to call must be attached to the persona.
 */
import Ajv from "ajv";
import { isPlainObject, valueAt } from "../../objects";
import {
  finding,
  objectsOf,
  type CheckModel,
  type CheckObject,
  type Finding,
  type Rule,
} from "../model";

const RULE = "tools";

// Its own instance: a tool's schema is the user's, checked against the JSON
// Schema meta-schema only, not against our strict keyword rules.
const metaSchema = new Ajv({ strict: false, allErrors: true, validateFormats: false });

/** Where a persona holds inline (OpenAI-style) tools. */
const INLINE_TOOLS = [
  ["layers", "llm", "tools"],
  ["layers", "perception", "perception_tools"],
  ["layers", "perception", "visual_tools"],
  ["layers", "perception", "audio_tools"],
] as const;

/** The tools rule. */
export const tools: Rule = {
  id: RULE,
  title:
    "tool parameters are a valid JSON Schema with every required parameter declared; a tool the system prompt names is attached",
  check: (model) => [
    ...objectsOf(model, "Tool").flatMap((t) => parameters(model, t, ["parameters"])),
    ...objectsOf(model, "Persona").flatMap((p) => [
      ...INLINE_TOOLS.flatMap((at) => {
        const list = valueAt(p.document, at);
        return Array.isArray(list)
          ? list.flatMap((_, i) => parameters(model, p, [...at, i, "function", "parameters"]))
          : [];
      }),
      ...namedNotAttached(model, p),
    ]),
  ],
};

/** Problems of the JSON Schema at `path` of `object`. */
function parameters(
  model: CheckModel,
  object: CheckObject,
  path: readonly (string | number)[],
): Finding[] {
  const schema = valueAt(object.document, path.map(String));
  if (schema === undefined) return [];
  const add = (at: (string | number)[], message: string, fix: string) =>
    finding(model, RULE, "error", object, at, message, fix);
  if (!isPlainObject(schema)) return [];
  if (!metaSchema.validateSchema(schema)) {
    const e = metaSchema.errors?.[0];
    const where = e?.instancePath ? e.instancePath.slice(1).split("/") : [];
    return [
      add(
        [...path, ...where],
        `is no valid JSON Schema: ${where.length ? `${where.join(".")} ` : ""}${e?.message ?? "refused by the meta-schema"}`,
        'write the arguments as a JSON Schema: {"type":"object","properties":{"date":{"type":"string"}},"required":["date"]}',
      ),
    ];
  }
  const out: Finding[] = [];
  const properties = isPlainObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  required.forEach((name, i) => {
    if (typeof name === "string" && !(name in properties))
      out.push(
        add(
          [...path, "required", i],
          `requires "${name}", which properties does not declare: the LLM gets no type or description for it`,
          `declare it under properties ("${name}": {"type": "string", "description": "…"}) or drop it from required`,
        ),
      );
  });
  for (const name of Object.keys(properties))
    if (name.startsWith("tavus_"))
      out.push(
        add(
          [...path, "properties", name],
          `"${name}": parameter names may not start with tavus_ (docs/tavus-api/tools.md)`,
          "rename the parameter",
        ),
      );
  return out;
}

/**
 * Whether `text` names the tool `name`: an identifier-like name (`book_visit`)
 * as a word; a plain word (`search`) only as code or "the search tool", since
 * prose uses plain words.
 */
export function namesTool(text: string, name: string): boolean {
  const quoted = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  if (/[_0-9]|[a-z][A-Z]/.test(name)) return new RegExp(`(?<![\\w])${quoted}(?![\\w])`).test(text);
  return new RegExp(`\`${quoted}\`|\\b${quoted}\\(|\\b${quoted} (tool|function)\\b`, "i").test(
    text,
  );
}

function namedNotAttached(model: CheckModel, persona: CheckObject): Finding[] {
  const prompt = persona.document.system_prompt;
  if (typeof prompt !== "string") return [];
  const attached = new Set<CheckObject>();
  const ids = Array.isArray(persona.document.tool_ids) ? persona.document.tool_ids : [];
  ids.forEach((id, i) => {
    const t = model.target(persona, ["tool_ids", String(i)], id);
    for (const o of "object" in t ? [t.object] : "unknown" in t ? t.unknown : []) attached.add(o);
  });
  const inline = new Set(
    INLINE_TOOLS.flatMap((at) => {
      const list = valueAt(persona.document, at);
      return Array.isArray(list) ? list.map((t) => valueAt(t, ["function", "name"])) : [];
    }),
  );
  return objectsOf(model, "Tool")
    .filter((t) => {
      const name = t.document.name;
      return (
        typeof name === "string" && namesTool(prompt, name) && !attached.has(t) && !inline.has(name)
      );
    })
    .map((t) =>
      finding(
        model,
        RULE,
        "warning",
        persona,
        ["system_prompt"],
        `names the tool "${String(t.document.name)}" (${t.where}), which the persona does not attach: the LLM is told to call a tool it does not have`,
        model.source === "folder"
          ? `add "$ref:tools/${t.name}" to tool_ids`
          : `add the tool to the persona's tools (toolIds)`,
      ),
    );
}
