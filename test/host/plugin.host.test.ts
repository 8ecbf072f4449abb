/**
 * The plugin executable (`pulumi-resource-tavus` of the packed package) at the
 * protocol level, with a real gRPC client as the engine is one, against the
 * emulator. This is the test that catches a change in the generated protocol
 * stubs of `@pulumi/pulumi` we serve with (provider/plugin/proto.ts), and it
 * pins what the plugin adds to the provider modules: config from Configure,
 * secrets marked on the way out, an import's read without properties.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { byHand } from "../harness/byHand";
import {
  ProviderHost,
  SECRET_KEY,
  unsecret,
  urnOf,
  type HostError,
  type ProviderHost as Plugin,
} from "../harness/providerHost";

const PERSONA = "tavus:index:Persona";
const GUARDRAIL = "tavus:index:Guardrail";
const LLM_KEY = "sk-plugin-llm-key-0123456789";

let emulator: RunningEmulator;
let plugin: Plugin;

beforeAll(async () => {
  emulator = await startEmulator({ strict: true });
  plugin = await ProviderHost.startPlugin();
});
afterAll(async () => {
  await plugin?.stop();
  await emulator?.close();
});
beforeEach(() => emulator.clearRequests());

const calls = () => emulator.requests().map((r) => `${r.method} ${r.path}`);
const isSecret = (value: unknown) =>
  typeof value === "object" && value !== null && SECRET_KEY in value;

describe("the plugin before Configure", () => {
  test("GetPluginInfo answers the package version", async () => {
    const { version } = require("../../package.json") as { version: string };
    expect(await plugin.pluginInfo()).toEqual({ version });
  });

  test("GetSchema answers the generated schema, with every kind", async () => {
    const schema = await plugin.schema();
    expect(schema.name).toBe("tavus");
    expect(Object.keys(schema.resources as object).sort()).toEqual(
      [
        "Conversation",
        "Deployment",
        "Document",
        "Guardrail",
        "GuardrailSet",
        "MemoryStore",
        "Objectives",
        "Persona",
        "PronunciationDictionary",
        "Replica",
        "Tool",
      ].map((k) => `tavus:index:${k}`),
    );
  });
});

describe("the plugin configured against the emulator", () => {
  beforeAll(async () => {
    // The stack's `tavus:*` config, as the engine sends it.
    const answer = await plugin.configure({
      "tavus:apiKey": emulator.apiKey,
      "tavus:baseUrl": emulator.url,
    });
    // Plain values in: the provider modules take them as the dynamic host gives them.
    expect(answer.acceptSecrets).toBe(false);
  });

  test("check moves an LLM key a program wrote into layers into the secret layerSecrets, 0 requests", async () => {
    const { inputs, failures } = await plugin.check(
      urnOf(PERSONA, "coach"),
      {},
      {
        personaName: "Coach",
        systemPrompt: "You coach.",
        layers: { llm: { model: "tavus-gpt-oss", apiKey: LLM_KEY } },
      },
    );
    expect(failures).toEqual([]);
    expect(inputs.layers).toEqual({ llm: { model: "tavus-gpt-oss" } });
    expect(isSecret(inputs.layerSecrets)).toBe(true);
    expect(unsecret(inputs.layerSecrets)).toEqual({ llm: { apiKey: LLM_KEY } });
    expect(calls()).toEqual([]);
  });

  test("check refuses bad input naming the property, before any request", async () => {
    const { failures } = await plugin.check(
      urnOf(GUARDRAIL, "g"),
      {},
      { guardrailName: "has spaces", guardrailPrompt: "" },
    );
    expect(failures.map((f) => f.property).sort()).toEqual(["guardrailName", "guardrailPrompt"]);
    expect(calls()).toEqual([]);
  });

  test("a type the plugin does not serve is an error naming it", async () => {
    await expect(plugin.check(urnOf("tavus:index:Nope", "n"), {}, {})).rejects.toThrow(
      /does not serve the type of .*tavus:index:Nope/,
    );
  });

  test("create, import read, no-op diff, update, refresh, delete: each with its exact requests", async () => {
    const news = {
      personaName: "Coach",
      systemPrompt: "You coach.",
      layers: { llm: { model: "tavus-gpt-oss", apiKey: LLM_KEY } },
    };
    const { inputs } = await plugin.check(urnOf(PERSONA, "coach"), {}, news);
    const plainInputs = unsecret(inputs) as Record<string, unknown>;

    const created = await plugin.create(urnOf(PERSONA, "coach"), plainInputs);
    expect(calls()).toEqual(["POST /v2/personas", `GET /v2/personas/${created.id}`]);
    expect(created.properties.personaId).toBe(created.id);
    expect(isSecret(created.properties.layerSecrets)).toBe(true);
    expect(JSON.stringify(created.properties.layers)).not.toContain(LLM_KEY);
    const stored = emulator.state().personas.find((p) => p.persona_id === created.id);
    expect((stored?.layers as { llm?: { api_key?: string } })?.llm?.api_key).toBe(LLM_KEY);

    // `pulumi import`: no properties, no inputs; one GET; inputs a program could be written from.
    emulator.clearRequests();
    const imported = await plugin.read(urnOf(PERSONA, "coach"), created.id);
    expect(calls()).toEqual([`GET /v2/personas/${created.id}`]);
    expect(imported.id).toBe(created.id);
    expect(imported.inputs!).toMatchObject({ personaName: "Coach", systemPrompt: "You coach." });
    expect(isSecret(imported.inputs!.layerSecrets)).toBe(true);
    expect(isSecret(imported.properties.layerSecrets)).toBe(true);

    // The program unchanged: no change, no request.
    emulator.clearRequests();
    const outs = unsecret(created.properties) as Record<string, unknown>;
    expect(await plugin.diff(urnOf(PERSONA, "coach"), created.id, outs, plainInputs)).toMatchObject(
      {
        changes: "none",
        replaces: [],
      },
    );
    expect(calls()).toEqual([]);

    // A new prompt: one GET, one PATCH.
    const changed = { ...plainInputs, systemPrompt: "You coach runners." };
    expect(await plugin.diff(urnOf(PERSONA, "coach"), created.id, outs, changed)).toMatchObject({
      changes: "some",
    });
    const { properties: updated } = await plugin.update(
      urnOf(PERSONA, "coach"),
      created.id,
      outs,
      changed,
    );
    expect(calls()).toEqual([`GET /v2/personas/${created.id}`, `PATCH /v2/personas/${created.id}`]);
    expect(updated.systemPrompt).toBe("You coach runners.");
    expect(isSecret(updated.layerSecrets)).toBe(true);

    // Refresh sees an out-of-band edit as drift in the inputs it returns.
    const edit = await byHand(emulator, "PATCH", `/v2/personas/${created.id}`, [
      { op: "replace", path: "/system_prompt", value: "Edited by hand." },
    ]);
    expect(edit.status).toBe(200);
    emulator.clearRequests();
    const refreshed = await plugin.read(
      urnOf(PERSONA, "coach"),
      created.id,
      unsecret(updated) as never,
    );
    expect(calls()).toEqual([`GET /v2/personas/${created.id}`]);
    expect(refreshed.inputs!.systemPrompt).toBe("Edited by hand.");

    emulator.clearRequests();
    await plugin.delete(urnOf(PERSONA, "coach"), created.id, unsecret(updated) as never);
    expect(calls()).toEqual([`DELETE /v2/personas/${created.id}`]);
    emulator.clearRequests();
    expect((await plugin.read(urnOf(PERSONA, "coach"), created.id)).id).toBe("");
  });

  test("a create that fails after the object exists keeps its id: the engine records it (init failed)", async () => {
    const urn = urnOf("tavus:index:Document", "broken");
    const error = await plugin
      .create(urn, { documentUrl: "https://unreachable.example.com/", waitForReady: true })
      .then(
        () => undefined,
        (e: HostError) => e,
      );
    const id = ProviderHost.initFailedId(error!);
    expect(id).toMatch(/^d/);
    expect(error!.details).toMatch(/was created, but its processing failed: /);
    expect(emulator.state().documents.some((d) => d.document_id === id)).toBe(true);
  });

  test("the stack's tavus:hardDelete reaches the provider: a conversation's DELETE says hard=true", async () => {
    await plugin.configure({
      "tavus:apiKey": emulator.apiKey,
      "tavus:baseUrl": emulator.url,
      "tavus:hardDelete": "true",
    });
    const urn = urnOf("tavus:index:Conversation", "demo");
    const created = await plugin.create(urn, { replicaId: "rf4703150052" });
    emulator.clearRequests();
    await plugin.delete(urn, created.id, unsecret(created.properties) as never);
    const deletes = emulator.requests().filter((r) => r.method === "DELETE");
    expect(deletes.map((r) => [r.path, r.query])).toEqual([
      [`/v2/conversations/${created.id}`, { hard: "true" }],
    ]);
  });

  test("no secret reaches the plugin's stderr", () => {
    expect(plugin.stderr.join("")).not.toContain(LLM_KEY);
    expect(plugin.stderr.join("")).not.toContain(emulator.apiKey);
  });
});
