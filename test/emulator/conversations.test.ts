/** /v2/conversations against docs/tavus-api/conversations.md: limits, test_mode, end, delete. */
import { call, trainedReplica, useEmulator } from "./helpers";

const emulator = useEmulator({ replicaTrainingMs: 0 });

/** A stock replica: completed from the start. */
const STOCK_REPLICA = "r4067604db72";

async function createConversation(body: Record<string, unknown> = {}): Promise<string> {
  const created = await call(emulator(), "POST", "/v2/conversations", {
    body: { replica_id: STOCK_REPLICA, ...body },
  });
  expect(created.status).toBe(200);
  return created.json.conversation_id as string;
}

describe("POST /v2/conversations", () => {
  test("creates an active conversation with the documented response fields and defaults", async () => {
    const before = Date.now();
    const created = await call(emulator(), "POST", "/v2/conversations", {
      body: { replica_id: STOCK_REPLICA },
    });
    expect(created.status).toBe(200);
    const id = created.json.conversation_id as string;
    expect(id).toMatch(/^c[0-9a-f]{11}$/);
    expect(created.json).toEqual({
      conversation_id: id,
      conversation_name: expect.stringMatching(/^New Conversation \d{13}$/),
      conversation_url: `https://tavus.daily.co/${id}`,
      status: "active",
      callback_url: "",
      created_at: expect.stringMatching(/\.\d{6}Z$/),
      replica_id: STOCK_REPLICA,
    });
    expect(Number(created.json.conversation_name.split(" ")[2])).toBeGreaterThanOrEqual(before);
  });

  test("uses the persona's default_replica_id when no replica_id is given", async () => {
    const persona = await call(emulator(), "POST", "/v2/personas", {
      body: { system_prompt: "x", default_replica_id: STOCK_REPLICA },
    });
    const created = await call(emulator(), "POST", "/v2/conversations", {
      body: { persona_id: persona.json.persona_id },
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      replica_id: STOCK_REPLICA,
      persona_id: persona.json.persona_id,
    });
  });

  test("adds a JWT-shaped meeting_token with require_auth", async () => {
    const created = await call(emulator(), "POST", "/v2/conversations", {
      body: { replica_id: STOCK_REPLICA, require_auth: true },
    });
    expect(created.json.meeting_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  test.each([
    [
      "no replica and no persona",
      {},
      "replica_id is required unless persona_id names a persona with a default_replica_id",
    ],
    [
      "a persona without default_replica_id",
      "persona-without-replica",
      "replica_id is required unless persona_id names a persona with a default_replica_id",
    ],
    ["an unknown replica", { replica_id: "r00000000000" }, "Invalid replica_id"],
    [
      "an unknown persona",
      { replica_id: STOCK_REPLICA, persona_id: "p00000000000" },
      "Invalid persona_id",
    ],
    [
      "an unknown field",
      { replica_id: STOCK_REPLICA, enable_recording: true },
      expect.stringContaining('Unknown field "enable_recording"'),
    ],
  ])("rejects %s with 400", async (_name, bodyOrMarker, error) => {
    let body = bodyOrMarker;
    if (bodyOrMarker === "persona-without-replica") {
      const persona = await call(emulator(), "POST", "/v2/personas", {
        body: { system_prompt: "x" },
      });
      body = { persona_id: persona.json.persona_id };
    }
    const created = await call(emulator(), "POST", "/v2/conversations", { body });
    expect(created.status).toBe(400);
    expect(created.json).toEqual({ error });
  });

  test("rejects a replica that is still training with 400 Invalid replica_id", async () => {
    emulator().settings.replicaTrainingMs = 60_000;
    const replica = await call(emulator(), "POST", "/v2/replicas", {
      body: { train_video_url: "https://example.com/v.mp4" },
    });
    const created = await call(emulator(), "POST", "/v2/conversations", {
      body: { replica_id: replica.json.replica_id },
    });
    expect(created.json).toEqual({ error: "Invalid replica_id" });
  });

  test("accepts a freshly trained user replica", async () => {
    const replica = await trainedReplica(emulator());
    expect(
      (await call(emulator(), "POST", "/v2/conversations", { body: { replica_id: replica } }))
        .status,
    ).toBe(200);
  });

  test("creates test_mode conversations ended, outside the concurrency limit", async () => {
    emulator().settings.maxConcurrentConversations = 1;
    await createConversation();
    const test = await call(emulator(), "POST", "/v2/conversations", {
      body: { replica_id: STOCK_REPLICA, test_mode: true },
    });
    expect(test.status).toBe(200);
    expect(test.json.status).toBe("ended");
  });

  test('answers 400 {"message":"User has reached maximum concurrent conversations"} past the limit, and frees a slot on end', async () => {
    emulator().settings.maxConcurrentConversations = 2;
    const first = await createConversation();
    await createConversation();
    const third = await call(emulator(), "POST", "/v2/conversations", {
      body: { replica_id: STOCK_REPLICA },
    });
    expect(third.status).toBe(400);
    expect(third.json).toEqual({ message: "User has reached maximum concurrent conversations" });
    await call(emulator(), "POST", `/v2/conversations/${first}/end`);
    expect(
      (await call(emulator(), "POST", "/v2/conversations", { body: { replica_id: STOCK_REPLICA } }))
        .status,
    ).toBe(200);
  });

  test('answers 402 {"message":"The user is out of conversational credits"} while outOfCredits is on', async () => {
    emulator().settings.outOfCredits = true;
    const refused = await call(emulator(), "POST", "/v2/conversations", {
      body: { replica_id: STOCK_REPLICA },
    });
    expect(refused.status).toBe(402);
    expect(refused.json).toEqual({ message: "The user is out of conversational credits" });
    emulator().settings.outOfCredits = false;
    expect(
      (await call(emulator(), "POST", "/v2/conversations", { body: { replica_id: STOCK_REPLICA } }))
        .status,
    ).toBe(200);
  });
});

describe("GET /v2/conversations/{id}", () => {
  test("answers the bare conversation; verbose adds a replica_joined event", async () => {
    const id = await createConversation({
      conversation_name: "Demo",
      callback_url: "https://example.com/hook",
    });
    const got = await call(emulator(), "GET", `/v2/conversations/${id}`);
    expect(got.json).toMatchObject({
      conversation_id: id,
      conversation_name: "Demo",
      callback_url: "https://example.com/hook",
      status: "active",
      replica_id: STOCK_REPLICA,
      persona_id: null,
    });
    expect(got.json.events).toBeUndefined();
    const verbose = await call(emulator(), "GET", `/v2/conversations/${id}?verbose=true`);
    expect(verbose.json.events.map((e: { event_type: string }) => e.event_type)).toEqual([
      "system.replica_joined",
    ]);
  });

  test('answers 400 {"error":"Invalid conversation_id"} for an unknown id', async () => {
    const got = await call(emulator(), "GET", "/v2/conversations/c00000000000");
    expect(got.status).toBe(400);
    expect(got.json).toEqual({ error: "Invalid conversation_id" });
  });
});

describe("GET /v2/conversations", () => {
  test("filters by status and pages", async () => {
    const active = await createConversation();
    const ended = await createConversation({ test_mode: true });
    const onlyActive = await call(emulator(), "GET", "/v2/conversations?status=active");
    expect(onlyActive.json).toEqual({
      data: [expect.objectContaining({ conversation_id: active })],
      total_count: 1,
    });
    const onlyEnded = await call(emulator(), "GET", "/v2/conversations?status=ended");
    expect(onlyEnded.json.data.map((c: { conversation_id: string }) => c.conversation_id)).toEqual([
      ended,
    ]);
    const paged = await call(emulator(), "GET", "/v2/conversations?limit=1&page=2");
    expect(paged.json.data.map((c: { conversation_id: string }) => c.conversation_id)).toEqual([
      active,
    ]);
    expect(paged.json.total_count).toBe(2);
  });
});

describe("POST /v2/conversations/{id}/end", () => {
  test("ends with 200 and shutdown_reason end_conversation_endpoint_hit; again is 200 and changes nothing", async () => {
    const id = await createConversation();
    const ended = await call(emulator(), "POST", `/v2/conversations/${id}/end`);
    expect(ended.status).toBe(200);
    const got = await call(emulator(), "GET", `/v2/conversations/${id}?verbose=true`);
    expect(got.json).toMatchObject({
      status: "ended",
      shutdown_reason: "end_conversation_endpoint_hit",
    });
    expect(got.json.events[1]).toMatchObject({
      event_type: "system.shutdown",
      properties: { shutdown_reason: "end_conversation_endpoint_hit" },
    });
    const again = await call(emulator(), "POST", `/v2/conversations/${id}/end`);
    expect(again.status).toBe(200);
    expect((await call(emulator(), "GET", `/v2/conversations/${id}?verbose=true`)).json).toEqual(
      got.json,
    );
  });

  test("answers 400 Invalid conversation_id for an unknown id", async () => {
    const ended = await call(emulator(), "POST", "/v2/conversations/c00000000000/end");
    expect(ended.status).toBe(400);
    expect(ended.json).toEqual({ error: "Invalid conversation_id" });
  });
});

describe("DELETE /v2/conversations/{id}", () => {
  test('soft delete: 204 with no body, GET answers status "deleted", lists and the limit drop it', async () => {
    emulator().settings.maxConcurrentConversations = 1;
    const id = await createConversation();
    const deleted = await call(emulator(), "DELETE", `/v2/conversations/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    const got = await call(emulator(), "GET", `/v2/conversations/${id}`);
    expect(got.json).toMatchObject({ conversation_id: id, status: "deleted" });
    expect((await call(emulator(), "GET", "/v2/conversations")).json.total_count).toBe(0);
    expect((await call(emulator(), "POST", `/v2/conversations/${id}/end`)).json).toEqual({
      error: "Invalid conversation_id",
    });
    await createConversation(); // the slot it held is free again
  });

  test("hard delete: 204, then GET answers 400 Invalid conversation_id", async () => {
    const id = await createConversation();
    expect((await call(emulator(), "DELETE", `/v2/conversations/${id}?hard=true`)).status).toBe(
      204,
    );
    const got = await call(emulator(), "GET", `/v2/conversations/${id}`);
    expect(got.status).toBe(400);
    expect(got.json).toEqual({ error: "Invalid conversation_id" });
  });

  test("answers 400 Invalid conversation_id for an unknown id", async () => {
    const deleted = await call(emulator(), "DELETE", "/v2/conversations/c00000000000");
    expect(deleted.json).toEqual({ error: "Invalid conversation_id" });
  });
});
