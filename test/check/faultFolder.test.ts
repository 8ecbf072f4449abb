/**
 * The fault folder (test/fixtures/check-faults): one instance of each fault
 * gives exactly one finding, naming its file and field; the repository's own
 * account folder checks clean; a folder with file problems stops at them. No
 * API request in any case (the emulator's request log).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { check } from "../../provider/cli/check";
import { writeAccount } from "./helpers";

const FAULTS = path.join(__dirname, "../fixtures/check-faults");
const REPO = path.join(__dirname, "../..");

/** The fault folder copied, with the faults that need bulk added. */
function faultFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-faults-"));
  fs.cpSync(FAULTS, dir, { recursive: true });
  const many: Record<string, unknown> = {
    // references: 51 guardrails reach one persona by tag; a persona takes at most 50.
    "personas/crowd.yaml": {
      persona_name: "Crowd",
      system_prompt: "You are a host.",
      guardrail_tags: ["many"],
    },
    // spoken-text: about 35,000 tokens of prompt, past the 32k context.
    "personas/long.yaml": {
      persona_name: "Long",
      system_prompt: "Answer questions about the clinic. ".repeat(2000),
      context: "The clinic opens at nine. ".repeat(2700),
    },
  };
  for (let i = 0; i < 51; i++)
    many[`guardrails/many-${i}.yaml`] = {
      guardrail_name: `rule_${i}`,
      guardrail_prompt: `Never mention the number ${i}.`,
      tags: ["many"],
    };
  return writeAccount(many, dir);
}

/** Every fault: `file: field: rule severity`. */
const EXPECTED = [
  "objectives/typo.yaml: data[0].next_required_objectives[1]: objective-graph error",
  "objectives/unreachable.yaml: data[1].objective_name: objective-graph error",
  "objectives/dead-end.yaml: data[1]: objective-graph warning",
  "objectives/loop.yaml: data[1].next_conditional_objectives.greet: objective-graph warning",
  "objectives/empty-condition.yaml: data[0].next_conditional_objectives.urgent: objective-graph error",
  "objectives/unused-variable.yaml: data[0].output_variables: objective-graph notice",
  "objectives/duplicate-prompt.yaml: data[1].objective_prompt: objective-graph warning",
  "objectives/duplicate-name.yaml: data[2].objective_name: objective-graph error",
  "personas/twice.yaml: guardrail_ids[1]: references warning",
  "personas/tag-typo.yaml: guardrail_tags[0]: references warning",
  "personas/crowd.yaml: guardrail_tags: references error",
  "personas/markdown.yaml: system_prompt: spoken-text warning",
  "personas/url.yaml: greeting: spoken-text warning",
  "personas/emoji.yaml: greeting: spoken-text warning",
  "personas/long.yaml: system_prompt: spoken-text warning",
  "tools/check-insurance.yaml: parameters.properties.insurer.type: tools error",
  "tools/cancel-visit.yaml: parameters.required[1]: tools error",
  "tools/reserved-name.yaml: parameters.properties.tavus_name: tools error",
  "personas/names-tool.yaml: system_prompt: tools warning",
  "deployments/site.yaml: allowed_origins[0]: deployments error",
  "deployments/widget.yaml: allowed_origins: deployments warning",
];

describe("pulumi-tavus check on account folders", () => {
  let emulator: RunningEmulator;
  const env = { ...process.env };
  beforeAll(async () => {
    // Were the check to make a request, it would reach this emulator and show in its log.
    emulator = await startEmulator({ strict: true });
    process.env.TAVUS_API_KEY = emulator.apiKey;
    process.env.TAVUS_BASE_URL = emulator.url;
  });
  afterAll(async () => {
    process.env = env;
    await emulator?.close();
  });

  test("one instance of each fault gives exactly one finding, naming its file and field; no API request", async () => {
    const dir = faultFolder();
    const result = await check({ source: dir });
    const got = result.findings.map(
      (f) => `${path.relative(dir, path.resolve(f.where))}: ${f.field}: ${f.rule} ${f.severity}`,
    );
    expect(got.sort()).toEqual([...EXPECTED].sort());
    expect(result.code).toBe(1);
    // Each finding says what is wrong and how to fix it.
    for (const f of result.findings) {
      expect(f.message.length).toBeGreaterThan(10);
      expect(f.fix.length).toBeGreaterThan(5);
    }
    expect(emulator.requests()).toHaveLength(0);
  });

  test("the repository's account folder (personas/, guardrails/) checks clean, also under --strict", async () => {
    for (const strict of [false, true]) {
      const result = await check({ source: REPO, strict });
      expect(result.findings).toEqual([]);
      expect(result.code).toBe(0);
      expect(result.out.at(-1)).toMatch(/^4 objects checked: 0 error/);
    }
    expect(emulator.requests()).toHaveLength(0);
  });

  test("warnings only exit 2, and 1 under --strict; notices alone exit 0", async () => {
    const warned = writeAccount({
      "personas/a.yaml": { persona_name: "A", system_prompt: "Hi", greeting: "Hello 👋" },
    });
    expect((await check({ source: warned })).code).toBe(2);
    const strict = await check({ source: warned, strict: true });
    expect(strict.code).toBe(1);
    expect(strict.out[0]).toContain(": greeting: error [spoken-text]");
    const noticed = writeAccount({
      "objectives/o.yaml": {
        data: [
          { objective_name: "a", objective_prompt: "Ask a colour.", output_variables: ["colour"] },
        ],
      },
    });
    const result = await check({ source: noticed, strict: true });
    expect(result.findings.map((f) => f.severity)).toEqual(["notice"]);
    expect(result.code).toBe(0);
  });

  test("file problems come first, from the loader of accountFromFolder, and the rules do not run", async () => {
    const dir = writeAccount({
      "personas/a.yaml": {
        persona_name: "A",
        system_prompt: "Hi 👋",
        guardrail_ids: ["$ref:guardrails/be-kinde"],
      },
      "guardrails/be-kind.yaml": { guardrail_name: "yes", guardrail_prompt: "Be kind." },
    });
    const result = await check({ source: dir });
    expect(result.code).toBe(1);
    expect(result.findings.map((f) => [path.basename(f.where), f.field, f.rule])).toEqual([
      ["a.yaml", "guardrail_ids[0]", "files"],
    ]);
    expect(result.findings[0]!.message).toContain('did you mean "$ref:guardrails/be-kind"');
  });

  test("--summary needs a preview, --graph an .svg or .html name: usage problems exit 1", async () => {
    expect((await check({ source: REPO, summary: "x.md" })).err[0]).toMatch(
      /--summary describes a preview/,
    );
    const wrong = await check({ source: REPO, graph: "x.png" });
    expect([wrong.code, wrong.err[0]]).toEqual([1, '--graph writes .svg or .html: got "x.png"']);
  });
});
