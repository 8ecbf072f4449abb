/** /v2/tools and the PAL-tool routes against docs/tavus-api/tools.md and the docs' examples. */
import { TOOL_API_ERRORS, TOOL_SECRET_MASK } from "../../provider/wire";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REDACTED, startEmulator } from "../../emulator";
import { call, useEmulator, type ApiResponse } from "./helpers";

const emulator = useEmulator();

/** The Create Tool page's example request. */
const getWeather = {
  name: "get_weather",
  description: "Get the current weather for a city",
  parameters: {
    type: "object",
    properties: { city: { type: "string", description: "City name" } },
    required: ["city"],
  },
  delivery: { app_message: true },
  trigger_type: "in_call",
  origin: "llm",
  on_call: "generate_filler",
  on_resolve: "generate_response",
  static_filler: "Sure, let me grab that for you.",
};

/** An API-delivered tool with a secret header and a bearer token. */
const lookupOrder = {
  name: "lookup_order",
  description: "Look up an order",
  delivery: {
    api: {
      url: "https://api.example.com/v1/orders/{order_id}",
      method: "GET",
      timeout: 10,
      headers: { "X-Api-Key": "header-secret-1" },
      auth: { type: "bearer", token: "sk_live_token_1" },
      query_params: { units: "metric" },
    },
  },
};

async function create(body: object = getWeather): Promise<ApiResponse> {
  return call(emulator(), "POST", "/v2/tools", { body });
}

async function createId(body: object = getWeather): Promise<string> {
  const created = await create(body);
  expect(created.status).toBe(200);
  return created.json.tool_id as string;
}

async function createPersona(): Promise<string> {
  const created = await call(emulator(), "POST", "/v2/personas", {
    body: { persona_name: "Helper", system_prompt: "Help." },
  });
  expect(created.status).toBe(200);
  return created.json.persona_id as string;
}

describe("POST /v2/tools", () => {
  test("answers 200 with the tool: tool_id, owner_id, is_system_tool false, timestamps", async () => {
    const created = await create();
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      ...getWeather,
      tool_id: expect.stringMatching(/^t[0-9a-f]{12}$/),
      owner_id: 3675,
      is_system_tool: false,
      created_at: expect.any(String),
      updated_at: created.json.created_at,
    });
  });

  test("fills the documented defaults: app_message delivery, in_call, llm, generate_filler, fire_and_forget", async () => {
    const created = await create({ name: "ping", description: "Ping" });
    expect(created.json).toMatchObject({
      parameters: {},
      delivery: { app_message: true },
      trigger_type: "in_call",
      origin: "llm",
      on_call: "generate_filler",
      on_resolve: "fire_and_forget",
      static_filler: null,
    });
  });

  test("a duplicate name is 409 naming the existing tool; a deleted tool frees its name", async () => {
    const id = await createId();
    const duplicate = await create();
    expect(duplicate.status).toBe(409);
    expect(duplicate.json.error).toContain(`tool_id ${id}`);
    expect((await call(emulator(), "DELETE", `/v2/tools/${id}`)).status).toBe(204);
    expect((await create()).status).toBe(200);
  });

  test.each([
    ["a name starting with a digit", { ...getWeather, name: "1weather" }, "name must match"],
    ["a 65-character name", { ...getWeather, name: "a".repeat(65) }, "name must match"],
    ["a missing description", { name: "x" }, "description is required"],
    [
      "a parameter named tavus_*",
      {
        ...getWeather,
        parameters: { type: "object", properties: { tavus_id: { type: "string" } } },
      },
      "names starting with tavus_ are reserved",
    ],
    [
      "description plus parameters over 10,000 characters",
      { ...getWeather, description: "x".repeat(10_000) },
      "at most 10000 characters",
    ],
    [
      "both delivery channels",
      { ...lookupOrder, delivery: { app_message: true, api: lookupOrder.delivery.api } },
      "exactly one channel",
    ],
    [
      "neither delivery channel",
      { ...getWeather, delivery: { app_message: false } },
      "exactly one channel",
    ],
    [
      "an origin outside llm|vision|audio",
      { ...getWeather, origin: "smell" },
      "origin must be one of",
    ],
    [
      "an on_resolve outside the list",
      { ...getWeather, on_resolve: "later" },
      "on_resolve must be one of",
    ],
    [
      "static_filler missing with on_call static_filler",
      { name: "x", description: "y", on_call: "static_filler" },
      "static_filler is required",
    ],
    [
      "an http (not https) api url",
      { ...lookupOrder, delivery: { api: { url: "http://api.example.com/" } } },
      "must be an https URL",
    ],
    [
      "a loopback api url",
      { ...lookupOrder, delivery: { api: { url: "https://127.0.0.1/hook" } } },
      "private and loopback addresses are refused",
    ],
    [
      "an auth type outside the list",
      {
        ...lookupOrder,
        delivery: { api: { url: "https://a.example.com/", auth: { type: "magic" } } },
      },
      "delivery.api.auth.type must be one of",
    ],
  ])('rejects %s with 400 {"error": ...}', async (_name, body, fragment) => {
    const created = await create(body);
    expect(created.status).toBe(400);
    expect(Object.keys(created.json)).toEqual(["error"]);
    expect(created.json.error).toContain(fragment);
  });
});

describe("secrets", () => {
  test("every answer scrubs header values and auth secrets; the store keeps them", async () => {
    const created = await create(lookupOrder);
    const id = created.json.tool_id as string;
    const scrubbed = {
      ...lookupOrder.delivery.api,
      headers: { "X-Api-Key": TOOL_SECRET_MASK },
      auth: { type: "bearer", token: TOOL_SECRET_MASK },
    };
    expect(created.json.delivery).toEqual({ api: scrubbed });
    expect((await call(emulator(), "GET", `/v2/tools/${id}`)).json.delivery).toEqual({
      api: scrubbed,
    });
    expect((await call(emulator(), "GET", "/v2/tools")).json.data[0].delivery).toEqual({
      api: scrubbed,
    });
    const stored = emulator()
      .state()
      .tools.find((t) => t.tool_id === id);
    expect(stored?.delivery).toEqual(lookupOrder.delivery);
  });

  test("a PATCH that echoes the mask back is 400 and keeps the secret", async () => {
    const id = await createId(lookupOrder);
    const got = await call(emulator(), "GET", `/v2/tools/${id}`);
    const echoed = await call(emulator(), "PATCH", `/v2/tools/${id}`, {
      body: { delivery: got.json.delivery },
    });
    expect(echoed.status).toBe(400);
    expect(echoed.json.error).toContain(`"${TOOL_SECRET_MASK}" is the scrubbed placeholder`);
    expect(echoed.json.error).toContain("delivery.api.auth.token");
    expect(
      emulator()
        .state()
        .tools.find((t) => t.tool_id === id)?.delivery,
    ).toEqual(lookupOrder.delivery);
  });

  test("a PATCH that leaves secrets out keeps the stored ones; a new value replaces them", async () => {
    const id = await createId(lookupOrder);
    const { headers: _headers, ...apiWithoutHeaders } = lookupOrder.delivery.api;
    const kept = await call(emulator(), "PATCH", `/v2/tools/${id}`, {
      body: { delivery: { api: { ...apiWithoutHeaders, timeout: 20, auth: { type: "bearer" } } } },
    });
    expect(kept.status).toBe(200);
    let stored = emulator()
      .state()
      .tools.find((t) => t.tool_id === id);
    expect(stored?.delivery.api).toMatchObject({
      timeout: 20,
      headers: { "X-Api-Key": "header-secret-1" },
      auth: { type: "bearer", token: "sk_live_token_1" },
    });
    await call(emulator(), "PATCH", `/v2/tools/${id}`, {
      body: {
        delivery: {
          api: { ...lookupOrder.delivery.api, headers: { "X-Api-Key": "header-secret-2" } },
        },
      },
    });
    stored = emulator()
      .state()
      .tools.find((t) => t.tool_id === id);
    expect(stored?.delivery.api?.headers).toEqual({ "X-Api-Key": "header-secret-2" });
  });

  test("the request log redacts header values and auth secrets, and keeps the auth type readable", async () => {
    await create(lookupOrder);
    const [entry] = emulator().requests();
    const api = (entry?.body as { delivery: { api: Record<string, unknown> } }).delivery.api;
    expect(api["headers"]).toBe(REDACTED);
    expect(api["auth"]).toEqual({ type: "bearer", token: REDACTED });
    expect(JSON.stringify(emulator().requests())).not.toMatch(/sk_live_token_1|header-secret-1/);
  });

  test("every secret member of auth is redacted in the log", async () => {
    await create({
      name: "oauth",
      description: "x",
      delivery: {
        api: {
          url: "https://a.example.com/",
          auth: {
            type: "oauth2_client_credentials",
            token_url: "https://a.example.com/t",
            client_id: "id",
            client_secret: "cs-1",
          },
        },
      },
    });
    await create({
      name: "key",
      description: "x",
      delivery: {
        api: {
          url: "https://a.example.com/",
          auth: { type: "api_key", name: "X-Key", value: "v-1" },
        },
      },
    });
    const log = JSON.stringify(emulator().requests());
    expect(log).not.toMatch(/cs-1|v-1/);
    expect(log).toContain('"client_id":"id"');
    expect(log).toContain('"name":"X-Key"');
  });
});

describe("PATCH /v2/tools/{id}", () => {
  test("is a merge: only the fields sent change, and updated_at moves", async () => {
    const created = await create();
    const patched = await call(emulator(), "PATCH", `/v2/tools/${created.json.tool_id}`, {
      body: { description: "Weather, now" },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toEqual({
      ...created.json,
      description: "Weather, now",
      updated_at: expect.any(String),
    });
    expect(patched.json.updated_at > created.json.updated_at).toBe(true);
  });

  test("delivery: null resets delivery to {app_message: true}", async () => {
    const id = await createId(lookupOrder);
    const patched = await call(emulator(), "PATCH", `/v2/tools/${id}`, {
      body: { delivery: null },
    });
    expect(patched.json.delivery).toEqual({ app_message: true });
  });

  test("a rename onto another tool's name is 409; onto its own name is fine", async () => {
    await createId();
    const other = await createId({ ...getWeather, name: "other" });
    const clash = await call(emulator(), "PATCH", `/v2/tools/${other}`, {
      body: { name: "get_weather" },
    });
    expect(clash.status).toBe(409);
    const same = await call(emulator(), "PATCH", `/v2/tools/${other}`, { body: { name: "other" } });
    expect(same.status).toBe(200);
  });
});

describe("system tools", () => {
  test("end_call is listed with type=system, owner_id null, is_system_tool true", async () => {
    const list = await call(emulator(), "GET", "/v2/tools?type=system");
    expect(list.json.data).toEqual([
      expect.objectContaining({
        tool_id: "end_call",
        name: "end_call",
        owner_id: null,
        is_system_tool: true,
      }),
    ]);
    expect((await call(emulator(), "GET", "/v2/tools")).json).toEqual({ data: [], total_count: 0 });
  });

  test("cannot be updated or deleted: 400 with an error key", async () => {
    const patched = await call(emulator(), "PATCH", "/v2/tools/end_call", {
      body: { description: "x" },
    });
    expect(patched.status).toBe(400);
    expect(patched.json).toEqual({ error: "Bad Request. Cannot update system tools" });
    const deleted = await call(emulator(), "DELETE", "/v2/tools/end_call");
    expect(deleted.status).toBe(400);
    expect(deleted.json).toEqual({ error: TOOL_API_ERRORS.cannotDeleteSystemTools });
  });
});

describe("DELETE /v2/tools/{id}", () => {
  test("soft-deletes: 204, then 400 for the tool, which stays in the state with deleted_at", async () => {
    const id = await createId();
    const deleted = await call(emulator(), "DELETE", `/v2/tools/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expect((await call(emulator(), "GET", `/v2/tools/${id}`)).json).toEqual({
      error: "Bad Request. Tool not found",
    });
    expect((await call(emulator(), "DELETE", `/v2/tools/${id}`)).status).toBe(400);
    expect(
      emulator()
        .state()
        .tools.find((t) => t.tool_id === id)?.deleted_at,
    ).toEqual(expect.any(String));
  });
});

describe("PAL tools", () => {
  test("attach answers {data:[tool…]}, list shows them, detach removes one; GET persona is unchanged", async () => {
    const pal = await createPersona();
    const before = await call(emulator(), "GET", `/v2/personas/${pal}`);
    const weather = await createId();
    const order = await createId(lookupOrder);
    const attached = await call(emulator(), "POST", `/v2/pals/${pal}/tools`, {
      body: { tool_ids: [weather, order] },
    });
    expect(attached.status).toBe(200);
    expect(attached.json.data.map((t: { tool_id: string }) => t.tool_id)).toEqual([weather, order]);
    expect(attached.json.data[1].delivery.api.auth.token).toBe(TOOL_SECRET_MASK);
    // Attaching again is idempotent; the persona path is an alias.
    const again = await call(emulator(), "POST", `/v2/personas/${pal}/tools`, {
      body: { tool_ids: [weather] },
    });
    expect(again.json.data).toHaveLength(2);
    const detached = await call(emulator(), "DELETE", `/v2/pals/${pal}/tools/${weather}`);
    expect(detached.status).toBe(204);
    const listed = await call(emulator(), "GET", `/v2/pals/${pal}/tools`);
    expect(listed.json.data.map((t: { tool_id: string }) => t.tool_id)).toEqual([order]);
    expect((await call(emulator(), "GET", `/v2/personas/${pal}`)).json).toEqual(before.json);
    expect(emulator().state().palTools).toEqual([{ pal_id: pal, tool_ids: [order] }]);
  });

  test("deleting a tool detaches it from every PAL", async () => {
    const pal = await createPersona();
    const id = await createId();
    await call(emulator(), "POST", `/v2/pals/${pal}/tools`, { body: { tool_ids: [id] } });
    await call(emulator(), "DELETE", `/v2/tools/${id}`);
    expect((await call(emulator(), "GET", `/v2/pals/${pal}/tools`)).json).toEqual({ data: [] });
  });

  test.each([
    ["an unknown PAL", "pal", "tool", "Invalid persona_id"],
    ["an unknown tool", "known", "unknown", "Bad Request. Tool not found: t000000000000"],
    [
      "a system tool",
      "known",
      "end_call",
      "Bad Request. System tools cannot be attached: end_call",
    ],
  ])("attach rejects %s with 400", async (_name, palKind, toolKind, message) => {
    const pal = palKind === "known" ? await createPersona() : "p00000000000";
    const tool =
      toolKind === "tool"
        ? await createId()
        : toolKind === "unknown"
          ? "t000000000000"
          : "end_call";
    const answer = await call(emulator(), "POST", `/v2/pals/${pal}/tools`, {
      body: { tool_ids: [tool] },
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: message });
  });

  test("detach of a tool that is not attached is 400", async () => {
    const pal = await createPersona();
    const id = await createId();
    const answer = await call(emulator(), "DELETE", `/v2/pals/${pal}/tools/${id}`);
    expect(answer.status).toBe(400);
    expect(answer.json.error).toContain("is not attached");
  });
});

test("tools, attachments and documents survive a restart with a data file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tavus-tools-"));
  const dataFile = join(dir, "state.json");
  const first = await startEmulator({ strict: true, dataFile });
  try {
    const tool = await call(first, "POST", "/v2/tools", { body: lookupOrder });
    const pal = await call(first, "POST", "/v2/personas", {
      body: { persona_name: "P", system_prompt: "S" },
    });
    await call(first, "POST", `/v2/pals/${pal.json.persona_id}/tools`, {
      body: { tool_ids: [tool.json.tool_id] },
    });
    const document = await call(first, "POST", "/v2/documents", {
      body: { document_url: "https://example.com/a.pdf" },
    });
    await first.close();
    const second = await startEmulator({ strict: true, dataFile });
    try {
      expect((await call(second, "GET", `/v2/tools/${tool.json.tool_id}`)).json).toEqual(tool.json);
      const listed = await call(second, "GET", `/v2/pals/${pal.json.persona_id}/tools`);
      expect(listed.json.data).toEqual([tool.json]);
      const got = await call(second, "GET", `/v2/documents/${document.json.document_id}`);
      expect(got.json.document_url).toBe("https://example.com/a.pdf");
      expect(second.state().tools.find((t) => t.tool_id === tool.json.tool_id)?.delivery).toEqual(
        lookupOrder.delivery,
      );
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
