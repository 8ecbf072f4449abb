/**
 * The emulator's live settings: the switches for the documented variants of the
 * API (docs/tavus-api/decisions.md) and for load behaviour. One mutable object is
 * shared by every handler, so a change (in-process or through
 * `PATCH /__emulator/settings`) applies to the very next request.
 */
import {
  DEFAULT_KNOWLEDGE_BASE_SETTINGS,
  KNOWLEDGE_BASE_SETTING_CHECKS,
  type KnowledgeBaseSettings,
} from "./knowledgeBaseSettings";
import {
  boolean,
  checkFields,
  integer,
  isRecord,
  oneOf,
  string,
  type Check,
  type FieldChecks,
} from "./validate";

/** Settings that may change while the emulator runs. */
export interface EmulatorSettings extends KnowledgeBaseSettings {
  /**
   * Shape of `GET /v2/personas/{id}`: the bare object, as live clients see it,
   * or the `{"data":[obj]}` envelope the docs show
   * (docs/tavus-api/decisions.md#persona-get-shape).
   * @default "bare"
   */
  personaGetEnvelope: "bare" | "data";
  /**
   * How long a new replica trains before it is `completed` (or `error`), in
   * milliseconds. Fixed per replica when it is created.
   * @default 2000
   */
  replicaTrainingMs: number;
  /**
   * Active (non-test) conversations allowed at once; past it, create answers
   * 400 "User has reached maximum concurrent conversations".
   * @default 10
   */
  maxConcurrentConversations: number;
  /**
   * When true, creating a conversation answers 402 "The user is out of
   * conversational credits".
   * @default false
   */
  outOfCredits: boolean;
  /**
   * Extra delay before every `/v2` response, in milliseconds.
   * @default 0
   */
  latencyMs: number;
  /**
   * Token-bucket limit on `/v2` requests per second (burst = the same number);
   * past it the answer is 429 with `Retry-After`. 0 turns the limit off, which
   * is the default because Tavus documents no rate limit.
   * @default 0
   */
  rateLimitPerSecond: number;
  /**
   * Refuse what the docs do not list: an unknown request field is 400
   * `Unknown field "…"` and `page=0` is 400. Off, both are accepted (unknown
   * fields are ignored and named in the request log's `unknownFields`;
   * `page=0` is the first page), as the live API is seen to do
   * (docs/tavus-api/names-and-clients.md#what-clients-send). The project's own
   * tests run strict, so the provider never sends a field the docs do not list.
   * @default false
   */
  strict: boolean;
  /**
   * POST the documented callbacks to a request's `callback_url` (replica
   * training, conversation lifecycle). Off, `callback_url` is stored and never called.
   * @default true
   */
  callbacks: boolean;
  /**
   * How many times a callback that failed (network error or non-2xx) is sent
   * again, with doubling delays from 100 ms.
   * @default 3
   */
  callbackRetries: number;
  /**
   * `Access-Control-Allow-Origin` on every answer, for browser apps that call
   * the API directly; preflights (`OPTIONS`) are answered 204 without a key.
   * @default "*"
   */
  corsOrigin: string;
  /**
   * Status of a successful replica rename and replica DELETE: 200 with no body,
   * as the docs say, or 204, which one client expects
   * (docs/tavus-api/decisions.md#replica-delete-and-rename-status).
   * @default 200
   */
  replicaWriteStatus: 200 | 204;
  /**
   * A zero-data-retention account: creating a memory store answers 403
   * (docs/tavus-api/memory-stores.md#errors).
   * @default false
   */
  zeroDataRetention: boolean;
}

/** The defaults documented on {@link EmulatorSettings}. */
export const DEFAULT_SETTINGS: Readonly<EmulatorSettings> = Object.freeze({
  ...DEFAULT_KNOWLEDGE_BASE_SETTINGS,
  personaGetEnvelope: "bare",
  replicaTrainingMs: 2000,
  maxConcurrentConversations: 10,
  outOfCredits: false,
  latencyMs: 0,
  rateLimitPerSecond: 0,
  strict: false,
  callbacks: true,
  callbackRetries: 3,
  corsOrigin: "*",
  replicaWriteStatus: 200,
  zeroDataRetention: false,
});

const writeStatus: Check = (v) => (v === 200 || v === 204 ? undefined : "must be 200 or 204");
const origin: Check = (v) =>
  string(v) ??
  (v === "" || /[\r\n]/.test(v as string) ? "must be a non-empty header value" : undefined);

const SETTING_CHECKS: FieldChecks<EmulatorSettings> = {
  ...KNOWLEDGE_BASE_SETTING_CHECKS,
  personaGetEnvelope: oneOf(["bare", "data"]),
  replicaTrainingMs: integer(0),
  maxConcurrentConversations: integer(0),
  outOfCredits: boolean,
  latencyMs: integer(0),
  rateLimitPerSecond: integer(0),
  strict: boolean,
  callbacks: boolean,
  callbackRetries: integer(0),
  corsOrigin: origin,
  replicaWriteStatus: writeStatus,
  zeroDataRetention: boolean,
};

/**
 * Checks a partial settings object (from options or an admin request).
 * @returns what is wrong, naming the setting, or `undefined` if it is valid.
 */
export function checkSettings(patch: unknown): string | undefined {
  if (!isRecord(patch)) return "settings must be a JSON object";
  return checkFields(patch, SETTING_CHECKS);
}

/**
 * Merges an already-checked partial settings object into `settings`, in place.
 * @param settings The live settings object.
 * @param patch Output of a successful {@link checkSettings}.
 */
export function mergeSettings(settings: EmulatorSettings, patch: Partial<EmulatorSettings>): void {
  Object.assign(settings, patch);
}
