/** /v2/personas against docs/tavus-api/personas.md and docs/tavus-api/decisions.md. */
import { SEED_PERSONAS } from "../../emulator";
import { API_ERRORS } from "../../provider/wire";
import { call, useEmulator } from "./helpers";

const emulator = useEmulator();

const lifeCoach = {
  persona_name: "Life Coach",
  system_prompt: "You are a life coach.",
  pipeline_mode: "full",
  layers: { llm: { model: "tavus-gpt-oss" }, tts: { tts_engine: "cartesia" } },
};

async function createPersona(body: unknown = lifeCoach): Promise<string> {
  const created = await call(emulator(), "POST", "/v2/personas", { body });
  expect(created.status).toBe(200);
  return created.json.persona_id as string;
}

describe("POST /v2/personas", () => {
  test("answers 200 with persona_id (p + 11 hex), persona_name and a microsecond UTC created_at", async () => {
    const created = await call(emulator(), "POST", "/v2/personas", { body: lifeCoach });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      persona_id: expect.stringMatching(/^p[0-9a-f]{11}$/),
      persona_name: "Life Coach",
      created_at: expect.any(String),
    });
    expect(created.json.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  test("stores exactly what was sent plus persona_id, created_at and updated_at, with no server defaults", async () => {
    const id = await createPersona();
    const got = await call(emulator(), "GET", `/v2/personas/${id}`);
    expect(got.status).toBe(200);
    expect(got.json).toEqual({
      ...lifeCoach,
      persona_id: id,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
  });

  test.each([
    ["a body that is not an object", [1, 2], "Request body must be a JSON object"],
    [
      "a missing system_prompt in full mode",
      { persona_name: "x" },
      'system_prompt is required unless pipeline_mode is "echo"',
    ],
    [
      "an unknown pipeline_mode",
      { system_prompt: "x", pipeline_mode: "custom" },
      "pipeline_mode must be one of: full, echo",
    ],
    [
      "an unknown top-level key",
      { system_prompt: "x", persona_nmae: "typo" },
      expect.stringContaining('Unknown field "persona_nmae"'),
    ],
    [
      "an unknown layer",
      { system_prompt: "x", layers: { llmm: {} } },
      expect.stringContaining('Unknown field "layers.llmm"'),
    ],
    [
      "a wrongly typed field",
      { system_prompt: "x", document_ids: "d1" },
      "document_ids must be an array of strings",
    ],
    [
      "a default_replica_id that does not exist",
      { system_prompt: "x", default_replica_id: "r00000000000" },
      API_ERRORS.invalidReplicaUuid,
    ],
  ])("rejects %s with 400 and a message saying what is wrong", async (_name, body, error) => {
    const created = await call(emulator(), "POST", "/v2/personas", { body });
    expect(created.status).toBe(400);
    expect(created.json).toEqual({ error });
  });

  test("accepts an echo persona without system_prompt", async () => {
    const created = await call(emulator(), "POST", "/v2/personas", {
      body: { pipeline_mode: "echo", layers: { transport: { transport_type: "livekit" } } },
    });
    expect(created.status).toBe(200);
  });

  test("accepts a stock replica as default_replica_id", async () => {
    const created = await call(emulator(), "POST", "/v2/personas", {
      body: { system_prompt: "x", default_replica_id: "rf4703150052" },
    });
    expect(created.status).toBe(200);
  });

  test("rejects a soft-deleted replica as default_replica_id", async () => {
    const replica = await call(emulator(), "POST", "/v2/replicas", {
      body: { train_video_url: "https://example.com/v.mp4" },
    });
    await call(emulator(), "DELETE", `/v2/replicas/${replica.json.replica_id}`);
    const created = await call(emulator(), "POST", "/v2/personas", {
      body: { system_prompt: "x", default_replica_id: replica.json.replica_id },
    });
    expect(created.json).toEqual({ error: API_ERRORS.invalidReplicaUuid });
  });
});

describe("guardrail_ids and guardrail_tags (the 2026 PAL fields)", () => {
  test("are stored as sent, up to 50 guardrail ids", async () => {
    const body = {
      ...lifeCoach,
      guardrail_ids: Array.from({ length: 50 }, (_, i) => `g${String(i).padStart(12, "0")}`),
      guardrail_tags: ["compliance", "healthcare"],
    };
    const id = await createPersona(body);
    const got = await call(emulator(), "GET", `/v2/personas/${id}`);
    expect(got.json).toEqual({
      ...body,
      persona_id: id,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
  });

  test.each([
    [
      "51 guardrail ids",
      { guardrail_ids: Array.from({ length: 51 }, (_, i) => `g${i}`) },
      "guardrail_ids must be an array of at most 50 strings",
    ],
    [
      "a guardrail id that is not a string",
      { guardrail_ids: [1] },
      "guardrail_ids must be an array of at most 50 strings",
    ],
    [
      "guardrail_tags as one string",
      { guardrail_tags: "compliance" },
      "guardrail_tags must be an array of strings",
    ],
  ])(
    "reject %s with 400 naming the field, on create and on patch",
    async (_name, fields, error) => {
      const created = await call(emulator(), "POST", "/v2/personas", {
        body: { ...lifeCoach, ...fields },
      });
      expect(created.status).toBe(400);
      expect(created.json).toEqual({ error });
      const id = await createPersona();
      const [key, value] = Object.entries(fields)[0] as [string, unknown];
      const patched = await call(emulator(), "PATCH", `/v2/personas/${id}`, {
        body: [{ op: "add", path: `/${key}`, value }],
      });
      expect(patched.status).toBe(400);
      expect(patched.json).toEqual({ error });
    },
  );
});

describe("GET /v2/personas/{id}", () => {
  test("answers the bare object by default", async () => {
    const id = await createPersona();
    const got = await call(emulator(), "GET", `/v2/personas/${id}`);
    expect(got.json.persona_id).toBe(id);
    expect(got.json.data).toBeUndefined();
  });

  test('answers {"data":[persona]} when personaGetEnvelope is "data"', async () => {
    const id = await createPersona();
    emulator().settings.personaGetEnvelope = "data";
    const got = await call(emulator(), "GET", `/v2/personas/${id}`);
    expect(got.json).toEqual({
      data: [expect.objectContaining({ persona_id: id, persona_name: "Life Coach" })],
    });
  });

  test('answers 400 {"error":"Invalid persona_id"} for an unknown id', async () => {
    const got = await call(emulator(), "GET", "/v2/personas/p00000000000");
    expect(got.status).toBe(400);
    expect(got.json).toEqual({ error: "Invalid persona_id" });
  });
});

describe("GET /v2/personas", () => {
  test("pages with page (1-based) and limit, newest first, and counts every persona in total_count", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(await createPersona({ ...lifeCoach, persona_name: `P${i}` }));
    const first = await call(emulator(), "GET", "/v2/personas?limit=2");
    expect(first.json.total_count).toBe(5);
    expect(first.json.data.map((p: { persona_id: string }) => p.persona_id)).toEqual([
      ids[4],
      ids[3],
    ]);
    const third = await call(emulator(), "GET", "/v2/personas?limit=2&page=3");
    expect(third.json.data.map((p: { persona_id: string }) => p.persona_id)).toEqual([ids[0]]);
    const beyond = await call(emulator(), "GET", "/v2/personas?limit=2&page=4");
    expect(beyond.json).toEqual({ data: [], total_count: 5 });
  });

  test("defaults to limit 10", async () => {
    for (let i = 0; i < 11; i++) await createPersona();
    const list = await call(emulator(), "GET", "/v2/personas");
    expect(list.json.data).toHaveLength(10);
    expect(list.json.total_count).toBe(11);
  });

  test("lists user personas by default and the stock ones only with persona_type=system", async () => {
    const id = await createPersona();
    const user = await call(emulator(), "GET", "/v2/personas");
    expect(user.json.data.map((p: { persona_id: string }) => p.persona_id)).toEqual([id]);
    const system = await call(emulator(), "GET", "/v2/personas?persona_type=system");
    expect(system.json.data).toContainEqual(
      expect.objectContaining({
        persona_id: "p48fdf065d6b",
        persona_name: "Tavus Researcher",
        persona_type: "system",
      }),
    );
    expect(system.json.data.map((p: { persona_type: string }) => p.persona_type)).toEqual(
      SEED_PERSONAS.map(() => "system"),
    );
    expect(system.json.total_count).toBe(SEED_PERSONAS.length);
  });

  test.each([["page=0"], ["limit=abc"], ["persona_type=other"]])(
    "rejects %s with 400",
    async (query) => {
      const list = await call(emulator(), "GET", `/v2/personas?${query}`);
      expect(list.status).toBe(400);
      expect(list.json.error).toEqual(expect.any(String));
    },
  );
});

describe("PATCH /v2/personas/{id}", () => {
  test("applies the patch, bumps updated_at, keeps created_at and answers 200 with the updated persona", async () => {
    const id = await createPersona();
    const before = (await call(emulator(), "GET", `/v2/personas/${id}`)).json;
    const patched = await call(emulator(), "PATCH", `/v2/personas/${id}`, {
      body: [
        { op: "replace", path: "/persona_name", value: "Coach" },
        { op: "add", path: "/layers/llm/speculative_inference", value: true },
        { op: "add", path: "/context", value: "Be kind." },
      ],
    });
    expect(patched.status).toBe(200);
    const after = (await call(emulator(), "GET", `/v2/personas/${id}`)).json;
    expect(patched.json).toEqual(after);
    expect(after).toEqual({
      ...before,
      persona_name: "Coach",
      context: "Be kind.",
      layers: { ...before.layers, llm: { model: "tavus-gpt-oss", speculative_inference: true } },
      updated_at: expect.any(String),
    });
    expect(after.updated_at > before.updated_at).toBe(true);
    expect(after.created_at).toBe(before.created_at);
  });

  test("answers 304 with no body when nothing changes", async () => {
    const id = await createPersona();
    const before = (await call(emulator(), "GET", `/v2/personas/${id}`)).json;
    const patched = await call(emulator(), "PATCH", `/v2/personas/${id}`, {
      body: [
        { op: "replace", path: "/persona_name", value: "Life Coach" },
        { op: "test", path: "/pipeline_mode", value: "full" },
      ],
    });
    expect(patched.status).toBe(304);
    expect(patched.text).toBe("");
    expect((await call(emulator(), "GET", `/v2/personas/${id}`)).json).toEqual(before);
  });

  test.each([
    [
      "replace of a path missing from the document",
      [{ op: "replace", path: "/context", value: "x" }],
    ],
    ["remove of a path missing from the document", [{ op: "remove", path: "/layers/stt" }]],
    ["a failed test op", [{ op: "test", path: "/persona_name", value: "Someone else" }]],
    [
      "add into a missing parent",
      [{ op: "add", path: "/layers/perception/perception_model", value: "raven-0" }],
    ],
    ["an unknown op", [{ op: "merge", path: "/persona_name", value: "x" }]],
    ["a change to persona_id", [{ op: "replace", path: "/persona_id", value: "p000000000000" }]],
    ["a change to created_at", [{ op: "remove", path: "/created_at" }]],
    [
      "a change to updated_at",
      [{ op: "replace", path: "/updated_at", value: "2020-01-01T00:00:00.000000Z" }],
    ],
    [
      "a body that is an object, not an array",
      { op: "replace", path: "/persona_name", value: "x" },
    ],
  ])(
    'answers 422 {"message":"Invalid JSON patch format"} and changes nothing on %s',
    async (_name, patch) => {
      const id = await createPersona();
      const before = (await call(emulator(), "GET", `/v2/personas/${id}`)).json;
      // A valid operation goes first, so the test also shows the patch is atomic.
      const body = Array.isArray(patch)
        ? [{ op: "replace", path: "/persona_name", value: "changed first" }, ...patch]
        : patch;
      const patched = await call(emulator(), "PATCH", `/v2/personas/${id}`, { body });
      expect(patched.status).toBe(422);
      expect(patched.json).toEqual({ message: "Invalid JSON patch format" });
      expect((await call(emulator(), "GET", `/v2/personas/${id}`)).json).toEqual(before);
    },
  );

  test("answers 400 naming the field when the patched persona would be invalid", async () => {
    const id = await createPersona();
    const patched = await call(emulator(), "PATCH", `/v2/personas/${id}`, {
      body: [{ op: "remove", path: "/system_prompt" }],
    });
    expect(patched.status).toBe(400);
    expect(patched.json).toEqual({
      error: 'system_prompt is required unless pipeline_mode is "echo"',
    });
  });

  test("answers 400 Invalid persona_id for an unknown id and for a stock persona", async () => {
    for (const id of ["p00000000000", "p48fdf065d6b"]) {
      const patched = await call(emulator(), "PATCH", `/v2/personas/${id}`, {
        body: [{ op: "replace", path: "/persona_name", value: "x" }],
      });
      expect(patched.status).toBe(400);
      expect(patched.json).toEqual({ error: "Invalid persona_id" });
    }
  });
});

describe("DELETE /v2/personas/{id}", () => {
  test("answers 204 with no body, after which GET answers 400 Invalid persona_id", async () => {
    const id = await createPersona();
    const deleted = await call(emulator(), "DELETE", `/v2/personas/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    const got = await call(emulator(), "GET", `/v2/personas/${id}`);
    expect(got.status).toBe(400);
    expect(got.json).toEqual({ error: "Invalid persona_id" });
  });

  test("answers 400 Invalid persona_id for an unknown id", async () => {
    const deleted = await call(emulator(), "DELETE", "/v2/personas/p00000000000");
    expect(deleted.status).toBe(400);
    expect(deleted.json).toEqual({ error: "Invalid persona_id" });
  });
});
