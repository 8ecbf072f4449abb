/**
 * The values the Tavus API documents: its exact error strings, the lists an
 * enum field takes, size limits. Shared by the definitions' schemas, the
 * client and (through ../wire.ts) the emulator, so each value is written once
 * (docs/tavus-api/README.md).
 */

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
  /** Our wording: the docs say conferencing edits must be sent apart, not the message (docs/tavus-api/live-api.md#conferencing-identity). */
  conferencingAlone: "layers.conferencing must be updated in its own PATCH, without other fields",
  /** Our wording of the 409 `maker_changes` (docs/tavus-api/live-api.md#pal-maker-drafts). */
  makerChanges:
    "This PAL has unpublished changes in PAL Maker: publish or discard them, or send the PATCH with ?force=true to discard them",
  createConversationFailed:
    "There was an error creating the conversation, please reach out to support at support@tavus.io!",
} as const;

/** `pipeline_mode` values: the whole pipeline, or echo (you drive speech). */
export const PIPELINE_MODES = ["full", "echo"] as const;

/** `ready` comes from the training callback; `training` from an old spec. */
export const REPLICA_STATUSES = [
  "started",
  "training",
  "completed",
  "ready",
  "error",
  "deleted",
] as const;

/** Conversation statuses; `deleted` after a soft delete. */
export const CONVERSATION_STATUSES = ["active", "ended", "error", "deleted"] as const;

/** `document_retrieval_strategy` values. */
export const DOCUMENT_RETRIEVAL_STRATEGIES = ["speed", "quality", "balanced"] as const;

/** The exact error strings the docs give for the three groups. */
export const GROUP_API_ERRORS = {
  invalidObjectivesId: "Invalid objectives_id",
  objectiveNotFound: "Objective not found",
  objectiveUpdated: "Objective updated successfully",
  invalidPatchOperation: "Invalid patch operation",
  invalidGuardrailsId: "Invalid guardrails_id",
  guardrailsNotFound: "Guardrails not found",
  guardrailsUpdated: "Guardrails updated successfully",
  pronunciationDictionaryNotFound: "Pronunciation dictionary not found",
} as const;

/** Documented size limits of the three groups. */
export const GROUP_LIMITS = {
  guardrailNameLength: 100,
  guardrailPromptLength: 1000,
  guardrailCallbackUrlLength: 2048,
  guardrailTags: 32,
  guardrailTagLength: 64,
  /** A persona's `guardrail_ids`. */
  personaGuardrailIds: 50,
  /** Registry tools attached to one PAL (docs/tavus-api/live-api.md#pal-tools). */
  palTools: 50,
  pronunciationDictionaryNameLength: 255,
} as const;

/**
 * A PAL's conferencing identity `<username>@tavusinvite.com`
 * (docs/tavus-api/live-api.md#conferencing-identity): the username's pattern,
 * the reserved names, and the mail domain.
 */
export const CONFERENCING = {
  usernamePattern: "^[a-zA-Z0-9][a-zA-Z0-9._-]*[a-zA-Z0-9]$",
  reserved: /^bot[0-9]+$/i,
  domain: "tavusinvite.com",
} as const;

/** An objective's `confirmation_mode`; `auto` is the default. */
export const CONFIRMATION_MODES = ["auto", "manual"] as const;

/** An objective's or guardrail's `modality`; `verbal` is the default. */
export const MODALITIES = ["verbal", "visual"] as const;

/** A pronunciation rule's `type`. */
export const PRONUNCIATION_RULE_TYPES = ["alias", "ipa"] as const;

// ---------------------------------------------- documents and tools (issue #12)

/** A document's `status` (docs/tavus-api/documents.md#status); `recrawling` during a recrawl. */
export const DOCUMENT_STATUSES = ["started", "processing", "ready", "error", "recrawling"] as const;

/** The documents list's `sort` values (docs/tavus-api/documents.md#list). */
export const DOCUMENT_SORTS = ["ascending", "descending"] as const;

/** The exact error strings the documents pages give (docs/tavus-api/documents.md#errors). */
export const DOCUMENT_API_ERRORS = {
  documentUrlRequired: "Invalid request: document_url is required",
  documentNameMustBeString: "Invalid request: document_name must be a string",
  documentNotFound: "Document not found",
  /** The docs print the start of the message and an ellipsis: clients should match the start. */
  crawlDocumentLimit: "Crawl document limit reached (100)",
} as const;

/** The documented limits of the knowledge base (docs/tavus-api/documents.md#limits). */
export const DOCUMENT_LIMITS = {
  /** Crawl-backed documents per account; past it, create answers 429. */
  crawlDocuments: 100,
  /** Crawls running at once per account. */
  concurrentCrawls: 5,
  /** Minimum time between two recrawls of one document, in milliseconds (one hour). */
  recrawlCooldownMs: 3_600_000,
  crawlDepthMin: 1,
  crawlDepthMax: 10,
  crawlMaxPagesMin: 1,
  crawlMaxPagesMax: 100,
  /** A file document's size, in bytes (50 MB). */
  fileBytes: 50 * 1024 * 1024,
} as const;

/** A tool's `name`: OpenAI function-naming rules (docs/tavus-api/tools.md#create). */
export const TOOL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/;

/** A tool's `trigger_type`; `in_call` is the default. */
export const TOOL_TRIGGER_TYPES = ["in_call", "post_call"] as const;

/** A tool's `origin`; `llm` is the default. */
export const TOOL_ORIGINS = ["llm", "vision", "audio"] as const;

/** A tool's `on_call`; `generate_filler` is the default for `llm` tools. */
export const TOOL_ON_CALL = ["generate_filler", "static_filler", "silent", "passthrough"] as const;

/** A tool's `on_resolve`; `fire_and_forget` is the default. */
export const TOOL_ON_RESOLVE = [
  "generate_response",
  "response_in_result",
  "add_to_context",
  "fire_and_forget",
] as const;

/** `delivery.api.auth.type` values (the "Tool Authentication" guide). */
export const TOOL_AUTH_TYPES = [
  "none",
  "bearer",
  "api_key",
  "basic",
  "oauth2_client_credentials",
  "hmac",
] as const;

/** The members of `delivery.api.auth` that hold secrets: GET answers them scrubbed. */
export const TOOL_AUTH_SECRET_FIELDS = [
  "token",
  "password",
  "value",
  "secret",
  "client_secret",
] as const;

/** What GET answers in place of a tool's secrets; a PATCH that sends it back is rejected. */
export const TOOL_SECRET_MASK = "********";

/** Property names of a tool's `parameters` may not start with this (reserved for Tavus). */
export const TOOL_RESERVED_PARAMETER_PREFIX = "tavus_";

/** Documented limits of tools (docs/tavus-api/tools.md#create). */
export const TOOL_LIMITS = {
  /** `description` plus the serialized `parameters`, in characters. */
  descriptionAndParameters: 10_000,
} as const;

/** The exact error strings the tools pages give (docs/tavus-api/tools.md#delete). */
export const TOOL_API_ERRORS = {
  cannotDeleteSystemTools: "Bad Request. Cannot delete system tools",
} as const;

/** The PAL skills the docs name (docs/tavus-api/skills.md), as the API spells their ids. */
export const SKILL_IDS = ["internet_search", "presentation", "magic_canvas"] as const;
/** When a presentation shows its slides. */
export const SLIDES_TRIGGERS = ["on_demand", "walk_the_deck"] as const;
