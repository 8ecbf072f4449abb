/**
 * The GuardrailSet definition: a legacy set of guardrails, which existing
 * personas point at with `guardrails_id` (docs/tavus-api/guardrails.md#legacy-sets),
 * and its table.
 */
import { MODALITIES } from "../apiValues";
import { httpUrl, stringField } from "./common";
import { guardrailSchema } from "./guardrail";
import { defineResource, type InputsOf, type OutputsOf } from "./table";

const { guardrail_name, guardrail_prompt, callback_url } = guardrailSchema.properties;

/** JSON Schema of a legacy guardrail set (POST /v2/guardrails with `name` and `data`). */
export const guardrailSetSchema = {
  $id: "tavus:guardrail-set",
  type: "object",
  additionalProperties: false,
  required: ["name", "data"],
  properties: {
    name: { type: "string", minLength: 1 },
    data: {
      type: "array",
      minItems: 1,
      "x-hint": "give at least one guardrail",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["guardrail_name", "guardrail_prompt"],
        properties: {
          guardrail_name,
          guardrail_prompt,
          modality: { enum: MODALITIES, default: "verbal" },
          callback_url: callback_url ?? httpUrl,
        },
      },
    },
  },
} as const;

/** The GuardrailSet definition: schema and table. */
export const guardrailSetDefinition = defineResource({
  schema: guardrailSetSchema,
  kind: "guardrail set",
  typeName: "GuardrailSet",
  idField: "guardrails_id",
  // POST answers the id, name, status and created_at, not the items (docs/tavus-api/guardrails.md#legacy-sets).
  createAnswer: "partial",
  replaceOnChanges: [],
  readBack: "all",
  // Each item carries the id of the individual guardrail that mirrors it.
  serverWritten: [["data", "*", "uuid"]],
  patchConflictStatus: 400,
  options: { adopt_id: "string" },
  collection: "guardrailSets",
  listing: {},
  nameOf: stringField("name"),
  folder: { name: "guardrail-sets", sampleId: "g0000000000" },
  serverOutputs: { created_at: "string", updated_at: "string" },
});

/** Plain inputs of a GuardrailSet, as the engine passes them. */
export type GuardrailSetInputs = InputsOf<typeof guardrailSetDefinition>;
/** A GuardrailSet's outputs in state. */
export type GuardrailSetOutputs = OutputsOf<typeof guardrailSetDefinition>;
