/**
 * The Tavus API's wire types, in the API's own snake_case, as docs/tavus-api/README.md
 * describes them. This is the only module the emulator shares with the
 * provider: types and the documented constants, never behaviour, so that a bug
 * in our client cannot be mirrored by the emulator it is tested against.
 *
 * Request documents are derived from the definitions' JSON Schemas (types
 * only: nothing of the provider runs in the emulator), so a field added to a
 * schema is a compile error in the emulator until it serves it too.
 */
import type * as values from "./apiValues";
import type { REPLICA_STATUSES, CONVERSATION_STATUSES } from "./apiValues";
import type { conversationDefinition } from "./definitions/conversation";
import type { deploymentDefinition } from "./definitions/deployment";
import type { documentDefinition } from "./definitions/document";
import type { toolDefinition } from "./definitions/tool";
import type { guardrailDefinition } from "./definitions/guardrail";
import type { guardrailSetDefinition } from "./definitions/guardrailSet";
import type { memoryStoreDefinition } from "./definitions/memoryStore";
import type { objectivesDefinition } from "./definitions/objectives";
import type { pronunciationDictionaryDefinition } from "./definitions/pronunciationDictionary";
import type { personaDefinition } from "./definitions/persona";
import type { replicaDefinition } from "./definitions/replica";
import type { WireDocument } from "./definitions/table";

export * from "./apiValues";

/** Documented error bodies: a 400 uses `error`; 401, 402, 304, 422 and the
 * concurrency 400 use `message` (docs/tavus-api/errors-and-conventions.md#error-bodies). */
export interface ErrorBody {
  error?: string;
  message?: string;
}

/** List endpoints wrap items in `data` with a `total_count` (docs/tavus-api/errors-and-conventions.md#lists). */
export interface ListResponse<T> {
  data: T[];
  total_count: number;
}

/** One RFC 6902 operation, as PATCH /v2/personas/{id} takes it (docs/tavus-api/personas.md#patch). */
export interface JsonPatchOperation {
  op: "add" | "remove" | "replace" | "copy" | "move" | "test";
  path: string;
  value?: unknown;
  from?: string;
}

// ---------------------------------------------------------------- personas

/** The fields a client may set on a persona (the body of POST /v2/personas), from its schema. */
export type PersonaFieldsWire = WireDocument<typeof personaDefinition>;
/** A persona's layers, from its schema. */
export type PersonaLayersWire = NonNullable<PersonaFieldsWire["layers"]>;

/** A persona as Get Persona returns it: what was sent plus server fields. */
export interface PersonaWire extends PersonaFieldsWire {
  persona_id: string;
  created_at: string;
  updated_at: string;
  is_published?: boolean;
  persona_type?: "user" | "system";
  /** `<username>@tavusinvite.com`, made by the server from `layers.conferencing`. */
  conferencing_email?: string;
}

/** The answer of POST /v2/personas: only the id, the name and the creation time. */
export interface CreatePersonaResponse {
  persona_id: string;
  persona_name?: string;
  created_at?: string;
  conferencing_email?: string;
}

// ---------------------------------------------------------------- replicas

/** One of {@link REPLICA_STATUSES}. */
export type ReplicaStatus = (typeof REPLICA_STATUSES)[number];

/** The body of POST /v2/replicas, from its schema. */
export type CreateReplicaRequest = WireDocument<typeof replicaDefinition>;

/** The answer of POST /v2/replicas. */
export interface CreateReplicaResponse {
  replica_id: string;
  status: ReplicaStatus;
}

/** A replica as Get Replica returns it. */
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

/** One of {@link CONVERSATION_STATUSES}. */
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** The body of POST /v2/conversations, from its schema. */
export type CreateConversationRequest = WireDocument<typeof conversationDefinition>;

/** The answer of POST /v2/conversations; `meeting_token` only with `require_auth`. */
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

/** A conversation as Get Conversation returns it. */
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

/** One entry of a verbose conversation's `events` (docs/tavus-api/conversations.md#events). */
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

// ------------------------------ objectives, guardrails, pronunciation dictionaries
// Facts and sources: docs/tavus-api/objectives.md, docs/tavus-api/guardrails.md,
// docs/tavus-api/pronunciation-dictionaries.md.

/** One objective, as `POST /v2/objectives` takes it inside `data` (from the Objectives schema). */
export type ObjectiveWire = WireDocument<typeof objectivesDefinition>["data"][number];

/** The answer to `POST /v2/objectives`; `objective_name` is the docs' fixed "New Objectives". */
export interface CreateObjectivesResponse {
  objectives_id: string;
  objective_name: string;
  status: "active";
  created_at: string;
}

/** One objectives object as GET, the list and JSON Patch paths (`/data/0/…`) see it. */
export interface ObjectivesWire {
  objectives_id: string;
  data: ObjectiveWire[];
  created_at: string;
  updated_at: string;
}

/** The fields a client sets on an individual guardrail (from the Guardrail schema). */
export type GuardrailFieldsWire = WireDocument<typeof guardrailDefinition>;

/** An individual guardrail as create, GET and PATCH answer it. */
export interface GuardrailWire extends GuardrailFieldsWire {
  uuid: string;
  created_at: string;
  updated_at: string;
}

/** `POST /v2/guardrails` with this shape creates a legacy set (from the GuardrailSet schema). */
export type CreateGuardrailSetRequest = WireDocument<typeof guardrailSetDefinition>;
/** One item of a legacy guardrail set. */
export type GuardrailSetItemWire = CreateGuardrailSetRequest["data"][number];

/** The answer of POST /v2/guardrails for a legacy set. */
export interface CreateGuardrailSetResponse {
  guardrails_id: string;
  guardrails_name: string;
  status: "active";
  created_at: string;
}

/** A legacy set as GET shows it; each item carries the uuid of its mirrored individual guardrail. */
export interface GuardrailSetWire {
  guardrails_id: string;
  name: string;
  data: (GuardrailSetItemWire & { uuid: string })[];
  created_at: string;
  updated_at: string;
}

/** The fields a client sets on a pronunciation dictionary, the only JSON Patch paths (from its schema). */
export type PronunciationDictionaryFieldsWire = WireDocument<
  typeof pronunciationDictionaryDefinition
>;
/** One pronunciation rule. */
export type PronunciationRuleWire = NonNullable<PronunciationDictionaryFieldsWire["rules"]>[number];

/** A dictionary as create, GET and PATCH answer it (rule defaults filled in). */
export interface PronunciationDictionaryWire {
  pronunciation_dictionary_id: string;
  name: string;
  rules: Required<PronunciationRuleWire>[];
  rules_count: number;
  created_at: string;
  updated_at: string;
}

/** What Tavus writes into an ElevenLabs persona's `layers.tts.voice_settings.pronunciation_dictionary_locators`. */
export interface ElevenLabsPronunciationLocatorWire {
  pronunciation_dictionary_id: string;
  version_id: string;
}

// ------------------------------------------------------------ documents and tools
// Request bodies come from the definitions' schemas; answers are written here.

/** One of {@link DOCUMENT_STATUSES}. */
export type DocumentStatus = (typeof values.DOCUMENT_STATUSES)[number];

/** A website crawl's settings (docs/tavus-api/documents.md#create). */
export interface DocumentCrawlWire {
  /** Link depth to follow, 1–10. */
  depth?: number;
  /** Pages to read at most, 1–100. */
  max_pages?: number;
}

/** The body of `POST /v2/documents` (from the Document schema). */
export type CreateDocumentRequest = WireDocument<typeof documentDefinition>;

/** A document as every documents route answers it (docs/tavus-api/documents.md#create). */
export interface DocumentWire {
  document_id: string;
  document_name: string;
  document_url: string;
  status: DocumentStatus;
  /** Percent while processing; `null` before processing starts. */
  progress: number | null;
  /** Set when `status` is `error`. */
  error_message: string | null;
  created_at: string;
  updated_at: string;
  callback_url: string | null;
  tags: string[];
  crawl_config: DocumentCrawlWire | null;
  crawled_urls: string[] | null;
  last_crawled_at: string | null;
  crawl_count: number;
}

/** `GET /v2/documents`: `page` counts from 0 (docs/tavus-api/documents.md#list). */
export interface DocumentListResponse {
  data: DocumentWire[];
  total_count: number;
  page: number;
  limit: number;
}

/** `delivery.api.auth`: `type` plus the members that type uses ("Tool Authentication" guide). */
interface ToolAuthWire {
  type: (typeof values.TOOL_AUTH_TYPES)[number];
  token?: string;
  username?: string;
  password?: string;
  name?: string;
  value?: string;
  location?: "header" | "query";
  secret?: string;
  token_url?: string;
  client_id?: string;
  client_secret?: string;
  scope?: string;
}

/** `delivery.api`: Tavus calls this HTTPS endpoint when the tool fires. */
interface ToolApiDeliveryWire {
  url: string;
  method?: string;
  /** Seconds. */
  timeout?: number;
  /** Values are secrets: GET answers them as {@link TOOL_SECRET_MASK}. */
  headers?: Record<string, string>;
  auth?: ToolAuthWire;
  body_template?: Record<string, unknown>;
  query_params?: Record<string, string>;
  content_type?: string;
}

/** Exactly one channel: `{app_message: true}` or `{api: {...}}` (with `app_message` false or absent). */
export interface ToolDeliveryWire {
  app_message?: boolean;
  api?: ToolApiDeliveryWire;
}

/** The body of `POST /v2/tools` (from the Tool schema; docs/tavus-api/tools.md#create). */
export type CreateToolRequest = WireDocument<typeof toolDefinition>;

/** A tool as every tool route answers it, secrets scrubbed (docs/tavus-api/tools.md#get). */
export interface ToolWire {
  /** `t` + 12 characters; a system tool's id is its name (`end_call`). */
  tool_id: string;
  /** `null` for system tools. */
  owner_id: number | null;
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  delivery: ToolDeliveryWire;
  is_system_tool: boolean;
  trigger_type: (typeof values.TOOL_TRIGGER_TYPES)[number];
  origin: (typeof values.TOOL_ORIGINS)[number] | null;
  on_call: (typeof values.TOOL_ON_CALL)[number] | null;
  on_resolve: (typeof values.TOOL_ON_RESOLVE)[number];
  static_filler: string | null;
  created_at: string;
  updated_at: string;
}

/** What the PAL-tools routes answer: the tools, secrets scrubbed. */
export interface PalToolsResponse {
  data: ToolWire[];
}

/** `POST /v2/memory-stores` (from the MemoryStore schema). */
export type CreateMemoryStoreRequest = WireDocument<typeof memoryStoreDefinition>;

/** One memory of a store, pinned or learned (docs/tavus-api/memory-stores.md#get). */
export interface MemoryWire {
  memory_id: string;
  memory: string;
  created_at: string;
}

/** A memory store as Get shows it: pinned memories and the ones learned in conversations. */
export interface MemoryStoreWire {
  memory_store_id: string;
  pal_id: string;
  participant_tag: string;
  pinned_memories: MemoryWire[];
  learned_memories: MemoryWire[];
  created_at: string;
  updated_at: string;
}

/** A memory store as a list page shows it: without its memories. */
export type MemoryStoreListItem = Omit<MemoryStoreWire, "pinned_memories" | "learned_memories">;

/** A skill attached to a PAL (docs/tavus-api/skills.md): its config and the server's times. */
export interface PalSkillWire {
  skill_id: string;
  config: Record<string, unknown>;
  attached_at: string;
  updated_at: string;
}

/** `GET /v2/pals/{pal_id}/skills`: the attached skills by id. */
export interface PalSkillsResponse {
  data: Record<string, PalSkillWire>;
}

// ---------------------------------------------------------------- deployments

/** The fields a client may set on a deployment (POST /v2/deployments), from its schema. */
export type DeploymentFieldsWire = WireDocument<typeof deploymentDefinition>;

/** A deployment as Get shows it: no password, only whether it has one (docs/tavus-api/deployments.md#get). */
export interface DeploymentWire extends Omit<DeploymentFieldsWire, "password"> {
  deployment_id: string;
  has_password: boolean;
  usage_total: number;
  usage_today: number;
  thumbnail_url?: string;
  created_at: string;
  updated_at: string;
}
