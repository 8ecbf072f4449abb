/**
 * `/v2/memory-stores` in the emulator (docs/tavus-api/memory-stores.md): one
 * active store per PAL and tag, lists without memories, pinned memories
 * edited one by one, learned memories kept apart.
 */
import { startEmulator, SEED_PERSONAS, type RunningEmulator } from "../../emulator";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ strict: true });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const PAL = SEED_PERSONAS[0]!.persona_id;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read loosely, field by field
type Body = Record<string, any>;

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { "x-api-key": emulator.apiKey, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Body) : undefined };
}

test("create answers the store with its pinned memories, each with an id; a second store of the pair is 409", async () => {
  const created = await call("POST", "/v2/memory-stores", {
    pal_id: PAL,
    participant_tag: "class-1",
    pinned_memories: ["a", "b"],
  });
  expect(created.status).toBe(200);
  expect(created.body).toMatchObject({
    memory_store_id: expect.stringMatching(/^ms[0-9a-f]{11}$/),
    pal_id: PAL,
    participant_tag: "class-1",
    pinned_memories: [
      { memory_id: expect.any(String), memory: "a" },
      { memory_id: expect.any(String), memory: "b" },
    ],
    learned_memories: [],
  });
  const again = await call("POST", "/v2/memory-stores", {
    pal_id: PAL,
    participant_tag: "class-1",
  });
  expect(again).toEqual({
    status: 409,
    body: { error: "A memory store already exists for this pal_id and participant_tag" },
  });
  expect(
    (await call("POST", "/v2/memory-stores", { pal_id: PAL, participant_tag: "class-2" })).status,
  ).toBe(200);
});

test.each([
  [{ participant_tag: "x" }, "pal_id is required"],
  [{ pal_id: PAL }, "participant_tag is required"],
  [{ pal_id: "p000nothere", participant_tag: "x" }, "Invalid pal_id"],
  [
    { pal_id: PAL, participant_tag: "x", pinned_memories: "a" },
    "pinned_memories must be an array of strings",
  ],
])("create refuses %j with 400 %s", async (body, message) => {
  const answer = await call("POST", "/v2/memory-stores", body);
  expect(answer.status).toBe(400);
  expect(answer.body!.error).toContain(message);
});

test("list filters by pal_id and participant_tag and shows no memories; pinned memories change one by one", async () => {
  const id = (
    await call("POST", "/v2/memory-stores", {
      pal_id: PAL,
      participant_tag: "t",
      pinned_memories: ["a"],
    })
  ).body!.memory_store_id as string;
  const list = await call("GET", `/v2/memory-stores?pal_id=${PAL}&participant_tag=t`);
  expect(list.body).toEqual({
    data: [expect.not.objectContaining({ pinned_memories: expect.anything() })],
    total_count: 1,
  });
  expect((await call("GET", "/v2/memory-stores?participant_tag=other")).body!.total_count).toBe(0);
  const added = await call("POST", `/v2/memory-stores/${id}/pinned`, { memory: "b" });
  expect(added.body).toMatchObject({ memory: "b", memory_id: expect.any(String) });
  expect(
    (
      await call("PATCH", `/v2/memory-stores/${id}/pinned/${added.body!.memory_id}`, {
        memory: "c",
      })
    ).status,
  ).toBe(200);
  await call("POST", `/__emulator/memory-stores/${id}/learned`, { memory: "learned" });
  const first = (await call("GET", `/v2/memory-stores/${id}`)).body!;
  expect(first.pinned_memories.map((m: { memory: string }) => m.memory)).toEqual(["a", "c"]);
  expect(first.learned_memories.map((m: { memory: string }) => m.memory)).toEqual(["learned"]);
  expect(
    (await call("DELETE", `/v2/memory-stores/${id}/pinned/${first.pinned_memories[0].memory_id}`))
      .status,
  ).toBe(204);
  expect((await call("DELETE", `/v2/memory-stores/${id}/pinned/nope`)).status).toBe(404);
  expect((await call("DELETE", `/v2/memory-stores/${id}`)).status).toBe(204);
  expect(await call("GET", `/v2/memory-stores/${id}`)).toEqual({
    status: 404,
    body: { error: "Memory store not found" },
  });
});

describe("the 403s of the docs (docs/tavus-api/memory-stores.md#errors)", () => {
  test("a zero-data-retention account may not create a store: 403, nothing stored", async () => {
    emulator.settings.zeroDataRetention = true;
    try {
      const refused = await call("POST", "/v2/memory-stores", {
        pal_id: PAL,
        participant_tag: "class-1",
      });
      expect(refused).toEqual({
        status: 403,
        body: { error: "Memory stores are not available on zero-data-retention accounts" },
      });
      expect(emulator.state().memoryStores).toEqual([]);
    } finally {
      emulator.settings.zeroDataRetention = false;
    }
  });

  test("another owner's store: 403 on each of its routes, absent from the list, and its pair stays free for the caller", async () => {
    const made = await fetch(`${emulator.url}/__emulator/memory-stores/another-owner`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ pal_id: PAL, participant_tag: "class-1" }),
    });
    const { memory_store_id: id } = (await made.json()) as Body;
    const forbidden = { status: 403, body: { error: "The caller does not own this memory store" } };
    expect(await call("GET", `/v2/memory-stores/${id}`)).toEqual(forbidden);
    expect(await call("DELETE", `/v2/memory-stores/${id}`)).toEqual(forbidden);
    expect(await call("POST", `/v2/memory-stores/${id}/pinned`, { memory: "x" })).toEqual(
      forbidden,
    );
    expect((await call("GET", "/v2/memory-stores")).body).toEqual({ data: [], total_count: 0 });
    // The caller's own store of the same PAL and tag is another store.
    const own = await call("POST", "/v2/memory-stores", {
      pal_id: PAL,
      participant_tag: "class-1",
    });
    expect(own.status).toBe(200);
    expect(own.body!.memory_store_id).not.toBe(id);
    expect(emulator.state().memoryStores.map((s) => s.memory_store_id)).toContain(id);
  });
});

describe("stores made by conversations (participant_tags)", () => {
  const converse = (tags: unknown) =>
    call("POST", "/v2/conversations", {
      persona_id: PAL,
      replica_id: "rf4703150052",
      test_mode: true,
      participant_tags: tags,
    });

  test("one participant tag makes the PAL's store for it once; the next conversation reuses it", async () => {
    expect((await converse(["ana@example.com"])).status).toBe(200);
    expect((await converse(["ana@example.com"])).status).toBe(200);
    const listed = await call("GET", `/v2/memory-stores?pal_id=${PAL}`);
    expect(listed.body!.data).toEqual([
      expect.objectContaining({ pal_id: PAL, participant_tag: "ana@example.com" }),
    ]);
    // A store the conversation made counts for the one-active-store rule.
    expect(
      (await call("POST", "/v2/memory-stores", { pal_id: PAL, participant_tag: "ana@example.com" }))
        .status,
    ).toBe(409);
  });

  test("more than one tag is 400, and no store is made", async () => {
    const refused = await converse(["ana", "ben"]);
    expect(refused.status).toBe(400);
    expect(refused.body!.error).toMatch(/participant_tags .*at most one/);
    expect(emulator.state().memoryStores).toEqual([]);
  });

  test("a zero-data-retention account's conversation makes no store", async () => {
    emulator.settings.zeroDataRetention = true;
    try {
      expect((await converse(["ana"])).status).toBe(200);
      expect(emulator.state().memoryStores).toEqual([]);
    } finally {
      emulator.settings.zeroDataRetention = false;
    }
  });
});
