/**
 * The Guardrail definition: one individual guardrail, a rule a persona keeps
 * to (docs/tavus-api/guardrails.md), and its table.
 */
import { GROUP_LIMITS, MODALITIES } from "../apiValues";
import { httpUrl, stringField } from "./common";
import { defineResource, type InputsOf, type OutputsOf } from "./table";

/** JSON Schema of an individual guardrail (POST /v2/guardrails). */
export const guardrailSchema = {
  $id: "tavus:guardrail",
  type: "object",
  additionalProperties: false,
  required: ["guardrail_name", "guardrail_prompt"],
  properties: {
    guardrail_name: {
      type: "string",
      pattern: "^[A-Za-z0-9_]+$",
      maxLength: GROUP_LIMITS.guardrailNameLength,
      "x-hint": 'letters, digits and _ only, at most 100, e.g. "no_medical_advice"',
    },
    guardrail_prompt: {
      type: "string",
      minLength: 1,
      maxLength: GROUP_LIMITS.guardrailPromptLength,
    },
    modality: { enum: MODALITIES, default: "verbal" },
    callback_url: httpUrl,
    tags: {
      type: "array",
      maxItems: GROUP_LIMITS.guardrailTags,
      items: { type: "string", minLength: 1, maxLength: GROUP_LIMITS.guardrailTagLength },
      "x-hint": "at most 32 tags of at most 64 characters",
    },
    app_message: { type: "boolean", default: true },
  },
} as const;

/** The Guardrail definition: schema and table. */
export const guardrailDefinition = defineResource({
  schema: guardrailSchema,
  kind: "guardrail",
  typeName: "Guardrail",
  idField: "uuid",
  idOutput: "guardrail_id",
  // POST answers the guardrail (docs/tavus-api/guardrails.md#create).
  createAnswer: "whole",
  setLike: ["tags"],
  replaceOnChanges: [],
  readBack: "all",
  patchConflictStatus: 400,
  options: { adopt_id: "string" },
  collection: "guardrails",
  listing: {
    // Each item of a legacy set is mirrored as an individual guardrail: it is the set's.
    partOf: { typeName: "GuardrailSet", path: ["data", "*", "uuid"] },
  },
  nameOf: stringField("guardrail_name"),
  folder: { name: "guardrails", sampleId: "g0000000000" },
  serverOutputs: { created_at: "string", updated_at: "string" },
});

/** Plain inputs of a Guardrail, as the engine passes them. */
export type GuardrailInputs = InputsOf<typeof guardrailDefinition>;
/** A Guardrail's outputs in state. */
export type GuardrailOutputs = OutputsOf<typeof guardrailDefinition>;
