/**
 * The Tavus API's wire types, in the API's own snake_case, as `tavus-api.md`
 * describes them. This is the only module the emulator shares with the
 * provider: types and the documented constants, never behaviour, so that a bug
 * in our client cannot be mirrored by the emulator it is tested against.
 */

/** Documented error bodies: a 400 uses `error`; 401, 402, 304, 422 and the
 * concurrency 400 use `message` (tavus-api.md §2). */
export interface ErrorBody {
  error?: string;
  message?: string;
}

/** The exact error strings the contract documents. */
export const API_ERRORS = {
  invalidPersonaId: "Invalid persona_id",
  invalidReplicaId: "Invalid replica_id",
  invalidReplicaUuid: "Invalid replica_uuid",
  invalidConversationId: "Invalid conversation_id",
  invalidTrainVideoUrl: "Invalid train_video_url",
  invalidAccessToken: "Invalid access token",
  outOfCredits: "The user is out of conversational credits",
  maxConcurrentConversations: "User has reached maximum concurrent conversations",
  noChanges: "No changes were made to the persona",
  invalidJsonPatch: "Invalid JSON patch format",
  createConversationFailed: "There was an error creating the conversation, please reach out to support at support@tavus.io!",
} as const;

/** List endpoints wrap items in `data` with a `total_count` (§1). */
export interface ListResponse<T> {
  data: T[];
  total_count: number;
}

/** One RFC 6902 operation, as PATCH /v2/personas/{id} takes it (§3.4). */
export interface JsonPatchOperation {
  op: "add" | "remove" | "replace" | "copy" | "move" | "test";
  path: string;
  value?: unknown;
  from?: string;
}

// ---------------------------------------------------------------- personas

export const PIPELINE_MODES = ["full", "echo"] as const;
export type PipelineMode = (typeof PIPELINE_MODES)[number];

/** An OpenAI-style function tool; `parameters` is a free-form JSON Schema. */
export interface LlmToolWire {
  type: "function";
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export interface LlmLayerWire {
  model?: string;
  base_url?: string;
  api_key?: string;
  tools?: LlmToolWire[];
  speculative_inference?: boolean;
  headers?: Record<string, string>;
  extra_body?: Record<string, unknown>;
}

export interface TtsLayerWire {
  tts_engine?: string;
  api_key?: string;
  external_voice_id?: string;
  tts_model_name?: string;
  tts_emotion_control?: boolean;
  voice_settings?: Record<string, unknown>;
  playht_user_id?: string;
  pronunciation_dictionary_id?: string;
}

export interface SttLayerWire {
  stt_engine?: string;
  participant_pause_sensitivity?: string;
  participant_interrupt_sensitivity?: string;
  hotwords?: string;
  smart_turn_detection?: boolean;
}

export interface PerceptionLayerWire {
  perception_model?: string;
  ambient_awareness_queries?: string[];
  perception_tool_prompt?: string;
  perception_tools?: LlmToolWire[];
  visual_awareness_queries?: string[];
  audio_awareness_queries?: string[];
  perception_analysis_queries?: string[];
  visual_tool_prompt?: string;
  visual_tools?: LlmToolWire[];
  audio_tool_prompt?: string;
  audio_tools?: LlmToolWire[];
  emotion_recognition?: boolean;
}

export interface ConversationalFlowLayerWire {
  turn_detection_model?: string;
  turn_taking_patience?: string;
  turn_commitment?: string;
  replica_interruptibility?: string;
  active_listening?: string;
  voice_isolation?: string;
  idle_engagement?: string;
  idle_end_behavior?: string;
}

export interface TransportLayerWire {
  transport_type?: string;
  input_settings?: Record<string, unknown>;
  room_settings?: Record<string, unknown>;
}

export interface PersonaLayersWire {
  llm?: LlmLayerWire;
  tts?: TtsLayerWire;
  stt?: SttLayerWire;
  perception?: PerceptionLayerWire;
  conversational_flow?: ConversationalFlowLayerWire;
  transport?: TransportLayerWire;
  /** Legacy visual question answering layer (§3.6). */
  vqa?: Record<string, unknown>;
}

/** The fields a client may set on a persona (the body of POST /v2/personas). */
export interface PersonaFieldsWire {
  persona_name?: string;
  system_prompt?: string;
  context?: string;
  pipeline_mode?: PipelineMode;
  default_replica_id?: string;
  document_ids?: string[];
  document_tags?: string[];
  objectives_id?: string;
  guardrails_id?: string;
  greeting?: string;
  layers?: PersonaLayersWire;
}

/** A persona as Get Persona returns it: what was sent plus server fields. */
export interface PersonaWire extends PersonaFieldsWire {
  persona_id: string;
  created_at: string;
  updated_at: string;
  is_published?: boolean;
  persona_type?: "user" | "system";
}

export interface CreatePersonaResponse {
  persona_id: string;
  persona_name?: string;
  created_at?: string;
}

/** Get Persona is documented as `{"data":[persona]}` but answers the bare
 * object live (§3.2); clients must accept both. */
export type GetPersonaResponse = PersonaWire | { data: PersonaWire[] };

// ---------------------------------------------------------------- replicas

/** `ready` comes from the training callback; `training` from an old spec. */
export const REPLICA_STATUSES = ["started", "training", "completed", "ready", "error", "deleted"] as const;
export type ReplicaStatus = (typeof REPLICA_STATUSES)[number];

export interface CreateReplicaRequest {
  train_video_url?: string;
  train_image_url?: string;
  voice_name?: string;
  consent_video_url?: string;
  replica_name?: string;
  callback_url?: string;
  model_name?: string;
  properties?: { gaze_correction?: boolean; background_green_screen?: boolean };
}

export interface CreateReplicaResponse {
  replica_id: string;
  status: ReplicaStatus;
}

export interface ReplicaWire {
  replica_id: string;
  replica_name?: string;
  thumbnail_video_url?: string | null;
  training_progress?: string;
  status: ReplicaStatus;
  created_at: string;
  updated_at?: string;
  error_message?: string | null;
  replica_type?: "user" | "system";
  model_name?: string;
}

// ----------------------------------------------------------- conversations

export const CONVERSATION_STATUSES = ["active", "ended", "error", "deleted"] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
export const DOCUMENT_RETRIEVAL_STRATEGIES = ["speed", "quality", "balanced"] as const;

export interface ConversationPropertiesWire {
  max_call_duration?: number;
  participant_left_timeout?: number;
  participant_absent_timeout?: number;
  enable_recording?: boolean;
  enable_closed_captions?: boolean;
  apply_greenscreen?: boolean;
  language?: string;
  recording_s3_bucket_name?: string;
  recording_s3_bucket_region?: string;
  aws_assume_role_arn?: string;
}

export interface CreateConversationRequest {
  replica_id?: string;
  persona_id?: string;
  audio_only?: boolean;
  callback_url?: string;
  conversation_name?: string;
  conversational_context?: string;
  custom_greeting?: string;
  memory_stores?: string[];
  document_ids?: string[];
  document_tags?: string[];
  document_retrieval_strategy?: (typeof DOCUMENT_RETRIEVAL_STRATEGIES)[number];
  test_mode?: boolean;
  require_auth?: boolean;
  max_participants?: number;
  properties?: ConversationPropertiesWire;
}

export interface CreateConversationResponse {
  conversation_id: string;
  conversation_name: string;
  conversation_url: string;
  status: ConversationStatus;
  callback_url: string;
  created_at: string;
  meeting_token?: string;
  replica_id?: string;
  persona_id?: string;
}

export interface ConversationWire {
  conversation_id: string;
  conversation_name: string;
  conversation_url: string;
  callback_url: string;
  status: ConversationStatus;
  replica_id?: string | null;
  persona_id?: string | null;
  created_at: string;
  updated_at?: string;
  shutdown_reason?: string;
}

/** One entry of a verbose conversation's `events` (§5.2, C13). */
export interface ConversationEventWire {
  /** e.g. `system.replica_joined`, `system.shutdown`, `application.transcription_ready`. */
  event_type: string;
  message_type?: "system" | "application";
  timestamp: string;
  /** Event-specific; `system.shutdown` carries `shutdown_reason`. */
  properties: Record<string, unknown>;
}

/** GET /v2/conversations/{id}?verbose=true: the conversation plus its events. */
export interface ConversationVerboseWire extends ConversationWire {
  events: ConversationEventWire[];
}
