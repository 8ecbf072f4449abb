/**
 * A team's pipelines on one stack whose state lives in a shared backend (issue #24),
 * through the real CLI on real servers: S3 (gofakes3), Azure Blob (Azurite), PostgreSQL,
 * the same suite for each. Deploy → no-op up (0 writes) → drift gate → `audit` from
 * `stack export` → two `up`s at once (never both run; the refused one names the lock) →
 * a runner killed mid-`up`, its stale lock refusing the next run and `recover`, then the
 * recipe (`pulumi cancel --yes`, two `recover`s at once, `pulumi up`) → no secret in any
 * stored object → destroy. Then S3 failing state writes for a while in the middle of an
 * `up`, and the recipe after it.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import {
  BACKENDS,
  backendServer,
  projectOn,
  startBackend,
  type BackendName,
  type RunningBackend,
} from "../harness/backends";
import { byHand } from "../harness/byHand";
import { cliBin, driftGate, type Cli, type CliResult } from "../harness/e2e";
import { installedFixture } from "../harness/providerHost";
import { personaFigures, type ExportedStack, type PersonaFigures } from "../harness/personaFigures";

interface TeamCli extends Cli {
  env: NodeJS.ProcessEnv;
  spawnDetached(args: string[]): {
    child: import("node:child_process").ChildProcess;
    exited: Promise<number | null>;
    output: () => string;
  };
}

const SUITE = "team backends e2e";
const bin = cliBin(SUITE);

const COUNT = 8;
const MORE = 6;
const LLM_KEY = "sk-llm-team-backend-secret-5150";
const TOOL_KEY = "tool-header-team-secret-8086";
const PASSWORD = "widget-team-password-6502";

/** A tool with a secret header, the persona using it, its password-protected widget, and COUNT personas with an LLM key. */
const PROGRAM = `const pulumi = require("@pulumi/pulumi");
const tavus = require("pulumi-tavus");
const config = new pulumi.Config();
const tool = new tavus.Tool("book", {
  name: "book_visit",
  description: "Books a visit.",
  delivery: { api: { url: "https://clinic.example.com/book", method: "POST",
    headers: { "X-Api-Key": config.requireSecret("toolKey") } } },
});
const front = new tavus.Persona("front", {
  personaName: "front", systemPrompt: "Greet visitors.", tools: [tool],
});
new tavus.Deployment("widget", {
  pal: front, channel: "widget", name: "Site widget",
  password: config.requireSecret("widgetPassword"),
});
const prompt = config.get("prompt") ?? "You are helpful.";
for (let i = 0; i < config.requireNumber("count"); i++) {
  const name = "p" + String(i).padStart(2, "0");
  new tavus.Persona(name, {
    personaName: name,
    systemPrompt: prompt,
    layers: { llm: { model: "tavus-gpt-oss", apiKey: config.requireSecret("llmApiKey") } },
  });
}
`;

/**
 * How long the S3 store answers 500 to state writes in the failing-backend case: longer than
 * Pulumi retries one (11 tries from 1 s up, each with the S3 client's 3; about 70 s here).
 * With 45 s instead, the up waits the outage out and ends well (README, "For a team").
 */
const FAIL_FOR_MS = 100_000;

const PERSONA_TYPE = "pulumi-nodejs:dynamic/tavus:Persona";
const LOCKED = /the stack is currently locked by \d+ lock\(s\)/;

type Figures = PersonaFigures;

/** A team's pipeline on one stack: the emulator, a backend, a CLI logged in to it. */
class Pipeline {
  cli!: TeamCli;
  dir!: string;
  constructor(
    readonly emulator: RunningEmulator,
    readonly backend: RunningBackend,
  ) {}

  async init(count: number): Promise<void> {
    const project = projectOn<TeamCli>(`team-${this.backend.name}`, PROGRAM, bin!, this.backend);
    this.cli = project.cli;
    this.dir = project.dir;
    await this.cli.initStack(
      "e2e",
      { "tavus:baseUrl": this.emulator.url, count: String(count) },
      {
        "tavus:apiKey": this.emulator.apiKey,
        llmApiKey: LLM_KEY,
        toolKey: TOOL_KEY,
        widgetPassword: PASSWORD,
      },
    );
  }

  up(): Promise<CliResult> {
    return this.cli.run(["up", "--yes", "--skip-preview"], { allowFailure: true });
  }

  writes(): string[] {
    return this.emulator
      .requests()
      .filter((r) => r.method !== "GET")
      .map((r) => `${r.method} ${r.path}`);
  }

  personas() {
    return this.emulator.state().personas.filter((p) => p.persona_type !== "system");
  }

  async measure(): Promise<Figures> {
    const exported = (await this.cli.exportStack("e2e")) as unknown as ExportedStack;
    return personaFigures(exported, this.personas());
  }

  /** The lock objects (or rows) the backend holds for the stack. */
  async locks(): Promise<string[]> {
    return (await this.backend.objects())
      .map((o) => o.key)
      .filter((key) => key.includes(".pulumi/locks/"));
  }

  /** `npx pulumi-tavus <args>` as a pipeline runs it: the installed package, the stack's config. */
  tavus(args: string[], input?: string): Promise<{ code: number | null; output: string }> {
    const main = path.join(
      installedFixture(),
      "node_modules/pulumi-tavus/dist/provider/cli/main.js",
    );
    const env = { ...this.cli.env };
    if (args[0] === "audit")
      Object.assign(env, {
        TAVUS_API_KEY: this.emulator.apiKey,
        TAVUS_BASE_URL: this.emulator.url,
      });
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [main, ...args], { cwd: this.dir, env });
      child.stdin.end(input ?? "");
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      child.on("error", reject);
      child.on("exit", (code) => resolve({ code, output }));
    });
  }

  /** Starts `pulumi up` and kills its process group once `when` holds for the emulator's log. */
  async killUpWhen(when: (log: Array<{ method: string; path: string }>) => boolean): Promise<void> {
    this.emulator.clearRequests();
    const run = this.cli.spawnDetached(["up", "--yes", "--skip-preview"]);
    const started = Date.now();
    while (!when(this.emulator.requests())) {
      if (Date.now() - started > 120_000)
        throw new Error(`the kill point never came:\n${run.output()}`);
      const done = await Promise.race([run.exited, sleep(20).then(() => "waiting")]);
      if (done !== "waiting")
        throw new Error(`pulumi ended before the kill point:\n${run.output()}`);
    }
    process.kill(-run.child.pid!, "SIGKILL");
    await run.exited;
    await sleep(800); // requests already received finish on the server side
  }

  /** After the recipe: no orphan, no pending operation, no lock, and one more `up` writes nothing. */
  async expectConverged(): Promise<Figures> {
    const after = await this.measure();
    expect(after).toMatchObject({ orphans: 0, missing: 0, duplicates: 0, pending: 0 });
    expect(await this.locks()).toEqual([]);
    this.emulator.clearRequests();
    const again = await this.up();
    expect(again.code).toBe(0);
    expect(this.writes()).toEqual([]);
    return after;
  }
}

/** What the suite measured, printed at the end (the README's figures). */
const figures: Record<string, unknown> = {};
afterAll(() => console.log(`team backends figures:\n${JSON.stringify(figures, null, 1)}`));

describe.each(BACKENDS)("a team's pipeline with its state on %s", (name: BackendName) => {
  const server = bin ? backendServer(SUITE, name) : undefined;
  const suite = server ? describe : describe.skip;

  suite("through the real CLI", () => {
    let emulator: RunningEmulator;
    let backend: RunningBackend;
    let pipe: Pipeline;
    const mine: Record<string, unknown> = (figures[name] = {});

    beforeAll(async () => {
      const started = Date.now();
      backend = await startBackend(name, server!);
      mine["server start, ms"] = Date.now() - started;
      emulator = await startEmulator({ strict: true });
      pipe = new Pipeline(emulator, backend);
      await pipe.init(COUNT);
    });
    afterAll(async () => {
      await emulator?.close();
      await backend?.stop();
    });

    test("deploy, then an up with nothing changed writes nothing", async () => {
      const deployed = await pipe.up();
      expect(deployed.code).toBe(0);
      expect(pipe.personas()).toHaveLength(COUNT + 1);
      expect(emulator.state().deployments ?? []).toHaveLength(1);
      emulator.clearRequests();
      const again = await pipe.up();
      expect(again.code).toBe(0);
      expect(again.stdout).not.toMatch(/to create|to update|to delete|to replace/);
      expect(pipe.writes()).toEqual([]);
    });

    test("the drift gate fails on a hand edit, names it, and passes once up heals it", async () => {
      const p00 = pipe.personas().find((p) => p.persona_name === "p00")!;
      const edit = await byHand(emulator, "PATCH", `/v2/personas/${p00.persona_id}`, [
        { op: "replace", path: "/system_prompt", value: "Edited in the dashboard." },
      ]);
      expect(edit.status).toBe(200);
      const drift = await driftGate(pipe.cli);
      expect(drift.code).not.toBe(0);
      expect(drift.stdout).toContain("~ systemPrompt");
      emulator.clearRequests();
      await pipe.cli.run(["up", "--yes", "--skip-preview", "--refresh"]);
      expect(pipe.writes()).toEqual([`PATCH /v2/personas/${p00.persona_id}`]);
      expect(pipe.personas().find((p) => p.persona_name === "p00")!.system_prompt).toBe(
        "You are helpful.",
      );
    });

    test("audit from stack export: nothing unmanaged, then names an object made by hand", async () => {
      const exported = (await pipe.cli.run(["stack", "export"])).stdout;
      const clean = await pipe.tavus(["audit", "-"], exported);
      expect(clean.code).toBe(0);
      expect(clean.output).toMatch(/; 0 unmanaged/);
      const made = await byHand(emulator, "POST", "/v2/personas", {
        persona_name: "made-by-hand",
        system_prompt: "Not in any stack.",
      });
      const id = String(made.body.persona_id);
      const found = await pipe.tavus(["audit", "-"], exported);
      expect(found.code).toBe(3);
      expect(found.output).toContain(`persona\t${id}\tmade-by-hand`);
      expect((await byHand(emulator, "DELETE", `/v2/personas/${id}`)).status).toBeLessThan(300);
    });

    test("two ups at once: never both run, a refused one names the lock, a rerun converges", async () => {
      await pipe.cli.run(["config", "set", "prompt", "You are concise.", "--stack", "e2e"]);
      emulator.clearRequests();
      const [a, b] = [
        pipe.cli.spawnDetached(["up", "--yes", "--skip-preview"]),
        pipe.cli.spawnDetached(["up", "--yes", "--skip-preview"]),
      ];
      const codes = await Promise.all([a.exited, b.exited]);
      const refused = [a, b].filter((_, i) => codes[i] !== 0);
      expect(refused.length).toBeGreaterThanOrEqual(1);
      for (const run of refused) expect(run.output()).toMatch(LOCKED);
      mine["two ups at once: refused"] = refused.length;
      if (refused.length === 2) expect((await pipe.up()).code).toBe(0);
      // Each persona PATCHed once over the pair and the rerun: no run wrote twice.
      const patches = pipe.writes().filter((w) => w.startsWith("PATCH /v2/personas/"));
      expect(patches).toHaveLength(COUNT);
      expect(new Set(patches).size).toBe(COUNT);
      emulator.clearRequests();
      expect((await pipe.up()).code).toBe(0);
      expect(pipe.writes()).toEqual([]);
    });

    test("a runner killed mid-up: its lock refuses the next up and recover; cancel, two recovers at once, up", async () => {
      await pipe.cli.run(["config", "set", "count", String(COUNT + MORE), "--stack", "e2e"]);
      // Slow answers, so the kill lands while creates are in flight.
      emulator.settings.latencyMs = 300;
      await pipe.killUpWhen((log) => log.some((r) => r.method === "POST"));
      emulator.settings.latencyMs = 0;
      const killed = await pipe.measure();
      expect(killed.pending).toBeGreaterThan(0);
      expect(await pipe.locks()).toHaveLength(1);

      // The stale lock refuses the next run before it runs anything...
      emulator.clearRequests();
      const next = await pipe.up();
      expect(next.code).not.toBe(0);
      expect(next.stdout + next.stderr).toMatch(LOCKED);
      expect(pipe.writes()).toEqual([]);
      // ...and recover, which writes nothing while the stack is locked.
      const before = await pipe.cli.exportStack("e2e");
      const locked = await pipe.tavus(["recover"]);
      expect(locked.code).toBe(4);
      expect(locked.output).toMatch(/nothing written: the stack is currently locked/);
      expect(await pipe.cli.exportStack("e2e")).toEqual(before);

      await pipe.cli.run(["cancel", "--yes"]);
      expect(await pipe.locks()).toEqual([]);
      const both = await Promise.all([pipe.tavus(["recover"]), pipe.tavus(["recover"])]);
      const wrote = both.filter((r) => /^recovered: /m.test(r.output));
      mine["two recovers at once: wrote"] = wrote.length;
      for (const r of both) expect([0, 4]).toContain(r.code);
      for (const r of both.filter((r) => !wrote.includes(r)))
        expect(r.output).toMatch(/^nothing written: /m);
      // A self-managed backend has no conditional write: two recovers in step can both get
      // through (recoverWrite.ts); they then write the same plan, made from the same state.
      if (wrote.length === 2)
        expect(adoptions(both[0]!.output)).toEqual(adoptions(both[1]!.output));
      if (wrote.length === 0) expect((await pipe.tavus(["recover"])).code).toBe(0);
      expect((await pipe.up()).code).toBe(0);
      const recovered = await pipe.expectConverged();
      expect(recovered).toMatchObject({ account: COUNT + MORE + 1, state: COUNT + MORE + 1 });
      mine["killed mid-up"] = { killed, recovered };
    });

    test("no secret in plain text in any stored object", async () => {
      const objects = await backend.objects();
      expect(objects.some((o) => o.text.includes(PERSONA_TYPE))).toBe(true);
      const secrets = [emulator.apiKey, LLM_KEY, TOOL_KEY, PASSWORD];
      const leaks = objects.flatMap((o) =>
        secrets.filter((s) => o.text.includes(s)).map((s) => `${o.key}: ${s}`),
      );
      expect(leaks).toEqual([]);
      mine["objects read"] = objects.length;
    });

    test("destroy empties the account and the state, and leaves no lock", async () => {
      const destroyed = await pipe.cli.run(["destroy", "--yes", "--skip-preview"]);
      expect(destroyed.code).toBe(0);
      expect(pipe.personas()).toEqual([]);
      expect(emulator.state().deployments ?? []).toEqual([]);
      expect(await pipe.measure()).toMatchObject({ account: 0, state: 0, pending: 0 });
      expect(await pipe.locks()).toEqual([]);
    });
  });
});

const s3 = bin ? backendServer(`${SUITE} (failing backend)`, "s3") : undefined;
(s3 ? describe : describe.skip)("S3 failing state writes for 100 s in the middle of an up", () => {
  let emulator: RunningEmulator;
  let backend: RunningBackend;
  let pipe: Pipeline;

  beforeAll(async () => {
    backend = await startBackend("s3", s3!, { faultProxy: true });
    emulator = await startEmulator({ strict: true });
    pipe = new Pipeline(emulator, backend);
    await pipe.init(COUNT);
  });
  afterAll(async () => {
    await emulator?.close();
    await backend?.stop();
  });

  test("the up fails; after the store recovers, the recipe ends with account = state, nothing pending, no duplicate", async () => {
    emulator.clearRequests();
    emulator.settings.latencyMs = 300;
    const run = pipe.cli.spawnDetached(["up", "--yes", "--skip-preview"]);
    while (!emulator.requests().some((r) => r.method === "POST" && r.path === "/v2/personas"))
      await sleep(10);
    // State writes (the stack's checkpoint, its backups and history) answer 500 for
    // FAIL_FOR_MS; the lock's writes do not.
    backend.proxy!.fail((req) => req.method === "PUT" && !String(req.url).includes("/locks/"));
    const failedAt = Date.now();
    const code = await Promise.race([run.exited, sleep(FAIL_FOR_MS).then(() => "running")]);
    backend.proxy!.fail();
    const exit = code === "running" ? await run.exited : code;
    emulator.settings.latencyMs = 0;
    const refused = backend.proxy!.refused();
    const output = run.output();
    figures["s3 failing: the up"] = {
      exit,
      "failing for, s": Math.round((Date.now() - failedAt) / 100) / 10,
      "writes refused": refused,
      errors: output
        .split("\n")
        .filter((l) => /error/i.test(l))
        .slice(0, 4),
    };
    // Pulumi retries a snapshot write (11 tries, back-off from 1 s) and survives such an
    // outage: the up may end well. Whatever its exit, the pipeline's recipe follows.
    expect(refused).toBeGreaterThan(0);
    const failed = await pipe.measure();

    await pipe.cli.run(["cancel", "--yes"]);
    const recovered = await pipe.tavus(["recover"]);
    expect(recovered.code).toBe(0);
    expect((await pipe.up()).code).toBe(0);
    const after = await pipe.expectConverged();
    expect(after).toMatchObject({ account: COUNT + 1, state: COUNT + 1 });
    figures["s3 failing: after the up, and after the recipe"] = {
      failed,
      "recover said": recovered.output.trim().split("\n").slice(-1)[0],
      recovered: after,
    };
  });
});

/** The `adopt NAME = ID` lines of recover's output, sorted. */
function adoptions(output: string): string[] {
  return output
    .split("\n")
    .filter((l) => l.startsWith("adopt "))
    .sort();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
