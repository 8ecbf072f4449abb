/**
 * End-to-end harness: copies an example project into the installed fixture
 * (where pulumi-tavus was installed from its packed tarball) and drives it with
 * the real Pulumi CLI against an in-process emulator.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import type { RequestLogEntry, RunningEmulator } from "../../emulator";
import { byHand } from "./byHand";
import { installedFixture } from "./providerHost";

const { PulumiCli } = require("../../scripts/lib/pulumiCli") as {
  PulumiCli: new (o: object) => Cli;
};

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Cli {
  run(args: string[], options?: { allowFailure?: boolean }): Promise<CliResult>;
  initStack(
    stack: string,
    config: Record<string, string>,
    secrets?: Record<string, string>,
  ): Promise<void>;
  exportStack(stack: string): Promise<{
    deployment: {
      resources: Array<{
        type: string;
        urn: string;
        id?: string;
        inputs?: Record<string, unknown>;
        outputs?: Record<string, unknown>;
      }>;
    };
  }>;
}

const REPO = path.resolve(__dirname, "../..");

/** The CLI's bin folder, or undefined with a loud note of why the suite skips. */
export function cliBin(suite: string): string | undefined {
  const bin = process.env.PULUMI_TAVUS_CLI_BIN;
  if (!bin) {
    console.warn(
      `SKIPPED ${suite}: no Pulumi CLI could be provided (${process.env.PULUMI_TAVUS_CLI_SKIP ?? "unknown reason"}). Build it with: bash scripts/ensure-pulumi-cli.sh`,
    );
  }
  return bin;
}

/** The Go toolchain (on PATH or in /usr/local/go/bin), or undefined with a loud note of why `suite` skips. */
export function goToolchain(suite: string): string | undefined {
  for (const dir of [...(process.env.PATH ?? "").split(path.delimiter), "/usr/local/go/bin"]) {
    const go = path.join(dir, "go");
    if (dir && fs.existsSync(go)) return go;
  }
  console.warn(
    `SKIPPED ${suite}: no Go toolchain (go on PATH or in /usr/local/go/bin). Install Go >= 1.25.11.`,
  );
  return undefined;
}

/**
 * Runs an executable to its end, never throwing: its exit code (-1 when it could not
 * start) and output, for the tests to assert on.
 */
export function runFile(
  file: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { maxBuffer: 64 << 20, encoding: "utf8", ...options },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === "number" ? error.code : -1) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

/** Environment for `go build` of the project's Go modules: local toolchain, go.sum as committed. */
export const GO_ENV = { GOTOOLCHAIN: "local", GOSUMDB: "off", GOFLAGS: "-mod=readonly" };

/**
 * The CLI's bin folder when it also holds the YAML language host (`pulumi-language-yaml`),
 * or undefined with a loud note of why the Pulumi YAML suite skips.
 */
export function yamlCliBin(suite: string): string | undefined {
  const bin = cliBin(suite);
  if (!bin) return undefined;
  const skip = process.env.PULUMI_TAVUS_YAML_SKIP;
  if (skip || !fs.existsSync(path.join(bin, "pulumi-language-yaml"))) {
    console.warn(
      `SKIPPED ${suite}: no Pulumi YAML language host beside the CLI in ${bin} (${skip ?? "pulumi-language-yaml is missing"}). Build it with: bash scripts/ensure-pulumi-cli.sh --with-yaml`,
    );
    return undefined;
  }
  return bin;
}

/**
 * Copies `sources` (paths relative to the repository) into a fresh project
 * folder inside the installed fixture and returns a CLI bound to it.
 */
export function projectFrom(
  name: string,
  sources: string[],
  bin: string,
  emulator: RunningEmulator,
): {
  cli: Cli;
  dir: string;
  stack: string;
  init(config?: Record<string, string>, secrets?: Record<string, string>): Promise<void>;
} {
  const dir = fs.mkdtempSync(path.join(installedFixture(), `${name}-`));
  for (const source of sources)
    fs.cpSync(path.join(REPO, source), path.join(dir, path.basename(source)), { recursive: true });
  const cli = new PulumiCli({ bin, projectDir: dir, stateDir: path.join(dir, ".pulumi-state") });
  const stack = "e2e";
  return {
    cli,
    dir,
    stack,
    init: (config = {}, secrets = {}) =>
      cli.initStack(
        stack,
        { "tavus:baseUrl": emulator.url, ...config },
        { "tavus:apiKey": emulator.apiKey, ...secrets },
      ),
  };
}

/**
 * Gives a project folder the fixture's node_modules, as `npm install
 * pulumi-tavus` would: `node_modules/.bin` then holds the plugin executable
 * `pulumi-resource-tavus`, the folder a plugin project's Pulumi.yaml names.
 */
export function linkInstalledPackage(dir: string): void {
  fs.symlinkSync(path.join(installedFixture(), "node_modules"), path.join(dir, "node_modules"));
}

/**
 * A project folder in the installed fixture for plugin resources: the package
 * linked in, and a Pulumi.yaml naming the plugin's folder (no resources yet;
 * see {@link writePluginProgram}).
 */
export function pluginProject(
  name: string,
  runtime: "yaml" | "nodejs",
  bin: string,
  emulator: RunningEmulator,
): ReturnType<typeof projectFrom> {
  const project = projectFrom(name, [], bin, emulator);
  linkInstalledPackage(project.dir);
  writePluginProgram(project.dir, runtime, {});
  return project;
}

/**
 * Writes a project's Pulumi.yaml: the plugin's folder, then `resources` and
 * whatever else the program declares (`config`…).
 */
export function writePluginProgram(
  dir: string,
  runtime: string,
  resources: Record<string, unknown>,
  declarations: Record<string, unknown> = {},
): void {
  const program = {
    name: path.basename(dir).replace(/[^A-Za-z0-9_-]/g, "-"),
    runtime,
    plugins: { providers: [{ name: "tavus", path: "./node_modules/.bin" }] },
    ...declarations,
    ...(Object.keys(resources).length ? { resources } : {}),
  };
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), stringify(program));
}

/** What a user's checkout of an example may hold besides its sources: never copied. */
const NOT_EXAMPLE_SOURCES = new Set(["node_modules", "package-lock.json", "bin", ".pulumi-state"]);

/**
 * An example (`examples/<name>`) as a user runs it: every file of its folder
 * (`Pulumi.yaml`, `index.ts`, `package.json`, `tsconfig.json`), so the CLI runs
 * the TypeScript program itself through ts-node, the way `pulumi up` does after
 * `npm install`. Its dependencies resolve from the installed fixture.
 */
export function exampleProject(
  name: string,
  bin: string,
  emulator: RunningEmulator,
): ReturnType<typeof projectFrom> {
  const folder = path.join("examples", name);
  const sources = fs
    .readdirSync(path.join(REPO, folder))
    .filter((file) => !NOT_EXAMPLE_SOURCES.has(file) && !/^Pulumi\..+\.yaml$/.test(file))
    .map((file) => path.join(folder, file));
  return projectFrom(name, sources, bin, emulator);
}

/** The emulator's log as "METHOD path?query" lines, writes only when asked. */
export function logLines(
  emulator: RunningEmulator,
  options: { writesOnly?: boolean } = {},
): string[] {
  return emulator
    .requests()
    .filter((r) => !options.writesOnly || r.method !== "GET")
    .map(
      (r) =>
        `${r.method} ${r.path}${Object.keys(r.query).length ? "?" + new URLSearchParams(r.query) : ""}`,
    );
}

/**
 * Runs the packed package's own command (`npx pulumi-tavus …`) from the
 * installed fixture against `emulator`, with `input` on its stdin if given.
 */
export function tavusCli(
  emulator: RunningEmulator,
  args: string[],
  input?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      "npx",
      ["--no", "pulumi-tavus", ...args],
      {
        cwd: installedFixture(),
        env: { ...process.env, TAVUS_API_KEY: emulator.apiKey, TAVUS_BASE_URL: emulator.url },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    if (input !== undefined) child.stdin!.end(input);
  });
}

/**
 * The pipeline's drift gate: `pulumi preview --refresh --expect-no-changes
 * --diff`, whose exit code says whether the account drifted from the program.
 */
export function driftGate(cli: Cli): Promise<CliResult> {
  return cli.run(["preview", "--refresh", "--expect-no-changes", "--diff"], { allowFailure: true });
}

/**
 * The prompt change every account program (TypeScript, YAML, the Go and Node.js SDKs) goes
 * through: `systemPrompt` set in config, then `up` sends exactly one GET and one JSON Patch
 * (`test` the old prompt, `replace` it) of the persona, nothing else.
 * @param up the `up` arguments of the caller's runner.
 */
export async function systemPromptChange(
  emulator: RunningEmulator,
  cli: Cli,
  personaId: string,
  from: string,
  to: string,
  up: string[],
): Promise<void> {
  await cli.run(["config", "set", "systemPrompt", to]);
  emulator.clearRequests();
  const result = await cli.run(up);
  expect(result.stdout).toMatch(/1 updated/);
  expect(logLines(emulator)).toEqual([
    `GET /v2/personas/${personaId}`,
    `PATCH /v2/personas/${personaId}`,
  ]);
  expect(emulator.requests()[1]!.body).toEqual([
    { op: "test", path: "/system_prompt", value: from },
    { op: "replace", path: "/system_prompt", value: to },
  ]);
}

/**
 * The drift scenario both account examples (TypeScript and YAML) go through: a
 * guardrail's prompt edited by hand fails `preview --refresh
 * --expect-no-changes`, which names `guardrailPrompt`; `up --refresh` heals it
 * and the gate passes again.
 * @param prompt the prompt the program declares.
 * @returns the writes the heal made.
 */
export async function guardrailPromptDrift(
  emulator: RunningEmulator,
  cli: Cli,
  guardrailId: string,
  prompt: string,
): Promise<RequestLogEntry[]> {
  const gate = () => driftGate(cli);
  const edit = await byHand(emulator, "PATCH", `/v2/guardrails/${guardrailId}`, [
    { op: "replace", path: "/guardrail_prompt", value: "Medical advice is fine." },
  ]);
  expect(edit.status).toBe(200);

  const drift = await gate();
  expect(drift.code).not.toBe(0);
  expect(drift.stdout).toContain(`~ guardrailPrompt`);
  expect(drift.stdout).toContain(`"Medical advice is fine." => "${prompt}"`);
  expect(drift.stdout).toMatch(/1 to update/);

  emulator.clearRequests();
  await cli.run(["up", "--yes", "--skip-preview", "--refresh"]);
  const writes = emulator.requests().filter((r) => r.method !== "GET");
  expect((await gate()).code).toBe(0);
  return writes;
}
