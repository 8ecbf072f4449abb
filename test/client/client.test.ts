/**
 * The Tavus client against the emulator, with faults injected: what is retried,
 * what is not, how long it waits, the server clock it reads, and what the
 * errors say (and keep out).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { startEmulator, type RunningEmulator } from "../../emulator";
import {
  createLimiter,
  isGone,
  isTavusApiError,
  TavusClient,
  type TavusApiError,
} from "../../provider/client";
import { secretsIn } from "../../provider/client/errors";
import { Transport } from "../../provider/client/transport";

let emulator: RunningEmulator;
let client: TavusClient;
const fast = { retryBaseDelayMs: 5, retryMaxDelayMs: 50, timeoutMs: 2000 };

beforeAll(async () => {
  emulator = await startEmulator({ strict: true });
  client = new TavusClient({ apiKey: emulator.apiKey, baseUrl: emulator.url, ...fast });
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.clearFaults();
  emulator.clearRequests();
});

const statuses = () => emulator.requests().map((r) => `${r.method} ${r.status}`);
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e as TavusApiError,
  );

describe("personas endpoint group", () => {
  test("create, retrieve (bare and enveloped), update, 304, delete", async () => {
    const { persona_id } = await client.personas.create({ system_prompt: "p", persona_name: "n" });
    expect((await client.personas.retrieve(persona_id)).persona_name).toBe("n");
    emulator.settings.personaGetEnvelope = "data";
    expect((await client.personas.retrieve(persona_id)).persona_name).toBe("n");
    emulator.settings.personaGetEnvelope = "bare";
    expect(
      await client.personas.update(persona_id, [
        { op: "replace", path: "/persona_name", value: "m" },
      ]),
    ).toMatchObject({ changed: true });
    expect(
      await client.personas.update(persona_id, [
        { op: "replace", path: "/persona_name", value: "m" },
      ]),
    ).toEqual({ changed: false });
    await client.personas.delete(persona_id);
    const gone = await failure(client.personas.retrieve(persona_id));
    expect(isGone(gone, "persona")).toBe(true);
    expect(isGone(gone, "replica")).toBe(false);
  });

  test("list pages with total_count", async () => {
    for (let i = 0; i < 3; i++) await client.personas.create({ system_prompt: `p${i}` });
    const page = await client.personas.list({ page: 1, limit: 2 });
    expect(page.data).toHaveLength(2);
    expect(page.total_count).toBeGreaterThanOrEqual(3);
  });
});

describe("retries", () => {
  test("a GET is retried through 503s and succeeds", async () => {
    const { persona_id } = await client.personas.create({ system_prompt: "p" });
    emulator.clearRequests();
    emulator.addFault({
      method: "GET",
      path: "/v2/personas/:id",
      kind: "status",
      status: 503,
      times: 2,
    });
    await client.personas.retrieve(persona_id);
    expect(statuses()).toEqual(["GET 503", "GET 503", "GET 200"]);
  });

  test("Retry-After is honoured", async () => {
    emulator.addFault({
      method: "GET",
      path: "/v2/personas",
      kind: "status",
      status: 429,
      retryAfter: 1,
      times: 1,
    });
    const slowClient = new TavusClient({
      apiKey: emulator.apiKey,
      baseUrl: emulator.url,
      retryBaseDelayMs: 1,
      retryMaxDelayMs: 5000,
    });
    const started = Date.now();
    await slowClient.personas.list();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(statuses()).toEqual(["GET 429", "GET 200"]);
  });

  test("a connection reset on DELETE is retried, and the retry's 'already gone' is reported as such", async () => {
    const { persona_id } = await client.personas.create({ system_prompt: "p" });
    emulator.addFault({ method: "DELETE", kind: "reset-after", times: 1 });
    const e = await failure(client.personas.delete(persona_id));
    expect(isGone(e, "persona")).toBe(true);
  });

  test("the retry budget is bounded and the error names the endpoint, last status and attempts", async () => {
    emulator.addFault({ method: "GET", path: "/v2/personas", kind: "status", status: 500 });
    const e = await failure(client.personas.list());
    expect(statuses()).toHaveLength(4);
    expect(e.message).toBe(
      "Tavus API GET /v2/personas failed after 4 attempts: HTTP 500: Internal Server Error",
    );
    expect(e.attempts).toBe(4);
  });

  test("a POST that may have reached the server is not retried, and says its outcome is unknown", async () => {
    emulator.addFault({
      method: "POST",
      path: "/v2/personas",
      kind: "status",
      status: 502,
      times: 1,
    });
    const e = await failure(client.personas.create({ system_prompt: "p" }));
    expect(statuses()).toEqual(["POST 502"]);
    expect(e.outcomeUnknown).toBe(true);
  });

  test("a POST answered 429 (certainly not acted on) is retried", async () => {
    emulator.addFault({
      method: "POST",
      path: "/v2/personas",
      kind: "status",
      status: 429,
      times: 1,
    });
    await client.personas.create({ system_prompt: "p" });
    expect(statuses()).toEqual(["POST 429", "POST 200"]);
  });

  test("a 429 that says a limit was reached is a quota: one attempt, the API's message", async () => {
    const body = JSON.stringify({ error: "Crawl document limit reached (100)" });
    emulator.addFault({
      method: "POST",
      path: "/v2/personas",
      kind: "status",
      status: 429,
      body,
      times: 4,
    });
    const e = await failure(client.personas.create({ system_prompt: "p" }));
    expect(statuses()).toEqual(["POST 429"]);
    expect(e.message).toMatch(/HTTP 429: Crawl document limit reached \(100\)/);
    expect(e.outcomeUnknown).toBeFalsy();
    emulator.clearFaults();
  });

  test("a request marked quota is not retried on a plain 429 either", async () => {
    emulator.addFault({
      method: "GET",
      path: "/v2/personas",
      kind: "status",
      status: 429,
      times: 4,
    });
    const transport = new Transport({ apiKey: emulator.apiKey, baseUrl: emulator.url, ...fast });
    const e = await failure(transport.request("GET", "/v2/personas", { quota: true }));
    expect(statuses()).toEqual(["GET 429"]);
    expect(e.status).toBe(429);
    emulator.clearFaults();
  });

  test("a 400 is not retried", async () => {
    const e = await failure(client.personas.retrieve("pdoesnotexist"));
    expect(statuses()).toEqual(["GET 400"]);
    expect(e.status).toBe(400);
    expect(e.apiMessage).toBe("Invalid persona_id");
  });

  test("End Conversation, which may be repeated, is retried through a 502 and a reset like a GET", async () => {
    const { conversation_id } = await client.conversations.create({ replica_id: "rf4703150052" });
    emulator.clearRequests();
    emulator.addFault({
      method: "POST",
      path: "/v2/conversations/:id/end",
      kind: "status",
      status: 502,
      times: 1,
    });
    emulator.addFault({
      method: "POST",
      path: "/v2/conversations/:id/end",
      kind: "reset-after",
      times: 1,
    });
    await client.conversations.end(conversation_id);
    expect(statuses()).toEqual(["POST 502", "POST 0", "POST 200"]);
    expect((await client.conversations.retrieve(conversation_id)).status).toBe("ended");
  });

  test("a create POST is still not retried after a 502: its outcome is unknown", async () => {
    emulator.addFault({
      method: "POST",
      path: "/v2/conversations",
      kind: "status",
      status: 502,
      times: 1,
    });
    const e = await failure(
      client.conversations.create({ replica_id: "rf4703150052", test_mode: true }),
    );
    expect(statuses()).toEqual(["POST 502"]);
    expect(e.outcomeUnknown).toBe(true);
  });
});

describe("time limits", () => {
  test("a hung request times out, is retried, and fails with a clear code", async () => {
    emulator.addFault({ method: "GET", path: "/v2/replicas", kind: "hang" });
    const quick = new TavusClient({
      apiKey: emulator.apiKey,
      baseUrl: emulator.url,
      timeoutMs: 200,
      maxRetries: 1,
      retryBaseDelayMs: 1,
    });
    const started = Date.now();
    const e = await failure(quick.replicas.list());
    expect(e.status).toBeUndefined();
    expect(e.code).toBe("ETIMEDOUT");
    expect(e.message).toMatch(
      /GET \/v2\/replicas failed after 2 attempts: no answer \(ETIMEDOUT\)/,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test("clockOffsetMs reads the server's Date header: a lower bound within about a second of the truth", async () => {
    const fresh = new TavusClient({ apiKey: emulator.apiKey, baseUrl: emulator.url });
    expect(fresh.clockOffsetMs).toBeUndefined();
    await fresh.personas.list();
    // Same machine, same clock: the truth is 0, and the header is truncated to the second.
    expect(fresh.clockOffsetMs).toBeLessThanOrEqual(0);
    expect(fresh.clockOffsetMs).toBeGreaterThan(-1500);
  });
});

describe("unexpected answers", () => {
  test("an HTML error page becomes a readable error", async () => {
    emulator.addFault({
      method: "GET",
      path: "/v2/personas",
      kind: "status",
      status: 400,
      body: "<html><body><h1>Bad gateway thing</h1></body></html>",
      contentType: "text/html",
    });
    const e = await failure(client.personas.list());
    expect(e.message).toMatch(/HTTP 400: Bad gateway thing/);
  });

  test("a 200 without an id is an error, not an undefined id", async () => {
    emulator.addFault({
      method: "POST",
      path: "/v2/personas",
      kind: "status",
      status: 200,
      body: "{}",
    });
    const e = await failure(client.personas.create({ system_prompt: "p" }));
    expect(e.message).toMatch(/expected a JSON object with "persona_id", got an empty object/);
  });

  test("a 200 with an empty body on GET is an error", async () => {
    emulator.addFault({
      method: "GET",
      path: "/v2/replicas/:id",
      kind: "status",
      status: 200,
      body: "",
    });
    const e = await failure(client.replicas.retrieve("rf4703150052"));
    expect(e.message).toMatch(/got an empty body/);
  });

  test("a 200 with a non-JSON body is an error", async () => {
    emulator.addFault({
      method: "GET",
      path: "/v2/conversations",
      kind: "status",
      status: 200,
      body: "OK!",
    });
    const e = await failure(client.conversations.list());
    expect(e.message).toMatch(/unreadable answer \(not JSON\): OK!/);
  });
});

describe("secrets", () => {
  test("the API key never appears in an error, even when the server echoes it", async () => {
    emulator.addFault({
      method: "GET",
      path: "/v2/personas",
      kind: "status",
      status: 400,
      body: JSON.stringify({ error: `bad key ${emulator.apiKey}` }),
    });
    const e = await failure(client.personas.list());
    expect(isTavusApiError(e)).toBe(true);
    expect(e.message).not.toContain(emulator.apiKey);
    expect(JSON.stringify(e)).not.toContain(emulator.apiKey);
    expect(e.message).toContain("[redacted]");
  });

  test("a wrong key gets the API's 401 message", async () => {
    const wrong = new TavusClient({ apiKey: "nope-nope", baseUrl: emulator.url, ...fast });
    const e = await failure(wrong.personas.list());
    expect(e.status).toBe(401);
    expect(e.apiMessage).toBe("Invalid access token");
  });

  test("a layer api_key the server echoes in an error is redacted, like the API key", async () => {
    const llmKey = "sk-llm-echoed-1234567890";
    emulator.addFault({
      method: "POST",
      path: "/v2/personas",
      kind: "status",
      status: 400,
      body: JSON.stringify({ error: `Invalid api_key ${llmKey} for x-api-key ${emulator.apiKey}` }),
    });
    const e = await failure(
      client.personas.create({
        system_prompt: "p",
        layers: { llm: { model: "m", api_key: llmKey } },
      }),
    );
    expect(e.message).toBe(
      "Tavus API POST /v2/personas failed: HTTP 400: Invalid api_key [redacted] for x-api-key [redacted]",
    );
    expect(JSON.stringify({ ...e, message: e.message })).not.toContain(llmKey);
  });

  test("secretsIn finds api keys, header values and the values of patch ops on secret paths, and nothing else", () => {
    const body = [
      { op: "test", path: "/layers/llm/api_key", value: "old-key" },
      { op: "replace", path: "/layers/llm/api_key", value: "new-key" },
      { op: "add", path: "/layers/llm/headers", value: { Authorization: "Bearer t0ken" } },
      { op: "replace", path: "/system_prompt", value: "not secret" },
    ];
    expect(secretsIn(body).sort()).toEqual(["Bearer t0ken", "new-key", "old-key"]);
    expect(
      secretsIn({
        layers: { tts: { api_key: "tts-key", tts_engine: "cartesia" } },
        persona_name: "n",
      }),
    ).toEqual(["tts-key"]);
  });
});

/**
 * A bare server for what the emulator does not send (an HTTP-date Retry-After,
 * a redirect): answers the n-th request with `answers[n]` (the last one after
 * that) and records when each arrived.
 */
async function bareServer(answers: Array<(req: IncomingMessage, res: ServerResponse) => void>) {
  const arrivals: number[] = [];
  const server = createServer((req, res) => {
    arrivals.push(Date.now());
    answers[Math.min(arrivals.length, answers.length) - 1]!(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    arrivals,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
const list = json(200, { data: [], total_count: 0 });

describe("Retry-After", () => {
  test("as an HTTP date: the retry waits until that second", async () => {
    const at = new Date(Date.now() + 1500);
    const server = await bareServer([
      json(429, { message: "slow down" }, { "retry-after": at.toUTCString() }),
      list,
    ]);
    try {
      const c = new TavusClient({
        apiKey: "k-test",
        baseUrl: server.url,
        retryBaseDelayMs: 1,
        retryMaxDelayMs: 5000,
      });
      await c.personas.list();
      // The date is truncated to the second: the wait is between 0.5 and 1.5 s (the fallback backoff: 1 ms).
      const waited = server.arrivals[1]! - server.arrivals[0]!;
      expect(server.arrivals).toHaveLength(2);
      expect(waited).toBeGreaterThanOrEqual(400);
      expect(waited).toBeLessThan(2000);
    } finally {
      await server.close();
    }
  });

  test("longer than retryMaxDelayMs: the retry waits retryMaxDelayMs, not the hour asked for", async () => {
    const server = await bareServer([
      json(503, { message: "later" }, { "retry-after": "3600" }),
      list,
    ]);
    try {
      const c = new TavusClient({
        apiKey: "k-test",
        baseUrl: server.url,
        retryBaseDelayMs: 1,
        retryMaxDelayMs: 300,
      });
      await c.personas.list();
      const waited = server.arrivals[1]! - server.arrivals[0]!;
      expect(waited).toBeGreaterThanOrEqual(250);
      expect(waited).toBeLessThan(1500);
    } finally {
      await server.close();
    }
  });

  test("unreadable: the usual backoff applies", async () => {
    const server = await bareServer([
      json(503, { message: "later" }, { "retry-after": "soon" }),
      list,
    ]);
    try {
      const c = new TavusClient({
        apiKey: "k-test",
        baseUrl: server.url,
        retryBaseDelayMs: 5,
        retryMaxDelayMs: 50,
      });
      await c.personas.list();
      expect(server.arrivals).toHaveLength(2);
      expect(server.arrivals[1]! - server.arrivals[0]!).toBeLessThan(500);
    } finally {
      await server.close();
    }
  });
});

describe("what got is not asked to do", () => {
  test("a redirect is an error naming its status, not followed: the key must not travel elsewhere", async () => {
    const server = await bareServer([
      (_req, res) => {
        res.writeHead(302, { location: "http://127.0.0.1:9/elsewhere" });
        res.end();
      },
    ]);
    try {
      const c = new TavusClient({ apiKey: "k-test", baseUrl: server.url, ...fast });
      const e = await failure(c.personas.list());
      expect(e.message).toBe("Tavus API GET /v2/personas failed: HTTP 302");
      expect(server.arrivals).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  test("a POST refused before any connection is retried, and its error does not claim an unknown outcome", async () => {
    const server = await bareServer([list]);
    const { url } = server;
    await server.close();
    const c = new TavusClient({ apiKey: "k-test", baseUrl: url, ...fast });
    const e = await failure(c.personas.create({ system_prompt: "p" }));
    expect(e.code).toBe("ECONNREFUSED");
    expect(e.message).toBe(
      "Tavus API POST /v2/personas failed after 4 attempts: no answer (ECONNREFUSED)",
    );
    expect(e.outcomeUnknown).toBeUndefined();
  });

  test("a POST answered 400 is not retried, and its outcome is known: nothing was created", async () => {
    emulator.addFault({
      method: "POST",
      path: "/v2/personas",
      kind: "status",
      status: 400,
      body: JSON.stringify({ error: "bad" }),
      times: 1,
    });
    const e = await failure(client.personas.create({ system_prompt: "p" }));
    expect(statuses()).toEqual(["POST 400"]);
    expect(e.outcomeUnknown).toBe(false);
  });

  test("got's own errors never escape: a malformed base URL still fails as a TavusApiError without the key", async () => {
    const c = new TavusClient({ apiKey: "k-secret-value", baseUrl: "not a url", ...fast });
    const e = await failure(c.personas.list());
    expect(isTavusApiError(e)).toBe(true);
    expect(JSON.stringify({ ...e, message: e.message })).not.toContain("k-secret-value");
  });
});

describe("the shared limiter applies to every attempt", () => {
  test("each retry takes a token of requestsPerSecond: 3 attempts at 2 per second need half a second", async () => {
    const limited = new TavusClient({
      apiKey: emulator.apiKey,
      baseUrl: emulator.url,
      ...fast,
      retryBaseDelayMs: 1,
      limiter: createLimiter({ requestsPerSecond: 2 }),
    });
    emulator.addFault({
      method: "GET",
      path: "/v2/personas",
      kind: "status",
      status: 503,
      times: 2,
    });
    const started = Date.now();
    await limited.personas.list();
    expect(statuses()).toEqual(["GET 503", "GET 503", "GET 200"]);
    // The burst holds 2 tokens; the third attempt waits for one (500 ms at 2/s).
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  test("an attempt that failed without an answer gives its slot back while it waits to retry", async () => {
    // A reset: no answer, so no afterResponse; the slot comes back before the backoff, pinned near 500 ms.
    const random = jest.spyOn(Math, "random").mockReturnValue(0.99);
    try {
      const limiter = createLimiter({ maxConcurrent: 1 });
      const limited = new TavusClient({
        apiKey: emulator.apiKey,
        baseUrl: emulator.url,
        timeoutMs: 2000,
        retryBaseDelayMs: 500,
        retryMaxDelayMs: 500,
        limiter,
      });
      emulator.addFault({ kind: "reset-before", method: "GET", path: "/v2/personas", times: 1 });
      const finished: string[] = [];
      const waiting = limited.personas
        .list()
        .then(() => finished.push("personas, retried after about 500 ms"));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await limited.replicas.list().then(() => finished.push("replicas"));
      await waiting;
      expect(finished).toEqual(["replicas", "personas, retried after about 500 ms"]);
      expect(statuses()).toEqual(["GET 0", "GET 200", "GET 200"]);
    } finally {
      random.mockRestore();
    }
  }, 10_000);
});
