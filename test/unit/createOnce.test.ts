/**
 * createOnce and scanRecent against a fake API: what counts as "created by our
 * POST", when a second POST is allowed, and what the errors say.
 */
import { tavusApiError } from "../../provider/client/errors";
import { createOnce, scanRecent, type RecentScan } from "../../provider/resources/createOnce";

interface Item {
  id: string;
  body: string;
  created_at: string;
}

/** Ids are unique across tests: createOnce remembers, per process, the ids it handed out. */
let next = 1;

/** A fake list endpoint (newest first) and a POST that can be told to fail. */
function fakeApi(options: { serverAheadMs?: number } = {}) {
  const items: Item[] = [];
  const ahead = options.serverAheadMs ?? 0;
  const api = {
    items,
    posts: 0,
    lists: 0,
    /** What the next POSTs do: "ok", "lost" (created, answer lost) or "refused" (5xx, nothing created). */
    plan: [] as Array<"ok" | "lost" | "refused">,
    clock: { clockOffsetMs: ahead as number | undefined },
    add(body: string, at = Date.now() + ahead): string {
      const id = `p${String(next++).padStart(11, "0")}`;
      items.unshift({ id, body, created_at: new Date(at).toISOString() });
      return id;
    },
    async post(body: string): Promise<{ id: string }> {
      api.posts++;
      await new Promise((r) => setTimeout(r, 5));
      const what = api.plan.shift() ?? "ok";
      if (what === "refused") throw unknownOutcome(502);
      const id = api.add(body);
      if (what === "lost") throw unknownOutcome(undefined);
      return { id };
    },
    scan(body: string): RecentScan<Item> {
      return {
        listPage: async (page) => {
          api.lists++;
          await new Promise((r) => setTimeout(r, 5)); // a network round trip: other creates move on meanwhile
          return { data: items.slice((page - 1) * 100, page * 100), total_count: items.length };
        },
        id: (i) => i.id,
        createdAt: (i) => i.created_at,
        matches: (i) => i.body === body,
      };
    },
  };
  return api;
}

function unknownOutcome(status: number | undefined) {
  const e = tavusApiError({
    status,
    apiMessage: status ? "Bad Gateway" : undefined,
    code: status ? undefined : "ECONNRESET",
    method: "POST",
    endpoint: "/v2/personas",
    requestId: undefined,
    attempts: 1,
  });
  e.outcomeUnknown = true;
  return e;
}

const create = (api: ReturnType<typeof fakeApi>, body: string) =>
  createOnce({
    kind: "persona",
    body,
    post: () => api.post(body),
    idOf: (a) => a.id,
    lookup: api.scan(body),
    clock: api.clock,
  });

describe("createOnce", () => {
  test("an answer lost after the server created the object: the object is found and adopted, not created twice", async () => {
    const api = fakeApi();
    api.plan = ["lost"];
    const result = await create(api, "lost answer");
    expect(api.items.map((i) => i.id)).toEqual([result.id]);
    expect(result.answer).toBeUndefined();
    expect(api.posts).toBe(1);
  });

  test("a 502 that created nothing: the lookup finds nothing, so it POSTs again", async () => {
    const api = fakeApi();
    api.plan = ["refused", "ok"];
    const result = await create(api, "refused first");
    expect(api.posts).toBe(2);
    expect(api.items.map((i) => i.id)).toEqual([result.id]);
  });

  test("an identical object dated well before the request (server clock) is not taken for ours", async () => {
    const api = fakeApi({ serverAheadMs: 3_600_000 });
    const older = api.add("same", Date.now() + 3_600_000 - 30_000);
    api.plan = ["refused", "ok"];
    const result = await create(api, "same");
    expect(result.id).not.toBe(older);
    expect(api.posts).toBe(2);
  });

  test("without a server clock reading, the window falls back to a minute, and an identical object in it is adopted", async () => {
    const api = fakeApi();
    api.clock.clockOffsetMs = undefined;
    const recent = api.add("same", Date.now() - 30_000);
    api.plan = ["refused"];
    expect((await create(api, "same")).id).toBe(recent);
  });

  test("identical creates in flight together each get their own object", async () => {
    const api = fakeApi();
    api.plan = ["lost", "lost", "lost"];
    const results = await Promise.all([
      create(api, "twin"),
      create(api, "twin"),
      create(api, "twin"),
    ]);
    expect(new Set(results.map((r) => r.id)).size).toBe(3);
    expect(api.items).toHaveLength(3);
  });

  test("several matching objects that this process did not create: an error naming each candidate", async () => {
    const api = fakeApi();
    const a = api.add("dup");
    const b = api.add("dup");
    api.plan = ["refused"];
    await expect(create(api, "dup")).rejects.toThrow(
      new RegExp(
        `2 matching personas were created since just before it: ${b}, ${a}\\. Keep one with adoptId`,
      ),
    );
  });

  test("a failing lookup: the error says an untracked object may exist and how to find it", async () => {
    const api = fakeApi();
    api.plan = ["lost"];
    const scan = {
      ...api.scan("x"),
      listPage: () => Promise.reject(new Error("GET /v2/personas failed: HTTP 503")),
    };
    const err = await createOnce({
      kind: "replica",
      body: "x",
      post: () => api.post("x"),
      idOf: (a) => a.id,
      lookup: scan,
      clock: api.clock,
    }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(
      /could not be settled \(looking for it failed: GET \/v2\/personas failed: HTTP 503\)/,
    );
    expect((err as Error).message).toMatch(
      /A replica Pulumi does not track may exist: look for one created after .*pulumi-tavus audit/,
    );
  });

  test("every attempt refused: four POSTs, then the last error, saying nothing was left behind", async () => {
    const api = fakeApi();
    api.plan = ["refused", "refused", "refused", "refused", "ok"];
    await expect(create(api, "never")).rejects.toThrow(
      /HTTP 502: Bad Gateway; a lookup found no persona created by these 4 attempts, so none was left behind/,
    );
    expect(api.posts).toBe(4);
    expect(api.lists).toBe(4);
  });

  test("an error that is not an unknown outcome (a 400) is thrown at once, with no lookup", async () => {
    const api = fakeApi();
    const bad = tavusApiError({
      status: 400,
      apiMessage: "Invalid replica_uuid",
      code: undefined,
      method: "POST",
      endpoint: "/",
      requestId: undefined,
      attempts: 1,
    });
    const result = createOnce({
      kind: "persona",
      body: "b",
      post: () => Promise.reject(bad),
      idOf: () => "",
      lookup: api.scan("b"),
      clock: api.clock,
    });
    await expect(result).rejects.toBe(bad);
    expect(api.lists).toBe(0);
  });
});

describe("scanRecent", () => {
  const scanOf = (pages: Item[][], matches: (i: Item) => boolean = () => true) => {
    const read: number[] = [];
    const scan: RecentScan<Item> = {
      listPage: async (page) => {
        read.push(page);
        return { data: pages[page - 1] ?? [], total_count: pages.flat().length };
      },
      id: (i) => i.id,
      createdAt: (i) => i.created_at,
      matches,
    };
    return { scan, read };
  };
  const at = (id: string, secondsAgo: number): Item => ({
    id,
    body: "",
    created_at: new Date(Date.now() - secondsAgo * 1000).toISOString(),
  });

  test("stops at the first page that reaches objects older than the window, in newest-first order", async () => {
    const { scan, read } = scanOf([
      [at("a", 1), at("b", 2)],
      [at("c", 3), at("d", 100)],
      [at("e", 200)],
    ]);
    expect(await scanRecent(scan, () => Date.now() - 50_000)).toEqual({
      ids: ["a", "b", "c"],
      complete: true,
    });
    expect(read).toEqual([1, 2]);
  });

  test("a page out of newest-first order never ends the scan early", async () => {
    const { scan, read } = scanOf([[at("old", 100), at("new", 1)], [at("newer", 0)]]);
    expect(await scanRecent(scan, () => Date.now() - 50_000)).toEqual({
      ids: ["new", "newer"],
      complete: true,
    });
    expect(read).toEqual([1, 2]);
  });

  test("running out of pages before reaching older objects is reported as incomplete", async () => {
    const { scan } = scanOf([[at("a", 1)], [at("b", 1)], [at("c", 1)]]);
    expect(await scanRecent(scan, () => Date.now() - 50_000, 2)).toEqual({
      ids: ["a", "b"],
      complete: false,
    });
  });

  test("only matching objects are returned", async () => {
    const { scan } = scanOf([[at("a", 1), at("b", 1)]], (i) => i.id === "b");
    expect((await scanRecent(scan, () => 0)).ids).toEqual(["b"]);
  });
});
