/**
 * The tiny router: a route is a method, a path pattern (`/v2/personas/:id`) and
 * a synchronous handler that returns a {@link Reply}. Handlers never touch the
 * socket, which lets the server apply latency and faults uniformly around them.
 */
import type { ErrorBody, ListResponse } from "../provider/wire";
import type { CallbackSender } from "./callbacks";
import type { EmulatorSettings } from "./settings";
import type { Store } from "./store";
import { strictPolicy, type FieldPolicy } from "./validate";

/** What a handler answers; the server turns it into bytes. */
export interface Reply {
  status: number;
  /** A JSON value to send; omitted → no body at all (204, 304, "200 with no body"). */
  body?: unknown;
  headers?: Record<string, string>;
}

/** What a handler gets about the request. */
export interface RouteContext {
  /** Values of the pattern's `:name` segments. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body; `undefined` when the request had none. */
  body: unknown;
  /** Strict or lenient about undocumented members; collects the ones let through. */
  fields: FieldPolicy;
  /** Request headers, lower-case names (`if-match`). */
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** What the `/v2` route modules share: the store and the live settings. */
export interface RouteDeps {
  store: Store;
  settings: EmulatorSettings;
  /** Sends the documented callbacks to a request's `callback_url`. */
  callbacks: CallbackSender;
}

/** One route of the table. */
export interface Route {
  method: string;
  /** Segments separated by "/", where `:name` matches any one segment. */
  pattern: string;
  handler: (context: RouteContext) => Reply;
  /** Called without an API key (a deployment's `init` and `start`, which a web page calls). */
  public?: boolean;
}

/**
 * Matches `pattern` against `path` segment by segment.
 * @returns the `:name` captures, or `undefined` when the path does not match.
 */
export function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = got[i] ?? "";
    if (segment.startsWith(":")) {
      if (actual === "") return undefined;
      params[segment.slice(1)] = decodeURIComponent(actual);
    } else if (segment !== actual) {
      return undefined;
    }
  }
  return params;
}

/** The first route whose method and pattern match, with its captures. */
export function findRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = matchPattern(route.pattern, path);
    if (params !== undefined) return { route, params };
  }
  return undefined;
}

// ------------------------------------------------------------ reply helpers

/** 200 with a JSON body. */
export function ok(body: unknown): Reply {
  return { status: 200, body };
}

/** A status with no body at all (204, 304, or a bodiless 200). */
export function empty(status: number): Reply {
  return { status };
}

/** An error with the `{"error": ...}` key that Tavus uses for 400s (docs/tavus-api/errors-and-conventions.md#error-bodies). */
export function error(status: number, message: string): Reply {
  const body: ErrorBody = { error: message };
  return { status, body };
}

/** An error with the `{"message": ...}` key that Tavus uses for 401/402/422 and the concurrency 400
 * (docs/tavus-api/errors-and-conventions.md#error-bodies). */
export function message(status: number, text: string): Reply {
  const body: ErrorBody = { message: text };
  return { status, body };
}

// ------------------------------------------------------------ query helpers

/** `?verbose=true`: only the literal "true" (any case) is true; anything else is false. */
export function queryFlag(query: URLSearchParams, name: string): boolean {
  return query.get(name)?.toLowerCase() === "true";
}

/**
 * `?hard=true|false` on deletes. Stricter than {@link queryFlag}: a typo such as
 * `hard=yes` must not silently turn an irrevocable delete into a soft one.
 * @returns the flag, or an error reply when the value is neither true nor false.
 */
export function hardFlag(query: URLSearchParams): boolean | Reply {
  const raw = query.get("hard");
  if (raw === null) return false;
  const lower = raw.toLowerCase();
  if (lower === "true" || lower === "false") return lower === "true";
  return error(400, `Invalid hard: must be true or false, got "${raw}"`);
}

/** Newest first, the order the list endpoints answer in. */
export function newestFirst<T extends { created_at: string }>(items: Iterable<T>): T[] {
  return [...items].sort((a, b) =>
    a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0,
  );
}

/**
 * Reads `page` (1-based, default 1) and `limit` (default 10) as docs/tavus-api/errors-and-conventions.md#lists documents
 * them, and slices `items` into a list envelope. Some clients page from 0: a
 * lenient `policy` reads `page=0` as the first page, a strict one refuses it.
 * @returns the envelope, or an error reply naming the bad parameter.
 */
export function paginate<T>(
  items: readonly T[],
  query: URLSearchParams,
  policy: FieldPolicy = strictPolicy(),
): Reply {
  const rawPage = query.get("page");
  const page = !policy.strict && rawPage === "0" ? 1 : positiveInt(rawPage, 1);
  const limit = positiveInt(query.get("limit"), 10);
  if (page === undefined) return error(400, "Invalid page: must be an integer >= 1");
  if (limit === undefined) return error(400, "Invalid limit: must be an integer >= 1");
  const body: ListResponse<T> = {
    data: items.slice((page - 1) * limit, page * limit),
    total_count: items.length,
  };
  return ok(body);
}

function positiveInt(raw: string | null, fallback: number): number | undefined {
  if (raw === null || raw === "") return fallback;
  return /^[1-9][0-9]*$/.test(raw) ? Number(raw) : undefined;
}
