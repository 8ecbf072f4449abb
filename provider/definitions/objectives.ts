/**
 * The Objectives definition: one objectives object of the API, the steps a
 * conversation goes through (docs/tavus-api/objectives.md), and its table.
 */
import { CONFIRMATION_MODES, MODALITIES } from "../apiValues";
import { httpUrl, stringArray } from "./common";
import { defineResource, type InputsOf, type OutputsOf } from "./table";

const objective = {
  type: "object",
  additionalProperties: false,
  required: ["objective_name", "objective_prompt"],
  properties: {
    objective_name: {
      type: "string",
      pattern: "^\\S+$",
      "x-hint": 'a name without spaces, e.g. "ask_if_new_patient"',
    },
    objective_prompt: { type: "string", minLength: 1 },
    confirmation_mode: { enum: CONFIRMATION_MODES, default: "auto" },
    output_variables: stringArray,
    modality: { enum: MODALITIES, default: "verbal" },
    // Objective name → the condition under which it comes next: the keys are the user's names.
    next_conditional_objectives: {
      type: "object",
      additionalProperties: { type: "string" },
      "x-opaque": true,
    },
    next_required_objectives: stringArray,
    callback_url: httpUrl,
  },
} as const;

/** JSON Schema of POST /v2/objectives (the `{"data":[…]}` form). */
export const objectivesSchema = {
  $id: "tavus:objectives",
  type: "object",
  additionalProperties: false,
  required: ["data"],
  properties: {
    data: { type: "array", minItems: 1, items: objective, "x-hint": "give at least one objective" },
  },
} as const;

/** The Objectives definition: schema and table. */
export const objectivesDefinition = defineResource({
  schema: objectivesSchema,
  kind: "objectives",
  typeName: "Objectives",
  idField: "objectives_id",
  // POST answers the id, a fixed name, status and created_at (docs/tavus-api/objectives.md#create).
  createAnswer: "partial",
  // PATCH changes the list in place (it is replaced whole, in the shape Get shows).
  replaceOnChanges: [],
  readBack: "all",
  // A failed `test` op is answered 400 "Invalid patch operation".
  patchConflictStatus: 400,
  options: { adopt_id: "string" },
  collection: "objectives",
  listing: {},
  // Objectives have no name of their own: the names of the steps stand for it.
  nameOf: (live) =>
    (Array.isArray(live.data) ? (live.data as unknown[]) : [live.data])
      .map((o) => (o as { objective_name?: unknown } | undefined)?.objective_name)
      .filter((n): n is string => typeof n === "string")
      .join(", "),
  folder: { name: "objectives", sampleId: "o0000000000" },
  serverOutputs: { created_at: "string", updated_at: "string" },
});

/** Plain inputs of an Objectives, as the engine passes them. */
export type ObjectivesInputs = InputsOf<typeof objectivesDefinition>;
/** An Objectives' outputs in state. */
export type ObjectivesOutputs = OutputsOf<typeof objectivesDefinition>;
