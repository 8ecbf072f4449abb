/**
 * Each rule of `pulumi-tavus check`, table-driven: a fault gives its finding,
 * the same folder with the fault fixed gives none (so each case could fail
 * both ways).
 */
import { originProblem } from "../../provider/check/rules/deployments";
import { namesTool } from "../../provider/check/rules/tools";
import { findingsOf } from "./helpers";

const persona = (extra: object) => ({
  persona_name: "P",
  system_prompt: "You are a host.",
  ...extra,
});
const step = (name: string, extra: object = {}) => ({
  objective_name: name,
  objective_prompt: `Do ${name}.`,
  ...extra,
});

type Case = [
  title: string,
  rule: string,
  faulty: Record<string, unknown>,
  fixed: Record<string, unknown>,
  expected: string[],
];

const CASES: Case[] = [
  [
    "an edge to no objective",
    "objective-graph",
    { "objectives/o.yaml": { data: [step("a", { next_required_objectives: ["bb"] }), step("b")] } },
    { "objectives/o.yaml": { data: [step("a", { next_required_objectives: ["b"] }), step("b")] } },
    ["o.yaml: data[0].next_required_objectives[0]: error", "o.yaml: data[1].objective_name: error"],
  ],
  [
    "an objective not reachable from the first",
    "objective-graph",
    {
      "objectives/o.yaml": {
        data: [
          step("a", { next_required_objectives: ["c"] }),
          step("b", { next_required_objectives: ["c"] }),
          step("c"),
        ],
      },
    },
    {
      "objectives/o.yaml": {
        data: [
          step("a", { next_required_objectives: ["b"] }),
          step("b", { next_required_objectives: ["c"] }),
          step("c"),
        ],
      },
    },
    ["o.yaml: data[1].objective_name: error"],
  ],
  [
    "a dead end before objectives that go on",
    "objective-graph",
    {
      "objectives/o.yaml": {
        data: [
          step("a", { next_conditional_objectives: { b: "x", c: "y" } }),
          step("b"),
          step("c", { next_required_objectives: ["d"] }),
          step("d"),
        ],
      },
    },
    {
      "objectives/o.yaml": {
        data: [
          step("a", { next_conditional_objectives: { b: "x", c: "y" } }),
          step("c", { next_required_objectives: ["d"] }),
          step("b"),
          step("d"),
        ],
      },
    },
    ["o.yaml: data[1]: warning"],
  ],
  [
    "a cycle, named where it closes",
    "objective-graph",
    {
      "objectives/o.yaml": {
        data: [
          step("a", { next_required_objectives: ["b"] }),
          step("b", { next_required_objectives: ["a"] }),
        ],
      },
    },
    { "objectives/o.yaml": { data: [step("a", { next_required_objectives: ["b"] }), step("b")] } },
    ["o.yaml: data[1].next_required_objectives[0]: warning"],
  ],
  [
    "a conditional branch with a blank condition",
    "objective-graph",
    {
      "objectives/o.yaml": {
        data: [step("a", { next_conditional_objectives: { b: "  " } }), step("b")],
      },
    },
    {
      "objectives/o.yaml": {
        data: [step("a", { next_conditional_objectives: { b: "the caller says yes" } }), step("b")],
      },
    },
    ["o.yaml: data[0].next_conditional_objectives.b: error"],
  ],
  [
    "an output variable nothing after uses (a later callback_url uses it)",
    "objective-graph",
    {
      "objectives/o.yaml": {
        data: [
          step("a", { output_variables: ["zip_code"], next_required_objectives: ["b"] }),
          step("b"),
        ],
      },
    },
    {
      "objectives/o.yaml": {
        data: [
          step("a", { output_variables: ["zip_code"], next_required_objectives: ["b"] }),
          step("b", { callback_url: "https://clinic.example/hook" }),
        ],
      },
    },
    ["o.yaml: data[0].output_variables: notice"],
  ],
  [
    "an output variable a later condition names by its words is used",
    "objective-graph",
    {
      "objectives/o.yaml": {
        data: [
          step("a", {
            output_variables: ["is_new_patient"],
            next_conditional_objectives: { b: "the caller is a returning visitor" },
          }),
          step("b"),
        ],
      },
    },
    {
      "objectives/o.yaml": {
        data: [
          step("a", {
            output_variables: ["is_new_patient"],
            next_conditional_objectives: { b: "the caller is a new patient" },
          }),
          step("b"),
        ],
      },
    },
    ["o.yaml: data[0].output_variables: notice"],
  ],
  [
    "two objectives with one prompt",
    "objective-graph",
    {
      "objectives/o.yaml": {
        data: [
          step("a", { next_required_objectives: ["b"] }),
          { objective_name: "b", objective_prompt: "do  A." },
        ],
      },
    },
    { "objectives/o.yaml": { data: [step("a", { next_required_objectives: ["b"] }), step("b")] } },
    ["o.yaml: data[1].objective_prompt: warning"],
  ],
  [
    "a guardrail tag that selects no declared guardrail",
    "references",
    {
      "guardrails/g.yaml": { guardrail_name: "g", guardrail_prompt: "Be kind.", tags: ["kind"] },
      "personas/p.yaml": persona({ guardrail_tags: ["knid"] }),
    },
    {
      "guardrails/g.yaml": { guardrail_name: "g", guardrail_prompt: "Be kind.", tags: ["kind"] },
      "personas/p.yaml": persona({ guardrail_tags: ["kind"] }),
    },
    ["p.yaml: guardrail_tags[0]: warning"],
  ],
  [
    "one guardrail prompt twice: by id and by tag",
    "references",
    {
      "guardrails/g.yaml": { guardrail_name: "g", guardrail_prompt: "Be kind.", tags: ["kind"] },
      "guardrails/h.yaml": { guardrail_name: "h", guardrail_prompt: "Be  kind.", tags: ["nice"] },
      "personas/p.yaml": persona({
        guardrail_ids: ["$ref:guardrails/g"],
        guardrail_tags: ["nice"],
      }),
    },
    {
      "guardrails/g.yaml": { guardrail_name: "g", guardrail_prompt: "Be kind.", tags: ["kind"] },
      "guardrails/h.yaml": { guardrail_name: "h", guardrail_prompt: "Be brief.", tags: ["nice"] },
      "personas/p.yaml": persona({
        guardrail_ids: ["$ref:guardrails/g"],
        guardrail_tags: ["nice"],
      }),
    },
    ["p.yaml: guardrail_tags[0]: warning"],
  ],
  [
    "one guardrail prompt twice: by id and in the legacy set",
    "references",
    {
      "guardrails/g.yaml": { guardrail_name: "g", guardrail_prompt: "Be kind." },
      "guardrail-sets/s.yaml": {
        name: "S",
        data: [{ guardrail_name: "k", guardrail_prompt: "Be kind." }],
      },
      "personas/p.yaml": persona({
        guardrail_ids: ["$ref:guardrails/g"],
        guardrails_id: "$ref:guardrail-sets/s",
      }),
    },
    {
      "guardrails/g.yaml": { guardrail_name: "g", guardrail_prompt: "Be kind." },
      "guardrail-sets/s.yaml": {
        name: "S",
        data: [{ guardrail_name: "k", guardrail_prompt: "Be brief." }],
      },
      "personas/p.yaml": persona({
        guardrail_ids: ["$ref:guardrails/g"],
        guardrails_id: "$ref:guardrail-sets/s",
      }),
    },
    ["p.yaml: guardrails_id: warning"],
  ],
  [
    "Markdown bold in a greeting",
    "spoken-text",
    { "personas/p.yaml": persona({ greeting: "Welcome to **the clinic**." }) },
    { "personas/p.yaml": persona({ greeting: "Welcome to the clinic." }) },
    ["p.yaml: greeting: warning"],
  ],
  [
    "a raw URL in a system prompt",
    "spoken-text",
    {
      "personas/p.yaml": persona({ system_prompt: "Send people to www.clinic.example for forms." }),
    },
    {
      "personas/p.yaml": persona({
        system_prompt: "Send people to the forms page of our website.",
      }),
    },
    ["p.yaml: system_prompt: warning"],
  ],
  [
    "an emoji in a system prompt (© is no emoji)",
    "spoken-text",
    { "personas/p.yaml": persona({ system_prompt: "You are cheerful 😀. © Clinic" }) },
    { "personas/p.yaml": persona({ system_prompt: "You are cheerful. © Clinic" }) },
    ["p.yaml: system_prompt: warning"],
  ],
  [
    "objectives and guardrails count toward the context estimate",
    "spoken-text",
    {
      "objectives/o.yaml": {
        data: [{ objective_name: "a", objective_prompt: "Ask. ".repeat(14000) }],
      },
      "guardrails/g.yaml": { guardrail_name: "g", guardrail_prompt: "Be kind. ".repeat(100) },
      "personas/p.yaml": persona({
        system_prompt: "x ".repeat(30000),
        context: "y ".repeat(20000),
        objectives_id: "$ref:objectives/o",
        guardrail_ids: ["$ref:guardrails/g"],
      }),
    },
    {
      "objectives/o.yaml": {
        data: [{ objective_name: "a", objective_prompt: "Ask. ".repeat(100) }],
      },
      "guardrails/g.yaml": { guardrail_name: "g", guardrail_prompt: "Be kind. ".repeat(100) },
      "personas/p.yaml": persona({
        system_prompt: "x ".repeat(30000),
        context: "y ".repeat(20000),
        objectives_id: "$ref:objectives/o",
        guardrail_ids: ["$ref:guardrails/g"],
      }),
    },
    ["p.yaml: system_prompt: warning"],
  ],
  [
    "an inline tool whose parameters are no JSON Schema",
    "tools",
    {
      "personas/p.yaml": persona({
        layers: {
          llm: {
            tools: [
              {
                type: "function",
                function: { name: "f", parameters: { type: "object", required: "a" } },
              },
            ],
          },
        },
      }),
    },
    {
      "personas/p.yaml": persona({
        layers: {
          llm: {
            tools: [
              {
                type: "function",
                function: {
                  name: "f",
                  parameters: {
                    type: "object",
                    required: ["a"],
                    properties: { a: { type: "string" } },
                  },
                },
              },
            ],
          },
        },
      }),
    },
    ["p.yaml: layers.llm.tools[0].function.parameters.required: error"],
  ],
  [
    "a tool the system prompt names, attached by $ref in the fixed folder",
    "tools",
    {
      "tools/t.yaml": { name: "book_visit", description: "Books." },
      "personas/p.yaml": persona({
        system_prompt: "Call book_visit when the caller picks a time.",
      }),
    },
    {
      "tools/t.yaml": { name: "book_visit", description: "Books." },
      "personas/p.yaml": persona({
        system_prompt: "Call book_visit when the caller picks a time.",
        tool_ids: ["$ref:tools/t"],
      }),
    },
    ["p.yaml: system_prompt: warning"],
  ],
  [
    "an allowed origin with a trailing slash",
    "deployments",
    {
      "personas/p.yaml": persona({}),
      "deployments/d.yaml": {
        pal_id: "$ref:personas/p",
        channel: "widget",
        allowed_origins: ["https://clinic.example/"],
      },
    },
    {
      "personas/p.yaml": persona({}),
      "deployments/d.yaml": {
        pal_id: "$ref:personas/p",
        channel: "widget",
        allowed_origins: ["https://clinic.example"],
      },
    },
    ["d.yaml: allowed_origins[0]: error"],
  ],
  [
    "a widget with an empty origin list",
    "deployments",
    {
      "personas/p.yaml": persona({}),
      "deployments/d.yaml": { pal_id: "$ref:personas/p", channel: "widget", allowed_origins: [] },
    },
    // An embed without origins is the page's own choice: only a widget is warned about.
    {
      "personas/p.yaml": persona({}),
      "deployments/d.yaml": { pal_id: "$ref:personas/p", channel: "landing-page" },
    },
    ["d.yaml: allowed_origins: warning"],
  ],
];

describe("check rules", () => {
  test.each(CASES)("%s (%s)", (_title, rule, faulty, fixed, expected) => {
    expect(findingsOf(rule, faulty)).toEqual(expected);
    expect(findingsOf(rule, fixed)).toEqual([]);
  });

  test.each([
    ["https://clinic.example", undefined],
    ["http://localhost:3000", undefined],
    ["https://clinic.example/path", 'has "/path" after the host'],
    ["https://clinic.example?x=1", 'has "?x=1" after the host'],
    ["ftp://clinic.example", "has the scheme ftp:"],
    ["clinic.example", "is no URL"],
  ])("origin %s", (origin, problem) => {
    const found = originProblem(origin);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });

  test.each([
    ["Call book_visit now.", "book_visit", true],
    ["Call book_visits now.", "book_visit", false],
    ["Search the web for it.", "search", false],
    ["Use the search tool.", "search", true],
    ["Use `search` for it.", "search", true],
  ])("%s names %s: %s", (text, name, named) => {
    expect(namesTool(text, name)).toBe(named);
  });
});
