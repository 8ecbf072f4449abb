/**
 * Reliability through the provider host: creates whose outcome is unknown never
 * duplicate nor orphan, and a persona changed between our GET and our PATCH is
 * re-read instead of being patched blind.
 */
import { ProviderHost, urnOf, type HostError } from "../harness/providerHost";
import { useProviderHost } from "../harness/hostSuite";
import { editPersona } from "../harness/dashboard";

const PERSONA = "pulumi-nodejs:dynamic/tavus:Persona";
const REPLICA = "pulumi-nodejs:dynamic/tavus:Replica";
const CONVERSATION = "pulumi-nodejs:dynamic/tavus:Conversation";

const suite = useProviderHost({
  emulator: { replicaTrainingMs: 50 },
  config: { "tavus:timeoutMs": "2000" },
});
const lines = () =>
  suite.emulator
    .requests()
    .map((r) => `${r.method} ${r.path.replace(/[prc][0-9a-f]{11}$/, ":id")} ${r.status}`);
const userPersonas = () =>
  suite.emulator.state().personas.filter((p) => p.persona_type !== "system");

beforeEach(() => {
  suite.emulator.clearFaults();
  suite.emulator.clearRequests();
});

describe("create when the POST's outcome is unknown", () => {
  test("a reset after the server created the persona: found by a lookup and adopted, not created twice", async () => {
    const before = userPersonas().length;
    suite.emulator.addFault({
      method: "POST",
      path: "/v2/personas",
      kind: "reset-after",
      times: 1,
    });
    const created = await suite.host.create(urnOf(PERSONA, "a"), {
      systemPrompt: "reset after acting",
      __provider: suite.providers[PERSONA]!,
    });
    expect(userPersonas().length).toBe(before + 1);
    expect(userPersonas().some((p) => p.persona_id === created.id)).toBe(true);
    expect(lines()).toEqual([
      "POST /v2/personas 0",
      "GET /v2/personas 200",
      "GET /v2/personas/:id 200",
    ]);
  });

  test("a 502 before the server acted: the lookup finds nothing, so it POSTs again", async () => {
    const before = userPersonas().length;
    suite.emulator.addFault({
      method: "POST",
      path: "/v2/personas",
      kind: "status",
      status: 502,
      times: 1,
    });
    await suite.host.create(urnOf(PERSONA, "b"), {
      systemPrompt: "502 first",
      __provider: suite.providers[PERSONA]!,
    });
    expect(userPersonas().length).toBe(before + 1);
    expect(lines()).toEqual([
      "POST /v2/personas 502",
      "GET /v2/personas 200",
      "POST /v2/personas 200",
      "GET /v2/personas/:id 200",
    ]);
  });

  test("replica and conversation creates recover the same way", async () => {
    suite.emulator.addFault({
      method: "POST",
      path: "/v2/replicas",
      kind: "reset-after",
      times: 1,
    });
    const replicasBefore = suite.emulator.state().replicas.length;
    const replica = await suite.host.create(urnOf(REPLICA, "r"), {
      trainVideoUrl: "https://example.com/r.mp4",
      replicaName: "Recovered",
      __provider: suite.providers[REPLICA]!,
    });
    expect(suite.emulator.state().replicas.length).toBe(replicasBefore + 1);
    expect(replica.properties.replicaName).toBe("Recovered");

    suite.emulator.addFault({
      method: "POST",
      path: "/v2/conversations",
      kind: "reset-after",
      times: 1,
    });
    const conversationsBefore = suite.emulator.state().conversations.length;
    const conversation = await suite.host.create(urnOf(CONVERSATION, "c"), {
      replicaId: "rf4703150052",
      conversationName: "Recovered call",
      testMode: true,
      __provider: suite.providers[CONVERSATION]!,
    });
    expect(suite.emulator.state().conversations.length).toBe(conversationsBefore + 1);
    expect(conversation.properties).toMatchObject({
      conversationId: conversation.id,
      status: "ended",
    });
  });

  test("200 creates of all three kinds under reset-after and 502 faults: one object per create, every id returned, none orphaned", async () => {
    suite.emulator.addFault({ method: "POST", kind: "reset-after", every: 3 });
    suite.emulator.addFault({ method: "POST", kind: "status", status: 502, every: 5 });
    const stored = () => {
      const { personas, replicas, conversations } = suite.emulator.state();
      return {
        personas: personas.map((p) => p.persona_id),
        replicas: replicas.map((r) => r.replica_id),
        conversations: conversations.map((c) => c.conversation_id),
      };
    };
    const before = stored();
    // 150 personas, 30 replicas, and 20 conversations with identical bodies (no name):
    // identical creates cannot be told apart by a lookup, so they must not overlap.
    const specs = Array.from({ length: 200 }, (_, i) =>
      i < 150
        ? {
            kind: "personas" as const,
            type: PERSONA,
            inputs: { personaName: `bulk ${i}`, systemPrompt: `persona number ${i}` },
          }
        : i < 180
          ? {
              kind: "replicas" as const,
              type: REPLICA,
              inputs: { trainVideoUrl: `https://example.com/${i}.mp4`, replicaName: `bulk ${i}` },
            }
          : {
              kind: "conversations" as const,
              type: CONVERSATION,
              inputs: { replicaId: "rf4703150052", testMode: true },
            },
    );
    const returned = {
      personas: [] as string[],
      replicas: [] as string[],
      conversations: [] as string[],
    };
    const failures: string[] = [];
    const started = Date.now();
    for (let i = 0; i < specs.length; i += 10) {
      await Promise.all(
        specs.slice(i, i + 10).map((spec, j) =>
          suite.host
            .create(urnOf(spec.type, `bulk-${i + j}`), {
              ...spec.inputs,
              __provider: suite.providers[spec.type]!,
            })
            .then(
              (r) => void returned[spec.kind].push(r.id),
              (e: HostError) => {
                const id = ProviderHost.initFailedId(e); // created, kept in state as unhealthy: not orphaned
                if (id) returned[spec.kind].push(id);
                else failures.push(e.details);
              },
            ),
        ),
      );
    }
    const elapsed = Date.now() - started;
    const after = stored();
    for (const kind of ["personas", "replicas", "conversations"] as const) {
      const created = after[kind].filter((id) => !before[kind].includes(id));
      expect(new Set(returned[kind]).size).toBe(returned[kind].length);
      expect(created.sort()).toEqual([...returned[kind]].sort());
    }
    // A create fails only when all four attempts were refused before the server acted: nothing left behind.
    expect(
      returned.personas.length +
        returned.replicas.length +
        returned.conversations.length +
        failures.length,
    ).toBe(200);
    for (const f of failures) expect(f).toMatch(/none was left behind/);
    expect(failures.length).toBeLessThanOrEqual(2);
    expect(suite.emulator.requests().filter((r) => r.fault).length).toBeGreaterThan(60);
    expect(elapsed).toBeLessThan(20_000);
  });
});

describe("lost updates", () => {
  /** The PATCH that changes the prompt, guarded by a test of the prompt we read. */
  const guardedPrompt = (read: string, wanted: string) => [
    { op: "test", path: "/system_prompt", value: read },
    { op: "replace", path: "/system_prompt", value: wanted },
  ];
  /** Every PATCH of the persona refused with 422, as a failed `test` op is. */
  const refusePatches = (id: string) =>
    suite.emulator.addFault({
      method: "PATCH",
      path: `/v2/personas/${id}`,
      kind: "status",
      status: 422,
      body: JSON.stringify({ message: "Invalid JSON patch format" }),
    });
  /** Updates the prompt to "v2", expecting a failure; the request log starts empty. */
  const failingUpdate = async (
    urn: string,
    created: { id: string; properties: Record<string, unknown> },
  ) => {
    suite.emulator.clearRequests();
    return (await suite.host
      .update(urn, created.id, created.properties, {
        systemPrompt: "v2",
        __provider: suite.providers[PERSONA]!,
      })
      .catch((e: unknown) => e)) as HostError;
  };

  test("a persona changed between our GET and our PATCH is re-read and patched against what is there now", async () => {
    const urn = urnOf(PERSONA, "raced");
    const created = await suite.host.create(urn, {
      systemPrompt: "ours v1",
      __provider: suite.providers[PERSONA]!,
    });
    const stale = suite.emulator.state().personas.find((p) => p.persona_id === created.id)!;
    // Someone edits the prompt in the dashboard; our first GET still sees the old one.
    await editPersona(suite.emulator, created.id, [
      { op: "replace", path: "/system_prompt", value: "theirs" },
    ]);
    suite.emulator.addFault({
      method: "GET",
      path: `/v2/personas/${created.id}`,
      kind: "status",
      status: 200,
      body: JSON.stringify(stale),
      times: 1,
    });
    suite.emulator.clearRequests();
    const updated = await suite.host.update(urn, created.id, created.properties, {
      systemPrompt: "ours v2",
      __provider: suite.providers[PERSONA]!,
    });
    expect(lines()).toEqual([
      "GET /v2/personas/:id 200",
      "PATCH /v2/personas/:id 422",
      "GET /v2/personas/:id 200",
      "PATCH /v2/personas/:id 200",
    ]);
    const patches = suite.emulator
      .requests()
      .filter((r) => r.method === "PATCH")
      .map((r) => r.body);
    expect(patches).toEqual([
      guardedPrompt("ours v1", "ours v2"),
      guardedPrompt("theirs", "ours v2"),
    ]);
    expect(updated.properties.systemPrompt).toBe("ours v2");
  });

  test("a dashboard edit landing between our GET and our PATCH: the guarded PATCH is refused, then recomputed from what is there now", async () => {
    const urn = urnOf(PERSONA, "race");
    const created = await suite.host.create(urn, {
      personaName: "ours",
      systemPrompt: "ours v1",
      __provider: suite.providers[PERSONA]!,
    });
    // Our GET is answered late: the emulator has already read the persona, so the
    // answer is stale by the time it arrives if someone edits meanwhile.
    suite.emulator.addFault({
      method: "GET",
      path: `/v2/personas/${created.id}`,
      kind: "delay",
      delayMs: 300,
      times: 1,
    });
    suite.emulator.clearRequests();
    const update = suite.host.update(urn, created.id, created.properties, {
      personaName: "ours",
      systemPrompt: "ours v2",
      __provider: suite.providers[PERSONA]!,
    });
    while (!suite.emulator.requests().some((r) => r.method === "GET"))
      await new Promise((r) => setTimeout(r, 10));
    expect(
      await editPersona(suite.emulator, created.id, [
        { op: "replace", path: "/system_prompt", value: "theirs" },
      ]),
    ).toBe(200);
    const updated = await update;
    expect(lines()).toEqual([
      "GET /v2/personas/:id 200",
      "PATCH /v2/personas/:id 200", // theirs
      "PATCH /v2/personas/:id 422", // ours, guarded by what our stale GET saw
      "GET /v2/personas/:id 200",
      "PATCH /v2/personas/:id 200",
    ]);
    const ours = suite.emulator
      .requests()
      .filter((r) => r.method === "PATCH")
      .slice(1);
    expect(ours.map((r) => r.body)).toEqual([
      guardedPrompt("ours v1", "ours v2"),
      guardedPrompt("theirs", "ours v2"),
    ]);
    expect(updated.properties.systemPrompt).toBe("ours v2");
  });

  test("only replaced and removed paths are guarded: an added field needs no test", async () => {
    const urn = urnOf(PERSONA, "guards");
    const created = await suite.host.create(urn, {
      systemPrompt: "p",
      greeting: "hi",
      __provider: suite.providers[PERSONA]!,
    });
    suite.emulator.clearRequests();
    await suite.host.update(urn, created.id, created.properties, {
      systemPrompt: "p",
      context: "new",
      __provider: suite.providers[PERSONA]!,
    });
    expect(lines()).toEqual(["GET /v2/personas/:id 200", "PATCH /v2/personas/:id 200"]);
    expect(suite.emulator.requests()[1]!.body).toEqual([
      { op: "test", path: "/greeting", value: "hi" },
      { op: "remove", path: "/greeting" },
      { op: "add", path: "/context", value: "new" },
    ]);
  });

  test("a persona that keeps changing under us fails clearly after three rounds", async () => {
    const urn = urnOf(PERSONA, "churn");
    const created = await suite.host.create(urn, {
      systemPrompt: "v1",
      __provider: suite.providers[PERSONA]!,
    });
    const live = suite.emulator.state().personas.find((p) => p.persona_id === created.id)!;
    // Each of our reads sees another version, and each PATCH is refused as stale.
    for (const version of ["a", "b", "c"]) {
      suite.emulator.addFault({
        method: "GET",
        path: `/v2/personas/${created.id}`,
        kind: "status",
        status: 200,
        body: JSON.stringify({ ...live, system_prompt: `changed to ${version}` }),
        times: 1,
      });
    }
    refusePatches(created.id);
    const err = await failingUpdate(urn, created);
    expect(err.details).toMatch(
      new RegExp(
        `Tavus persona ${created.id}: update \\(patching system_prompt; it changed under us in each of 3 rounds\\) failed: .*HTTP 422: Invalid JSON patch format\\. The persona changed since it was read; run "pulumi refresh"`,
      ),
    );
    expect(lines()).toEqual([
      "GET /v2/personas/:id 200",
      "PATCH /v2/personas/:id 422",
      "GET /v2/personas/:id 200",
      "PATCH /v2/personas/:id 422",
      "GET /v2/personas/:id 200",
      "PATCH /v2/personas/:id 422",
    ]);
  });

  test("a 422 when nothing changed is not a race: no blind retries, an error saying the patch does not fit", async () => {
    const urn = urnOf(PERSONA, "misfit");
    const created = await suite.host.create(urn, {
      systemPrompt: "v1",
      __provider: suite.providers[PERSONA]!,
    });
    refusePatches(created.id);
    const err = await failingUpdate(urn, created);
    expect(err.details).toMatch(
      new RegExp(
        `Tavus persona ${created.id}: update failed: the API refused the patch \\(HTTP 422\\) although the persona had not changed since it was read.*\\(paths /system_prompt\\)`,
      ),
    );
    expect(lines()).toEqual([
      "GET /v2/personas/:id 200",
      "PATCH /v2/personas/:id 422",
      "GET /v2/personas/:id 200",
    ]);
  });
});
