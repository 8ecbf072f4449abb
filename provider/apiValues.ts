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
  pronunciationDictionaryNameLength: 255,
} as const;

/** An objective's `confirmation_mode`; `auto` is the default. */
export const CONFIRMATION_MODES = ["auto", "manual"] as const;

/** An objective's or guardrail's `modality`; `verbal` is the default. */
export const MODALITIES = ["verbal", "visual"] as const;

/** A pronunciation rule's `type`. */
export const PRONUNCIATION_RULE_TYPES = ["alias", "ipa"] as const;
