/**
 * The emulator's records: each kind of object exactly as the store keeps it.
 * Apart from the store so the seed data can be typed without importing it.
 */
import type {
  CreateConversationRequest,
  CreateReplicaRequest,
  DeploymentWire,
  DocumentCrawlWire,
  GuardrailSetWire,
  GuardrailWire,
  MemoryStoreWire,
  ObjectivesWire,
  PersonaWire,
  PronunciationDictionaryWire,
  ToolWire,
} from "../provider/wire";
import type { ProcessingRun } from "./documentProcessing";
import type { TrainingPlan } from "./training";

/**
 * A persona exactly as stored: what the client sent plus `persona_id`,
 * `created_at` and `updated_at` (server defaults are never written into it,
 * docs/tavus-api/decisions.md#server-defaults). Stock personas also carry `persona_type: "system"`.
 */
export type PersonaRecord = PersonaWire;

/** A replica as stored; the wire view (status, progress) is computed from it. */
export interface ReplicaRecord extends TrainingPlan {
  replica_id: string;
  replica_name?: string;
  replica_type: "user" | "system";
  model_name: string;
  created_at: string;
  updated_at: string;
  /** Set by a soft delete; the replica stays and GET reports `status: "deleted"`. */
  deleted_at?: string;
  /** The create request as received, for `GET /__emulator/state`. */
  request: CreateReplicaRequest;
}

/** A conversation as stored. */
export interface ConversationRecord {
  conversation_id: string;
  conversation_name: string;
  conversation_url: string;
  callback_url: string;
  status: "active" | "ended";
  replica_id: string;
  persona_id: string | null;
  created_at: string;
  updated_at: string;
  test_mode: boolean;
  ended_at?: string;
  shutdown_reason?: string;
  /** Set by a soft delete; GET then reports `status: "deleted"`. */
  deleted_at?: string;
  /** The create request as received, for `GET /__emulator/state`. */
  request: CreateConversationRequest;
}

/** An objectives object as stored: the items exactly as sent, plus the server members. */
export type ObjectivesRecord = ObjectivesWire;

/** An individual guardrail as stored (mirrors of legacy set items included). */
export type GuardrailRecord = GuardrailWire;

/** A legacy guardrail set as stored; each item's `uuid` names its mirror in `guardrails`. */
export type GuardrailSetRecord = GuardrailSetWire;

/**
 * A pronunciation dictionary as stored: the wire view plus the ids of its
 * provider-side copies, which Tavus writes into the personas that use it.
 */
export interface PronunciationDictionaryRecord extends PronunciationDictionaryWire {
  /** Never sent on the dictionary routes; see `references.ts`. */
  provider: {
    cartesia_dict_id: string;
    elevenlabs_dictionary_id: string;
    /** Changes whenever the rules change, as an ElevenLabs dictionary version does. */
    elevenlabs_version_id: string;
  };
}

/**
 * A knowledge-base document as stored; the wire view (status, progress,
 * error_message, crawled_urls) is computed from its latest run.
 */
export interface DocumentRecord extends ProcessingRun {
  document_id: string;
  document_name: string;
  document_url: string;
  created_at: string;
  updated_at: string;
  callback_url: string | null;
  tags: string[];
  crawl_config: DocumentCrawlWire | null;
  last_crawled_at: string | null;
  crawl_count: number;
  /** Epoch milliseconds of the latest recrawl request, which starts the cooldown. */
  last_recrawl_ms?: number;
}

/** A tool as stored: secrets in clear (routes scrub them on the way out). */
export interface ToolRecord extends ToolWire {
  /** Set by the (soft) delete: the tool is gone for the account but stays in the state. */
  deleted_at?: string;
}

/** The standalone tools attached to one PAL (persona), in attach order. */
export interface PalToolsRecord {
  pal_id: string;
  tool_ids: string[];
}

/**
 * A memory store as stored: pinned and learned memories with their ids, and
 * `owner` "another" for a store the caller's key does not own (403 on every
 * route of it, never listed; docs/tavus-api/memory-stores.md#errors). Such a
 * record is never answered, so `owner` never reaches the wire.
 */
export type MemoryStoreRecord = MemoryStoreWire & { owner?: "another" };
/**
 * A deployment as stored: the wire view plus the password in clear (routes
 * answer only `has_password`) and the day its `usage_today` counts.
 */
export interface DeploymentRecord extends DeploymentWire {
  password?: string | null;
  /** `YYYY-MM-DD` (UTC) of `usage_today`; another day starts it from 0. */
  usage_day: string;
}
