/** /v2/documents against docs/tavus-api/documents.md and the docs' examples. */
import { DOCUMENT_API_ERRORS, DOCUMENT_LIMITS } from "../../provider/wire";
import { DOCUMENT_UNREACHABLE_MESSAGE } from "../../emulator";
import { call, delay, useEmulator, type ApiResponse } from "./helpers";

const emulator = useEmulator({ documentProcessingMs: 60 });

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

/** The Create Document page's example request. */
const exampleDocs = {
  document_url: "https://docs.example.com/",
  document_name: "Example Docs",
  callback_url: "https://your-server.com/webhook",
  tags: ["docs", "website"],
  crawl: { depth: 2, max_pages: 10 },
};

async function create(body: object = exampleDocs): Promise<ApiResponse> {
  return call(emulator(), "POST", "/v2/documents", { body });
}

async function createId(body: object = exampleDocs): Promise<string> {
  const created = await create(body);
  expect(created.status).toBe(200);
  return created.json.document_id as string;
}

/** Polls until the document leaves started/processing/recrawling. */
async function settled(id: string): Promise<ApiResponse> {
  for (let i = 0; i < 100; i++) {
    const got = await call(emulator(), "GET", `/v2/documents/${id}`);
    if (got.json.status === "ready" || got.json.status === "error") return got;
    await delay(15);
  }
  throw new Error(`document ${id} did not settle`);
}

describe("POST /v2/documents", () => {
  test("answers 200 with the documented full object, status started and progress null", async () => {
    const created = await create();
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      document_id: expect.stringMatching(/^d[0-9a-f]-[0-9a-f]{12}$/),
      document_name: "Example Docs",
      document_url: "https://docs.example.com/",
      status: "started",
      progress: null,
      error_message: null,
      created_at: expect.stringMatching(TIMESTAMP),
      updated_at: created.json.created_at,
      callback_url: "https://your-server.com/webhook",
      tags: ["docs", "website"],
      crawl_config: { depth: 2, max_pages: 10 },
      crawled_urls: [],
      last_crawled_at: created.json.created_at,
      crawl_count: 1,
    });
  });

  test("a single-page document has no crawl settings, no crawled urls and a generated name", async () => {
    const created = await create({ document_url: "https://example.com/files/handbook.pdf" });
    expect(created.json).toMatchObject({
      document_name: "handbook.pdf",
      callback_url: null,
      tags: [],
      crawl_config: null,
      crawled_urls: null,
      last_crawled_at: null,
      crawl_count: 0,
    });
  });

  test.each([
    ["a missing document_url (the docs' message)", {}, DOCUMENT_API_ERRORS.documentUrlRequired],
    [
      "a document_url that is not http(s)",
      { document_url: "ftp://example.com/a.pdf" },
      "Invalid request: document_url must be an http(s) URL",
    ],
    [
      "a document_name that is not a string",
      { document_url: "https://example.com/", document_name: 7 },
      DOCUMENT_API_ERRORS.documentNameMustBeString,
    ],
    [
      "tags that are not strings",
      { document_url: "https://example.com/", tags: [1] },
      "Invalid request: tags must be an array of strings",
    ],
    [
      "a crawl depth above 10",
      { document_url: "https://example.com/", crawl: { depth: 11 } },
      "Invalid request: crawl.depth must be an integer from 1 to 10",
    ],
    [
      "a crawl max_pages of 0",
      { document_url: "https://example.com/", crawl: { max_pages: 0 } },
      "Invalid request: crawl.max_pages must be an integer from 1 to 100",
    ],
    [
      "an unknown field",
      { document_url: "https://example.com/", document_nmae: "typo" },
      expect.stringContaining('unknown field "document_nmae"'),
    ],
  ])('rejects %s with 400 {"error": ...}', async (_name, body, message) => {
    const created = await create(body);
    expect(created.status).toBe(400);
    expect(created.json).toEqual({ error: message });
  });
});

describe("processing", () => {
  test("goes started → processing → ready from the clock, with progress and crawled urls", async () => {
    emulator().settings.documentProcessingMs = 400;
    const id = await createId();
    const seen = new Set<string>();
    let last: ApiResponse | undefined;
    for (let i = 0; i < 100; i++) {
      last = await call(emulator(), "GET", `/v2/documents/${id}`);
      seen.add(last.json.status as string);
      if (last.json.status === "processing") expect(last.json.progress).toBeGreaterThanOrEqual(50);
      if (last.json.status === "ready") break;
      await delay(20);
    }
    expect([...seen]).toEqual(["started", "processing", "ready"]);
    expect(last?.json).toMatchObject({
      progress: 100,
      error_message: null,
      crawled_urls: [
        "https://docs.example.com/",
        "https://docs.example.com/page-1",
        "https://docs.example.com/page-2",
        "https://docs.example.com/page-3",
      ],
    });
    expect(last?.json.updated_at > last?.json.created_at).toBe(true);
  });

  test.each(["https://unreachable.example.com/", "https://docs.example.invalid/guide"])(
    "ends in error with error_message for %s (the unreachable-URL rule)",
    async (url) => {
      const got = await settled(await createId({ document_url: url }));
      expect(got.json).toMatchObject({
        status: "error",
        progress: null,
        error_message: DOCUMENT_UNREACHABLE_MESSAGE,
      });
    },
  );
});

describe("limits", () => {
  test(`the ${DOCUMENT_LIMITS.crawlDocuments + 1}th crawl document is 429 with the documented message, in one response`, async () => {
    emulator().settings.documentProcessingMs = 0; // no crawl stays running: only the quota applies
    for (let i = 0; i < DOCUMENT_LIMITS.crawlDocuments; i++) await createId();
    emulator().clearRequests();
    const over = await create();
    expect(over.status).toBe(429);
    expect(over.json.error).toMatch(/^Crawl document limit reached \(100\)/);
    expect(over.headers.get("retry-after")).toBeNull();
    expect(emulator().requests()).toHaveLength(1);
    // Single-page documents are not crawl documents: the quota does not stop them.
    expect((await create({ document_url: "https://example.com/a.pdf" })).status).toBe(200);
  });

  test("a sixth crawl while five are running is 429 naming the concurrent-crawl limit", async () => {
    emulator().settings.documentProcessingMs = 60_000;
    for (let i = 0; i < DOCUMENT_LIMITS.concurrentCrawls; i++) await createId();
    const over = await create();
    expect(over.status).toBe(429);
    expect(over.json).toEqual({
      error: "Concurrent crawl limit reached (5). Wait for a crawl to finish and try again.",
    });
  });
});

describe("GET /v2/documents", () => {
  test("answers {data, total_count, page, limit} with a 0-based page, newest first", async () => {
    const ids: string[] = [];
    for (const name of ["a", "b", "c"])
      ids.push(await createId({ ...exampleDocs, document_name: name }));
    const first = await call(emulator(), "GET", "/v2/documents?limit=2");
    expect(first.json).toMatchObject({ total_count: 3, page: 0, limit: 2 });
    expect(first.json.data.map((d: { document_id: string }) => d.document_id)).toEqual([
      ids[2],
      ids[1],
    ]);
    const second = await call(emulator(), "GET", "/v2/documents?limit=2&page=1");
    expect(second.json.page).toBe(1);
    expect(second.json.data.map((d: { document_id: string }) => d.document_id)).toEqual([ids[0]]);
    const ascending = await call(emulator(), "GET", "/v2/documents?sort=ascending");
    expect(ascending.json.data[0].document_id).toBe(ids[0]);
  });

  test("filters by status, name_or_uuid and any of the tags", async () => {
    // Both must still be "started" when filtered, however slow the machine.
    const processingMs = emulator().settings.documentProcessingMs;
    emulator().settings.documentProcessingMs = 60_000;
    const plain = await createId({
      document_url: "https://example.com/a.pdf",
      document_name: "Pricing",
      tags: ["sales"],
    });
    const crawled = await createId({ ...exampleDocs, document_name: "Docs", tags: ["docs"] });
    const names = async (query: string): Promise<string[]> =>
      (await call(emulator(), "GET", `/v2/documents?${query}`)).json.data.map(
        (d: { document_id: string }) => d.document_id,
      );
    expect(await names("name_or_uuid=pric")).toEqual([plain]);
    expect(await names(`name_or_uuid=${crawled}`)).toEqual([crawled]);
    expect(await names("tags=sales,other")).toEqual([plain]);
    expect(await names("status=ready")).toEqual([]);
    expect(await names("status=started")).toEqual([crawled, plain]);
    emulator().settings.documentProcessingMs = processingMs;
  });

  test.each([["page=-1"], ["page=x"], ["limit=0"], ["sort=up"], ["status=done"]])(
    "rejects ?%s with 400",
    async (query) => {
      expect((await call(emulator(), "GET", `/v2/documents?${query}`)).status).toBe(400);
    },
  );
});

describe("PATCH /v2/documents/{id}", () => {
  test("merges document_name alone and answers the whole document", async () => {
    const id = await createId();
    const patched = await call(emulator(), "PATCH", `/v2/documents/${id}`, {
      body: { document_name: "Renamed" },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({
      document_id: id,
      document_name: "Renamed",
      tags: ["docs", "website"],
    });
    expect(patched.json.updated_at > patched.json.created_at).toBe(true);
  });

  test("tags overwrite the whole list", async () => {
    const id = await createId();
    await call(emulator(), "PATCH", `/v2/documents/${id}`, { body: { tags: ["only"] } });
    const got = await call(emulator(), "GET", `/v2/documents/${id}`);
    expect(got.json).toMatchObject({ tags: ["only"], document_name: "Example Docs" });
  });

  test.each([
    [{ document_name: 5 }, DOCUMENT_API_ERRORS.documentNameMustBeString],
    [{ tags: "docs" }, "Invalid request: tags must be an array of strings"],
    [
      { document_url: "https://other.example.com/" },
      expect.stringContaining('"document_url" cannot be updated'),
    ],
  ])("rejects %j with 400 and changes nothing", async (body, message) => {
    const id = await createId();
    const patched = await call(emulator(), "PATCH", `/v2/documents/${id}`, { body });
    expect(patched.status).toBe(400);
    expect(patched.json).toEqual({ error: message });
    expect((await call(emulator(), "GET", `/v2/documents/${id}`)).json.document_name).toBe(
      "Example Docs",
    );
  });
});

describe("unknown ids", () => {
  test.each([
    ["GET", "/v2/documents/d0-000000000000", { message: DOCUMENT_API_ERRORS.documentNotFound }],
    ["PATCH", "/v2/documents/d0-000000000000", { message: DOCUMENT_API_ERRORS.documentNotFound }],
    [
      "POST",
      "/v2/documents/d0-000000000000/recrawl",
      { message: DOCUMENT_API_ERRORS.documentNotFound },
    ],
    // The Delete page shows its 404 with the error key.
    ["DELETE", "/v2/documents/d0-000000000000", { error: DOCUMENT_API_ERRORS.documentNotFound }],
  ])("%s %s answers 404 %j", async (method, path, body) => {
    const answer = await call(emulator(), method, path, method === "PATCH" ? { body: {} } : {});
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual(body);
  });

  test("DELETE answers 204 with no body, then the document is gone", async () => {
    const id = await createId();
    const deleted = await call(emulator(), "DELETE", `/v2/documents/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expect((await call(emulator(), "GET", `/v2/documents/${id}`)).status).toBe(404);
  });
});

describe("POST /v2/documents/{id}/recrawl", () => {
  test("is 409 while the first crawl runs", async () => {
    emulator().settings.documentProcessingMs = 60_000;
    const id = await createId();
    const answer = await call(emulator(), "POST", `/v2/documents/${id}/recrawl`);
    expect(answer.status).toBe(409);
    expect(answer.json.error).toContain("ready or error");
  });

  test("answers 202 recrawling with crawl_count + 1, then ready; a second recrawl within the hour is 429", async () => {
    const id = await createId();
    await settled(id);
    const recrawl = await call(emulator(), "POST", `/v2/documents/${id}/recrawl`);
    expect(recrawl.status).toBe(202);
    expect(recrawl.json).toMatchObject({ document_id: id, status: "recrawling", crawl_count: 2 });
    expect(recrawl.json.last_crawled_at > recrawl.json.created_at).toBe(true);
    expect((await settled(id)).json.status).toBe("ready");
    const again = await call(emulator(), "POST", `/v2/documents/${id}/recrawl`);
    expect(again.status).toBe(429);
    expect(again.json.error).toMatch(/^Recrawl cooldown/);
    emulator().settings.recrawlCooldownMs = 0; // the cooldown is what blocked it
    expect((await call(emulator(), "POST", `/v2/documents/${id}/recrawl`)).status).toBe(202);
  });

  test("a crawl override applies to the run, not to the stored settings", async () => {
    const id = await createId();
    await settled(id);
    const recrawl = await call(emulator(), "POST", `/v2/documents/${id}/recrawl`, {
      body: { crawl: { depth: 3, max_pages: 50 } },
    });
    expect(recrawl.json.crawl_config).toEqual({ depth: 3, max_pages: 50 });
    expect((await settled(id)).json.crawl_config).toEqual({ depth: 2, max_pages: 10 });
  });

  test("a document created without crawl needs crawl in the body; an errored one may be recrawled", async () => {
    const plain = await createId({ document_url: "https://example.com/page" });
    await settled(plain);
    expect((await call(emulator(), "POST", `/v2/documents/${plain}/recrawl`)).status).toBe(400);
    const failed = await createId({
      ...exampleDocs,
      document_url: "https://unreachable.example.com/",
    });
    await settled(failed);
    expect((await call(emulator(), "POST", `/v2/documents/${failed}/recrawl`)).status).toBe(202);
  });
});

test("documents persist in GET /__emulator/state and are emptied by reset", async () => {
  const id = await createId();
  const state = await call(emulator(), "GET", "/__emulator/state");
  expect(state.json.documents.map((d: { document_id: string }) => d.document_id)).toEqual([id]);
  emulator().reset();
  expect(emulator().state().documents).toEqual([]);
});

test("the processing time and recrawl cooldown are live settings, checked like the others", async () => {
  const bad = await call(emulator(), "PATCH", "/__emulator/settings", {
    body: { documentProcessingMs: -1 },
  });
  expect(bad.status).toBe(400);
  const good = await call(emulator(), "PATCH", "/__emulator/settings", {
    body: { recrawlCooldownMs: 5 },
  });
  expect(good.status).toBe(200);
  expect(emulator().settings.recrawlCooldownMs).toBe(5);
});
