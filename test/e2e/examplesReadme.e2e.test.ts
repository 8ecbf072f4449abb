/**
 * Each TypeScript example's README, run as written (issue #20): a README whose
 * commands fail fails CI. The example is copied into a temporary checkout-like
 * tree, so that its `"pulumi-tavus": "file:../.."` links the package exactly as
 * on a fresh clone (a symlink to the checkout), and the ```sh block of its README
 * runs in bash, line for line, with only these differences, each the harness's:
 *
 * - `(cd ../.. && npm ci && npm run build)` is not run: the temporary checkout
 *   reuses this repository's build (a copy of dist/ and package.json) and its
 *   node_modules (a symlink), which `npm test` has just installed and built;
 * - the emulator's port 4010 becomes a free port, everywhere it appears;
 * - the environment gives the CLI what a user's shell has after `pulumi login
 *   --local` and what it needs without a terminal: a file backend, PULUMI_HOME in
 *   the temporary tree, PULUMI_SKIP_UPDATE_CHECK, no plugin downloads and
 *   PULUMI_SKIP_CONFIRMATIONS=true (the `--yes` of `pulumi up`); the CLI's folder
 *   leads PATH.
 *
 * Then the emulator must hold every object the stack lists, and `pulumi destroy`
 * must delete them.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { cliBin, yamlCliBin, type Cli } from "../harness/e2e";

const { PulumiCli } = require("../../scripts/lib/pulumiCli") as {
  PulumiCli: new (o: object) => Cli & { env: NodeJS.ProcessEnv };
};

const REPO = path.resolve(__dirname, "../..");
const SUITE = "examples' READMEs (test/e2e/examplesReadme.e2e.test.ts)";
const bin = cliBin(SUITE);
/** The YAML example's README also needs the YAML language host beside the CLI. */
const yamlBin = bin && yamlCliBin(`${SUITE}, yaml-account`);

/** The key the emulator accepts by default, as the READMEs set it. */
const API_KEY = "tavus-emulator-key";

/** Where the emulator keeps each type's objects (`GET <path>/<id>`). */
const API_PATHS: Record<string, string> = {
  Persona: "/v2/personas",
  Replica: "/v2/replicas",
  Conversation: "/v2/conversations",
  Objectives: "/v2/objectives",
  Guardrail: "/v2/guardrails",
  GuardrailSet: "/v2/guardrails",
  PronunciationDictionary: "/v2/pronunciation-dictionaries",
  Document: "/v2/documents",
  Tool: "/v2/tools",
  Deployment: "/v2/deployments",
};

/** Each example and the Tavus resources its program declares, by type name. */
const EXAMPLES: [string, Record<string, number>][] = [
  ["yaml-account", { Objectives: 1, Guardrail: 1, PronunciationDictionary: 1, Persona: 1 }],
  ["persona", { Persona: 1 }],
  ["replica", { Replica: 1 }],
  ["conversation", { Persona: 1, Conversation: 1 }],
  [
    "account",
    { Objectives: 1, Guardrail: 2, GuardrailSet: 1, PronunciationDictionary: 1, Persona: 1 },
  ],
  ["knowledge", { Document: 2, Tool: 2, Persona: 1 }],
  ["widget", { Document: 2, Persona: 1, Deployment: 1 }],
];

/** The README's first ```sh block. */
function shellBlock(readme: string): string {
  const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error("the README has no ```sh block");
  return block;
}

/**
 * The block as the harness runs it: the build step dropped (the checkout is
 * already built), the emulator's port replaced.
 */
function asRun(block: string, port: number): string {
  const lines = block
    .split("\n")
    .map((line) =>
      /^\(cd \.\.\/\.\. && npm ci && npm run build\)/.test(line)
        ? "# the checkout is already built: see examplesReadme.e2e.test.ts"
        : line.replaceAll("4010", String(port)),
    );
  return ["set -euo pipefail", ...lines].join("\n");
}

/**
 * A checkout-like tree: package.json, dist/, node_modules and scripts/ (the YAML
 * example's README runs ../../scripts/ensure-pulumi-cli.sh) of this repository,
 * and a copy of examples/<name>.
 */
function checkoutWith(example: string): { root: string; dir: string } {
  // No "pulumi-tavus" in the path: see scripts/lib/fixture.js.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "tavus-readme-"));
  fs.copyFileSync(path.join(REPO, "package.json"), path.join(root, "package.json"));
  fs.cpSync(path.join(REPO, "dist"), path.join(root, "dist"), { recursive: true });
  for (const shared of ["node_modules", "scripts"])
    fs.symlinkSync(path.join(REPO, shared), path.join(root, shared));
  const dir = path.join(root, "examples", example);
  fs.cpSync(path.join(REPO, "examples", example), dir, {
    recursive: true,
    // What a clone does not hold: a previous run's install, lockfile, build or stacks.
    filter: (source) =>
      !/(^|\/)(node_modules|package-lock\.json|bin|Pulumi\..+\.yaml)$/.test(
        path.relative(path.join(REPO, "examples", example), source),
      ),
  });
  return { root, dir };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Runs `script` in bash as the leader of its own process group: what it starts
 * in the background (the emulator) stays in that group, for {@link stopGroup}.
 * Output goes to a file, which the emulator may go on writing after bash exits.
 */
function runScript(
  script: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  log: string,
): Promise<{ pid: number; code: number | null; output: () => string }> {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(log, "w");
    const child = spawn("bash", ["-c", script], {
      cwd,
      env,
      detached: true,
      stdio: ["ignore", out, out],
    });
    fs.closeSync(out);
    child.on("error", reject);
    child.on("exit", (code) =>
      resolve({ pid: child.pid!, code, output: () => fs.readFileSync(log, "utf8") }),
    );
  });
}

/** Stops what a script left running (the emulator) by its process group. */
function stopGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    // Nothing left in the group.
  }
}

/** The environment of a user's shell after `npm run`-free setup: no npm lifecycle variables. */
function userEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(
      ([key]) => !/^(npm_(package|lifecycle)_|npm_config_local_prefix$|INIT_CWD$)/i.test(key),
    ),
  );
}

/** What the emulator answers for the object: "present", or "gone" (not found, or soft-deleted). */
async function presence(port: number, type: string, id: string): Promise<"present" | "gone"> {
  const answer = await fetch(`http://127.0.0.1:${port}${API_PATHS[type]}/${id}`, {
    headers: { "x-api-key": API_KEY },
  });
  if (answer.status !== 200) return "gone";
  // Replicas and conversations are soft-deleted unless hardDelete: GET answers status "deleted".
  const body = (await answer.json()) as { status?: string };
  return body.status === "deleted" ? "gone" : "present";
}

/** The stack's Tavus resources, dynamic (`pulumi-nodejs:dynamic/tavus:<Kind>`) or the plugin's (`tavus:index:<Kind>`). */
const tavusResources = (deployment: Awaited<ReturnType<Cli["exportStack"]>>["deployment"]) =>
  (deployment.resources ?? []).flatMap((r) => {
    const kind = /^(?:pulumi-nodejs:dynamic\/tavus|tavus:index):(\w+)$/.exec(r.type)?.[1];
    return kind ? [{ type: kind, id: r.id! }] : [];
  });

describe.each(EXAMPLES)("examples/%s/README.md", (example, expected) => {
  const runnable = example === "yaml-account" ? yamlBin : bin;
  (runnable ? test : test.skip)(
    "its commands run as written: up creates what the program declares, destroy deletes it",
    async () => {
      const { root, dir } = checkoutWith(example);
      const port = await freePort();
      const cli = new PulumiCli({
        bin: bin!,
        projectDir: dir,
        stateDir: path.join(root, ".pulumi-state"),
        passphrase: "local",
      });
      const script = asRun(shellBlock(fs.readFileSync(path.join(dir, "README.md"), "utf8")), port);
      const run = await runScript(script, dir, userEnv(cli.env), path.join(root, "readme.log"));
      try {
        expect({ code: run.code, output: run.output() }).toEqual({
          code: 0,
          output: expect.stringMatching(/Resources:[\s\S]*created/),
        });
        // The CLI used the shim beside it, not something on PATH.
        expect(run.output()).not.toMatch(/from \$PATH/);

        const created = tavusResources((await cli.exportStack("dev")).deployment);
        const counts: Record<string, number> = {};
        for (const { type } of created) counts[type] = (counts[type] ?? 0) + 1;
        expect(counts).toEqual(expected);
        for (const { type, id } of created)
          expect([type, id, await presence(port, type, id)]).toEqual([type, id, "present"]);

        await cli.run(["destroy", "--yes", "--skip-preview"]);
        expect(tavusResources((await cli.exportStack("dev")).deployment)).toEqual([]);
        for (const { type, id } of created)
          expect([type, id, await presence(port, type, id)]).toEqual([type, id, "gone"]);
      } finally {
        stopGroup(run.pid);
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
    600_000,
  );
});
