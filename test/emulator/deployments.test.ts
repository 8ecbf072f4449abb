/**
 * `/v2/deployments` (docs/tavus-api/deployments.md): CRUD and list, the ETag
 * on GET and the 412 of a stale `If-Match`, JSON Patch, the password that is
 * never answered, and the public `init` and `start` a web page calls without
 * an API key (`start` counts usage).
 */
import { call, useEmulator } from "./helpers";

const emulator = useEmulator();

async function persona(): Promise<string> {
  const res = await call(emulator(), "POST", "/v2/personas", {
    body: { persona_name: "Front desk", system_prompt: "Greet visitors." },
  });
  return res.json.persona_id as string;
}

async function deployment(extra: object = {}): Promise<Record<string, unknown>> {
  const res = await call(emulator(), "POST", "/v2/deployments", {
    body: { pal_id: await persona(), channel: "widget", name: "Site widget", ...extra },
  });
  expect(res.status).toBe(200);
  return res.json as Record<string, unknown>;
}

async function patch(id: string, ops: unknown, ifMatch?: string) {
  const headers: Record<string, string> = {
    "x-api-key": emulator().apiKey,
    "content-type": "application/json",
  };
  if (ifMatch !== undefined) headers["if-match"] = ifMatch;
  const res = await fetch(`${emulator().url}/v2/deployments/${id}`, {
    method: "PATCH",
    headers,
    body: JSON.stringify(ops),
  });
  const text = await res.text();
  return {
    status: res.status,
    etag: res.headers.get("etag"),
    json: text ? JSON.parse(text) : undefined,
  };
}

test("create answers the whole deployment: no password, has_password, counters at 0", async () => {
  const created = await deployment({
    password: "secret-123",
    allowed_origins: ["https://a.example"],
  });
  expect(created).toMatchObject({
    deployment_id: expect.stringMatching(/^d[0-9a-f]{11}$/),
    channel: "widget",
    name: "Site widget",
    has_password: true,
    usage_total: 0,
    usage_today: 0,
    allowed_origins: ["https://a.example"],
    created_at: expect.any(String),
    updated_at: expect.any(String),
  });
  expect(created).not.toHaveProperty("password");
  const got = await call(emulator(), "GET", `/v2/deployments/${String(created.deployment_id)}`);
  expect(got.json).toEqual(created);
  expect(got.headers.get("etag")).toMatch(/^".+"$/);
  const list = await call(emulator(), "GET", "/v2/deployments");
  expect(list.json).toEqual({ data: [created], total_count: 1 });
});

test.each([
  [{ channel: "widget" }, 400, "pal_id is required"],
  [{ pal_id: "p0000000000a" }, 400, "channel is required"],
  [{ pal_id: "p0000000000a", channel: "kiosk" }, 400, "channel"],
  [{ pal_id: "p0000000000a", channel: "widget", allowed_origins: "x" }, 400, "allowed_origins"],
  [{ pal_id: "p0000000000a", channel: "widget" }, 404, "PAL not found"],
])("a bad create %j answers %i naming the problem", async (body, status, text) => {
  const res = await call(emulator(), "POST", "/v2/deployments", { body });
  expect(res.status).toBe(status);
  expect(res.text).toContain(text);
});

test("PATCH with the GET's ETag applies; a stale ETag answers 412 and changes nothing", async () => {
  const id = String((await deployment()).deployment_id);
  const etag = (await call(emulator(), "GET", `/v2/deployments/${id}`)).headers.get("etag")!;
  const applied = await patch(id, [{ op: "replace", path: "/name", value: "Renamed" }], etag);
  expect(applied.status).toBe(200);
  expect(applied.json.name).toBe("Renamed");
  expect(applied.etag).not.toBe(etag);
  const stale = await patch(id, [{ op: "replace", path: "/name", value: "Lost" }], etag);
  expect(stale.status).toBe(412);
  expect((await call(emulator(), "GET", `/v2/deployments/${id}`)).json.name).toBe("Renamed");
});

test("PATCH refuses server fields and bad values; a no-op answers 304", async () => {
  const id = String((await deployment()).deployment_id);
  expect((await patch(id, [{ op: "replace", path: "/usage_total", value: 9 }])).status).toBe(400);
  expect((await patch(id, [{ op: "replace", path: "/channel", value: "kiosk" }])).status).toBe(400);
  expect((await patch(id, [{ op: "replace", path: "/name", value: "Site widget" }])).status).toBe(
    304,
  );
  expect((await patch("d000000000000", [])).status).toBe(404);
});

test("a password set by PATCH is never answered, only has_password", async () => {
  const id = String((await deployment()).deployment_id);
  const set = await patch(id, [{ op: "add", path: "/password", value: "rotated-456" }]);
  expect(set.json).toMatchObject({ has_password: true });
  expect(JSON.stringify(set.json)).not.toContain("rotated-456");
  expect(emulator().state().deployments[0]!.password).toBe("rotated-456");
  expect(JSON.stringify(emulator().requests())).not.toContain("rotated-456");
});

test("init and start are public; start checks the password and counts usage", async () => {
  const id = String((await deployment({ password: "open-sesame" })).deployment_id);
  const init = await call(emulator(), "GET", `/v2/deployments/${id}/init`, { apiKey: null });
  expect(init.status).toBe(200);
  expect(init.json).toMatchObject({ deployment_id: id, password_required: true, available: true });
  expect(init.json).not.toHaveProperty("pal_id");
  const start = (password?: string) =>
    call(emulator(), "POST", `/v2/deployments/${id}/start`, {
      apiKey: null,
      body: password === undefined ? {} : { password },
    });
  expect((await start()).status).toBe(401);
  expect((await start("open-sesame")).status).toBe(200);
  expect((await start("open-sesame")).json.conversation_id).toMatch(/^c/);
  const got = await call(emulator(), "GET", `/v2/deployments/${id}`);
  expect(got.json).toMatchObject({ usage_total: 2, usage_today: 2 });
  // The other routes still need the key.
  expect((await call(emulator(), "GET", `/v2/deployments/${id}`, { apiKey: null })).status).toBe(
    401,
  );
});

test("DELETE removes it; again is 404", async () => {
  const id = String((await deployment()).deployment_id);
  expect((await call(emulator(), "DELETE", `/v2/deployments/${id}`)).status).toBe(204);
  expect((await call(emulator(), "DELETE", `/v2/deployments/${id}`)).status).toBe(404);
  expect((await call(emulator(), "GET", `/v2/deployments/${id}`)).status).toBe(404);
});
