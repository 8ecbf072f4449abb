/**
 * HTTP transport for the Tavus API on `got`: base URL, `x-api-key`, a timeout on
 * every attempt, bounded retries with jittered exponential backoff that honour
 * `Retry-After`, and one place where failures become {@link TavusApiError}s.
 *
 * `got` (v12+) is ESM-only and this package is CommonJS, so it is loaded with a
 * dynamic `import()` on first use. That also keeps it out of anything the Pulumi
 * closure serializer might capture at module scope.
 */
import type { Got, Response } from "got" with { "resolution-mode": "import" };
import { apiMessageOf, redact, secretsIn, tavusApiError, type TavusApiError } from "./errors";
import type { RequestLimiter } from "./limiter";

/** Options of the Tavus client; every field documents its default. */
export interface TransportOptions {
  /** The Tavus API key, sent as `x-api-key`. Never logged nor put in errors. */
  apiKey: string;
  /** API origin. @default "https://tavusapi.com" */
  baseUrl?: string;
  /** Time limit of one attempt, in milliseconds. @default 30000 */
  timeoutMs?: number;
  /** Retries after the first attempt, for retryable failures. @default 3 */
  maxRetries?: number;
  /** First backoff step in milliseconds; doubles each retry, with full jitter. @default 250 */
  retryBaseDelayMs?: number;
  /** Longest single wait between attempts, `Retry-After` included, in ms. @default 20000 */
  retryMaxDelayMs?: number;
  /** Shared limit on concurrent requests and request rate. @default none */
  limiter?: RequestLimiter;
}

export const DEFAULT_BASE_URL = "https://tavusapi.com";
const DEFAULTS = { timeoutMs: 30_000, maxRetries: 3, retryBaseDelayMs: 250, retryMaxDelayMs: 20_000 };

/** Statuses worth another attempt: timeouts, rate limits, server trouble. */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** Network failures where the request certainly never reached the server. */
const NEVER_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /**
   * The request may be repeated without changing the outcome (End Conversation:
   * "ending twice changes nothing"), so a POST is retried like a GET.
   * @default false for POST; GET, PATCH and DELETE are always retried
   */
  idempotent?: boolean;
}

/** A successful (2xx or 304) answer, body parsed from JSON when there is one. */
export interface ApiResponse {
  status: number;
  body: unknown;
}

let gotModule: Promise<Got> | undefined;
function loadGot(): Promise<Got> {
  gotModule ??= import("got").then((m) => m.default);
  return gotModule;
}

export class Transport {
  private readonly options: Required<Omit<TransportOptions, "limiter">> & { limiter: RequestLimiter | undefined };
  private clockOffset: number | undefined;

  constructor(options: TransportOptions) {
    this.options = {
      ...DEFAULTS,
      baseUrl: DEFAULT_BASE_URL,
      ...stripUndefined(options),
      apiKey: options.apiKey,
      limiter: options.limiter,
    };
  }

  /**
   * A lower bound of (server clock − local clock) in milliseconds, from the
   * `Date` header of the latest answer: the header is truncated to the second,
   * and the answer was dated before it arrived, so the true offset is at most
   * about a second (plus the trip back) above this. `undefined` before any
   * answer with a `Date` header.
   */
  get clockOffsetMs(): number | undefined {
    return this.clockOffset;
  }

  /**
   * Sends one request, retrying what is safe to retry. A POST is retried only
   * when the server certainly did not act on it (connection refused, 429) or
   * when it is `idempotent`; otherwise its error carries `outcomeUnknown` so
   * the caller can look before trying again.
   */
  async request(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const endpoint = path + queryString(options.query);
    const unsafe = method === "POST" && !options.idempotent;
    // Values the server may echo back in an error (a layer's api_key): never into our messages.
    const secrets = [this.options.apiKey, ...secretsIn(options.body)];
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(method, endpoint, options.body, attempt, secrets);
      if (!("error" in outcome)) return outcome;
      const { error, retryAfterMs } = outcome;
      const retryable = unsafe ? neverActed(error) : isRetryable(error);
      if (!retryable || attempt > this.options.maxRetries) {
        if (unsafe && !neverActed(error)) error.outcomeUnknown = isRetryable(error);
        throw error;
      }
      await sleep(this.backoff(attempt, retryAfterMs));
    }
  }

  private async attempt(
    method: HttpMethod,
    endpoint: string,
    body: unknown,
    attempt: number,
    secrets: readonly string[],
  ): Promise<ApiResponse | { error: TavusApiError; retryAfterMs: number | undefined }> {
    const got = await loadGot();
    const { apiKey, baseUrl, timeoutMs, limiter } = this.options;
    const fail = (fields: { status?: number; apiMessage?: string; code?: string; requestId?: string }) =>
      tavusApiError({
        status: fields.status,
        apiMessage: fields.apiMessage === undefined ? undefined : redact(fields.apiMessage, secrets),
        code: fields.code,
        requestId: fields.requestId,
        method,
        endpoint,
        attempts: attempt,
      });
    let response: Response<string>;
    try {
      const send = () =>
        got(baseUrl.replace(/\/+$/, "") + endpoint, {
          method,
          headers: { "x-api-key": apiKey, accept: "application/json", "user-agent": "pulumi-tavus" },
          ...(body === undefined ? {} : { json: body }),
          responseType: "text",
          throwHttpErrors: false,
          followRedirect: false,
          retry: { limit: 0 },
          timeout: { request: timeoutMs },
        });
      response = limiter ? await limiter.run(send) : await send();
    } catch (e) {
      const code = (e as { code?: string }).code ?? "ERR_NETWORK";
      return { error: fail({ code: code === "ETIMEDOUT" ? "ETIMEDOUT" : code }), retryAfterMs: undefined };
    }
    const serverDate = Date.parse(headerValue(response.headers.date) ?? "");
    if (!Number.isNaN(serverDate)) this.clockOffset = serverDate - Date.now();
    const status = response.statusCode;
    const parsed = parseBody(response.body);
    if ((status >= 200 && status < 300) || status === 304) {
      if (parsed.invalid) {
        return { error: fail({ status, apiMessage: `unreadable answer (not JSON): ${snippet(response.body)}` }), retryAfterMs: undefined };
      }
      return { status, body: parsed.value };
    }
    const requestId = headerValue(response.headers["x-request-id"]);
    const apiMessage = apiMessageOf(parsed.value) ?? (response.body ? snippet(response.body) : undefined);
    return {
      error: fail({ status, ...(apiMessage === undefined ? {} : { apiMessage }), ...(requestId ? { requestId } : {}) }),
      retryAfterMs: retryAfterMs(headerValue(response.headers["retry-after"])),
    };
  }

  /** Full-jitter exponential backoff, or the server's `Retry-After`; capped either way. */
  private backoff(attempt: number, retryAfter: number | undefined): number {
    const { retryBaseDelayMs, retryMaxDelayMs } = this.options;
    if (retryAfter !== undefined) return Math.min(retryAfter, retryMaxDelayMs);
    return Math.random() * Math.min(retryMaxDelayMs, retryBaseDelayMs * 2 ** (attempt - 1));
  }
}

function isRetryable(e: TavusApiError): boolean {
  return e.status === undefined || RETRYABLE_STATUSES.has(e.status);
}

/** True when the server certainly did not act: refused connection, or a 429. */
function neverActed(e: TavusApiError): boolean {
  return e.status === 429 || (e.status === undefined && NEVER_SENT_CODES.has(e.code ?? ""));
}

function parseBody(text: string): { value: unknown; invalid: boolean } {
  if (text.trim() === "") return { value: undefined, invalid: false };
  try {
    return { value: JSON.parse(text) as unknown, invalid: false };
  } catch {
    return { value: undefined, invalid: true };
  }
}

/** `Retry-After` is either delay-seconds or an HTTP date (RFC 9110 section 10.2.3). */
export function retryAfterMs(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function queryString(query: RequestOptions["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : "";
}

function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

/** The start of a non-JSON body (an HTML error page, say), on one line. */
function snippet(text: string): string {
  const flat = text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat || "(empty)";
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
