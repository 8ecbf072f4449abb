/**
 * Provider settings: stack config (`tavus:*`) first, then environment variables.
 *
 * The Pulumi dynamic-provider host hands us the stack config in `configure()`,
 * once per provider per process. It is kept here, in the host process only: the
 * serialized provider is a bare `require` of this package, so nothing read here
 * (least of all the API key) is ever captured into Pulumi state.
 */
import { createLimiter, DEFAULT_BASE_URL, TavusClient, type RequestLimiter } from "./client";

/** The stack config keys this provider reads, and their environment fallbacks. */
export const SETTINGS = {
  apiKey: { config: "tavus:apiKey", env: "TAVUS_API_KEY" },
  baseUrl: { config: "tavus:baseUrl", env: "TAVUS_BASE_URL" },
  hardDelete: { config: "tavus:hardDelete", env: "TAVUS_HARD_DELETE" },
  timeoutMs: { config: "tavus:timeoutMs", env: "TAVUS_TIMEOUT_MS" },
  maxRetries: { config: "tavus:maxRetries", env: "TAVUS_MAX_RETRIES" },
  retryBaseDelayMs: { config: "tavus:retryBaseDelayMs", env: "TAVUS_RETRY_BASE_DELAY_MS" },
  maxConcurrentRequests: {
    config: "tavus:maxConcurrentRequests",
    env: "TAVUS_MAX_CONCURRENT_REQUESTS",
  },
  requestsPerSecond: { config: "tavus:requestsPerSecond", env: "TAVUS_REQUESTS_PER_SECOND" },
  overwriteMakerDrafts: {
    config: "tavus:overwriteMakerDrafts",
    env: "TAVUS_OVERWRITE_MAKER_DRAFTS",
  },
} as const;

type SettingName = keyof typeof SETTINGS;

/** Resolved settings; numbers in their documented units. */
export interface ProviderSettings {
  apiKey: string | undefined;
  /** @default "https://tavusapi.com" */
  baseUrl: string;
  /** Stack-wide default of `hardDelete` for Replica and Conversation. @default false */
  hardDelete: boolean;
  /** Per-attempt HTTP timeout in milliseconds. @default 30000 */
  timeoutMs: number | undefined;
  /** Retries of a retryable failure. @default 3 */
  maxRetries: number | undefined;
  /** First backoff step between retries, in milliseconds; doubles each retry, with full jitter. @default 250 */
  retryBaseDelayMs: number | undefined;
  /** Requests in flight at once, across all resources of the process. @default 8 */
  maxConcurrentRequests: number | undefined;
  /** Requests started per second, across all resources of the process. @default unlimited */
  requestsPerSecond: number | undefined;
  /**
   * Stack-wide default of a Persona's `overwriteMakerDraft`: update a PAL with
   * an open PAL Maker draft with `?force=true`, which discards the draft. @default false
   */
  overwriteMakerDrafts: boolean;
}

/** The part of Pulumi's `ConfigureRequest.config` we use. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

let stackConfig: Partial<Record<SettingName, string>> = {};

/** Records the stack config; called from every provider's `configure()`. */
export function configureFromStack(config: ConfigSource): void {
  const values: Partial<Record<SettingName, string>> = {};
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    const value = config.get(SETTINGS[name].config);
    if (value !== undefined && value !== null && String(value) !== "") values[name] = String(value);
  }
  stackConfig = values;
  cachedClient = undefined;
}

/**
 * The `configure` of every provider module: the dynamic-provider host calls it
 * once per process, before the first CRUD call, with the whole stack config.
 */
export async function configure(req: { config: ConfigSource }): Promise<void> {
  configureFromStack(req.config);
}

/** Current settings: stack config wins over the environment. */
export function currentSettings(env: NodeJS.ProcessEnv = process.env): ProviderSettings {
  const raw = (name: SettingName): string | undefined =>
    stackConfig[name] ?? emptyToUndefined(env[SETTINGS[name].env]);
  return {
    apiKey: raw("apiKey"),
    baseUrl: raw("baseUrl") ?? DEFAULT_BASE_URL,
    hardDelete: parseBoolean(raw("hardDelete"), "hardDelete") ?? false,
    timeoutMs: parsePositive(raw("timeoutMs"), "timeoutMs"),
    maxRetries: parsePositive(raw("maxRetries"), "maxRetries", true),
    retryBaseDelayMs: parsePositive(raw("retryBaseDelayMs"), "retryBaseDelayMs", true),
    maxConcurrentRequests: parsePositive(raw("maxConcurrentRequests"), "maxConcurrentRequests"),
    requestsPerSecond: parsePositive(raw("requestsPerSecond"), "requestsPerSecond"),
    overwriteMakerDrafts:
      parseBoolean(raw("overwriteMakerDrafts"), "overwriteMakerDrafts") ?? false,
  };
}

let cachedClient: { key: string; client: TavusClient; limiter: RequestLimiter } | undefined;

/**
 * The client for the current settings, built on first use and shared by every
 * resource in this process so that the request limits are shared too.
 * @throws when no API key is configured, saying how to set one.
 */
export function tavusClient(): TavusClient {
  const s = currentSettings();
  if (!s.apiKey) {
    throw new Error(
      `Tavus API key is not set: run "pulumi config set --secret ${SETTINGS.apiKey.config} <key>" or set ${SETTINGS.apiKey.env}.`,
    );
  }
  const key = JSON.stringify(s);
  if (cachedClient?.key !== key) {
    const limiter = createLimiter({
      ...(s.maxConcurrentRequests ? { maxConcurrent: s.maxConcurrentRequests } : {}),
      ...(s.requestsPerSecond ? { requestsPerSecond: s.requestsPerSecond } : {}),
    });
    const client = new TavusClient({
      apiKey: s.apiKey,
      baseUrl: s.baseUrl,
      limiter,
      ...(s.timeoutMs === undefined ? {} : { timeoutMs: s.timeoutMs }),
      ...(s.maxRetries === undefined ? {} : { maxRetries: s.maxRetries }),
      ...(s.retryBaseDelayMs === undefined ? {} : { retryBaseDelayMs: s.retryBaseDelayMs }),
    });
    cachedClient = { key, client, limiter };
  }
  return cachedClient.client;
}

function emptyToUndefined(v: string | undefined): string | undefined {
  return v === undefined || v === "" ? undefined : v;
}

function parseBoolean(v: string | undefined, name: SettingName): boolean | undefined {
  if (v === undefined) return undefined;
  if (/^(true|1|yes)$/i.test(v)) return true;
  if (/^(false|0|no)$/i.test(v)) return false;
  throw new Error(
    `${SETTINGS[name].config} (or ${SETTINGS[name].env}) must be true or false, not "${v}".`,
  );
}

function parsePositive(
  v: string | undefined,
  name: SettingName,
  zeroAllowed = false,
): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || (!zeroAllowed && n === 0)) {
    throw new Error(
      `${SETTINGS[name].config} (or ${SETTINGS[name].env}) must be a ${zeroAllowed ? "non-negative" : "positive"} number, not "${v}".`,
    );
  }
  return n;
}

/**
 * The `hard` flag of a DELETE: the resource's own `hardDelete` as recorded in
 * state, else the stack's `tavus:hardDelete`, else false.
 */
export function hardDeleteInForce(props: { hardDelete?: boolean }): boolean {
  return typeof props.hardDelete === "boolean" ? props.hardDelete : currentSettings().hardDelete;
}
