/**
 * The generated Go SDK (sdk/go, issue #26) through the real CLI, the packed package's
 * plugin and the emulator: examples/go-account's own program, run as an Automation API
 * inline program by test/e2e/goSdk (it hosts its own Go language runtime: no
 * `pulumi-language-go` needed). Deploy → no-op → prompt change → drift gate → destroy,
 * with the emulator's request log as the witness.
 */
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import {
  cliBin,
  exampleProject,
  GO_ENV,
  goToolchain,
  guardrailPromptDrift,
  linkInstalledPackage,
  logLines,
  runFile,
  systemPromptChange,
  type Cli,
} from "../harness/e2e";

const REPO = path.resolve(__dirname, "../..");
const DRIVER_SRC = path.join(REPO, "test/e2e/goSdk");
const DRIVER = path.join(REPO, ".tools/go-sdk-e2e/goSdk");

const bin = cliBin("Go SDK e2e");
const go = bin ? goToolchain("Go SDK e2e") : undefined;
const suite = bin && go ? describe : describe.skip;

/**
 * The CLI, except that `up`, `preview`, `refresh` and `destroy` run through the Go
 * driver (the program is Go); stack and config commands are the CLI's own, in the
 * same folder and environment.
 */
function goProgramCli(cli: Cli & { env: NodeJS.ProcessEnv }, dir: string): Cli {
  return {
    initStack: (...args) => cli.initStack(...args),
    exportStack: (stack) => cli.exportStack(stack),
    async run(args, options = {}) {
      if (!["up", "preview", "refresh", "destroy"].includes(args[0]!)) {
        return cli.run(args, options);
      }
      const result = await runFile(DRIVER, [dir, ...args], { cwd: dir, env: cli.env });
      if (result.code !== 0 && !options.allowFailure) {
        throw new Error(
          `goSdk ${args.join(" ")} exited ${result.code}:\n${result.stdout}\n${result.stderr}`,
        );
      }
      return result;
    },
  };
}

interface Ids {
  personaId: string;
  objectivesId: string;
  guardrailId: string;
}

const LLM_KEY = "sk-llm-go-e2e-7a41c2";
const GUARDRAIL_PROMPT = "Never give medical advice; offer an appointment with a doctor instead.";
const DEFAULT_PROMPT = "You are the friendly receptionist of a small clinic.";

suite("examples/go-account through the generated Go SDK and pulumi-resource-tavus", () => {
  let emulator: RunningEmulator;
  let cli: Cli;
  let ids: Ids;
  const livePersona = () => emulator.state().personas.find((p) => p.persona_id === ids.personaId)!;

  beforeAll(async () => {
    // Incremental: seconds when Go's build cache holds the SDK's dependencies.
    const built = await runFile(go!, ["build", "-trimpath", "-o", DRIVER, "."], {
      cwd: DRIVER_SRC,
      env: { ...process.env, ...GO_ENV },
    });
    if (built.code !== 0) throw new Error(`go build of test/e2e/goSdk failed:\n${built.stderr}`);
    emulator = await startEmulator({ strict: true });
    const project = exampleProject("go-account", bin!, emulator);
    linkInstalledPackage(project.dir);
    cli = goProgramCli(project.cli as Cli & { env: NodeJS.ProcessEnv }, project.dir);
    await project.init({}, { llmApiKey: LLM_KEY });
  }, 600_000);
  afterAll(async () => {
    await emulator?.close();
  });

  test("up creates the objectives and the guardrail, then the persona that points at them", async () => {
    emulator.clearRequests();
    const up = await cli.run(["up"]);
    expect(up.stdout).toMatch(/4 created/); // three resources and the stack
    ids = JSON.parse((await cli.run(["stack", "output", "--json"])).stdout) as Ids;

    const posts = logLines(emulator, { writesOnly: true });
    expect([...posts].sort()).toEqual(
      ["POST /v2/objectives", "POST /v2/guardrails", "POST /v2/personas"].sort(),
    );
    expect(posts[posts.length - 1]).toBe("POST /v2/personas");
    const gets = logLines(emulator).filter((line) => line.startsWith("GET "));
    expect(gets.sort()).toEqual(
      [`GET /v2/objectives/${ids.objectivesId}`, `GET /v2/personas/${ids.personaId}`].sort(),
    );
    const persona = livePersona();
    expect(persona.system_prompt).toBe(DEFAULT_PROMPT);
    expect(persona.objectives_id).toBe(ids.objectivesId);
    expect(persona.guardrail_ids).toEqual([ids.guardrailId]);
    expect(persona.layers?.llm?.api_key).toBe(LLM_KEY);
    expect(
      emulator.state().objectives.map((o) => o.data.map((item) => item.objective_name)),
    ).toEqual([["ask_if_new_patient", "collect_details", "confirm_appointment"]]);
  });

  test("a second up changes nothing and writes nothing", async () => {
    emulator.clearRequests();
    const { stdout } = await cli.run(["up"]);
    expect(stdout).toMatch(/4 unchanged/);
    expect(logLines(emulator, { writesOnly: true })).toEqual([]);
  });

  test("changing systemPrompt sends one GET and one PATCH of the persona, nothing else", async () => {
    await systemPromptChange(
      emulator,
      cli,
      ids.personaId,
      DEFAULT_PROMPT,
      "You are a brisk receptionist.",
      ["up"],
    );
  });

  test("a guardrail prompt edited by hand fails the drift gate, naming guardrailPrompt; up --refresh heals it with one PATCH", async () => {
    const writes = await guardrailPromptDrift(emulator, cli, ids.guardrailId, GUARDRAIL_PROMPT);
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([
      `PATCH /v2/guardrails/${ids.guardrailId}`,
    ]);
  });

  test("stack export holds neither the LLM key nor the Tavus API key in plain text", async () => {
    const exported = (await cli.run(["stack", "export"])).stdout;
    expect(exported).not.toContain(LLM_KEY);
    expect(exported).not.toContain(emulator.apiKey);
  });

  test("destroy deletes the persona first, then the rest, and leaves an empty account", async () => {
    emulator.clearRequests();
    const destroy = await cli.run(["destroy"]);
    expect(destroy.stdout).toMatch(/4 deleted/);
    const deletes = logLines(emulator, { writesOnly: true });
    expect(deletes[0]).toBe(`DELETE /v2/personas/${ids.personaId}`);
    expect([...deletes].sort()).toEqual(
      [
        `DELETE /v2/personas/${ids.personaId}`,
        `DELETE /v2/objectives/${ids.objectivesId}`,
        `DELETE /v2/guardrails/${ids.guardrailId}`,
      ].sort(),
    );
    const state = emulator.state();
    expect(state.personas.filter((p) => p.persona_type !== "system")).toEqual([]);
    expect(state.objectives).toEqual([]);
    expect(state.guardrails).toEqual([]);
  });
});
