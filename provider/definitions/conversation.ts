/**
 * The Conversation definition: the JSON Schema of POST /v2/conversations
 * (docs/tavus-api/conversations.md#create) and its table.
 */
import { httpUrl, stringArray, stringField } from "./common";
import { DOCUMENT_RETRIEVAL_STRATEGIES } from "../apiValues";
import { defineResource, type InputsOf, type OutputsOf } from "./table";

const seconds = { type: "integer", minimum: 0 } as const;

/** JSON Schema of POST /v2/conversations. */
export const conversationSchema = {
  $id: "tavus:conversation",
  type: "object",
  additionalProperties: false,
  properties: {
    replica_id: {
      type: "string",
      pattern: "^r[0-9a-z]{6,}$",
      "x-hint": 'use a replica id such as "rf4703150052"',
    },
    persona_id: {
      type: "string",
      pattern: "^p[0-9a-z]{5,}$",
      "x-hint": 'use a persona id such as "p48fdf065d6b"',
    },
    conversation_name: { type: "string", minLength: 1, maxLength: 200 },
    conversational_context: { type: "string", maxLength: 120_000 },
    custom_greeting: { type: "string", maxLength: 2_000 },
    callback_url: httpUrl,
    audio_only: { type: "boolean" },
    test_mode: { type: "boolean" },
    require_auth: { type: "boolean" },
    max_participants: {
      type: "integer",
      minimum: 2,
      "x-hint": "the replica counts as one participant, so at least 2",
    },
    memory_stores: stringArray,
    document_ids: stringArray,
    document_tags: stringArray,
    document_retrieval_strategy: { enum: DOCUMENT_RETRIEVAL_STRATEGIES },
    properties: {
      type: "object",
      additionalProperties: false,
      properties: {
        max_call_duration: { ...seconds, maximum: 3600, "x-hint": "seconds, at most 3600" },
        participant_left_timeout: seconds,
        participant_absent_timeout: seconds,
        enable_recording: { type: "boolean" },
        enable_closed_captions: { type: "boolean" },
        // Legacy, still sent by public clients (docs/tavus-api/conversations.md#create): refusing it would break working programs.
        enable_transcription: { type: "boolean" },
        apply_greenscreen: { type: "boolean" },
        language: {
          type: "string",
          minLength: 1,
          "x-hint": 'a full language name such as "english", or "multilingual"',
        },
        recording_s3_bucket_name: { type: "string", minLength: 1 },
        recording_s3_bucket_region: { type: "string", minLength: 1 },
        aws_assume_role_arn: {
          type: "string",
          pattern: "^arn:",
          "x-hint": 'an IAM role ARN, "arn:aws:iam::…:role/…"',
        },
      },
    },
  },
} as const;

/** The Conversation definition: schema and table. */
export const conversationDefinition = defineResource({
  schema: conversationSchema,
  kind: "conversation",
  typeName: "Conversation",
  idField: "conversation_id",
  // POST answers the meeting fields, not all Get shows (docs/tavus-api/conversations.md#create).
  createAnswer: "partial",
  setLike: ["document_ids", "document_tags"],
  // The API cannot edit a conversation. Delete first: an account may allow a single concurrent one.
  replaceOnChanges: "all",
  deleteBeforeReplace: true,
  // Get Conversation does not return what it was created with (properties, context…): nothing to compare.
  readBack: [],
  options: { hard_delete: "boolean" },
  // From a Persona resource's outputs: lets check accept a persona with a default replica.
  checkHints: { persona_default_replica_id: "string" },
  serverOutputs: {
    conversation_url: "string",
    status: "string",
    meeting_token: "string",
    created_at: "string",
  },
  // Only in the create answer, and a credential for the room.
  secretServerOutputs: ["meeting_token"],
  goneStatuses: ["deleted"],
  collection: "conversations",
  nameOf: stringField("conversation_name"),
  listing: {
    // Only an active conversation costs anything: an ended one is history.
    reportable: (c) => c.status === "active",
    retire: (id) => `end it: POST /v2/conversations/${id}/end`,
  },
  // Same name, replica and persona, and the status a new one has: a test-mode
  // conversation starts ended, any other starts active.
  createdBy: (body, c) =>
    c.status === (body.test_mode ? "ended" : "active") &&
    (!body.conversation_name || c.conversation_name === body.conversation_name) &&
    (c.replica_id ?? undefined) === (body.replica_id ?? c.replica_id ?? undefined) &&
    (c.persona_id ?? undefined) === (body.persona_id ?? c.persona_id ?? undefined),
});

/** Plain inputs of a Conversation, as the engine passes them. */
export type ConversationInputs = InputsOf<typeof conversationDefinition>;
/** A Conversation's outputs in state. */
export type ConversationOutputs = OutputsOf<typeof conversationDefinition>;
