/**
 * The Tool definition: a function a persona can call during or after a
 * conversation, delivered to the app or to an API (docs/tavus-api/tools.md),
 * and its table.
 */
import {
  TOOL_NAME_PATTERN,
  TOOL_ON_CALL,
  TOOL_ON_RESOLVE,
  TOOL_ORIGINS,
  TOOL_TRIGGER_TYPES,
} from "../apiValues";
import { httpUrl, stringField } from "./common";
import { defineResource, type InputsOf, type OutputsOf } from "./table";

const stringMap = {
  type: "object",
  additionalProperties: { type: "string" },
  "x-opaque": true,
} as const;

/** JSON Schema of POST /v2/tools. */
export const toolSchema = {
  $id: "tavus:tool",
  type: "object",
  additionalProperties: false,
  required: ["name", "description"],
  properties: {
    name: {
      type: "string",
      pattern: TOOL_NAME_PATTERN.source,
      "x-hint": 'a letter or _, then letters, digits or _, at most 64, e.g. "book_visit"',
    },
    description: { type: "string", minLength: 1, "x-hint": "what the tool does, for the LLM" },
    // The arguments, as a JSON Schema: its property names are the tool's own.
    parameters: {
      type: "object",
      "x-opaque": true,
      required: ["type"],
      properties: { type: { const: "object" } },
      "x-hint": 'a JSON Schema of the arguments: {"type":"object","properties":{…}}',
    },
    delivery: {
      type: "object",
      additionalProperties: false,
      minProperties: 1,
      maxProperties: 1,
      // Without one, the call goes to the app.
      default: { app_message: true },
      "x-hint": "give exactly one of appMessage: true or api: {url, …}",
      properties: {
        app_message: { const: true, "x-hint": "true: the call goes to your app as an app message" },
        api: {
          type: "object",
          additionalProperties: false,
          required: ["url"],
          properties: {
            url: httpUrl,
            method: { enum: ["GET", "POST", "PUT", "PATCH", "DELETE"] },
            timeout: { type: "number", exclusiveMinimum: 0, "x-hint": "seconds, more than 0" },
            // Secret (credentials): write-only, see the table.
            headers: stringMap,
            auth: { type: "object", "x-opaque": true },
            body_template: { type: ["string", "object"] },
            query_params: stringMap,
            content_type: { type: "string", minLength: 1 },
          },
        },
      },
    },
    trigger_type: { enum: TOOL_TRIGGER_TYPES, default: "in_call" },
    origin: { enum: TOOL_ORIGINS },
    on_call: { enum: TOOL_ON_CALL },
    on_resolve: { enum: TOOL_ON_RESOLVE, default: "fire_and_forget" },
    static_filler: { type: "string" },
  },
} as const;

/** The Tool definition: schema and table. */
export const toolDefinition = defineResource({
  schema: toolSchema,
  kind: "tool",
  typeName: "Tool",
  idField: "tool_id",
  // POST answers the tool (docs/tavus-api/tools.md#create).
  createAnswer: "whole",
  // Merge PATCH changes every field in place; only adopting another tool replaces (toolProvider.ts).
  replaceOnChanges: [],
  readBack: "all",
  // Tavus picks them from the trigger type and origin when the program leaves them out.
  serverDefaulted: ["origin", "on_call"],
  options: { adopt_id: "string" },
  collection: "tools",
  // System tools (`end_call`) are the platform's: a persona refers to them by id.
  listing: { own: (t) => t.is_system_tool !== true },
  // Names are unique in an account: a tool of the name we sent is ours.
  createdBy: (body, live) => live.name === body.name,
  nameOf: stringField("name"),
  folder: { name: "tools", sampleId: "t0000000000" },
  serverOutputs: {
    // A number in the docs' examples (3675), null for system tools; `doctor` found "string" here wrong.
    owner_id: "number",
    is_system_tool: "boolean",
    created_at: "string",
    updated_at: "string",
  },
  // Get masks them as "********": kept encrypted in state, compared with what was last
  // sent, sent again only when they change.
  secretOutputs: {
    delivery_secrets: {
      under: "delivery",
      paths: [
        ["api", "headers"],
        ["api", "auth"],
      ],
      writeOnly: true,
    },
  },
});

/** Plain inputs of a Tool, as the engine passes them. */
export type ToolInputs = InputsOf<typeof toolDefinition>;
/** A Tool's outputs in state. */
export type ToolOutputs = OutputsOf<typeof toolDefinition>;
