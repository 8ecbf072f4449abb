/**
 * The 2026 live-API behaviours through the real Pulumi CLI
 * (docs/tavus-api/live-api.md): a TTS engine outside today's list previews with
 * a warning and is sent; a PAL Maker draft stops an update until the stack opts
 * in to overwrite it; conferencing goes in a PATCH of its own and its
 * `conferencingEmail` never drifts. The persona example's project, with a
 * program that reads these from stack config; the emulator's log is the witness.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { cliBin, driftGate, exampleProject, logLines, tavusCli, type Cli } from "../harness/e2e";
import { editPersona, makerDraft } from "../harness/dashboard";

const bin = cliBin("live API e2e");
const suite = bin ? describe : describe.skip;

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { Persona } from "pulumi-tavus";

const config = new pulumi.Config();
const coach = new Persona("coach", {
  personaName: "Coach",
  systemPrompt: config.require("prompt"),
  defaultReplicaId: "rf4703150052",
  layers: {
    llm: { model: "tavus-gpt-oss" },
    tts: { ttsEngine: config.require("ttsEngine") },
    conferencing: { username: config.require("username") },
  },
});

export const personaId = coach.personaId;
export const conferencingEmail = coach.conferencingEmail;
`;

suite("the live API's moving parts with the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  let cli: Cli;
  let stack: string;
  let personaId = "";
  const output = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;

  beforeAll(async () => {
    emulator = await startEmulator({ strict: true });
    const project = exampleProject("persona", bin!, emulator);
    ({ cli, stack } = project);
    fs.writeFileSync(path.join(project.dir, "index.ts"), PROGRAM);
    await project.init({
      prompt: "You are a patient coach.",
      ttsEngine: "ElevenLabs",
      username: "coach-e2e",
    });
  });
  afterAll(() => emulator?.close());

  test("a near miss of a TTS engine previews with did-you-mean, and no request", async () => {
    emulator.clearRequests();
    const preview = await cli.run(["preview"]);
    expect(output(preview)).toContain(
      'layers.tts.ttsEngine: "ElevenLabs" is not a value pulumi-tavus knows (known: "cartesia", "elevenlabs", "playht", "azure"); did you mean "elevenlabs"?',
    );
    expect(logLines(emulator)).toEqual([]);
  });

  test("an engine not in today's list previews with a warning and no request, and up sends it", async () => {
    await cli.run(["config", "set", "ttsEngine", "neuraltalk"]);
    emulator.clearRequests();
    const preview = await cli.run(["preview"]);
    expect(output(preview)).toMatch(
      /warning: Tavus persona "Coach": layers\.tts\.ttsEngine: "neuraltalk" is not a value pulumi-tavus knows \(known: "cartesia", "elevenlabs", "playht", "azure"\)\. It is sent as written and Tavus decides\./,
    );
    expect(logLines(emulator)).toEqual([]);
    await cli.run(["up", "--yes", "--skip-preview"]);
    const log = logLines(emulator);
    personaId = log[1]!.split("/").pop()!;
    expect(log).toEqual(["POST /v2/personas", `GET /v2/personas/${personaId}`]);
    expect(emulator.requests()[0]!.body).toMatchObject({
      layers: { tts: { tts_engine: "neuraltalk" }, conferencing: { username: "coach-e2e" } },
    });
  });

  test("right after deploy the drift gate is clean, with conferencingEmail in state", async () => {
    const state = await cli.exportStack(stack);
    const persona = state.deployment.resources.find((r) => r.id === personaId)!;
    expect(persona.outputs!.conferencingEmail).toBe("coach-e2e@tavusinvite.com");
    expect((await driftGate(cli)).code).toBe(0);
  });

  test("conferencing and the prompt changed together are two PATCHes, conferencing alone", async () => {
    await cli.run(["config", "set", "prompt", "You are a brisk coach."]);
    await cli.run(["config", "set", "username", "coach-brisk"]);
    emulator.clearRequests();
    await cli.run(["up", "--yes", "--skip-preview"]);
    expect(logLines(emulator)).toEqual([
      `GET /v2/personas/${personaId}`,
      `PATCH /v2/personas/${personaId}`,
      `PATCH /v2/personas/${personaId}`,
    ]);
    const [, first, second] = emulator.requests();
    expect(JSON.stringify(first!.body)).not.toContain("conferencing");
    expect(second!.body).toEqual([
      { op: "test", path: "/layers/conferencing/username", value: "coach-e2e" },
      { op: "replace", path: "/layers/conferencing/username", value: "coach-brisk" },
    ]);
    expect((await driftGate(cli)).code).toBe(0);
  });

  test("with a PAL Maker draft open, a prompt change fails naming the persona and both ways on, with no successful write", async () => {
    expect(await makerDraft(emulator, personaId, "open")).toBe(204);
    await cli.run(["config", "set", "prompt", "You are a kind coach."]);
    emulator.clearRequests();
    const up = await cli.run(["up", "--yes", "--skip-preview"], { allowFailure: true });
    expect(up.code).not.toBe(0);
    expect(output(up)).toContain(
      `Tavus persona "Coach" (${personaId}): update refused: a PAL Maker draft is open on it`,
    );
    expect(output(up)).toContain("discard or publish the draft in PAL Maker");
    expect(output(up)).toContain("pulumi config set tavus:overwriteMakerDrafts true");
    expect(emulator.requests().map((r) => `${r.method} ${r.status}`)).toEqual([
      "GET 200",
      "PATCH 409",
    ]);
  });

  test("after opting in, up sends one PATCH with force=true and says the draft was discarded", async () => {
    await cli.run(["config", "set", "tavus:overwriteMakerDrafts", "true"]);
    emulator.clearRequests();
    const up = await cli.run(["up", "--yes", "--skip-preview"]);
    expect(logLines(emulator)).toEqual([
      `GET /v2/personas/${personaId}`,
      `PATCH /v2/personas/${personaId}?force=true`,
    ]);
    expect(output(up)).toContain("the open PAL Maker draft was discarded");
  });

  test("without the opt-in and with no draft open, the PATCH carries no force", async () => {
    await cli.run(["config", "rm", "tavus:overwriteMakerDrafts"]);
    await cli.run(["config", "set", "prompt", "You are a calm coach."]);
    emulator.clearRequests();
    await cli.run(["up", "--yes", "--skip-preview"]);
    expect(logLines(emulator)).toEqual([
      `GET /v2/personas/${personaId}`,
      `PATCH /v2/personas/${personaId}`,
    ]);
  });

  test("npx pulumi-tavus doctor: clean against the emulator, names a changed shape, and never writes", async () => {
    emulator.clearRequests();
    // The stack's persona uses a TTS engine doctor has not seen: that is its one report.
    const seen = await tavusCli(emulator, ["doctor"]);
    expect(seen.stdout).toContain(
      `persona ${personaId}: layers.tts.tts_engine: catalogue value "neuraltalk" not among the values pulumi-tavus knows`,
    );
    expect(seen.stdout).toMatch(/: 1 difference\(s\)\n/);
    expect(seen.code).toBe(3);
    expect(
      await editPersona(emulator, personaId, [
        { op: "replace", path: "/layers/tts/tts_engine", value: "cartesia" },
      ]),
    ).toBe(200);
    emulator.clearRequests();
    const clean = await tavusCli(emulator, ["doctor"]);
    expect(clean.stdout).toMatch(/no differences from the shapes pulumi-tavus relies on/);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/no differences from the shapes pulumi-tavus relies on/);
    emulator.addFault({
      method: "GET",
      path: "/v2/personas",
      kind: "status",
      status: 200,
      times: 1,
      body: JSON.stringify({ data: [{ persona_id: personaId, system_prompt: 7 }], total_count: 1 }),
    });
    const changed = await tavusCli(emulator, ["doctor"]);
    expect(changed.code).toBe(3);
    expect(changed.stdout).toContain(
      `persona ${personaId}: system_prompt: expected string, got number`,
    );
    expect(logLines(emulator, { writesOnly: true })).toEqual([]);
  });
});
