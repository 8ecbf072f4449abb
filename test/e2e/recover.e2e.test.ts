/**
 * A killed pipeline leaves nothing behind (issue #15), through the real CLI:
 * `pulumi up` of 30 personas against an emulator that answers after 300 ms,
 * its whole process group killed with SIGKILL at a chosen moment, then the
 * pipeline's recipe (`pulumi cancel --yes`, `pulumi-tavus recover`, `pulumi up
 * --yes`). Afterwards the account equals the state: no orphan, no duplicate, no
 * pending operation, and one more `up` writes nothing.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { cliBin, type Cli } from "../harness/e2e";
import { installedFixture } from "../harness/providerHost";
import { personaFigures, type ExportedStack, type PersonaFigures } from "../harness/personaFigures";

const { PulumiCli } = require("../../scripts/lib/pulumiCli") as {
  PulumiCli: new (o: object) => KillableCli;
};

interface KillableCli extends Cli {
  env: NodeJS.ProcessEnv;
  spawnDetached(args: string[]): {
    child: ChildProcess;
    exited: Promise<number | null>;
    output: () => string;
  };
}

const bin = cliBin("recover e2e");
const suite = bin ? describe : describe.skip;

const COUNT = 30;
const LLM_KEY = "sk-llm-key-recover-secret";

/** A program of COUNT personas; the prompt comes from config so an update PATCHes them all. */
const PROGRAM = `const pulumi = require("@pulumi/pulumi");
const tavus = require("pulumi-tavus");
const config = new pulumi.Config();
const count = config.requireNumber("count");
const prompt = config.get("prompt") ?? "You are helpful.";
const ids = {};
for (let i = 0; i < count; i++) {
  const name = "p" + String(i).padStart(2, "0");
  ids[name] = new tavus.Persona(name, {
    personaName: name,
    systemPrompt: prompt,
    layers: { llm: { model: "tavus-gpt-oss", apiKey: config.requireSecret("llmApiKey") } },
  }).personaId;
}
exports.ids = ids;
`;

type Figures = PersonaFigures;

suite("a killed pulumi run, then cancel, recover, up", () => {
  let emulator: RunningEmulator;
  let cli: KillableCli;
  let dir: string;
  const figures: Record<string, { killed: Figures; recovered: Figures }> = {};

  beforeAll(async () => {
    emulator = await startEmulator({ latencyMs: 300, strict: true });
    dir = fs.mkdtempSync(path.join(installedFixture(), "recover-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: recover-e2e\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "index.js"), PROGRAM);
    fs.writeFileSync(
      path.join(dir, "package.json"),
      '{ "name": "recover-e2e", "main": "index.js" }',
    );
    cli = new PulumiCli({ bin, projectDir: dir, stateDir: path.join(dir, ".pulumi-state") });
    await cli.initStack(
      "e2e",
      { "tavus:baseUrl": emulator.url, count: String(COUNT) },
      { "tavus:apiKey": emulator.apiKey, llmApiKey: LLM_KEY },
    );
  });
  afterAll(async () => {
    console.log(`recover figures (killed → recovered):\n${JSON.stringify(figures, null, 1)}`);
    await emulator?.close();
  });

  const userPersonas = () => emulator.state().personas.filter((p) => p.persona_type !== "system");

  async function measure(): Promise<Figures> {
    const exported = (await cli.exportStack("e2e")) as unknown as ExportedStack;
    return personaFigures(exported, userPersonas());
  }

  /** Starts `pulumi <args>` and kills its process group once `when` holds for the emulator's log. */
  async function killDuring(
    args: string[],
    when: (log: Array<{ method: string; path: string }>) => boolean,
  ): Promise<void> {
    emulator.clearRequests();
    const run = cli.spawnDetached(args);
    const started = Date.now();
    while (!when(emulator.requests())) {
      if (Date.now() - started > 120_000)
        throw new Error(`the kill point never came:\n${run.output()}`);
      const done = await Promise.race([run.exited, sleep(20).then(() => "waiting")]);
      if (done !== "waiting")
        throw new Error(`pulumi ended before the kill point:\n${run.output()}`);
    }
    process.kill(-run.child.pid!, "SIGKILL");
    await run.exited;
    // Requests already received finish on the server side: let them settle.
    await sleep(800);
  }

  /** `npx pulumi-tavus recover` as a pipeline runs it: the installed package, the stack's config. */
  function recover(...args: string[]): Promise<{ code: number | null; output: string }> {
    return command(["recover", ...args], cli.env);
  }

  function command(
    args: string[],
    env: NodeJS.ProcessEnv,
    input?: string,
  ): Promise<{ code: number | null; output: string }> {
    const main = path.join(
      installedFixture(),
      "node_modules/pulumi-tavus/dist/provider/cli/main.js",
    );
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [main, ...args], { cwd: dir, env });
      child.stdin.end(input ?? "");
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      child.on("error", reject);
      child.on("exit", (code) => resolve({ code, output }));
    });
  }

  /** The recipe; `last` is the pipeline's own command (`up`, or `destroy` for a teardown). */
  async function recipe(last: "up" | "destroy" = "up"): Promise<string> {
    await cli.run(["cancel", "--yes"], { allowFailure: true });
    const recovered = await recover();
    expect(recovered).toMatchObject({ code: 0 });
    await cli.run([last, "--yes", "--skip-preview"]);
    return recovered.output;
  }

  async function expectConsistent(): Promise<Figures> {
    const after = await measure();
    expect(after).toMatchObject({ orphans: 0, missing: 0, duplicates: 0, pending: 0 });
    emulator.clearRequests();
    const again = await cli.run(["up", "--yes", "--skip-preview"]);
    expect(again.stdout).not.toMatch(/to create|to update|to delete|to replace/);
    expect(emulator.requests().filter((r) => r.method !== "GET")).toEqual([]);
    return after;
  }

  test("killed while the first POSTs are unanswered: the objects they made are adopted, not duplicated", async () => {
    await killDuring(["up", "--yes", "--skip-preview"], (log) =>
      log.some((r) => r.method === "POST"),
    );
    const killed = await measure();
    expect(killed.pending).toBeGreaterThan(0);
    expect(killed.orphans).toBeGreaterThan(0);

    // audit, fed the plain (encrypted) export, names each object as made by a pending create.
    const audited = await command(
      ["audit", "-"],
      { ...cli.env, TAVUS_API_KEY: emulator.apiKey, TAVUS_BASE_URL: emulator.url },
      (await cli.run(["stack", "export"])).stdout,
    );
    expect(audited.code).toBe(3);
    expect(audited.output.match(/made by a killed run for the pending create/g)).toHaveLength(
      killed.orphans,
    );

    const dry = await recover("--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.output).toMatch(/adopt p\d\d = /);
    expect(await measure()).toEqual(killed);

    const output = await recipe();
    expect(output).toMatch(new RegExp(`recovered: ${killed.orphans} adopted`));
    const recovered = await expectConsistent();
    expect(recovered).toMatchObject({ account: COUNT, state: COUNT });
    figures["create, before the first answer"] = { killed, recovered };
  });

  test("nothing pending: recover writes nothing and changes no state", async () => {
    const before = await cli.exportStack("e2e");
    emulator.clearRequests();
    const result = await recover();
    expect(result).toMatchObject({ code: 0 });
    expect(result.output).toMatch(/nothing pending/);
    expect(emulator.requests()).toEqual([]);
    expect(await cli.exportStack("e2e")).toEqual(before);
  });

  test("killed during PATCHes of an update: the next up finishes it", async () => {
    await cli.run(["config", "set", "prompt", "You are concise.", "--stack", "e2e"]);
    await killDuring(
      ["up", "--yes", "--skip-preview"],
      (log) => log.filter((r) => r.method === "PATCH").length >= 5,
    );
    const killed = await measure();
    expect(killed.pending).toBeGreaterThan(0);
    await recipe();
    const recovered = await expectConsistent();
    expect(recovered).toMatchObject({ account: COUNT, state: COUNT });
    expect(userPersonas().every((p) => p.system_prompt === "You are concise.")).toBe(true);
    figures["update, during PATCHes"] = { killed, recovered };
  });

  test("killed during DELETEs of a destroy: the rerun destroy ends with an empty account and state", async () => {
    await killDuring(
      ["destroy", "--yes", "--skip-preview"],
      (log) => log.filter((r) => r.method === "DELETE").length >= 5,
    );
    const killed = await measure();
    expect(killed.pending).toBeGreaterThan(0);
    await recipe("destroy");
    const recovered = await measure();
    expect(recovered).toEqual({
      account: 0,
      state: 0,
      orphans: 0,
      missing: 0,
      duplicates: 0,
      pending: 0,
    });
    figures["destroy, during DELETEs"] = { killed, recovered };
  });

  test("killed between POST answers and their read-backs, from an empty stack", async () => {
    await killDuring(
      ["up", "--yes", "--skip-preview"],
      (log) =>
        log.filter((r) => r.method === "GET" && /^\/v2\/personas\/./.test(r.path)).length >= 3,
    );
    const killed = await measure();
    expect(killed.orphans).toBeGreaterThan(0);
    await recipe();
    const recovered = await expectConsistent();
    expect(recovered).toMatchObject({ account: COUNT, state: COUNT });
    figures["create, between POST and read-back"] = { killed, recovered };
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
