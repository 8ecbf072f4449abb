/**
 * The Persona definition: the JSON Schema of a persona document in the API's
 * own field names (the body of POST /v2/personas), shared by the resource's
 * `check`, its types, its diff and the persona-file loader; and its table.
 *
 * Enums list every value any version of the docs names, so that a value valid
 * on the live API is never refused here; free-form maps stay open. Vendor
 * catalogue fields (engines, models) are `catalogue(...)`: any string, with a
 * warning at check for one we do not know (docs/tavus-api/live-api.md#catalogue-values).
 * `x-hint` is our own keyword: the fix we print when a field is wrong.
 */
import { catalogue, stringArray, httpUrl, tool, stringField } from "./common";
import { CONFERENCING, GROUP_LIMITS, PIPELINE_MODES } from "../apiValues";
import { defineResource, type InputsOf, type OutputsOf } from "./table";

const lowMediumHigh = { enum: ["low", "medium", "high"] } as const;
const sensitivity = { enum: ["high", "medium", "low", "verylow", "superlow"] } as const;
const unitInterval = { type: "number", minimum: 0, maximum: 1 } as const;

/** JSON Schema of POST /v2/personas. */
export const personaSchema = {
  $id: "tavus:persona",
  type: "object",
  additionalProperties: false,
  properties: {
    persona_name: { type: "string", minLength: 1, maxLength: 200 },
    system_prompt: {
      type: "string",
      minLength: 1,
      maxLength: 120_000,
      "x-hint": "the LLM context is 32k tokens; keep the prompt well under 120,000 characters",
    },
    context: { type: "string", maxLength: 120_000 },
    pipeline_mode: { enum: PIPELINE_MODES },
    default_replica_id: {
      type: "string",
      pattern: "^r[0-9a-z]{6,}$",
      "x-hint": 'use a replica id such as "rf4703150052" (a Replica resource\'s replicaId)',
    },
    document_ids: stringArray,
    document_tags: stringArray,
    objectives_id: { type: "string", minLength: 1 },
    guardrails_id: { type: "string", minLength: 1 },
    guardrail_ids: {
      ...stringArray,
      maxItems: GROUP_LIMITS.personaGuardrailIds,
      "x-hint": "a persona takes at most 50 guardrails; group the rest with guardrailTags",
    },
    guardrail_tags: stringArray,
    greeting: { type: "string" },
    layers: {
      type: "object",
      additionalProperties: false,
      properties: {
        llm: {
          type: "object",
          additionalProperties: false,
          properties: {
            model: { type: "string", minLength: 1 },
            base_url: httpUrl,
            api_key: { type: "string", minLength: 1 },
            tools: { type: "array", items: tool },
            speculative_inference: { type: "boolean" },
            headers: { type: "object", additionalProperties: { type: "string" }, "x-opaque": true },
            // Sent to the model as-is; Tavus-hosted models take temperature 0–2 and top_p 0–1 (docs/tavus-api/personas.md#llm-layer).
            extra_body: {
              type: "object",
              "x-opaque": true,
              properties: {
                temperature: { type: "number", minimum: 0, maximum: 2 },
                top_p: { type: "number", minimum: 0, maximum: 1 },
              },
            },
          },
        },
        tts: {
          type: "object",
          additionalProperties: false,
          properties: {
            tts_engine: catalogue(["cartesia", "elevenlabs", "playht", "azure"]),
            api_key: { type: "string", minLength: 1 },
            external_voice_id: { type: "string", minLength: 1 },
            tts_model_name: { type: "string", minLength: 1 },
            tts_emotion_control: { type: "boolean" },
            // Engine-specific; where the docs give a range or a type for a key, it holds (docs/tavus-api/personas.md#tts-layer).
            voice_settings: {
              type: "object",
              properties: {
                emotion: stringArray,
                stability: unitInterval,
                similarity_boost: unitInterval,
                style: unitInterval,
                use_speaker_boost: { type: "boolean" },
              },
            },
            playht_user_id: { type: "string" },
            pronunciation_dictionary_id: { type: "string" },
          },
        },
        stt: {
          type: "object",
          additionalProperties: false,
          properties: {
            stt_engine: catalogue(["tavus-turbo", "tavus-advanced"]),
            participant_pause_sensitivity: sensitivity,
            participant_interrupt_sensitivity: sensitivity,
            hotwords: { type: "string" },
            smart_turn_detection: { type: "boolean" },
          },
        },
        perception: {
          type: "object",
          additionalProperties: false,
          properties: {
            perception_model: catalogue(["raven-1", "raven-0", "basic", "off"]),
            ambient_awareness_queries: stringArray,
            perception_tool_prompt: { type: "string" },
            perception_tools: { type: "array", items: tool },
            visual_awareness_queries: stringArray,
            audio_awareness_queries: stringArray,
            perception_analysis_queries: stringArray,
            visual_tool_prompt: { type: "string" },
            visual_tools: { type: "array", items: tool },
            audio_tool_prompt: { type: "string" },
            audio_tools: { type: "array", items: tool },
            emotion_recognition: { type: "boolean" },
          },
        },
        conversational_flow: {
          type: "object",
          additionalProperties: false,
          properties: {
            turn_detection_model: catalogue([
              "sparrow-1",
              "sparrow-0",
              "sparrow-2",
              "time-based",
              "timebased",
            ]),
            turn_taking_patience: lowMediumHigh,
            turn_commitment: lowMediumHigh,
            replica_interruptibility: lowMediumHigh,
            active_listening: { enum: ["off", "low", "medium", "high"] },
            voice_isolation: { enum: ["off", "near"] },
            idle_engagement: { enum: ["off", "patient", "eager"] },
            idle_end_behavior: { type: "string" },
          },
        },
        transport: {
          type: "object",
          additionalProperties: false,
          properties: {
            transport_type: { type: "string", minLength: 1 },
            input_settings: { type: "object" },
            room_settings: { type: "object" },
          },
        },
        vqa: { type: "object" },
        // A meeting identity <username>@tavusinvite.com (docs/tavus-api/live-api.md#conferencing-identity).
        conferencing: {
          type: "object",
          additionalProperties: false,
          properties: {
            username: {
              type: "string",
              pattern: CONFERENCING.usernamePattern,
              "x-hint":
                "letters, digits, '.', '_' or '-', starting and ending with a letter or digit",
            },
            allowlist: stringArray,
          },
        },
      },
    },
  },
  // "Each request must have a system_prompt value unless you're using echo mode" (docs/tavus-api/personas.md#create).
  if: { properties: { pipeline_mode: { const: "echo" } }, required: ["pipeline_mode"] },
  else: { required: ["system_prompt"] },
} as const;

/** The Persona definition: schema and table. */
export const personaDefinition = defineResource({
  schema: personaSchema,
  kind: "persona",
  typeName: "Persona",
  idField: "persona_id",
  // POST answers id, name and created_at (docs/tavus-api/personas.md#create).
  createAnswer: "partial",
  setLike: ["document_ids", "document_tags", "guardrail_ids", "guardrail_tags"],
  // PATCH changes every field in place; only adopting another persona replaces (personaProvider.ts).
  replaceOnChanges: [],
  readBack: "all",
  // A pronunciation dictionary writes these into the personas that use it (docs/tavus-api/pronunciation-dictionaries.md#persona-write-back).
  serverWritten: [
    ["layers", "tts", "voice_settings", "pronunciation_dict_id"],
    ["layers", "tts", "voice_settings", "pronunciation_dictionary_locators"],
  ],
  // Tools are attached through their own endpoint, not a persona field (personaTools.ts).
  // Skills too, through the PAL skills endpoints (personaSkills.ts, docs/tavus-api/skills.md).
  // overwrite_maker_draft: PATCH with ?force=true through an open PAL Maker draft (personaProvider.ts).
  options: {
    adopt_id: "string",
    tool_ids: "stringArray",
    skills: "object",
    overwrite_maker_draft: "boolean",
  },
  // conferencing_email is made by the server from layers.conferencing.username: never drift.
  serverOutputs: { created_at: "string", updated_at: "string", conferencing_email: "string" },
  ignoredServerFields: { persona_type: "string", is_published: "boolean" },
  collection: "personas",
  // A list item may lack the system prompt: Get shows the whole persona.
  listing: { query: { persona_type: "user" }, abridged: (p) => !("system_prompt" in p) },
  nameOf: stringField("persona_name"),
  folder: {
    name: "personas",
    references: [
      { path: ["objectives_id"], folder: "objectives" },
      { path: ["guardrail_ids", "*"], folder: "guardrails" },
      { path: ["guardrails_id"], folder: "guardrail-sets" },
      { path: ["layers", "tts", "pronunciation_dictionary_id"], folder: "dictionaries" },
      { path: ["document_ids", "*"], folder: "documents" },
      // An option, not a persona field: tools are attached through their own endpoint.
      { path: ["tool_ids", "*"], folder: "tools" },
      { path: ["skills", "presentation", "document_ids", "*"], folder: "documents" },
      { path: ["default_replica_id"], folder: "replicas" },
    ],
    aliases: [
      { legacy: ["persona_id"], current: ["pal_id"] },
      { legacy: ["persona_name"], current: ["pal_name"] },
      { legacy: ["default_replica_id"], current: ["default_face_id"] },
      {
        legacy: ["layers", "conversational_flow", "replica_interruptibility"],
        current: ["layers", "conversational_flow", "pal_interruptibility"],
      },
    ],
    sampleId: "p0000000000",
  },
  // Encrypted in state; the rest of `layers` stays readable in `pulumi preview --diff`.
  secretOutputs: {
    layer_secrets: {
      under: "layers",
      paths: [
        ["llm", "api_key"],
        ["llm", "headers"],
        ["tts", "api_key"],
      ],
    },
  },
});

/** Plain inputs of a Persona, as the engine passes them. */
export type PersonaInputs = InputsOf<typeof personaDefinition>;
/** A Persona's outputs in state. */
export type PersonaOutputs = OutputsOf<typeof personaDefinition>;
