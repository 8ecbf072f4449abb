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

const suite = useProviderHost({ emulator: { replicaTrainingMs: 50 }, config: { "tavus:timeoutMs": "2000" } });
const lines = () => suite.emulator.requests().map((r) => `${r.method} ${r.path.replace(/[prc][0-9a-f]{11}$/, ":id")} ${r.status}`);
const userPersonas = () => suite.emulator.state().personas.filter((p) => p.persona_type !== "system");

beforeEach(() => {
  suite.emulator.clearFaults();
  suite.emulator.clearRequests();
});

describe("create when the POST's outcome is unknown", () => {
  test("a reset after the server created the persona: found by a lookup and adopted, not created twice", async () => {
    const before = userPersonas().length;
    suite.emulator.addFault({ method: "POST", path: "/v2/personas", kind: "reset-after", times: 1 });
    const created = await suite.host.create(urnOf(PERSONA, "a"), { systemPrompt: "reset after acting", __provider: suite.providers[PERSONA]! });
    expect(userPersonas().length).toBe(before + 1);
    expect(userPersonas().some((p) => p.persona_id === created.id)).toBe(true);
    expect(lines()).toEqual(["POST /v2/personas 0", "GET /v2/personas 200", "GET /v2/personas/:id 200"]);
  });

  test("a 502 before the server acted: the lookup finds nothing, so it POSTs again", async () => {
    const before = userPersonas().length;
    suite.emulator.addFault({ method: "POST", path: "/v2/personas", kind: "status", status: 502, times: 1 });
    await suite.host.create(urnOf(PERSONA, "b"), { systemPrompt: "502 first", __provider: suite.providers[PERSONA]! });
    expect(userPersonas().length).toBe(before + 1);
    expect(lines()).toEqual(["POST /v2/personas 502", "GET /v2/personas 200", "POST /v2/personas 200", "GET /v2/personas/:id 200"]);
  });

  test("replica and conversation creates recover the same way", async () => {
    suite.emulator.addFault({ method: "POST", path: "/v2/replicas", kind: "reset-after", times: 1 });
    const replicasBefore = suite.emulator.state().replicas.length;
    const replica = await suite.host.create(urnOf(REPLICA, "r"), {
      trainVideoUrl: "https://example.com/r.mp4",
      replicaName: "Recovered",
      __provider: suite.providers[REPLICA]!,
    });
    expect(suite.emulator.state().replicas.length).toBe(replicasBefore + 1);
    expect(replica.properties.replicaName).toBe("Recovered");

    suite.emulator.addFault({ method: "POST", path: "/v2/conversations", kind: "reset-after", times: 1 });
    const conversationsBefore = suite.emulator.state().conversations.length;
    const conversation = await suite.host.create(urnOf(CONVERSATION, "c"), {
      replicaId: "rf4703150052",
      conversationName: "Recovered call",
      testMode: true,
      __provider: suite.providers[CONVERSATION]!,
    });
    expect(suite.emulator.state().conversations.length).toBe(conversationsBefore + 1);
    expect(conversation.properties).toMatchObject({ conversationId: conversation.id, status: "ended" });
  });

  test("200 creates under reset-after and 502 faults: exactly one persona each, every id returned", async () => {
    const before = new Set(userPersonas().map((p) => p.persona_id));
    suite.emulator.addFault({ method: "POST", path: "/v2/personas", kind: "reset-after", every: 3 });
    suite.emulator.addFault({ method: "POST", path: "/v2/personas", kind: "status", status: 502, every: 5 });
    const ids: string[] = [];
    const failures: string[] = [];
    for (let i = 0; i < 200; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: 10 }, (_, j) =>
          suite.host
            .create(urnOf(PERSONA, `bulk-${i + j}`), {
              personaName: `bulk ${i + j}`,
              systemPrompt: `persona number ${i + j}`,
              __provider: suite.providers[PERSONA]!,
            })
            .then(
              (r) => r.id,
              (e: HostError) => {
                const id = ProviderHost.initFailedId(e);
                if (id) return id; // created, kept in state as unhealthy: not orphaned
                failures.push(e.details);
                return undefined;
              },
            ),
        ),
      );
      ids.push(...batch.filter((id): id is string => id !== undefined));
    }
    const created = userPersonas().filter((p) => !before.has(p.persona_id));
    // A create may still fail when every attempt hit a fault, but only when nothing was created.
    expect(ids.length + failures.length).toBe(200);
    expect(failures.length).toBeLessThanOrEqual(2);
    expect(new Set(ids).size).toBe(ids.length);
    expect(created.map((p) => p.persona_id).sort()).toEqual([...ids].sort());
    expect(suite.emulator.requests().filter((r) => r.fault).length).toBeGreaterThan(50);
  });
});

describe("lost updates", () => {
  test("a persona changed between our GET and our PATCH is re-read and patched against what is there now", async () => {
    const urn = urnOf(PERSONA, "raced");
    const created = await suite.host.create(urn, { systemPrompt: "ours v1", __provider: suite.providers[PERSONA]! });
    const stale = suite.emulator.state().personas.find((p) => p.persona_id === created.id)!;
    // Someone edits the prompt in the dashboard; our first GET still sees the old one.
    await editPersona(suite.emulator, created.id, [{ op: "replace", path: "/system_prompt", value: "theirs" }]);
    suite.emulator.addFault({ method: "GET", path: `/v2/personas/${created.id}`, kind: "status", status: 200, body: JSON.stringify(stale), times: 1 });
    suite.emulator.clearRequests();
    const updated = await suite.host.update(urn, created.id, created.properties, { systemPrompt: "ours v2", __provider: suite.providers[PERSONA]! });
    expect(lines()).toEqual(["GET /v2/personas/:id 200", "PATCH /v2/personas/:id 422", "GET /v2/personas/:id 200", "PATCH /v2/personas/:id 200"]);
    const patches = suite.emulator
      .requests()
      .filter((r) => r.method === "PATCH")
      .map((r) => r.body);
    expect(patches[0]).toContainEqual({ op: "test", path: "/system_prompt", value: "ours v1" });
    expect(patches[1]).toEqual([
      { op: "test", path: "/system_prompt", value: "theirs" },
      { op: "replace", path: "/system_prompt", value: "ours v2" },
    ]);
    expect(updated.properties.systemPrompt).toBe("ours v2");
  });

  test("a persona that keeps changing fails clearly after three rounds", async () => {
    const urn = urnOf(PERSONA, "churn");
    const created = await suite.host.create(urn, { systemPrompt: "v1", __provider: suite.providers[PERSONA]! });
    suite.emulator.addFault({
      method: "PATCH",
      path: `/v2/personas/${created.id}`,
      kind: "status",
      status: 422,
      body: JSON.stringify({ message: "Invalid JSON patch format" }),
    });
    const err = (await suite.host
      .update(urn, created.id, created.properties, { systemPrompt: "v2", __provider: suite.providers[PERSONA]! })
      .catch((e: unknown) => e)) as HostError;
    expect(err.details).toMatch(
      new RegExp(
        `Tavus persona ${created.id}: update \\(patching system_prompt, round 3\\) failed: .*HTTP 422: Invalid JSON patch format\\. The persona changed since it was read`,
      ),
    );
    expect(suite.emulator.requests().filter((r) => r.method === "PATCH")).toHaveLength(3);
  });
});
