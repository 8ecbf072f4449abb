/**
 * HTTP transport for the Tavus API on `got`, configured rather than wrapped:
 * got's `retry` options decide what is retried (methods, statuses, network
 * codes, attempts), its `calculateDelay` sets the wait (full-jitter exponential
 * backoff, or the server's `Retry-After`, capped), and its hooks do the rest:
 * `beforeRequest` takes a slot of the shared limiter for every attempt,
 * `afterResponse` gives it back and reads the server's clock, and `beforeError`
 * is the one place where failures become {@link TavusApiError}s.
 *
 * `got` (v12+) is ESM-only and this package is CommonJS, so it is loaded with a
 * dynamic `import()` on first use. `require()` of an ES module works unflagged
 * only from Node 20.19 (we support Node ≥ 20) and not at all inside Jest's module
 * system, which is why the tests run with `--experimental-vm-modules`. Loading it
 * lazily also keeps it out of anything Pulumi's closure serializer might capture.
 */
import type { Got, RequestError, Response, RetryObject } from "got" with {
  "resolution-mode": "import",
};
import {
  apiMessageOf,
  conflictOf,
  isTavusApiError,
  redact,
  secretsIn,
  tavusApiError,
  type TavusApiError,
} from "./errors";
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
  /** Shared limit on concurrent requests and request rate, applied to every attempt. @default none */
  limiter?: RequestLimiter;
}

/** The Tavus API's origin. */
export const DEFAULT_BASE_URL = "https://tavusapi.com";
const DEFAULTS = {
  timeoutMs: 30_000,
  maxRetries: 3,
  retryBaseDelayMs: 250,
  retryMaxDelayMs: 20_000,
};

/** Statuses worth another attempt: timeouts, rate limits, server trouble. */
const RETRYABLE_STATUSES = [408, 429, 500, 502, 503, 504];
/**
 * Network failures worth another attempt: got's default list, plus the other
 * ways a connection dies (a read cut short, an unreachable host).
 */
const RETRYABLE_CODES = [
  "ETIMEDOUT",
  "ECONNRESET",
  "EADDRINUSE",
  "ECONNREFUSED",
  "EPIPE",
  "ENOTFOUND",
  "ENETUNREACH",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ECONNABORTED",
  "ERR_STREAM_PREMATURE_CLOSE",
];
/** Network failures where the request certainly never reached the server. */
const NEVER_SENT_CODES = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"];

/** An HTTP method the Tavus API uses. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Per-request options of {@link Transport.request}. */
export interface RequestOptions {
  /** Query parameters; `undefined` values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON request body. */
  body?: unknown;
  /** Extra request headers, e.g. `If-Match` (a deployment's PATCH). Never `x-api-key`. */
  headers?: Record<string, string>;
  /**
   * The request may be repeated without changing the outcome (End Conversation:
   * "ending twice changes nothing"), so a POST is retried like a GET.
   * @default false for POST; GET, PATCH and DELETE are always retried
   */
  idempotent?: boolean;
  /**
   * A 429 here is a quota or a cooldown (recrawl once an hour), not a rate
   * limit: waiting seconds cannot help, so it is not retried.
   * @default false
   */
  quota?: boolean;
}

/**
 * A 429 whose message says a limit was reached ("Crawl document limit reached
 * (100)") is a quota, not a rate limit: retrying would only repeat it.
 */
const QUOTA_MESSAGE = /limit reached/i;

/** A successful (2xx or 304) answer, body parsed from JSON when there is one. */
export interface ApiResponse {
  status: number;
  body: unknown;
  /** The `ETag` header, where the API versions the object (deployments). */
  etag?: string;
}

/**
 * What one request carries through got's hooks, in got's `context` option. got
 * copies `context` shallowly, so the mutable part sits in `attempt`, an object
 * the caller's copy and got's share.
 */
interface RequestContext {
  /** Path and query, as errors show it. */
  endpoint: string;
  /** A POST that must not be repeated unless the server certainly did not act on it. */
  unsafe: boolean;
  /** Values never to show in an error: the API key, secrets of the body. */
  secrets: readonly string[];
  attempt: { release: (() => void) | undefined };
}

type GotModule = typeof import("got", { with: { "resolution-mode": "import" } });
let gotModule: Promise<GotModule> | undefined;
function loadGot(): Promise<GotModule> {
  gotModule ??= import("got");
  return gotModule;
}

/** Sends requests to the Tavus API with the retry, limit and error policy above. */
export class Transport {
  private readonly options: Required<Omit<TransportOptions, "limiter">> & {
    limiter: RequestLimiter | undefined;
  };
  private clockOffset: number | undefined;
  private client: Promise<Got> | undefined;

  /** @param options see {@link TransportOptions}. */
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
   * @param method HTTP method.
   * @param path path from the API origin, e.g. `/v2/personas`.
   * @param options query, body, and whether a POST may be repeated.
   * @throws {@link TavusApiError} for every failure.
   */
  async request(
    method: HttpMethod,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse> {
    const endpoint = path + queryString(options.query);
    const unsafe = method === "POST" && !options.idempotent;
    const context: RequestContext = {
      endpoint,
      unsafe,
      // Values the server may echo back in an error (a layer's api_key): never into our messages.
      secrets: [this.options.apiKey, ...secretsIn(options.body)],
      attempt: { release: undefined },
    };
    const got = await this.got();
    try {
      const response = await got<unknown>(this.options.baseUrl.replace(/\/+$/, "") + endpoint, {
        method,
        ...(options.body === undefined ? {} : { json: options.body }),
        ...(options.headers === undefined ? {} : { headers: options.headers }),
        context: { ...context },
        ...retryFor(method, unsafe, options.quota ?? false),
      });
      // got answers "" for an empty body; the guards in answers.ts say "an empty body" for undefined.
      const etag = headerValue(response.headers.etag);
      return {
        status: response.statusCode,
        body: response.rawBody.length === 0 ? undefined : response.body,
        ...(etag === undefined ? {} : { etag }),
      };
    } catch (e) {
      // beforeError builds every error got raises; anything else (a bad base URL
      // rejected before any hook runs) is given the same shape, never got's own,
      // whose `options` would carry the key.
      throw isTavusApiError(e)
        ? e
        : this.toApiError(
            { name: "RequestError", code: (e as { code?: string }).code ?? "ERR_NETWORK" },
            method,
            context,
            1,
          );
    } finally {
      context.attempt.release?.();
    }
  }

  /** The got instance: this transport's policy, as got options and hooks. */
  private got(): Promise<Got> {
    const { apiKey, timeoutMs, maxRetries, retryBaseDelayMs, retryMaxDelayMs, limiter } =
      this.options;
    this.client ??= loadGot().then(({ default: got, HTTPError }) =>
      got.extend({
        headers: { "x-api-key": apiKey, accept: "application/json", "user-agent": "pulumi-tavus" },
        responseType: "json",
        // A body of only whitespace counts as empty, like no body at all.
        parseJson: (text) => (text.trim() === "" ? undefined : JSON.parse(text)),
        // The API never redirects, and following one would send the key elsewhere.
        followRedirect: false,
        timeout: { request: timeoutMs },
        retry: {
          limit: maxRetries,
          methods: ["GET", "PUT", "PATCH", "DELETE"],
          statusCodes: RETRYABLE_STATUSES,
          errorCodes: RETRYABLE_CODES,
          // got would give up when Retry-After exceeds this; we wait the capped
          // time instead (calculateDelay), so nothing is too long to retry.
          maxRetryAfter: Number.POSITIVE_INFINITY,
          backoffLimit: retryMaxDelayMs,
          noise: 0,
          calculateDelay: ({ attemptCount, error, retryAfter, computedValue }: RetryObject) => {
            // The attempt has failed: its limiter slot is free during the wait.
            contextOf(error.options.context).attempt.release?.();
            // 0 is got's "no": the limit is reached, or the method, status or code is not retryable.
            if (computedValue === 0) return 0;
            if (
              error.response?.statusCode === 429 &&
              QUOTA_MESSAGE.test(error.response.rawBody.toString())
            ) {
              return 0;
            }
            const wait =
              retryAfter !== undefined && Number.isFinite(retryAfter)
                ? Math.min(retryAfter, retryMaxDelayMs)
                : Math.random() *
                  Math.min(retryMaxDelayMs, retryBaseDelayMs * 2 ** (attemptCount - 1));
            // A delay of 0 would cancel the retry.
            return Math.max(1, wait);
          },
        },
        hooks: {
          beforeRequest: [
            async (options) => {
              // Every attempt, retries included, waits for a slot and a token of the shared limit.
              if (limiter) contextOf(options.context).attempt.release = await limiter.acquire();
            },
          ],
          afterResponse: [
            (response) => {
              contextOf(response.request.options.context).attempt.release?.();
              this.noteServerDate(response);
              // With followRedirect off got takes a 3xx for success; only 304 is one here.
              if (response.statusCode >= 300 && response.statusCode !== 304)
                throw new HTTPError(response);
              return response;
            },
          ],
          beforeError: [
            (error) => {
              const context = contextOf(error.options.context);
              context.attempt.release?.();
              // A body that is not JSON fails before afterResponse runs.
              if (error.response) this.noteServerDate(error.response);
              // Our error replaces got's: it names no URL origin, no header, no option.
              return this.toApiError(
                error,
                error.options.method,
                context,
                (error.request?.retryCount ?? 0) + 1,
              ) as unknown as RequestError;
            },
          ],
        },
      }),
    );
    return this.client;
  }

  /** The one place a failure becomes a {@link TavusApiError}, secrets taken out. */
  private toApiError(
    error: Pick<RequestError, "name" | "code"> & { response?: Response | undefined },
    method: string,
    context: RequestContext,
    attempts: number,
  ): TavusApiError {
    const { response } = error;
    const answered =
      response !== undefined && (error.name === "HTTPError" || error.name === "ParseError");
    const text = answered ? response.rawBody.toString() : "";
    let apiMessage: string | undefined;
    if (error.name === "ParseError") apiMessage = `unreadable answer (not JSON): ${snippet(text)}`;
    else if (answered)
      apiMessage = apiMessageOf(response.body) ?? (text ? snippet(text) : undefined);
    const requestId =
      answered && error.name === "HTTPError"
        ? headerValue(response.headers["x-request-id"])
        : undefined;
    const built = tavusApiError({
      status: answered ? response.statusCode : undefined,
      apiMessage: apiMessage === undefined ? undefined : redact(apiMessage, context.secrets),
      // A timeout after the headers arrived is still "no answer": got's TimeoutError says ETIMEDOUT.
      code: answered ? undefined : (error.code ?? "ERR_NETWORK"),
      requestId,
      method,
      endpoint: context.endpoint,
      attempts,
      ...(answered && conflictOf(response.body) ? { conflict: conflictOf(response.body)! } : {}),
    });
    if (context.unsafe && !neverActed(built)) built.outcomeUnknown = isRetryable(built);
    return built;
  }

  private noteServerDate(response: Pick<Response, "headers">): void {
    const serverDate = Date.parse(headerValue(response.headers.date) ?? "");
    if (!Number.isNaN(serverDate)) this.clockOffset = serverDate - Date.now();
  }
}

/**
 * How one request departs from the instance's retry policy. What proves a POST
 * was not acted on: a 429 (the API refused it) or a connection that was never
 * made; anything else may have created something. A quota's 429 is never retried.
 */
function retryFor(method: HttpMethod, unsafe: boolean, quota: boolean): { retry?: object } {
  const rateLimited = quota ? [] : [429];
  if (unsafe)
    return { retry: { methods: ["POST"], statusCodes: rateLimited, errorCodes: NEVER_SENT_CODES } };
  if (method === "POST") {
    return {
      retry: {
        methods: ["POST"],
        ...(quota ? { statusCodes: RETRYABLE_STATUSES.filter((s) => s !== 429) } : {}),
      },
    };
  }
  return quota ? { retry: { statusCodes: RETRYABLE_STATUSES.filter((s) => s !== 429) } } : {};
}

/** got's `context` holds what {@link Transport.request} put there. */
function contextOf(context: Record<string, unknown>): RequestContext {
  return context as unknown as RequestContext;
}

/** A failure that another attempt may fix; for a POST, one whose outcome is unknown. */
function isRetryable(e: TavusApiError): boolean {
  return e.status === undefined || RETRYABLE_STATUSES.includes(e.status);
}

/** True when the server certainly did not act: refused connection, or a 429. */
function neverActed(e: TavusApiError): boolean {
  return e.status === 429 || (e.status === undefined && NEVER_SENT_CODES.includes(e.code ?? ""));
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

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
