/**
 * The one error family for Tavus API failures. Every failed request, whether the
 * API answered with an error status or the network failed, becomes a
 * {@link TavusApiError}, built in exactly one place ({@link tavusApiError}).
 *
 * Errors are branded with a field rather than checked with `instanceof`, because
 * the provider may run from another copy of this module (the Pulumi dynamic
 * provider host loads this package by name, a test may load it by path).
 */

/** What went wrong, as data. */
export interface TavusApiErrorFields {
  /** HTTP status, or `undefined` when no answer arrived (network error, timeout). */
  status: number | undefined;
  /** The API's own message (`error` or `message` key of the body), if any. */
  apiMessage: string | undefined;
  /** HTTP method of the failed request. */
  method: string;
  /** Path and query of the failed request, e.g. `/v2/personas/p123`. Never the key. */
  endpoint: string;
  /** Network error code (`ECONNRESET`, `ETIMEDOUT`, …) when no answer arrived. */
  code: string | undefined;
  /** The request id the API sent back, if any, for support tickets. */
  requestId: string | undefined;
  /** How many attempts were made before giving up. */
  attempts: number;
  /** The body's `conflict` key on a 409, e.g. `maker_changes` (a PAL Maker draft is open). */
  conflict?: string;
}

/** A failed Tavus API request; tell it apart with {@link isTavusApiError}, not `instanceof`. */
export interface TavusApiError extends Error, TavusApiErrorFields {
  readonly isTavusApiError: true;
  /**
   * Set on a POST that may have reached the server (a reset, a timeout, a 5xx,
   * a 2xx without what we need): whether it created something is unknown, so
   * look before trying again.
   */
  outcomeUnknown?: boolean;
}

/** Builds a {@link TavusApiError}; the message reads "METHOD endpoint: status: API message". */
export function tavusApiError(fields: TavusApiErrorFields): TavusApiError {
  const what =
    fields.status === undefined
      ? `no answer (${fields.code ?? "network error"})`
      : `HTTP ${fields.status}${fields.apiMessage ? `: ${fields.apiMessage}` : ""}`;
  const tries = fields.attempts > 1 ? ` after ${fields.attempts} attempts` : "";
  const id = fields.requestId ? ` [request id ${fields.requestId}]` : "";
  const error = new Error(
    `Tavus API ${fields.method} ${fields.endpoint} failed${tries}: ${what}${id}`,
  );
  error.name = "TavusApiError";
  return Object.assign(error, fields, { isTavusApiError: true as const });
}

/** True for any error built by this module, from whichever copy of it. */
export function isTavusApiError(e: unknown): e is TavusApiError {
  return (
    typeof e === "object" &&
    e !== null &&
    (e as { isTavusApiError?: unknown }).isTavusApiError === true
  );
}

/**
 * True when the API says the object does not exist: 400 `Invalid <kind>_id`
 * (what Tavus answers for unknown ids) or 404. Any other 400 is a real error.
 * @param kind the word the API's message names, e.g. `persona` for "Invalid persona_id", `guardrail` for "Invalid guardrails_id".
 */
export function isGone(e: unknown, kind: string): boolean {
  if (!isTavusApiError(e)) return false;
  if (e.status === 404) return true;
  const message = e.apiMessage ?? "";
  // Tools answer 400 "Bad Request. Tool not found" for a deleted one (docs/tavus-api/live-api.md#pal-tools).
  if (e.status === 400 && new RegExp(`\\b${kind} not found$`, "i").test(message)) return true;
  return (
    e.status === 400 &&
    /^invalid (\w+_)?(id|uuid)$/i.test(message) &&
    message.toLowerCase().includes(kind)
  );
}

/** The `conflict` key of an error body (409 `{"conflict":"maker_changes"}`), if any. */
export function conflictOf(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { conflict } = body as { conflict?: unknown };
  return typeof conflict === "string" && conflict ? conflict : undefined;
}

/** The API's message from an error body: `error` for most 400s, `message` elsewhere. */
export function apiMessageOf(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { error, message } = body as { error?: unknown; message?: unknown };
  if (typeof error === "string" && error) return error;
  if (typeof message === "string" && message) return message;
  return undefined;
}

/**
 * Takes secrets out of any text, in case a server or proxy echoed one back.
 * @param secrets the API key, and any secret the request carried ({@link secretsIn}).
 */
export function redact(
  text: string,
  secrets: string | undefined | readonly (string | undefined)[],
): string {
  let out = text;
  // Longest first, so a key that contains another is not left half-visible.
  const list = (Array.isArray(secrets) ? [...secrets] : [secrets]).filter(
    (s): s is string => typeof s === "string" && s.length >= 4,
  );
  for (const secret of list.sort((a, b) => b.length - a.length))
    out = out.split(secret).join("[redacted]");
  return out;
}

/**
 * The secret strings in a request body: every `api_key` and `password` (a
 * deployment's), every value under a `headers` map (LLM headers carry credentials), and the `value` of a JSON Patch
 * op whose path ends in `/api_key` or `/password` or goes through `/headers`.
 */
export function secretsIn(body: unknown): string[] {
  const found: string[] = [];
  const collect = (value: unknown, secret: boolean): void => {
    if (typeof value === "string") {
      if (secret) found.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) collect(item, secret);
    } else if (typeof value === "object" && value !== null) {
      const record = value as Record<string, unknown>;
      const patchesSecret =
        typeof record.path === "string" &&
        /\/api_key$|\/password$|\/headers(\/|$)/.test(record.path);
      for (const [key, member] of Object.entries(record)) {
        collect(
          member,
          secret ||
            key === "api_key" ||
            key === "password" ||
            key === "headers" ||
            (patchesSecret && key === "value"),
        );
      }
    }
  };
  collect(body, false);
  return found;
}
