/**
 * `npx pulumi-tavus check` from the packed package, with the real Pulumi CLI
 * (issue #25): the fault folder fails with one finding a fault and the
 * repository's folder passes; `pulumi preview --json` of examples/account
 * checks clean and draws every objective and edge; after `up`, a preview that
 * edits the prompt, adds an objective and removes a guardrail is summarised as
 * exactly those three things. The emulator's log shows no request made by a
 * check.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { previewSteps } from "../../provider/check/fromPreview";
import { previewObjectives } from "../check/helpers";
import { cliBin, exampleProject, linkInstalledPackage, tavusCli, yamlCliBin } from "../harness/e2e";

const bin = cliBin("pulumi-tavus check e2e");
const suite = bin ? describe : describe.skip;
const REPO = path.resolve(__dirname, "../..");

suite("pulumi-tavus check through the real CLI", () => {
  let emulator: RunningEmulator;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "check-e2e-"));
  beforeAll(async () => {
    emulator = await startEmulator({ strict: true });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  /** Runs `npx pulumi-tavus check …` and asserts it made no API request. */
  async function check(args: string[], input?: string) {
    const before = emulator.requests().length;
    const result = await tavusCli(emulator, ["check", ...args], input);
    expect(emulator.requests().length).toBe(before);
    return result;
  }

  test("account folders: the fault folder exits 1 naming each file, the repository's folder exits 0", async () => {
    const faults = await check([path.join(REPO, "test/fixtures/check-faults")]);
    expect(faults.code).toBe(1);
    expect(faults.stdout).toContain(
      "objectives/typo.yaml: data[0].next_required_objectives[1]: error [objective-graph]",
    );
    expect(faults.stdout).toMatch(
      /23 objects checked: 8 error\(s\), 10 warning\(s\), 1 notice\(s\)/,
    );
    const clean = await check([REPO, "--strict"]);
    expect([clean.code, clean.stdout.trim()]).toEqual([
      0,
      "4 objects checked: 0 error(s), 0 warning(s), 0 notice(s)",
    ]);
    expect(emulator.requests()).toEqual([]);
  });

  test("examples/account: its preview checks clean and its graph shows every objective; a change is summarised in three lines", async () => {
    const project = exampleProject("account", bin!, emulator);
    await project.init();
    const preview = await project.cli.run(["preview", "--json"]);
    // A first preview creates everything: nothing reaches the API, and neither does the check.
    expect(emulator.requests()).toEqual([]);
    const svg = path.join(out, "account.svg");
    const checked = await check(["-", "--graph", svg], preview.stdout);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(
      /6 objects checked: 0 error\(s\), 0 warning\(s\), 2 notice\(s\)/,
    );
    const picture = fs.readFileSync(svg, "utf8");
    const intake = previewObjectives(previewSteps(JSON.parse(preview.stdout)), "intake");
    for (const o of intake) {
      expect(picture).toContain(`<title>objective:intake:${o.objectiveName}</title>`);
      for (const to of [
        ...(o.nextRequiredObjectives ?? []),
        ...Object.keys(o.nextConditionalObjectives ?? {}),
      ])
        expect(picture).toContain(
          `<title>objective:intake:${o.objectiveName}&#45;&gt;objective:intake:${to}</title>`,
        );
    }

    await project.cli.run(["up", "--yes"]);
    const program = path.join(project.dir, "index.ts");
    const source = fs.readFileSync(program, "utf8");
    const edited = source
      .replace("the friendly receptionist", "the cheerful receptionist")
      .replace(
        'confirm_appointment: "the caller has visited before",',
        'confirm_appointment: "the caller has visited before",\n        ask_insurance: "the caller asks about insurance",',
      )
      // Before the end of the flow: an objective after the end would be a dead end's warning.
      .replace(
        '    {\n      objectiveName: "confirm_appointment",',
        '    {\n      objectiveName: "ask_insurance",\n      objectivePrompt: "Ask for the insurer.",\n      nextRequiredObjectives: ["confirm_appointment"],\n    },\n    {\n      objectiveName: "confirm_appointment",',
      )
      .replace("guardrails: [noMedicalAdvice, noPrices],", "guardrails: [noMedicalAdvice],")
      .replace(/const noPrices = new Guardrail\([\s\S]*?\n\}\);\n/, "")
      .replace(", noPrices.guardrailId]", "]");
    expect(edited.match(/noPrices/g)).toBeNull();
    fs.writeFileSync(program, edited);
    const changed = await project.cli.run(["preview", "--json"]);
    const summaryFile = path.join(out, "summary.md");
    const summarised = await check(["-", "--summary", summaryFile], changed.stdout);
    expect([summarised.code, summarised.stdout]).toEqual([
      0,
      expect.stringMatching(/^2 objects checked: 0 error\(s\), 0 warning\(s\)/m),
    ]);
    const summary = fs.readFileSync(summaryFile, "utf8");
    expect(summary.split("\n").filter((l) => l.startsWith("- "))).toEqual([
      "- system prompt: You are the ~~friendly~~ **cheerful** receptionist of a small clinic.",
      "- guardrails: removed `no-prices`",
      "- objectives `intake`: added objective `ask_insurance` (after `ask_if_new_patient`)",
    ]);
    expect(summary).not.toContain(emulator.apiKey);
  });

  /** The secrets each example requires (the rest of its config has defaults). */
  const SECRETS: Record<string, Record<string, string>> = {
    knowledge: { toolKey: "tool-key-e2e" },
    persona: { llmApiKey: "sk-e2e" },
    widget: { widgetPassword: "pw-e2e" },
    "yaml-account": { llmApiKey: "sk-e2e" },
  };
  // The Node.js and YAML examples: a Go or Python program cannot be previewed by this
  // CLI (no Go or Python language host here, no Python packages); goSdk.e2e.test.ts runs
  // the Go example through an Automation API program instead.
  const runtimeOf = (name: string) =>
    /^runtime:[ \t]*(?:\n[ \t]+name:[ \t]*)?(\w+)/m.exec(
      fs.readFileSync(path.join(REPO, "examples", name, "Pulumi.yaml"), "utf8"),
    )?.[1];
  const examples = fs
    .readdirSync(path.join(REPO, "examples"), { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== "account")
    .map((e) => e.name)
    .filter((name) => ["nodejs", "yaml"].includes(runtimeOf(name) ?? ""));

  test("the previewed examples are every Node.js and YAML example, and only those", () => {
    expect(examples.length).toBeGreaterThanOrEqual(6);
    expect(examples).not.toContain("go-account");
    expect(examples).not.toContain("python-account");
  });

  test.each(examples)(
    "examples/%s: its first preview checks with no error and no warning",
    async (name) => {
      const yaml = fs.readFileSync(path.join(REPO, "examples", name, "Pulumi.yaml"), "utf8");
      const isYaml = /^runtime: yaml$/m.test(yaml);
      if (isYaml && !yamlCliBin(`pulumi-tavus check of examples/${name}`)) return;
      const project = exampleProject(name, bin!, emulator);
      if (isYaml) linkInstalledPackage(project.dir);
      await project.init({}, SECRETS[name] ?? {});
      const preview = await project.cli.run(["preview", "--json"]);
      const checked = await check(["-", "--strict"], preview.stdout);
      // At least one Tavus resource was read: an empty check would pass for nothing.
      expect(checked.stdout).toMatch(/^[1-9]\d* objects? checked: 0 error\(s\), 0 warning\(s\)/m);
      expect(checked.code).toBe(0);
    },
  );
});
