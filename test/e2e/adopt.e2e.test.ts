/**
 * Bringing hand-made personas under management: `pulumi-tavus audit` finds
 * them, `pulumi-tavus export` writes a persona file, and deploying that file
 * adopts the persona (no POST, zero or one PATCH). Also: a folder with ten
 * mistakes fails `pulumi preview` with ten errors and no API request.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { cliBin, logLines, projectFrom, type Cli, tavusCli } from "../harness/e2e";
import { createPersona, editPersona } from "../harness/dashboard";

const bin = cliBin("adoption e2e");
const suite = bin ? describe : describe.skip;

suite("audit, export and adoption with the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  let cli: Cli;
  let dir: string;
  let handMade = "";

  beforeAll(async () => {
    emulator = await startEmulator({ strict: true });
    const project = projectFrom(
      "adopt",
      ["Pulumi.yaml", "deploy", "personas", "guardrails"],
      bin!,
      emulator,
    );
    ({ cli, dir } = project);
    await project.init();
    await cli.run(["up", "--yes", "--skip-preview"]);
    handMade = await createPersona(emulator, {
      persona_name: "Hand Made",
      system_prompt: "Made in the dashboard.",
      layers: { llm: { model: "tavus-gpt-oss", api_key: "sk-hand-made" } },
    });
  });
  afterAll(async () => {
    await cli?.run(["destroy", "--yes", "--skip-preview"], { allowFailure: true });
    await emulator?.close();
  });

  test("audit lists the hand-made persona as unmanaged, with the command that adopts it, and exits 3", async () => {
    const exported = (await cli.run(["stack", "export"])).stdout;
    const result = await tavusCli(emulator, ["audit", "-"], exported);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/5 managed by the given stacks; 1 unmanaged/);
    expect(result.stdout).toContain(`persona\t${handMade}\tHand Made`);
    expect(result.stdout).toContain(`new Persona("hand-made", { adoptId: "${handMade}", … })`);
    expect(result.stdout).toContain("file: personas/hand-made.yaml");
  });

  test("export writes a persona file without the key, and deploying it adopts the persona: no POST, no PATCH", async () => {
    const exported = await tavusCli(emulator, [
      "export",
      handMade,
      "--out",
      path.join(dir, "personas") + "/",
    ]);
    expect(exported.code).toBe(0);
    const file = path.join(dir, "personas", "hand-made.yaml");
    const text = fs.readFileSync(file, "utf8");
    expect(text).toContain(`persona_id: ${handMade}`);
    expect(text).not.toContain("sk-hand-made");
    expect(exported.stderr).toContain("pulumi config set --secret handMadeLlmApiKey <value>");
    await cli.run(["config", "set", "--secret", "handMadeLlmApiKey", "sk-hand-made"]);

    emulator.clearRequests();
    await cli.run(["up", "--yes", "--skip-preview"]);
    expect(logLines(emulator, { writesOnly: true })).toEqual([]);
    expect(logLines(emulator)).toEqual([`GET /v2/personas/${handMade}`]);

    const after = await tavusCli(
      emulator,
      ["audit", "-"],
      (await cli.run(["stack", "export"])).stdout,
    );
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/6 managed by the given stacks; 0 unmanaged/);
  });

  test("an adopted persona drifts and heals like any other", async () => {
    expect(
      await editPersona(emulator, handMade, [
        { op: "replace", path: "/system_prompt", value: "changed again" },
      ]),
    ).toBe(200);
    emulator.clearRequests();
    await cli.run(["up", "--yes", "--skip-preview", "--refresh"]);
    expect(
      emulator
        .requests()
        .filter((r) => r.method === "PATCH")
        .map((r) => r.body),
    ).toEqual([
      [
        { op: "test", path: "/system_prompt", value: "changed again" },
        { op: "replace", path: "/system_prompt", value: "Made in the dashboard." },
      ],
    ]);
  });
});

suite("a persona folder with ten mistakes", () => {
  test("fails pulumi preview with ten precise errors and makes no API request", async () => {
    const emulator = await startEmulator({ strict: true });
    try {
      const project = projectFrom("mistakes", ["Pulumi.yaml", "deploy"], bin!, emulator);
      const personas = path.join(project.dir, "personas");
      fs.mkdirSync(personas);
      const files: Record<string, string> = {
        "a.yaml": "persona_name: A\n",
        "b.yaml": "system_prompt: p\npipeline_mode: turbo\n",
        "c.yaml": "system_prompt: p\nsytem_prompt: q\n",
        "d.yaml": "system_prompt: p\nlayers:\n  llm:\n    modle: x\n",
        "e.json": "{ not json",
        "f.yaml": "system_prompt: [unclosed\n",
        "g.yaml": "system_prompt_file: missing.md\n",
        "h.yaml": "system_prompt: p\nlayers:\n  tts:\n    tts_emotion_control: maybe\n",
        "i.yaml": "system_prompt: p\ndefault_replica_id: face-1\n",
        "j.yaml":
          "system_prompt: p\nlayers:\n  llm:\n    tools:\n      - type: function\n        function: { name: 'bad name' }\n",
      };
      for (const [name, text] of Object.entries(files))
        fs.writeFileSync(path.join(personas, name), text);
      await project.init();
      emulator.clearRequests();
      const preview = await project.cli.run(["preview"], { allowFailure: true });
      expect(preview.code).not.toBe(0);
      const output = preview.stdout + preview.stderr;
      expect(output).toMatch(/10 problems in persona files/);
      for (const name of Object.keys(files)) expect(output).toContain(name);
      expect(emulator.requests()).toEqual([]);
    } finally {
      await emulator.close();
    }
  });
});
