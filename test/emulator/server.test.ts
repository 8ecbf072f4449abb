/** The HTTP layer: auth, routing, body parsing, the request log and the admin routes. */
import { REDACTED, SEED_PERSONAS, SEED_REPLICAS, startEmulator } from "../../emulator";
import { call, delay, useEmulator } from "./helpers";

const emulator = useEmulator();

describe("auth", () => {
  test.each([
    ["no x-api-key", null],
    ["a wrong x-api-key", "wrong-key"],
  ])(
    'answers 401 {"message":"Invalid access token"} to %s on every /v2 route',
    async (_name, apiKey) => {
      for (const [method, path] of [
        ["GET", "/v2/personas"],
        ["POST", "/v2/conversations"],
        ["DELETE", "/v2/replicas/r00000000000"],
        ["GET", "/v2/unknown"],
      ] as const) {
        const response = await call(emulator(), method, path, { apiKey });
        expect(response.status).toBe(401);
        expect(response.json).toEqual({ message: "Invalid access token" });
      }
    },
  );

  test("accepts a configured apiKey and only that", async () => {
    const custom = await startEmulator({ strict: true, apiKey: "k-123" });
    try {
      expect((await call(custom, "GET", "/v2/personas")).status).toBe(200);
      expect(
        (await call(custom, "GET", "/v2/personas", { apiKey: "tavus-emulator-key" })).status,
      ).toBe(401);
    } finally {
      await custom.close();
    }
  });

  test("never echoes the API key in an error body", async () => {
    const response = await call(emulator(), "GET", "/v2/personas", { apiKey: "secret-key-value" });
    expect(response.text).not.toContain("secret-key-value");
  });
});

describe("routing and bodies", () => {
  test('answers 404 {"message":"Not found"} for unknown routes, and only for those', async () => {
    for (const [method, path] of [
      ["GET", "/v2/unknown"],
      ["PUT", "/v2/personas/p48fdf065d6b"],
      ["GET", "/"],
    ] as const) {
      const response = await call(emulator(), method, path);
      expect(response.status).toBe(404);
      expect(response.json).toEqual({ message: "Not found" });
    }
  });

  test("answers 413 to a body over 5 MB, and logs it", async () => {
    const response = await call(emulator(), "POST", "/v2/personas", {
      rawBody: `{"system_prompt":"${"x".repeat(5 * 1024 * 1024)}"}`,
    });
    expect(response.status).toBe(413);
    expect(emulator().requests()).toEqual([
      expect.objectContaining({ method: "POST", path: "/v2/personas", status: 413 }),
    ]);
  });

  test("tolerates a trailing slash", async () => {
    expect((await call(emulator(), "GET", "/v2/personas/")).status).toBe(200);
  });

  test('answers 400 {"error":"Invalid JSON body: ..."} to a body that is not JSON', async () => {
    const response = await call(emulator(), "POST", "/v2/personas", { rawBody: "{not json" });
    expect(response.status).toBe(400);
    expect(response.json.error).toMatch(/^Invalid JSON body/);
  });
});

describe("request log", () => {
  test("records method, path, query, status and the redacted body of each /v2 request, 401s included", async () => {
    await call(emulator(), "POST", "/v2/personas", {
      body: {
        system_prompt: "x",
        layers: {
          llm: { model: "m", api_key: "sk-llm" },
          tts: { api_key: "sk-tts", tts_engine: "cartesia" },
        },
      },
    });
    await call(emulator(), "GET", "/v2/replicas?verbose=true&page=2", { apiKey: null });
    await call(emulator(), "GET", "/__emulator/state"); // admin routes are not logged
    const log = await call(emulator(), "GET", "/__emulator/requests");
    expect(log.json).toEqual({
      requests: [
        {
          method: "POST",
          path: "/v2/personas",
          query: {},
          status: 200,
          body: {
            system_prompt: "x",
            layers: {
              llm: { model: "m", api_key: REDACTED },
              tts: { api_key: REDACTED, tts_engine: "cartesia" },
            },
          },
        },
        { method: "GET", path: "/v2/replicas", query: { verbose: "true", page: "2" }, status: 401 },
      ],
    });
    expect(log.text).not.toContain("sk-");
  });

  test("redacts the value of a JSON Patch operation on an api_key path", async () => {
    await call(emulator(), "PATCH", "/v2/personas/p00000000000", {
      body: [{ op: "add", path: "/layers/llm/api_key", value: "sk-secret" }],
    });
    const [entry] = emulator().requests();
    expect(entry?.body).toEqual([{ op: "add", path: "/layers/llm/api_key", value: REDACTED }]);
  });

  test("is emptied by DELETE /__emulator/requests", async () => {
    await call(emulator(), "GET", "/v2/personas");
    expect(emulator().requests()).toHaveLength(1);
    expect((await call(emulator(), "DELETE", "/__emulator/requests")).status).toBe(204);
    expect((await call(emulator(), "GET", "/__emulator/requests")).json).toEqual({ requests: [] });
  });
});

describe("admin routes", () => {
  test("POST /__emulator/reset empties the store back to the stock objects and clears log and faults", async () => {
    await call(emulator(), "POST", "/v2/personas", { body: { system_prompt: "x" } });
    emulator().addFault({ kind: "status", status: 500, path: "/v2/nothing" });
    expect((await call(emulator(), "POST", "/__emulator/reset")).status).toBe(204);
    const state = (await call(emulator(), "GET", "/__emulator/state")).json;
    expect(state.personas.map((p: { persona_id: string }) => p.persona_id)).toEqual(
      SEED_PERSONAS.map((p) => p.persona_id),
    );
    expect(state.replicas.map((r: { replica_id: string }) => r.replica_id)).toEqual(
      SEED_REPLICAS.map((r) => r.replica_id),
    );
    expect(state.conversations).toEqual([]);
    expect(emulator().requests()).toEqual([]);
    expect((await call(emulator(), "GET", "/__emulator/faults")).json).toEqual({ faults: [] });
  });

  test("GET /__emulator/state includes soft-deleted objects", async () => {
    const created = await call(emulator(), "POST", "/v2/conversations", {
      body: { replica_id: "r4067604db72" },
    });
    await call(emulator(), "DELETE", `/v2/conversations/${created.json.conversation_id}`);
    const state = (await call(emulator(), "GET", "/__emulator/state")).json;
    expect(state.conversations).toEqual([
      expect.objectContaining({
        conversation_id: created.json.conversation_id,
        deleted_at: expect.any(String),
      }),
    ]);
  });

  test("PATCH /__emulator/settings merges into the live settings", async () => {
    const patched = await call(emulator(), "PATCH", "/__emulator/settings", {
      body: { outOfCredits: true, personaGetEnvelope: "data" },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({
      outOfCredits: true,
      personaGetEnvelope: "data",
      maxConcurrentConversations: 10,
    });
    expect(emulator().settings.outOfCredits).toBe(true);
    const refused = await call(emulator(), "POST", "/v2/conversations", {
      body: { replica_id: "r4067604db72" },
    });
    expect(refused.status).toBe(402);
  });

  test.each([
    [{ outOfCredits: "yes" }, "outOfCredits must be a boolean"],
    [{ latency: 5 }, expect.stringContaining('Unknown field "latency"')],
  ])("PATCH /__emulator/settings rejects %j with 400", async (body, error) => {
    const patched = await call(emulator(), "PATCH", "/__emulator/settings", { body });
    expect(patched.status).toBe(400);
    expect(patched.json).toEqual({ error });
  });

  test("admin routes need no API key", async () => {
    expect((await call(emulator(), "GET", "/__emulator/state", { apiKey: null })).status).toBe(200);
  });
});

describe("latency and rate limit settings", () => {
  test("latencyMs delays every /v2 response but not admin routes", async () => {
    emulator().settings.latencyMs = 150;
    let started = Date.now();
    await call(emulator(), "GET", "/v2/personas");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    started = Date.now();
    await call(emulator(), "GET", "/__emulator/state");
    expect(Date.now() - started).toBeLessThan(140);
  });

  test('rateLimitPerSecond answers 429 {"message":"Too many requests"} with Retry-After once the bucket is empty, and refills', async () => {
    emulator().settings.rateLimitPerSecond = 3;
    const responses = [];
    for (let i = 0; i < 4; i++) responses.push(await call(emulator(), "GET", "/v2/personas"));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    const limited = responses[3]!;
    expect(limited.json).toEqual({ message: "Too many requests" });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    await delay(400); // 3 per second: one token back after ~333 ms
    expect((await call(emulator(), "GET", "/v2/personas")).status).toBe(200);
  });
});

describe("startEmulator options", () => {
  test("rejects an invalid setting", async () => {
    await expect(startEmulator({ latencyMs: -1 })).rejects.toThrow(
      "latencyMs must be an integer >= 0",
    );
  });
});
