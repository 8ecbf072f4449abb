/**
 * The persona example, as TypeScript, through the real Pulumi CLI: up → no-op
 * up → update → refresh with drift → destroy, with the emulator's log as the
 * witness, and a look at what `pulumi stack export` holds. Then a type error in
 * the program stops `pulumi preview`: the CLI really type-checks the example.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { cliBin, exampleProject, logLines, type Cli } from "../harness/e2e";
import { editPersona } from "../harness/dashboard";

const bin = cliBin("persona e2e");
const suite = bin ? describe : describe.skip;

suite("examples/persona with the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  let cli: Cli;
  let stack: string;
  let dir: string;
  let personaId = "";
  const LLM_KEY = "sk-llm-key-that-must-stay-secret";

  beforeAll(async () => {
    emulator = await startEmulator({ strict: true });
    const project = exampleProject("persona", bin!, emulator);
    ({ cli, stack, dir } = project);
    await project.init({}, { llmApiKey: LLM_KEY });
  });
  afterAll(() => emulator?.close());

  test("the project is the TypeScript example: index.ts, its package.json and tsconfig.json, no JavaScript", () => {
    const files = fs.readdirSync(dir);
    expect(files).toEqual(
      expect.arrayContaining(["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"]),
    );
    expect(files.filter((f) => /\.(c|m)?js$/.test(f))).toEqual([]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).main).toBe(
      "index.ts",
    );
  });

  test("up creates the persona: one POST and its read-back", async () => {
    emulator.clearRequests();
    await cli.run(["up", "--yes", "--skip-preview"]);
    const log = logLines(emulator);
    expect(log[0]).toBe("POST /v2/personas");
    personaId = log[1]!.split("/").pop()!;
    expect(log).toEqual(["POST /v2/personas", `GET /v2/personas/${personaId}`]);
    expect(
      emulator.state().personas.find((p) => p.persona_id === personaId)?.layers?.llm?.api_key,
    ).toBe(LLM_KEY);
  });

  test("a second up changes nothing and writes nothing", async () => {
    emulator.clearRequests();
    const { stdout } = await cli.run(["up", "--yes", "--skip-preview"]);
    expect(stdout).toMatch(/2 unchanged/);
    expect(logLines(emulator, { writesOnly: true })).toEqual([]);
  });

  test("state holds neither the Tavus API key nor the LLM key in plain text, and a small __provider", async () => {
    const exported = JSON.stringify(await cli.exportStack(stack));
    expect(exported).not.toContain(emulator.apiKey);
    expect(exported).not.toContain(LLM_KEY);
    const state = await cli.exportStack(stack);
    const persona = state.deployment.resources.find(
      (r) => r.type === "pulumi-nodejs:dynamic/tavus:Persona",
    )!;
    const provider = persona.inputs!.__provider as string;
    expect(provider).toContain('require("pulumi-tavus/providers/persona")');
    expect(Buffer.byteLength(provider)).toBeLessThan(1024);
    expect(JSON.stringify(persona.outputs!.layerSecrets)).toMatch(
      /4dabf18193072939515e22adb298388d/,
    ); // Pulumi's secret signature
  });

  test("preview --diff names the changed property, and up sends exactly one PATCH: a guard and the change", async () => {
    await cli.run(["config", "set", "prompt", "You are a brisk coach."]);
    const preview = await cli.run(["preview", "--diff"]);
    expect(preview.stdout).toMatch(
      /~ systemPrompt\s*: "You are a patient coach." => "You are a brisk coach."/,
    );
    emulator.clearRequests();
    await cli.run(["up", "--yes", "--skip-preview"]);
    expect(logLines(emulator)).toEqual([
      `GET /v2/personas/${personaId}`,
      `PATCH /v2/personas/${personaId}`,
    ]);
    expect(emulator.requests()[1]!.body).toEqual([
      { op: "test", path: "/system_prompt", value: "You are a patient coach." },
      { op: "replace", path: "/system_prompt", value: "You are a brisk coach." },
    ]);
  });

  test("an out-of-band change is caught by refresh and by the drift gate", async () => {
    expect(
      await editPersona(emulator, personaId, [
        { op: "replace", path: "/persona_name", value: "Renamed by hand" },
      ]),
    ).toBe(200);
    const gate = await cli.run(["preview", "--refresh", "--expect-no-changes", "--diff"], {
      allowFailure: true,
    });
    expect(gate.code).not.toBe(0);
    expect(gate.stdout).toMatch(/~ personaName\s*: "Coach" => "Renamed by hand"/);
    const refresh = await cli.run(["refresh", "--yes", "--skip-preview"]);
    expect(refresh.stdout).toMatch(/1 updated/);
    // after the refresh, the state knows the drift; the exported state stays free of secrets
    expect(JSON.stringify(await cli.exportStack(stack))).not.toContain(LLM_KEY);
    emulator.clearRequests();
    await cli.run(["up", "--yes", "--skip-preview"]);
    expect(
      emulator
        .requests()
        .filter((r) => r.method === "PATCH")
        .map((r) => r.body),
    ).toEqual([
      [
        { op: "test", path: "/persona_name", value: "Renamed by hand" },
        { op: "replace", path: "/persona_name", value: "Coach" },
      ],
    ]);
    const clean = await cli.run(["preview", "--refresh", "--expect-no-changes"], {
      allowFailure: true,
    });
    expect(clean.code).toBe(0);
  });

  test("destroy deletes it (personas have no hard flag)", async () => {
    emulator.clearRequests();
    await cli.run(["destroy", "--yes", "--skip-preview"]);
    expect(logLines(emulator)).toEqual([`DELETE /v2/personas/${personaId}`]);
  });

  test("a type error in index.ts fails preview with the compiler's message, before any API request", async () => {
    const source = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
    expect(source).toContain('personaName: "Coach",');
    fs.writeFileSync(
      path.join(dir, "index.ts"),
      source.replace('personaName: "Coach",', "personaName: 42,"),
    );
    emulator.clearRequests();
    const preview = await cli.run(["preview"], { allowFailure: true });
    expect(preview.code).not.toBe(0);
    expect(preview.stdout + preview.stderr).toMatch(
      /index\.ts\(\d+,\d+\): error TS2322: Type 'number' is not assignable to type /,
    );
    expect(logLines(emulator)).toEqual([]);
  });
});
