/** Fault injection: each kind, counting with every/times, matching, and the admin API. */
import { startEmulator } from "../../emulator";
import { call, useEmulator } from "./helpers";

const emulator = useEmulator();

const persona = { system_prompt: "x", persona_name: "Faulted" };

/** User personas in the store, read around the HTTP layer. */
function userPersonaCount(): number {
  return emulator()
    .state()
    .personas.filter((p) => p.persona_type !== "system").length;
}

describe("status faults", () => {
  test("answer the given status and raw body without running the handler", async () => {
    const html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    emulator().addFault({
      kind: "status",
      status: 502,
      body: html,
      method: "POST",
      path: "/v2/personas",
    });
    // Plain fetch: the helper would try to parse the HTML as JSON.
    const raw = await fetch(`${emulator().url}/v2/personas`, {
      method: "POST",
      headers: { "x-api-key": emulator().apiKey },
      body: JSON.stringify(persona),
    });
    expect(raw.status).toBe(502);
    expect(raw.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await raw.text()).toBe(html);
    expect(userPersonaCount()).toBe(0);
  });

  test('429 with retryAfter sends a Retry-After header and {"message":"Too many requests"}', async () => {
    emulator().addFault({ kind: "status", status: 429, retryAfter: 2 });
    const response = await call(emulator(), "GET", "/v2/personas");
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(response.json).toEqual({ message: "Too many requests" });
  });

  test('body "" sends an empty body', async () => {
    emulator().addFault({ kind: "status", status: 503, body: "" });
    const response = await call(emulator(), "GET", "/v2/personas");
    expect(response.status).toBe(503);
    expect(response.text).toBe("");
  });

  test("apply before auth, like a gateway in front of the API", async () => {
    emulator().addFault({ kind: "status", status: 500 });
    const response = await call(emulator(), "GET", "/v2/personas", { apiKey: null });
    expect(response.status).toBe(500);
    expect(response.json).toEqual({ message: "Internal Server Error" });
  });
});

describe("socket faults", () => {
  test("reset-before destroys the socket and creates nothing", async () => {
    emulator().addFault({ kind: "reset-before", method: "POST", path: "/v2/personas" });
    await expect(call(emulator(), "POST", "/v2/personas", { body: persona })).rejects.toThrow(
      "fetch failed",
    );
    expect(userPersonaCount()).toBe(0);
    expect(emulator().requests()).toEqual([
      expect.objectContaining({ method: "POST", status: 0, fault: "reset-before", body: persona }),
    ]);
  });

  test("reset-after creates the object, yet the client only sees a socket error", async () => {
    emulator().addFault({ kind: "reset-after", method: "POST", path: "/v2/personas" });
    await expect(call(emulator(), "POST", "/v2/personas", { body: persona })).rejects.toThrow(
      "fetch failed",
    );
    expect(userPersonaCount()).toBe(1);
    expect(emulator().requests()).toEqual([
      expect.objectContaining({ status: 0, fault: "reset-after" }),
    ]);
    // The next request on a fresh connection works.
    const list = await call(emulator(), "GET", "/v2/personas");
    expect(list.json.data).toEqual([expect.objectContaining({ persona_name: "Faulted" })]);
  });

  test("hang never answers, so a client timeout fires", async () => {
    emulator().addFault({ kind: "hang", path: "/v2/personas/:id" });
    const started = Date.now();
    const outcome = await call(emulator(), "GET", "/v2/personas/p48fdf065d6b", {
      signal: AbortSignal.timeout(200),
    }).catch((e: unknown) => e);
    // toMatchObject, not toBeInstanceOf: fetch's errors come from another realm than jest's.
    expect(outcome).toMatchObject({ name: "TimeoutError" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(emulator().requests()).toEqual([expect.objectContaining({ status: 0, fault: "hang" })]);
  });

  test("close() returns promptly with a hung request and keep-alive connections open", async () => {
    const own = await startEmulator({
      strict: true,
      faults: [{ kind: "hang", path: "/v2/replicas" }],
    });
    await call(own, "GET", "/v2/personas"); // leaves a keep-alive connection
    const hung = call(own, "GET", "/v2/replicas").catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await hung).toMatchObject({ message: "fetch failed" });
  });
});

describe("delay faults", () => {
  test("run the handler and answer after delayMs", async () => {
    emulator().addFault({ kind: "delay", delayMs: 200, method: "POST" });
    const started = Date.now();
    const created = await call(emulator(), "POST", "/v2/personas", { body: persona });
    expect(created.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(emulator().requests()).toEqual([
      expect.objectContaining({ status: 200, fault: "delay" }),
    ]);
  });
});

describe("counting and matching", () => {
  async function statuses(n: number, path = "/v2/personas"): Promise<number[]> {
    const result: number[] = [];
    for (let i = 0; i < n; i++) result.push((await call(emulator(), "GET", path)).status);
    return result;
  }

  test("every: N hits the 1st, (N+1)th, ... matching request", async () => {
    emulator().addFault({ kind: "status", status: 503, every: 2 });
    expect(await statuses(5)).toEqual([503, 200, 503, 200, 503]);
  });

  test("times: N hits N requests, then the rule is spent", async () => {
    emulator().addFault({ kind: "status", status: 500, times: 2 });
    expect(await statuses(4)).toEqual([500, 500, 200, 200]);
  });

  test("every and times combine", async () => {
    emulator().addFault({ kind: "status", status: 500, every: 2, times: 2 });
    expect(await statuses(6)).toEqual([500, 200, 500, 200, 200, 200]);
  });

  test(":id matches one segment; a trailing * matches a prefix; method filters", async () => {
    emulator().addFault({ kind: "status", status: 500, path: "/v2/personas/:id" });
    emulator().addFault({ kind: "status", status: 502, path: "/v2/replicas*", method: "delete" });
    expect(await statuses(1, "/v2/personas")).toEqual([200]);
    expect(await statuses(1, "/v2/personas/p48fdf065d6b")).toEqual([500]);
    expect(await statuses(1, "/v2/replicas")).toEqual([200]);
    expect((await call(emulator(), "DELETE", "/v2/replicas/r00000000000?hard=true")).status).toBe(
      502,
    );
  });

  test("options.faults are active from the start", async () => {
    const own = await startEmulator({
      strict: true,
      faults: [{ kind: "status", status: 504, times: 1 }],
    });
    try {
      expect((await call(own, "GET", "/v2/personas")).status).toBe(504);
      expect((await call(own, "GET", "/v2/personas")).status).toBe(200);
    } finally {
      await own.close();
    }
  });
});

describe("admin API", () => {
  test("POST adds a rule (201 with its id), GET lists it with counters, DELETE by id and DELETE all remove", async () => {
    const added = await call(emulator(), "POST", "/__emulator/faults", {
      body: { kind: "status", status: 500, times: 1 },
    });
    expect(added.status).toBe(201);
    expect(added.json).toEqual({
      id: expect.any(String),
      kind: "status",
      status: 500,
      times: 1,
      seen: 0,
      hits: 0,
    });
    await call(emulator(), "GET", "/v2/personas");
    expect((await call(emulator(), "GET", "/__emulator/faults")).json.faults).toEqual([
      expect.objectContaining({ id: added.json.id, seen: 1, hits: 1 }),
    ]);
    expect((await call(emulator(), "DELETE", `/__emulator/faults/${added.json.id}`)).status).toBe(
      204,
    );
    expect((await call(emulator(), "DELETE", `/__emulator/faults/${added.json.id}`)).status).toBe(
      404,
    );
    await call(emulator(), "POST", "/__emulator/faults", { body: { kind: "hang" } });
    expect((await call(emulator(), "DELETE", "/__emulator/faults")).status).toBe(204);
    expect((await call(emulator(), "GET", "/v2/personas")).status).toBe(200);
  });

  test.each([
    [{}, "kind is required: one of status, reset-before, reset-after, hang, delay"],
    [{ kind: "explode" }, "kind must be one of: status, reset-before, reset-after, hang, delay"],
    [{ kind: "status", status: 99 }, "status must be an HTTP status from 200 to 599"],
    [{ kind: "status", every: 0 }, "every must be an integer >= 1"],
    [{ kind: "hang", after: 1 }, expect.stringContaining('Unknown field "after"')],
  ])("rejects the rule %j with 400", async (body, error) => {
    const added = await call(emulator(), "POST", "/__emulator/faults", { body });
    expect(added.status).toBe(400);
    expect(added.json).toEqual({ error });
  });
});
