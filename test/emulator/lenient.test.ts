/**
 * Lenient by default, strict on request (issue #14): fields the docs do not
 * list but clients send are accepted, ignored and named in the request log;
 * `page=0` is the first page. With `strict` both are 400, as the project's own
 * tests run it.
 */
import { DEFAULT_SETTINGS } from "../../emulator";
import { call, useEmulator } from "./helpers";

// The emulator's own default, not the test helpers' strict one.
const emulator = useEmulator({ strict: DEFAULT_SETTINGS.strict });
const STOCK_REPLICA = "r4067604db72";

test("the default is lenient", () => {
  expect(DEFAULT_SETTINGS.strict).toBe(false);
});

describe("unknown fields", () => {
  test("a persona with replica_id and layers.whiteboard is created; both are ignored and logged", async () => {
    const created = await call(emulator(), "POST", "/v2/personas", {
      body: {
        system_prompt: "x",
        replica_id: STOCK_REPLICA,
        layers: { whiteboard: { provider: "miro" }, llm: { model: "m" } },
      },
    });
    expect(created.status).toBe(200);
    const got = await call(emulator(), "GET", `/v2/personas/${created.json.persona_id}`);
    expect(got.json.replica_id).toBeUndefined();
    expect(got.json.layers).toEqual({ llm: { model: "m" } });
    expect(emulator().requests()[0]).toMatchObject({
      method: "POST",
      status: 200,
      unknownFields: ["replica_id", "layers.whiteboard"],
    });
  });

  test("a conversation with a top-level enable_recording is created and the field logged", async () => {
    const created = await call(emulator(), "POST", "/v2/conversations", {
      body: { replica_id: STOCK_REPLICA, enable_recording: true, test_mode: true },
    });
    expect(created.status).toBe(200);
    expect(emulator().requests()[0]?.unknownFields).toEqual(["enable_recording"]);
  });

  test("a replica with an unknown field is created and the field logged", async () => {
    const created = await call(emulator(), "POST", "/v2/replicas", {
      body: { train_video_url: "https://example.com/v.mp4", thumbnail_video_url: "x" },
    });
    expect(created.status).toBe(200);
    expect(emulator().requests()[0]?.unknownFields).toEqual(["thumbnail_video_url"]);
  });

  test.each([
    [
      "objectives",
      "/v2/objectives",
      { data: [{ objective_name: "greet", objective_prompt: "Say hi", weight: 2 }], tag: "x" },
      ["tag", "weight"],
    ],
    [
      "an individual guardrail",
      "/v2/guardrails",
      { guardrail_name: "no_prices", guardrail_prompt: "Never quote prices", severity: "high" },
      ["severity"],
    ],
    [
      "a guardrail set",
      "/v2/guardrails",
      { name: "set", data: [{ guardrail_name: "a", guardrail_prompt: "b", level: 1 }], extra: 1 },
      ["extra", "data[0].level"],
    ],
    [
      "a pronunciation dictionary",
      "/v2/pronunciation-dictionaries",
      {
        name: "d",
        language: "en",
        rules: [{ text: "a", pronunciation: "b", type: "alias", x: 1 }],
      },
      ["language", "rules[0].x"],
    ],
  ])(
    "%s with unknown fields is created; they are logged and not stored",
    async (_n, path, body, unknown) => {
      const created = await call(emulator(), "POST", path, { body });
      expect(created.status).toBe(200);
      expect(emulator().requests()[0]?.unknownFields).toEqual(unknown);
      const state = JSON.stringify(emulator().state());
      for (const name of unknown) expect(state).not.toContain(`"${name.replace(/^.*\./, "")}"`);
    },
  );

  test("a document with the older example's properties is created; properties is logged", async () => {
    const created = await call(emulator(), "POST", "/v2/documents", {
      body: { document_url: "https://example.com/a.pdf", properties: { department: "sales" } },
    });
    expect(created.status).toBe(200);
    expect(created.json).not.toHaveProperty("properties");
    expect(emulator().requests()[0]?.unknownFields).toEqual(["properties"]);
  });

  test("a request with only documented fields has no unknownFields entry", async () => {
    await call(emulator(), "POST", "/v2/personas", { body: { system_prompt: "x" } });
    expect(emulator().requests()[0]).not.toHaveProperty("unknownFields");
  });

  test("a known field with a wrong type is still refused", async () => {
    const created = await call(emulator(), "POST", "/v2/personas", {
      body: { system_prompt: "x", persona_name: 5 },
    });
    expect(created.status).toBe(400);
    expect(created.json.error).toBe("persona_name must be a string");
  });

  test("a persona PATCH that only adds an unknown member changes nothing (304)", async () => {
    const created = await call(emulator(), "POST", "/v2/personas", {
      body: { system_prompt: "x" },
    });
    const id = created.json.persona_id as string;
    const patched = await call(emulator(), "PATCH", `/v2/personas/${id}`, {
      body: [{ op: "add", path: "/is_template", value: true }],
    });
    expect(patched.status).toBe(304);
    expect(emulator().requests()[1]?.unknownFields).toEqual(["is_template"]);
  });

  test("the strict setting, switched live, refuses the same requests with Unknown field", async () => {
    const settings = await call(emulator(), "PATCH", "/__emulator/settings", {
      body: { strict: true },
    });
    expect(settings.json.strict).toBe(true);
    const persona = await call(emulator(), "POST", "/v2/personas", {
      body: { system_prompt: "x", replica_id: STOCK_REPLICA },
    });
    expect(persona.status).toBe(400);
    expect(persona.json.error).toContain('Unknown field "replica_id"');
    const layer = await call(emulator(), "POST", "/v2/personas", {
      body: { system_prompt: "x", layers: { whiteboard: {} } },
    });
    expect(layer.json.error).toContain('Unknown field "layers.whiteboard"');
    const conversation = await call(emulator(), "POST", "/v2/conversations", {
      body: { replica_id: STOCK_REPLICA, enable_recording: true },
    });
    expect(conversation.json.error).toContain('Unknown field "enable_recording"');
    const created = await call(emulator(), "POST", "/v2/personas", {
      body: { system_prompt: "x" },
    });
    const patched = await call(emulator(), "PATCH", `/v2/personas/${created.json.persona_id}`, {
      body: [{ op: "add", path: "/is_template", value: true }],
    });
    expect(patched.status).toBe(400);
    expect(patched.json.error).toContain('Unknown field "is_template"');
  });
});

describe("page=0", () => {
  test("is the first page when lenient and 400 when strict", async () => {
    for (let i = 0; i < 3; i++)
      await call(emulator(), "POST", "/v2/personas", { body: { system_prompt: `p${i}` } });
    const zero = await call(emulator(), "GET", "/v2/personas?page=0&limit=2");
    const one = await call(emulator(), "GET", "/v2/personas?page=1&limit=2");
    expect(zero.status).toBe(200);
    expect(zero.json).toEqual(one.json);
    expect(zero.json.data).toHaveLength(2);

    emulator().settings.strict = true;
    const strict = await call(emulator(), "GET", "/v2/personas?page=0&limit=2");
    expect(strict.status).toBe(400);
    expect(strict.json).toEqual({ error: "Invalid page: must be an integer >= 1" });
  });

  test.each([
    "/v2/replicas",
    "/v2/conversations",
    "/v2/objectives",
    "/v2/guardrails",
    "/v2/pronunciation-dictionaries",
    "/v2/pals",
    "/v2/faces",
    "/v2/tools",
  ])("is accepted on %s when lenient", async (path) => {
    expect((await call(emulator(), "GET", `${path}?page=0`)).status).toBe(200);
  });
});
