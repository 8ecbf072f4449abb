/**
 * Persona through the real dynamic-provider host, with the provider serialized
 * exactly as the SDK writes it into state, against the emulator. Each step
 * asserts the emulator's request log: what the engine's call costs on the wire.
 */
import { installedFixture, ProviderHost, urnOf } from "../harness/providerHost";
import { useProviderHost } from "../harness/hostSuite";
import { createPersona, editPersona } from "../harness/dashboard";

const TYPE = "pulumi-nodejs:dynamic/tavus:Persona";
const urn = urnOf(TYPE, "coach");

const suite = useProviderHost({});

const wire = () => suite.calls({ status: true });

describe("the serialized provider", () => {
  test("is a bare require of the installed package, under 1 KB", () => {
    expect(suite.providers[TYPE]!).toContain('require("pulumi-tavus/providers/persona")');
    expect(Buffer.byteLength(suite.providers[TYPE]!)).toBeLessThan(1024);
  });

  test("captures no API key, no layer key and no client", () => {
    expect(suite.providers[TYPE]!).not.toMatch(/sk-never-in-state|tavus-emulator-key|apiKey|got/);
  });

  test("lives in the installed copy, not in a symlink to the repository", () => {
    expect(installedFixture()).toContain("tavus-fixture-");
  });
});

describe("Persona lifecycle through the provider host", () => {
  const inputs = {
    personaName: "Coach",
    systemPrompt: "You are a patient coach.",
    layers: {
      llm: { model: "tavus-gpt-oss", extraBody: { temperature: 0.2 } },
      conversationalFlow: { turnTakingPatience: "high" },
    },
    layerSecrets: { llm: { apiKey: "sk-layer-secret" } },
  };
  let id = "";
  let outputs: Record<string, unknown> = {};

  test("check accepts valid inputs and reports bad ones with the property", async () => {
    const ok = await suite.host.check(urn, {}, { ...inputs, __provider: suite.providers[TYPE]! });
    expect(ok.failures).toEqual([]);
    const bad = await suite.host.check(
      urn,
      {},
      { pipelineMode: "half", __provider: suite.providers[TYPE]! },
    );
    expect(bad.failures.map((f) => f.property).sort()).toEqual(["pipelineMode", "systemPrompt"]);
    expect(suite.emulator.requests()).toEqual([]);
  });

  test("create is one POST and a read-back GET", async () => {
    suite.emulator.clearRequests();
    const created = await suite.host.create(urn, { ...inputs, __provider: suite.providers[TYPE]! });
    id = created.id;
    outputs = created.properties;
    expect(id).toMatch(/^p[0-9a-f]{11}$/);
    expect(wire()).toEqual(["POST /v2/personas 200", `GET /v2/personas/${id} 200`]);
    expect(outputs).toMatchObject({
      personaId: id,
      personaName: "Coach",
      systemPrompt: inputs.systemPrompt,
      layers: inputs.layers,
      layerSecrets: inputs.layerSecrets,
    });
    expect(outputs.createdAt).toMatch(/Z$/);
    // the LLM key reached the API, in the layers where Tavus expects it
    expect(
      suite.emulator.state().personas.find((p) => p.persona_id === id)?.layers?.llm?.api_key,
    ).toBe("sk-layer-secret");
  });

  test("an unchanged diff makes no request", async () => {
    suite.emulator.clearRequests();
    const diff = await suite.host.diff(urn, id, outputs, {
      ...inputs,
      __provider: suite.providers[TYPE]!,
    });
    expect(diff.changes).toBe("none");
    expect(suite.emulator.requests()).toEqual([]);
  });

  test("read is one GET and returns the same outputs", async () => {
    suite.emulator.clearRequests();
    const read = await suite.host.read(urn, id, outputs);
    expect(wire()).toEqual([`GET /v2/personas/${id} 200`]);
    expect(read.id).toBe(id);
    expect(read.properties).toEqual(outputs);
  });

  test("update is one GET and one PATCH changing only what changed, guarded by a test of what was read", async () => {
    const news = {
      ...inputs,
      systemPrompt: "You are a brisk coach.",
      __provider: suite.providers[TYPE]!,
    };
    expect((await suite.host.diff(urn, id, outputs, news)).changes).toBe("some");
    suite.emulator.clearRequests();
    const updated = await suite.host.update(urn, id, outputs, news);
    expect(wire()).toEqual([`GET /v2/personas/${id} 200`, `PATCH /v2/personas/${id} 200`]);
    expect(suite.emulator.requests()[1]!.body).toEqual([
      { op: "test", path: "/system_prompt", value: "You are a patient coach." },
      { op: "replace", path: "/system_prompt", value: "You are a brisk coach." },
    ]);
    expect(updated.properties.systemPrompt).toBe("You are a brisk coach.");
    outputs = updated.properties;
    inputs.systemPrompt = "You are a brisk coach.";
  });

  test("a change made out of band shows in read and in the following diff", async () => {
    const status = await editPersona(suite.emulator, id, [
      { op: "add", path: "/context", value: "added in the dashboard" },
      { op: "remove", path: "/layers/conversational_flow" },
    ]);
    expect(status).toBe(200);
    suite.emulator.clearRequests();
    const read = await suite.host.read(urn, id, outputs);
    expect(read.properties.context).toBe("added in the dashboard");
    expect(read.inputs?.context).toBe("added in the dashboard");
    expect((read.properties.layers as Record<string, unknown>).conversationalFlow).toBeUndefined();
    const diff = await suite.host.diff(urn, id, read.properties, {
      ...inputs,
      __provider: suite.providers[TYPE]!,
    });
    expect(diff.changes).toBe("some");
    expect(wire()).toEqual([`GET /v2/personas/${id} 200`]);

    suite.emulator.clearRequests();
    const healed = await suite.host.update(urn, id, read.properties, {
      ...inputs,
      __provider: suite.providers[TYPE]!,
    });
    const patch = suite.emulator.requests()[1]!.body as Array<{ op: string; path: string }>;
    expect(patch.map((op) => `${op.op} ${op.path}`).sort()).toEqual([
      "add /layers/conversational_flow",
      "remove /context",
      "test /context",
    ]);
    expect(healed.properties.context).toBeUndefined();
    outputs = healed.properties;
  });

  test("delete is one DELETE, and deleting again counts as done", async () => {
    suite.emulator.clearRequests();
    await suite.host.delete(urn, id, outputs);
    expect(wire()).toEqual([`DELETE /v2/personas/${id} 204`]);
    await suite.host.delete(urn, id, outputs);
    expect(wire()).toEqual([`DELETE /v2/personas/${id} 204`, `DELETE /v2/personas/${id} 400`]);
  });

  test("read of a deleted persona returns an empty id, so refresh drops it", async () => {
    const read = await suite.host.read(urn, id, outputs);
    expect(read.id).toBe("");
  });
});

describe("Persona failures through the provider host", () => {
  test("a read-back failure after create keeps the id (created-but-unhealthy)", async () => {
    suite.emulator.addFault({
      method: "GET",
      path: "/v2/personas/:id",
      kind: "status",
      status: 400,
      body: JSON.stringify({ error: "boom" }),
      times: 1,
    });
    const err = await suite.host
      .create(urn, { systemPrompt: "p", __provider: suite.providers[TYPE]! })
      .then(
        () => undefined,
        (e: unknown) => e as Parameters<typeof ProviderHost.initFailedId>[0],
      );
    expect(err).toBeDefined();
    expect(err!.details).toMatch(/was created, but reading it back failed/);
    const id = ProviderHost.initFailedId(err!);
    expect(id).toMatch(/^p[0-9a-f]{11}$/);
    expect(suite.emulator.state().personas.some((p) => p.persona_id === id)).toBe(true);
  });

  test("an invalid API key fails with the API's message and a hint, never the key", async () => {
    const other = await ProviderHost.start();
    try {
      await other.configure({
        "tavus:apiKey": "wrong-key-123456",
        "tavus:baseUrl": suite.emulator.url,
      });
      const err = await other
        .create(urn, { systemPrompt: "p", __provider: suite.providers[TYPE]! })
        .catch((e: Error & { details: string }) => e);
      expect((err as { details: string }).details).toMatch(
        /HTTP 401: Invalid access token.*tavus:apiKey/,
      );
      expect((err as { details: string }).details).not.toContain("wrong-key-123456");
    } finally {
      await other.stop();
    }
  });
});

describe("adoption through the provider host", () => {
  test("create with adoptId takes the persona over: no POST, one GET and one PATCH to the desired state", async () => {
    const existing = await createPersona(suite.emulator, {
      system_prompt: "made by hand",
      persona_name: "Hand",
    });
    suite.emulator.clearRequests();
    const adopted = await suite.host.create(urn, {
      adoptId: existing,
      systemPrompt: "made by hand",
      personaName: "Managed",
      __provider: suite.providers[TYPE]!,
    });
    expect(adopted.id).toBe(existing);
    expect(wire()).toEqual([
      `GET /v2/personas/${existing} 200`,
      `PATCH /v2/personas/${existing} 200`,
    ]);
    expect(adopted.properties).toMatchObject({
      personaId: existing,
      personaName: "Managed",
      adoptId: existing,
    });
  });

  test("adopting a persona that does not exist fails, creating nothing", async () => {
    suite.emulator.clearRequests();
    const err = (await suite.host
      .create(urn, {
        adoptId: "p00000000000",
        systemPrompt: "x",
        __provider: suite.providers[TYPE]!,
      })
      .catch((e: unknown) => e)) as {
      details: string;
    };
    expect(err.details).toMatch(
      /Tavus persona p00000000000: adopt \(reading the live persona\) failed: .*Invalid persona_id/,
    );
    expect(wire()).toEqual(["GET /v2/personas/p00000000000 400"]);
  });

  test("pointing adoptId at another persona replaces; dropping adoptId does not", async () => {
    const olds = { personaId: "p111111111aa", adoptId: "p111111111aa", systemPrompt: "x" };
    const to = await suite.host.diff(urn, "p111111111aa", olds, {
      adoptId: "p222222222bb",
      systemPrompt: "x",
      __provider: suite.providers[TYPE]!,
    });
    expect(to).toMatchObject({ changes: "some", replaces: ["adoptId"] });
    const dropped = await suite.host.diff(urn, "p111111111aa", olds, {
      systemPrompt: "x",
      __provider: suite.providers[TYPE]!,
    });
    expect(dropped).toMatchObject({ changes: "some", replaces: [] });
  });
});
