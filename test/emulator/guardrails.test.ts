/** /v2/guardrails, individual and legacy sets, against docs/tavus-api/guardrails.md and the docs' examples. */
import { GROUP_API_ERRORS } from "../../provider/wire";
import { call, useEmulator, type ApiResponse } from "./helpers";

const emulator = useEmulator();

/** The Create Guardrails example request. */
const noCompetitors = {
  guardrail_name: "no_competitors",
  guardrail_prompt:
    "Only mention products within Our Company Inc. during conversations; never discuss competitors.",
};
/** The legacy-sets page's example request. */
const healthcareSet = {
  name: "Healthcare Compliance Guardrails",
  data: [
    {
      guardrail_name: "no_medical_advice",
      guardrail_prompt: "Never provide medical advice outside approved guidelines.",
      modality: "verbal",
      callback_url: "https://your-server.com/guardrails-webhook",
    },
    {
      guardrail_name: "check_if_alone",
      guardrail_prompt: "Confirm throughout the call that the participant is alone.",
      modality: "visual",
    },
  ],
};

async function createGuardrail(body: object = noCompetitors): Promise<string> {
  const created = await call(emulator(), "POST", "/v2/guardrails", { body });
  expect(created.status).toBe(200);
  return created.json.uuid as string;
}

async function createSet(body: object = healthcareSet): Promise<string> {
  const created = await call(emulator(), "POST", "/v2/guardrails", { body });
  expect(created.status).toBe(200);
  return created.json.guardrails_id as string;
}

async function get(id: string): Promise<ApiResponse> {
  return call(emulator(), "GET", `/v2/guardrails/${id}`);
}

describe("individual guardrails", () => {
  test("POST answers the object: uuid g + 12 hex, the fields, documented defaults (verbal, app_message true), created_at, updated_at", async () => {
    const created = await call(emulator(), "POST", "/v2/guardrails", { body: noCompetitors });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      uuid: expect.stringMatching(/^g[0-9a-f]{12}$/),
      ...noCompetitors,
      modality: "verbal",
      app_message: true,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect((await get(created.json.uuid)).json).toEqual(created.json);
  });

  test("keeps every documented field as sent", async () => {
    const body = {
      ...noCompetitors,
      modality: "visual",
      callback_url: "https://example.com/hook",
      tags: ["compliance", "healthcare"],
      app_message: false,
    };
    const uuid = await createGuardrail(body);
    expect((await get(uuid)).json).toEqual({
      uuid,
      ...body,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
  });

  test.each([
    [
      "a name with a space",
      { ...noCompetitors, guardrail_name: "no competitors" },
      "guardrail_name must be 1 to 100 letters, digits or underscores",
    ],
    [
      "a name of 101 characters",
      { ...noCompetitors, guardrail_name: "a".repeat(101) },
      "guardrail_name must be 1 to 100 letters, digits or underscores",
    ],
    [
      "a prompt of 1,001 characters",
      { ...noCompetitors, guardrail_prompt: "p".repeat(1001) },
      "guardrail_prompt must be a non-empty string of at most 1000 characters",
    ],
    ["a missing prompt", { guardrail_name: "x" }, "guardrail_prompt is required"],
    [
      "33 tags",
      { ...noCompetitors, tags: Array.from({ length: 33 }, (_, i) => `t${i}`) },
      "tags must be an array of at most 32 strings of at most 64 characters",
    ],
    [
      "a tag of 65 characters",
      { ...noCompetitors, tags: ["t".repeat(65)] },
      "tags must be an array of at most 32 strings of at most 64 characters",
    ],
    [
      "a callback_url over 2,048 characters",
      { ...noCompetitors, callback_url: "https://x/" + "a".repeat(2040) },
      "callback_url must be a string of at most 2048 characters",
    ],
    [
      "a modality outside verbal|visual",
      { ...noCompetitors, modality: "smell" },
      "modality must be one of: verbal, visual",
    ],
    [
      "app_message as a string",
      { ...noCompetitors, app_message: "true" },
      "app_message must be a boolean",
    ],
    [
      "a body of neither shape",
      { name: "only a name" },
      expect.stringContaining("individual guardrail"),
    ],
  ])("POST rejects %s with 400 naming the field", async (_name, body, error) => {
    const created = await call(emulator(), "POST", "/v2/guardrails", { body });
    expect(created.status).toBe(400);
    expect(created.json).toEqual({ error });
  });

  test("accepts limits exactly: 100-character name, 1,000-character prompt, 32 tags of 64 characters", async () => {
    const body = {
      guardrail_name: "a".repeat(100),
      guardrail_prompt: "p".repeat(1000),
      tags: Array.from({ length: 32 }, (_, i) => String(i).padEnd(64, "x")),
    };
    expect((await call(emulator(), "POST", "/v2/guardrails", { body })).status).toBe(200);
  });

  test("PATCH applies JSON Patch on flat paths and answers the updated object", async () => {
    const uuid = await createGuardrail();
    const before = (await get(uuid)).json;
    const patched = await call(emulator(), "PATCH", `/v2/guardrails/${uuid}`, {
      body: [
        {
          op: "replace",
          path: "/guardrail_prompt",
          value: "Never discuss competitor products under any circumstances.",
        },
        { op: "add", path: "/tags", value: ["compliance"] },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toEqual({
      ...before,
      guardrail_prompt: "Never discuss competitor products under any circumstances.",
      tags: ["compliance"],
      updated_at: expect.any(String),
    });
    expect(patched.json.updated_at > before.updated_at).toBe(true);
    expect((await get(uuid)).json).toEqual(patched.json);
  });

  test.each([
    ["an empty patch", []],
    ["a no-op replace", [{ op: "replace", path: "/modality", value: "verbal" }]],
  ])("PATCH answers 304 with no body on %s", async (_name, body) => {
    const uuid = await createGuardrail();
    const patched = await call(emulator(), "PATCH", `/v2/guardrails/${uuid}`, { body });
    expect(patched.status).toBe(304);
    expect(patched.text).toBe("");
  });

  test.each([
    [
      "a change to uuid",
      [{ op: "replace", path: "/uuid", value: "g000000000000" }],
      { error: GROUP_API_ERRORS.invalidPatchOperation },
    ],
    [
      "a failed test",
      [{ op: "test", path: "/guardrail_name", value: "other" }],
      { error: GROUP_API_ERRORS.invalidPatchOperation },
    ],
    [
      "a prompt over 1,000 characters",
      [{ op: "replace", path: "/guardrail_prompt", value: "p".repeat(1001) }],
      { error: "guardrail_prompt must be a non-empty string of at most 1000 characters" },
    ],
  ])("PATCH answers 400 on %s", async (_name, body, answer) => {
    const uuid = await createGuardrail();
    const patched = await call(emulator(), "PATCH", `/v2/guardrails/${uuid}`, { body });
    expect(patched.status).toBe(400);
    expect(patched.json).toEqual(answer);
  });

  test("DELETE answers 204; then GET answers 404 Guardrails not found", async () => {
    const uuid = await createGuardrail();
    const deleted = await call(emulator(), "DELETE", `/v2/guardrails/${uuid}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    const got = await get(uuid);
    expect(got.status).toBe(404);
    expect(got.json).toEqual({ error: "Guardrails not found" });
  });

  test('an id not shaped like a guardrail id is 400 {"error":"Invalid guardrails_id"}', async () => {
    for (const method of ["GET", "PATCH", "DELETE"]) {
      const answer = await call(
        emulator(),
        method,
        "/v2/guardrails/not-an-id",
        method === "PATCH" ? { body: [] } : {},
      );
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({ error: "Invalid guardrails_id" });
    }
  });
});

describe("legacy guardrail sets", () => {
  test('POST {name, data} answers {guardrails_id, guardrails_name, status:"active", created_at}', async () => {
    const created = await call(emulator(), "POST", "/v2/guardrails", { body: healthcareSet });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      guardrails_id: expect.stringMatching(/^g[0-9a-f]{11}$/),
      guardrails_name: "Healthcare Compliance Guardrails",
      status: "active",
      created_at: expect.any(String),
    });
  });

  test("GET answers the set document; each item has the uuid of its mirrored individual guardrail", async () => {
    const id = await createSet();
    const set = (await get(id)).json;
    expect(set).toEqual({
      guardrails_id: id,
      name: healthcareSet.name,
      data: healthcareSet.data.map((item) => ({
        ...item,
        uuid: expect.stringMatching(/^g[0-9a-f]{12}$/),
      })),
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const mirror = (await get(set.data[1].uuid)).json;
    expect(mirror).toEqual({
      uuid: set.data[1].uuid,
      ...healthcareSet.data[1],
      app_message: true,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
  });

  test("GET /v2/guardrails lists sets by default and with legacy=true, individual guardrails (mirrors included) with legacy=false", async () => {
    const individual = await createGuardrail();
    const setId = await createSet();
    const sets = await call(emulator(), "GET", "/v2/guardrails");
    expect(sets.json).toEqual({
      data: [expect.objectContaining({ guardrails_id: setId })],
      total_count: 1,
    });
    expect((await call(emulator(), "GET", "/v2/guardrails?legacy=true")).json).toEqual(sets.json);
    const flat = await call(emulator(), "GET", "/v2/guardrails?legacy=false");
    expect(flat.json.total_count).toBe(3);
    expect(flat.json.data.map((g: { uuid: string }) => g.uuid)).toContain(individual);
    expect(
      flat.json.data.every(
        (g: { guardrail_name?: string }) => typeof g.guardrail_name === "string",
      ),
    ).toBe(true);
    expect((await call(emulator(), "GET", "/v2/guardrails?legacy=maybe")).status).toBe(400);
  });

  test.each([
    [
      "an item name with a hyphen",
      { name: "s", data: [{ guardrail_name: "no-advice", guardrail_prompt: "x" }] },
      "data[0].guardrail_name must be 1 to 100 letters, digits or underscores",
    ],
    ["an empty data list", { name: "s", data: [] }, "data must be a non-empty array of guardrails"],
    ["a missing name", { data: [noCompetitors], name: "" }, "name must be a non-empty string"],
    [
      "an item field sets do not have",
      { name: "s", data: [{ ...noCompetitors, tags: ["x"] }] },
      expect.stringContaining('Unknown field "data[0].tags"'),
    ],
  ])("POST of a set rejects %s with 400", async (_name, body, error) => {
    const created = await call(emulator(), "POST", "/v2/guardrails", { body });
    expect(created.status).toBe(400);
    expect(created.json).toEqual({ error });
  });

  test('PATCH on /data/<i>/... answers 200 {"message":"Guardrails updated successfully"}, keeps uuids and updates the mirror', async () => {
    const id = await createSet();
    const before = (await get(id)).json;
    const patched = await call(emulator(), "PATCH", `/v2/guardrails/${id}`, {
      body: [
        { op: "replace", path: "/data/0/guardrail_prompt", value: "Your updated prompt" },
        { op: "add", path: "/data/1/callback_url", value: "https://your-server.com/webhook" },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toEqual({ message: "Guardrails updated successfully" });
    const after = (await get(id)).json;
    expect(after.data.map((item: { uuid: string }) => item.uuid)).toEqual(
      before.data.map((item: { uuid: string }) => item.uuid),
    );
    expect(after.data[0].guardrail_prompt).toBe("Your updated prompt");
    expect((await get(after.data[0].uuid)).json.guardrail_prompt).toBe("Your updated prompt");
    expect((await get(after.data[1].uuid)).json.callback_url).toBe(
      "https://your-server.com/webhook",
    );
  });

  test("a whole-object replace of /data/<i> gives the item a new uuid; the old mirror is gone, a new one exists", async () => {
    const id = await createSet();
    const oldUuid = (await get(id)).json.data[0].uuid as string;
    const replacement = { guardrail_name: "no_diagnosis", guardrail_prompt: "Never diagnose." };
    expect(
      (
        await call(emulator(), "PATCH", `/v2/guardrails/${id}`, {
          body: [{ op: "replace", path: "/data/0", value: replacement }],
        })
      ).status,
    ).toBe(200);
    const after = (await get(id)).json;
    expect(after.data[0]).toEqual({
      ...replacement,
      uuid: expect.stringMatching(/^g[0-9a-f]{12}$/),
    });
    expect(after.data[0].uuid).not.toBe(oldUuid);
    expect((await get(oldUuid)).status).toBe(404);
    expect((await get(after.data[0].uuid)).json).toEqual(expect.objectContaining(replacement));
  });

  test("moves and removes keep the remaining uuids; removing an item deletes its mirror", async () => {
    const id = await createSet();
    const [first, second] = (await get(id)).json.data.map(
      (item: { uuid: string }) => item.uuid,
    ) as [string, string];
    expect(
      (
        await call(emulator(), "PATCH", `/v2/guardrails/${id}`, {
          body: [{ op: "move", from: "/data/1", path: "/data/0" }],
        })
      ).status,
    ).toBe(200);
    expect((await get(id)).json.data.map((item: { uuid: string }) => item.uuid)).toEqual([
      second,
      first,
    ]);
    expect(
      (
        await call(emulator(), "PATCH", `/v2/guardrails/${id}`, {
          body: [{ op: "remove", path: "/data/1" }],
        })
      ).status,
    ).toBe(200);
    expect((await get(id)).json.data.map((item: { uuid: string }) => item.uuid)).toEqual([second]);
    expect((await get(first)).status).toBe(404);
  });

  test.each([
    [
      "an edit of an item's uuid",
      [{ op: "replace", path: "/data/0/uuid", value: "g000000000000" }],
    ],
    [
      "a change to guardrails_id",
      [{ op: "replace", path: "/guardrails_id", value: "g00000000000" }],
    ],
    ["a failed test", [{ op: "test", path: "/name", value: "Other" }]],
  ])('PATCH answers 400 {"error":"Invalid patch operation"} on %s', async (_name, body) => {
    const id = await createSet();
    const before = (await get(id)).json;
    const patched = await call(emulator(), "PATCH", `/v2/guardrails/${id}`, { body });
    expect(patched.status).toBe(400);
    expect(patched.json).toEqual({ error: "Invalid patch operation" });
    expect((await get(id)).json).toEqual(before);
  });

  test("PATCH answers 304 on an empty or no-op patch", async () => {
    const id = await createSet();
    expect((await call(emulator(), "PATCH", `/v2/guardrails/${id}`, { body: [] })).status).toBe(
      304,
    );
    const noop = await call(emulator(), "PATCH", `/v2/guardrails/${id}`, {
      body: [{ op: "replace", path: "/name", value: healthcareSet.name }],
    });
    expect(noop.status).toBe(304);
    expect(noop.text).toBe("");
  });

  test("a PATCH of a mirror changes the item in its set too", async () => {
    const id = await createSet();
    const uuid = (await get(id)).json.data[1].uuid as string;
    const patched = await call(emulator(), "PATCH", `/v2/guardrails/${uuid}`, {
      body: [{ op: "replace", path: "/guardrail_prompt", value: "Check often." }],
    });
    expect(patched.status).toBe(200);
    expect((await get(id)).json.data[1]).toEqual({
      ...healthcareSet.data[1],
      guardrail_prompt: "Check often.",
      uuid,
    });
  });

  test("DELETE of a set answers 204, deletes its mirrors and strips guardrails_id from every persona that references it", async () => {
    const id = await createSet();
    const other = await createSet({ name: "Other", data: [noCompetitors] });
    const uuids = (await get(id)).json.data.map((item: { uuid: string }) => item.uuid) as string[];
    const persona = await call(emulator(), "POST", "/v2/personas", {
      body: { system_prompt: "x", guardrails_id: id, guardrail_ids: [uuids[0]] },
    });
    const untouched = await call(emulator(), "POST", "/v2/personas", {
      body: { system_prompt: "y", guardrails_id: other },
    });
    const before = (await call(emulator(), "GET", `/v2/personas/${persona.json.persona_id}`)).json;

    const deleted = await call(emulator(), "DELETE", `/v2/guardrails/${id}`);
    expect(deleted.status).toBe(204);
    expect((await get(id)).status).toBe(404);
    for (const uuid of uuids) expect((await get(uuid)).status).toBe(404);
    const after = (await call(emulator(), "GET", `/v2/personas/${persona.json.persona_id}`)).json;
    const { guardrails_id: _stripped, ...rest } = before;
    expect(after).toEqual({ ...rest, updated_at: expect.any(String) });
    expect(after.updated_at > before.updated_at).toBe(true);
    expect(
      (await call(emulator(), "GET", `/v2/personas/${untouched.json.persona_id}`)).json
        .guardrails_id,
    ).toBe(other);
  });

  test("DELETE of a mirror removes the item from its set", async () => {
    const id = await createSet();
    const [first, second] = (await get(id)).json.data.map(
      (item: { uuid: string }) => item.uuid,
    ) as [string, string];
    expect((await call(emulator(), "DELETE", `/v2/guardrails/${first}`)).status).toBe(204);
    expect((await get(id)).json.data.map((item: { uuid: string }) => item.uuid)).toEqual([second]);
  });

  test("sets and individual guardrails are in GET /__emulator/state", async () => {
    const uuid = await createGuardrail();
    const id = await createSet();
    const state = (await call(emulator(), "GET", "/__emulator/state")).json;
    expect(state.guardrailSets.map((s: { guardrails_id: string }) => s.guardrails_id)).toEqual([
      id,
    ]);
    expect(state.guardrails.map((g: { uuid: string }) => g.uuid)).toContain(uuid);
    expect(state.guardrails).toHaveLength(3);
  });
});
