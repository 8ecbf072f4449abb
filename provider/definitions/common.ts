/** Schema pieces shared by the definitions. */

export const stringArray = { type: "array", items: { type: "string", minLength: 1 } } as const;

/** An absolute http(s) URL, at most 2,048 characters. */
export const httpUrl = {
  type: "string",
  pattern: "^https?://[^\\s/$.?#][^\\s]*$",
  maxLength: 2048,
  "x-hint": 'use an absolute http(s) URL, e.g. "https://example.com/path"',
} as const;

/** An OpenAI-style function tool, as LLM and perception layers take them (docs/tavus-api/personas.md#llm-layer, docs/tavus-api/personas.md#perception-layer). */
export const tool = {
  type: "object",
  additionalProperties: false,
  required: ["type", "function"],
  properties: {
    type: { const: "function" },
    function: {
      type: "object",
      additionalProperties: false,
      required: ["name"],
      properties: {
        name: {
          type: "string",
          pattern: "^[A-Za-z0-9_-]{1,64}$",
          "x-hint": "tool names are 1-64 letters, digits, _ or -",
        },
        description: { type: "string" },
        // The tool's own JSON Schema: open, but it must describe an object;
        // its property names are the tool's, never renamed.
        parameters: {
          type: "object",
          "x-opaque": true,
          required: ["type"],
          properties: { type: { const: "object" } },
          "x-hint":
            'parameters is a JSON Schema of the arguments: {"type":"object","properties":{…}}',
        },
      },
    },
  },
} as const;

/**
 * A vendor catalogue value (an engine, a model, a voice): Tavus adds values
 * between releases, so the schema takes any non-empty string and `check` only
 * warns about one outside `known`; Tavus's own 400 decides
 * (docs/tavus-api/live-api.md#catalogue-values). Fields whose values change what the
 * provider itself does stay closed enums.
 * @param known the values the docs name today.
 */
export function catalogue<const Known extends readonly string[]>(known: Known) {
  return { type: "string", minLength: 1, "x-catalogue": known } as const;
}

/** A file name rule: the object's string field `name`, else "" (the id then names the file). */
export const stringField =
  (name: string) =>
  (live: Record<string, unknown>): string =>
    typeof live[name] === "string" ? live[name] : "";
