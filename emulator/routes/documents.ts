/**
 * `/v2/documents` (docs/tavus-api/documents.md): the knowledge base. Create,
 * list (0-based `page`), get, merge PATCH of `document_name` and `tags`,
 * delete, and recrawl. Processing is computed from the clock
 * (documentProcessing.ts); the crawl limits answer 429 (README "Documents").
 */
import { randomBytes } from "node:crypto";
import {
  DOCUMENT_API_ERRORS,
  DOCUMENT_LIMITS,
  DOCUMENT_SORTS,
  DOCUMENT_STATUSES,
  type DocumentCrawlWire,
  type DocumentListResponse,
  type DocumentWire,
} from "../../provider/wire";
import {
  documentWillFail,
  isCrawling,
  processingState,
  DOCUMENT_UNREACHABLE_MESSAGE,
} from "../documentProcessing";
import type { CallbackSender } from "../callbacks";
import { formatTimestamp, nowTimestamp } from "../ids";
import { empty, error, message, ok, type Reply, type Route, type RouteDeps } from "../routing";
import type { EmulatorSettings } from "../settings";
import type { DocumentRecord, Store } from "../store";
import { isHttpUrl, isRecord, type FieldPolicy } from "../validate";

/** The members a create body may hold. */
const CREATE_FIELDS = ["document_url", "document_name", "callback_url", "tags", "crawl"];
/** The members a PATCH body may hold: the rest of a document is fixed at create. */
const PATCH_FIELDS = ["document_name", "tags"];

/** The documents routes. */
export function documentRoutes({ store, settings, callbacks }: RouteDeps): Route[] {
  return [
    {
      method: "POST",
      pattern: "/v2/documents",
      handler: ({ body, fields }) => {
        const reply = createDocument(store, settings, body, fields);
        const id = (reply.body as Partial<DocumentWire> | undefined)?.document_id;
        if (reply.status === 200 && id !== undefined) sendRunCallbacks(store, callbacks, id);
        return reply;
      },
    },
    {
      method: "GET",
      pattern: "/v2/documents",
      handler: ({ query }) => listDocuments(store, query),
    },
    {
      method: "GET",
      pattern: "/v2/documents/:id",
      handler: ({ params }) => {
        const record = store.documents.get(params["id"] ?? "");
        return record === undefined ? notFound() : ok(documentView(record));
      },
    },
    {
      method: "PATCH",
      pattern: "/v2/documents/:id",
      handler: ({ params, body }) => {
        const record = store.documents.get(params["id"] ?? "");
        return record === undefined ? notFound() : patchDocument(store, record, body);
      },
    },
    {
      method: "DELETE",
      pattern: "/v2/documents/:id",
      handler: ({ params }) => {
        const id = params["id"] ?? "";
        // The Delete page shows its 404 with an `error` key, the others with `message`.
        if (!store.documents.delete(id)) return error(404, DOCUMENT_API_ERRORS.documentNotFound);
        store.commit();
        return empty(204);
      },
    },
    {
      method: "POST",
      pattern: "/v2/documents/:id/recrawl",
      handler: ({ params, body }) => {
        const record = store.documents.get(params["id"] ?? "");
        if (record === undefined) return notFound();
        const reply = recrawl(store, settings, record, body);
        if (reply.status === 202) sendRunCallbacks(store, callbacks, record.document_id);
        return reply;
      },
    },
  ];
}

/** 404 `{"message":"Document not found"}`, as the Get and Patch pages show it. */
function notFound(): Reply {
  return message(404, DOCUMENT_API_ERRORS.documentNotFound);
}

function createDocument(
  store: Store,
  settings: EmulatorSettings,
  body: unknown,
  policy: FieldPolicy,
): Reply {
  if (!isRecord(body)) return error(400, "Invalid request: the body must be a JSON object");
  // Lenient (the default), unknown members are ignored and noted: an older
  // Create Document example sends `properties`, which no current page lists.
  for (const unknown of Object.keys(body).filter((key) => !CREATE_FIELDS.includes(key))) {
    if (policy.strict)
      return error(
        400,
        `Invalid request: unknown field "${unknown}"; allowed fields are: ${CREATE_FIELDS.join(", ")}`,
      );
    policy.unknown.push(unknown);
  }
  const url = body["document_url"];
  if (url === undefined || url === null || url === "")
    return error(400, DOCUMENT_API_ERRORS.documentUrlRequired);
  if (!isHttpUrl(url)) return error(400, "Invalid request: document_url must be an http(s) URL");
  const problem =
    checkName(body["document_name"]) ??
    checkTags(body["tags"]) ??
    (body["callback_url"] !== undefined && !isHttpUrl(body["callback_url"])
      ? "Invalid request: callback_url must be an http(s) URL"
      : undefined) ??
    checkCrawl(body["crawl"]);
  if (problem !== undefined) return error(400, problem);

  const crawl = body["crawl"] as DocumentCrawlWire | undefined;
  const nowMs = Date.now();
  if (crawl !== undefined) {
    // Both limits are account quotas: 429 with a message naming the limit (docs/tavus-api/documents.md#limits).
    const crawlDocuments = [...store.documents.values()].filter((d) => d.crawl_config !== null);
    if (crawlDocuments.length >= DOCUMENT_LIMITS.crawlDocuments) {
      return error(
        429,
        `${DOCUMENT_API_ERRORS.crawlDocumentLimit}. Delete a crawl document before creating another.`,
      );
    }
    const limited = concurrentCrawlLimit(store, nowMs);
    if (limited !== undefined) return limited;
  }
  const now = formatTimestamp(nowMs * 1000);
  const record: DocumentRecord = {
    document_id: newDocumentId(store),
    document_name: (body["document_name"] as string | undefined) ?? defaultName(url),
    document_url: url,
    created_at: now,
    updated_at: now,
    callback_url: (body["callback_url"] as string | undefined) ?? null,
    tags: structuredClone((body["tags"] as string[] | undefined) ?? []),
    crawl_config: crawl === undefined ? null : structuredClone(crawl),
    last_crawled_at: crawl === undefined ? null : now,
    crawl_count: crawl === undefined ? 0 : 1,
    run_started_ms: nowMs,
    run_ms: settings.documentProcessingMs,
    run_fails: documentWillFail(url),
    recrawl: false,
  };
  store.documents.set(record.document_id, record);
  store.commit();
  return ok(documentView(record, nowMs));
}

/**
 * `GET /v2/documents`: `page` counts from 0 (default 0), `limit` default 10,
 * `sort` by creation (default descending), filters `status`, `name_or_uuid`
 * (a case-insensitive substring of the name, or the exact id) and `tags`
 * (comma-separated: a document matches when it has any of them).
 */
function listDocuments(store: Store, query: URLSearchParams): Reply {
  const page = wholeNumber(query.get("page"), 0, 0);
  const limit = wholeNumber(query.get("limit"), 10, 1);
  if (page === undefined) return error(400, "Invalid page: must be an integer >= 0");
  if (limit === undefined) return error(400, "Invalid limit: must be an integer >= 1");
  const sort = query.get("sort") ?? "descending";
  if (!(DOCUMENT_SORTS as readonly string[]).includes(sort))
    return error(400, `Invalid sort: must be one of: ${DOCUMENT_SORTS.join(", ")}`);
  const status = query.get("status");
  if (status !== null && !(DOCUMENT_STATUSES as readonly string[]).includes(status))
    return error(400, `Invalid status: must be one of: ${DOCUMENT_STATUSES.join(", ")}`);
  const needle = query.get("name_or_uuid")?.toLowerCase();
  const tags = (query.get("tags") ?? "").split(",").filter((tag) => tag !== "");

  const nowMs = Date.now();
  const views = [...store.documents.values()]
    .map((record) => documentView(record, nowMs))
    .filter(
      (d) =>
        (status === null || d.status === status) &&
        (needle === undefined ||
          d.document_id === needle ||
          d.document_name.toLowerCase().includes(needle)) &&
        (tags.length === 0 || d.tags.some((tag) => tags.includes(tag))),
    )
    .sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
  if (sort === "descending") views.reverse();
  const reply: DocumentListResponse = {
    data: views.slice(page * limit, (page + 1) * limit),
    total_count: views.length,
    page,
    limit,
  };
  return ok(reply);
}

/** The merge PATCH: only `document_name` and `tags` may be sent; `tags` replaces the list. */
function patchDocument(store: Store, record: DocumentRecord, body: unknown): Reply {
  if (!isRecord(body)) return error(400, "Invalid request: the body must be a JSON object");
  const unknown = Object.keys(body).find((key) => !PATCH_FIELDS.includes(key));
  if (unknown !== undefined) {
    return error(
      400,
      `Invalid request: "${unknown}" cannot be updated; only ${PATCH_FIELDS.join(" and ")} can`,
    );
  }
  if (body["document_name"] !== undefined && typeof body["document_name"] !== "string")
    return error(400, DOCUMENT_API_ERRORS.documentNameMustBeString);
  const problem = checkTags(body["tags"]);
  if (problem !== undefined) return error(400, problem);
  const name = body["document_name"] as string | undefined;
  const tags = body["tags"] as string[] | undefined;
  const changed =
    (name !== undefined && name !== record.document_name) ||
    (tags !== undefined && JSON.stringify(tags) !== JSON.stringify(record.tags));
  if (changed) {
    if (name !== undefined) record.document_name = name;
    if (tags !== undefined) record.tags = structuredClone(tags);
    record.updated_at = nowTimestamp();
    store.commit();
  }
  return ok(documentView(record));
}

/**
 * `POST /v2/documents/{id}/recrawl`: 202 with the document `recrawling`; 409
 * unless it is `ready` or `error`; 400 when it has no crawl settings and the
 * body brings none; 429 within the cooldown of the previous recrawl, or past
 * the concurrent-crawl limit.
 */
function recrawl(
  store: Store,
  settings: EmulatorSettings,
  record: DocumentRecord,
  body: unknown,
): Reply {
  if (body !== undefined && !isRecord(body))
    return error(400, "Invalid request: the body must be a JSON object");
  const override = isRecord(body) ? body["crawl"] : undefined;
  const unknown = isRecord(body) ? Object.keys(body).find((key) => key !== "crawl") : undefined;
  if (unknown !== undefined)
    return error(400, `Invalid request: unknown field "${unknown}"; the body is {"crawl": {...}}`);
  const problem = checkCrawl(override);
  if (problem !== undefined) return error(400, problem);
  const nowMs = Date.now();
  const { status } = processingState(record, nowMs);
  if (status !== "ready" && status !== "error") {
    return error(409, `Document is ${status}: it can be recrawled once it is ready or error`);
  }
  if (record.crawl_config === null && override === undefined) {
    return error(
      400,
      "Invalid request: the document was created without crawl; send crawl in the body",
    );
  }
  if (
    record.last_recrawl_ms !== undefined &&
    nowMs < record.last_recrawl_ms + settings.recrawlCooldownMs
  ) {
    const minutes = Math.ceil(
      (record.last_recrawl_ms + settings.recrawlCooldownMs - nowMs) / 60_000,
    );
    return error(
      429,
      `Recrawl cooldown: a document can be recrawled once per hour; try again in ${minutes} minute(s)`,
    );
  }
  const limited = concurrentCrawlLimit(store, nowMs);
  if (limited !== undefined) return limited;
  const now = formatTimestamp(nowMs * 1000);
  Object.assign(record, {
    run_started_ms: nowMs,
    run_ms: settings.documentProcessingMs,
    run_fails: documentWillFail(record.document_url),
    recrawl: true,
    last_recrawl_ms: nowMs,
    last_crawled_at: now,
    crawl_count: record.crawl_count + 1,
    updated_at: now,
  });
  // The override applies to this run only; the stored settings stay (Recrawl page).
  const view = documentView(record, nowMs);
  if (override !== undefined) view.crawl_config = structuredClone(override as DocumentCrawlWire);
  store.commit();
  return { status: 202, body: view };
}

/**
 * The callbacks of a processing run that just started: the Create Document page
 * says `callback_url` "receives status updates while the document processes
 * (e.g. started, processing, ready, error)" and shows no body, so each is the
 * document as GET answers it at that moment [G]: one when the run starts, one
 * when it reaches `processing` (half way; a recrawl reports `recrawling` from
 * the start, so it skips this one), one when it ends (`ready` or `error`).
 * A callback whose run was superseded (recrawl) or whose document was deleted
 * is not sent.
 */
function sendRunCallbacks(store: Store, callbacks: CallbackSender, id: string): void {
  const record = store.documents.get(id);
  if (record === undefined || record.callback_url === null) return;
  const run = record.run_started_ms;
  const at = (ms: number, expected?: (status: string) => boolean): void =>
    callbacks.send(
      record.callback_url ?? undefined,
      () => {
        const current = store.documents.get(id);
        if (current === undefined || current.run_started_ms !== run) return undefined;
        const view = documentView(current, run + ms);
        return expected === undefined || expected(view.status) ? view : undefined;
      },
      ms,
    );
  at(0);
  if (!record.recrawl) at(Math.floor(record.run_ms / 2), (status) => status === "processing");
  at(record.run_ms);
}

/** 429 when {@link DOCUMENT_LIMITS.concurrentCrawls} crawls are already running. */
function concurrentCrawlLimit(store: Store, nowMs: number): Reply | undefined {
  const running = [...store.documents.values()].filter(
    (d) => d.crawl_config !== null && isCrawling(d, nowMs),
  ).length;
  if (running < DOCUMENT_LIMITS.concurrentCrawls) return undefined;
  return error(
    429,
    `Concurrent crawl limit reached (${DOCUMENT_LIMITS.concurrentCrawls}). Wait for a crawl to finish and try again.`,
  );
}

/**
 * The document as the API answers it, at `nowMs`. Once a run ends,
 * `updated_at` is its finish time and `crawled_urls` lists what it read.
 */
export function documentView(record: DocumentRecord, nowMs: number = Date.now()): DocumentWire {
  const state = processingState(record, nowMs);
  const finished =
    state.finished_ms === undefined ? undefined : formatTimestamp(state.finished_ms * 1000);
  return {
    document_id: record.document_id,
    document_name: record.document_name,
    document_url: record.document_url,
    status: state.status,
    progress: state.progress,
    error_message: state.status === "error" ? DOCUMENT_UNREACHABLE_MESSAGE : null,
    created_at: record.created_at,
    updated_at:
      finished !== undefined && finished > record.updated_at ? finished : record.updated_at,
    callback_url: record.callback_url,
    tags: structuredClone(record.tags),
    crawl_config: structuredClone(record.crawl_config),
    crawled_urls: record.crawl_config === null ? null : crawledUrls(record, state.status),
    last_crawled_at: record.last_crawled_at,
    crawl_count: record.crawl_count,
  };
}

/**
 * What a finished crawl read: the start URL plus `page-N` beneath it, as many
 * as `max_pages` allows and at most `depth * 2` (an emulator choice, README).
 */
function crawledUrls(record: DocumentRecord, status: string): string[] {
  if (status !== "ready") return [];
  const { depth = 1, max_pages: maxPages = 10 } = record.crawl_config ?? {};
  const count = Math.min(maxPages, depth * 2);
  const base = record.document_url.endsWith("/") ? record.document_url : `${record.document_url}/`;
  return [
    record.document_url,
    ...Array.from({ length: count - 1 }, (_, i) => `${base}page-${i + 1}`),
  ];
}

function checkName(name: unknown): string | undefined {
  return name === undefined || typeof name === "string"
    ? undefined
    : DOCUMENT_API_ERRORS.documentNameMustBeString;
}

function checkTags(tags: unknown): string | undefined {
  return tags === undefined || (Array.isArray(tags) && tags.every((tag) => typeof tag === "string"))
    ? undefined
    : "Invalid request: tags must be an array of strings";
}

/** `crawl: {depth 1–10, max_pages 1–100}` (docs/tavus-api/documents.md#create). */
function checkCrawl(crawl: unknown): string | undefined {
  if (crawl === undefined) return undefined;
  if (!isRecord(crawl)) return "Invalid request: crawl must be an object {depth, max_pages}";
  const unknown = Object.keys(crawl).find((key) => key !== "depth" && key !== "max_pages");
  if (unknown !== undefined)
    return `Invalid request: unknown field "crawl.${unknown}"; allowed fields are: crawl.depth, crawl.max_pages`;
  const bounds: [string, number, number][] = [
    ["depth", DOCUMENT_LIMITS.crawlDepthMin, DOCUMENT_LIMITS.crawlDepthMax],
    ["max_pages", DOCUMENT_LIMITS.crawlMaxPagesMin, DOCUMENT_LIMITS.crawlMaxPagesMax],
  ];
  for (const [key, min, max] of bounds) {
    const value = crawl[key];
    if (
      value !== undefined &&
      !(Number.isInteger(value) && (value as number) >= min && (value as number) <= max)
    )
      return `Invalid request: crawl.${key} must be an integer from ${min} to ${max}`;
  }
  return undefined;
}

/** The docs generate a name when none is sent: here the URL's last path segment, else its host. */
function defaultName(url: string): string {
  const { hostname, pathname } = new URL(url);
  const last = pathname
    .split("/")
    .filter((segment) => segment !== "")
    .pop();
  return last === undefined ? hostname : decodeURIComponent(last);
}

/** `d` + a hex digit + `-` + 12 hex digits, the shape of the docs' `d8-5c71baca86fc`. */
function newDocumentId(store: Store): string {
  for (;;) {
    const hex = randomBytes(7).toString("hex");
    const id = `d${hex.slice(0, 1)}-${hex.slice(1, 13)}`;
    if (!store.has(id)) return id;
  }
}

/** A whole number no smaller than `min`, `fallback` when absent; `undefined` when malformed. */
function wholeNumber(raw: string | null, fallback: number, min: number): number | undefined {
  if (raw === null || raw === "") return fallback;
  return /^[0-9]+$/.test(raw) && Number(raw) >= min ? Number(raw) : undefined;
}
