/**
 * The 2026 live-API behaviours of a Persona through the real dynamic-provider
 * host (docs/tavus-api/live-api.md): catalogue warnings at check, PAL Maker
 * drafts on update, and conferencing sent in a PATCH of its own. Each step
 * asserts the emulator's request log.
 */
import { urnOf } from "../harness/providerHost";
import { TYPES, useProviderHost } from "../harness/hostSuite";
import { makerDraft } from "../harness/dashboard";

const TYPE = TYPES.persona;
const urn = urnOf(TYPE, "coach");
const FACE = "rf4703150052";

const suite = useProviderHost({});
const wire = () => suite.calls({ status: true });
const withProvider = (inputs: Record<string, unknown>) => ({
  ...inputs,
  __provider: suite.providers[TYPE]!,
});

describe("catalogue values through the host", () => {
  test("an unknown TTS engine passes check with a warning on stderr, and no request", async () => {
    suite.emulator.clearRequests();
    const before = suite.host.stderr.length;
    const checked = await suite.host.check(
      urn,
      {},
      withProvider({
        personaName: "Coach",
        systemPrompt: "p",
        layers: { tts: { ttsEngine: "Cartesia" } },
      }),
    );
    expect(checked.failures).toEqual([]);
    expect(suite.host.stderr.slice(before).join("")).toContain(
      'warning: Tavus persona "Coach": layers.tts.ttsEngine: "Cartesia" is not a value pulumi-tavus knows (known: "cartesia", "elevenlabs", "playht", "azure"); did you mean "cartesia"?',
    );
    expect(suite.emulator.requests()).toEqual([]);
  });
});

describe("a persona with conferencing and a PAL Maker draft", () => {
  const inputs = {
    personaName: "Coach",
    systemPrompt: "You are a patient coach.",
    defaultReplicaId: FACE,
    layers: { llm: { model: "tavus-gpt-oss" }, conferencing: { username: "coach-host" } },
  };
  let id = "";
  let outputs: Record<string, unknown> = {};

  test("create records conferencing_email as a server output", async () => {
    const created = await suite.host.create(urn, withProvider(inputs));
    id = created.id;
    outputs = created.properties;
    expect(outputs.conferencingEmail).toBe("coach-host@tavusinvite.com");
    expect((await suite.host.diff(urn, id, outputs, withProvider(inputs))).changes).toBe("none");
  });

  test("a change of conferencing and the prompt is two PATCHes, conferencing alone and last", async () => {
    const news = {
      ...inputs,
      systemPrompt: "You are a brisk coach.",
      layers: {
        ...inputs.layers,
        conferencing: { username: "coach-brisk", allowlist: ["a@example.com"] },
      },
    };
    suite.emulator.clearRequests();
    const updated = await suite.host.update(urn, id, outputs, withProvider(news));
    expect(wire()).toEqual([
      `GET /v2/personas/${id} 200`,
      `PATCH /v2/personas/${id} 200`,
      `PATCH /v2/personas/${id} 200`,
    ]);
    const [, first, second] = suite.emulator.requests();
    expect(JSON.stringify(first!.body)).not.toContain("conferencing");
    expect(
      (second!.body as { path: string }[]).every((op) =>
        op.path.startsWith("/layers/conferencing"),
      ),
    ).toBe(true);
    expect(updated.properties.conferencingEmail).toBe("coach-brisk@tavusinvite.com");
    outputs = updated.properties;
    Object.assign(inputs, news);
  });

  test("with a draft open, a prompt change fails naming the persona and both ways on, with no write", async () => {
    expect(await makerDraft(suite.emulator, id, "open")).toBe(204);
    suite.emulator.clearRequests();
    const news = withProvider({ ...inputs, systemPrompt: "Draft-blocked prompt." });
    await expect(suite.host.update(urn, id, outputs, news)).rejects.toThrow(
      /Tavus persona "Coach" \(p[0-9a-f]+\): update refused: a PAL Maker draft is open on it.*discard or publish the draft in PAL Maker.*overwriteMakerDraft: true.*pulumi config set tavus:overwriteMakerDrafts true/s,
    );
    expect(wire()).toEqual([`GET /v2/personas/${id} 200`, `PATCH /v2/personas/${id} 409`]);
  });

  test("with overwriteMakerDraft, one PATCH with force=true goes through and says the draft was discarded", async () => {
    suite.emulator.clearRequests();
    const before = suite.host.stderr.length;
    const news = withProvider({
      ...inputs,
      systemPrompt: "Forced prompt.",
      overwriteMakerDraft: true,
    });
    const updated = await suite.host.update(urn, id, outputs, news);
    expect(wire()).toEqual([
      `GET /v2/personas/${id} 200`,
      `PATCH /v2/personas/${id}?force=true 200`,
    ]);
    expect(updated.properties.systemPrompt).toBe("Forced prompt.");
    expect(suite.host.stderr.slice(before).join("")).toContain(
      "the open PAL Maker draft was discarded",
    );
    outputs = updated.properties;
  });

  test("with no draft open and no opt-in, the PATCH carries no force", async () => {
    suite.emulator.clearRequests();
    const news = withProvider({ ...inputs, systemPrompt: "Plain prompt." });
    await suite.host.update(urn, id, outputs, news);
    expect(wire()).toEqual([`GET /v2/personas/${id} 200`, `PATCH /v2/personas/${id} 200`]);
  });
});

describe("a tool deleted out of band", () => {
  test("shows as drift on the persona; re-attaching the deleted tool is refused; a recreated tool heals it", async () => {
    const toolInputs = {
      name: "book_visit",
      description: "Books a visit.",
      delivery: { appMessage: true },
      __provider: suite.providers[TYPES.tool]!,
    };
    const tool = await suite.host.create(urnOf(TYPES.tool, "book"), toolInputs);
    const personaUrn = urnOf(TYPE, "with-tool");
    const persona = withProvider({ systemPrompt: "Book visits.", toolIds: [tool.id] });
    const created = await suite.host.create(personaUrn, persona);
    const pid = created.id;
    // Deleted in the dashboard: Tavus detaches it from every PAL.
    const deleted = await fetch(`${suite.emulator.url}/v2/tools/${tool.id}`, {
      method: "DELETE",
      headers: { "x-api-key": suite.emulator.apiKey },
    });
    expect(deleted.ok).toBe(true);
    const refreshed = await suite.host.read(personaUrn, pid, created.properties);
    expect(refreshed.properties.toolIds).toEqual([]);
    expect((await suite.host.diff(personaUrn, pid, refreshed.properties, persona)).changes).toBe(
      "some",
    );
    // The tool's own refresh finds it gone: Pulumi would recreate it.
    expect((await suite.host.read(urnOf(TYPES.tool, "book"), tool.id, tool.properties)).id).toBe(
      "",
    );
    suite.emulator.clearRequests();
    await expect(suite.host.update(personaUrn, pid, refreshed.properties, persona)).rejects.toThrow(
      /attaching and detaching tools/,
    );
    expect(wire()).toEqual([`POST /v2/pals/${pid}/tools 400`]);
    // With the tool recreated (a new id), the same update attaches it.
    const again = await suite.host.create(urnOf(TYPES.tool, "book"), toolInputs);
    suite.emulator.clearRequests();
    const healed = await suite.host.update(personaUrn, pid, refreshed.properties, {
      ...persona,
      toolIds: [again.id],
    });
    expect(wire()).toEqual([`POST /v2/pals/${pid}/tools 200`]);
    expect(healed.properties.toolIds).toEqual([again.id]);
  });
});
