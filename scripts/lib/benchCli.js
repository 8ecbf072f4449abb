/**
 * Section 6 of `npm run bench` (issue #26): the same N personas through the real Pulumi
 * CLI, three ways a user can write them, against the emulator at a fixed latency:
 * - the dynamic classes (a TypeScript program on `pulumi-tavus`, the package's main API);
 * - the generated Node.js SDK (a TypeScript program on `pulumi-tavus-sdk`, compiled and
 *   packed by scripts/lib/nodeSdk.js; its resources are served by the plugin);
 * - a Pulumi YAML program (the plugin).
 * Each: up (create N), a no-op up, an update (every systemPrompt changed), destroy; the
 * wall time of each `pulumi` run and the emulator's requests per phase, side by side.
 * Without a CLI the section says loudly that it is skipped; without the YAML language
 * host only the YAML column is.
 */
const fs = require("node:fs");
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const { stringify } = require("yaml");
const { locateCli, PulumiCli } = require("./pulumiCli");
const { installNodeSdk, NODE_SDK_NAME } = require("./nodeSdk");
const { print, progress, section, table, percentile, s } = require("./benchReport");
const { fail, withEmulator, emulatorConfig, loadAverage } = require("./benchRun");

/** The stack config key whose change is the update phase: every persona's prompt ends with it. */
const VERSION_KEY = "promptVersion";

/**
 * The ways of declaring the same personas: TypeScript on a package (`package`) or YAML;
 * `plugin`: the project names the plugin's folder, whose process serves the resources.
 */
const VARIANTS = [
  { name: "dynamic classes", runtime: "nodejs", package: "pulumi-tavus", plugin: false },
  { name: "generated Node.js SDK", runtime: "nodejs", package: NODE_SDK_NAME, plugin: true },
  { name: "YAML program", runtime: "yaml", plugin: true },
];

/** The phases, in order: their titles, and what each `pulumi` run is. */
const PHASES = ["up (create N)", "no-op up", "update (N prompts)", "destroy"];

/**
 * N personas through the real CLI, each way of writing them against its own emulator.
 * @param {string} dir the installed fixture (pulumi-tavus from its tarball).
 * @param {{ personas: number, rounds: number, latencyMs: number, maxConcurrentRequests: number }} settings
 *   `rounds`: each variant run that many times, in rotated order.
 */
async function cliScale(dir, settings) {
  const { personas, latencyMs, maxConcurrentRequests } = settings;
  section(
    `${personas} personas through the real Pulumi CLI: ${latencyMs} ms latency, no rate limit`,
    `Each column its own project and emulator; \`pulumi up --yes --skip-preview\` and \`pulumi destroy --yes --skip-preview\` at the CLI's default parallelism; ` +
      `provider config: tavus:maxConcurrentRequests=${maxConcurrentRequests}. Wall time of each \`pulumi\` run (language host, provider process and engine included). ` +
      `Update: the stack's ${VERSION_KEY} changed, which every persona's systemPrompt ends with.`,
  );
  const located = await locateCli({ quiet: true, withYaml: true });
  if (!("bin" in located)) {
    print(
      `**SKIPPED**: no Pulumi CLI (${located.reason}). Build it with: bash scripts/ensure-pulumi-cli.sh --with-yaml`,
    );
    progress("SKIPPED the CLI section: no Pulumi CLI");
    return;
  }
  const started = performance.now();
  installNodeSdk(path.join(dir, "node_modules"));
  progress(`compiled, packed and installed ${NODE_SDK_NAME} (${s(performance.now() - started)})`);
  print(`load average at the section's start: ${loadAverage()}`);
  const variants = VARIANTS.filter((variant) => {
    if (variant.runtime !== "yaml" || !located.yamlSkip) return true;
    print(`**SKIPPED** the YAML column: ${located.yamlSkip}`);
    return false;
  });
  /** Each variant's rounds, each round its phases. */
  const rounds = new Map(variants.map((variant) => [variant, []]));
  for (let round = 0; round < settings.rounds; round++) {
    // Rotated each round, so that no variant always runs first (or after the same one).
    const order = variants.map((_, i) => variants[(i + round) % variants.length]);
    for (const variant of order) {
      const phases = await withEmulator({ latencyMs }, (emulator) =>
        runVariant(dir, located.bin, emulator, variant, settings),
      );
      rounds.get(variant).push(phases);
    }
  }
  print(`load average at the section's end: ${loadAverage()}`);
  const header = ["phase", ...variants.map((variant) => variant.name)];
  print(
    settings.rounds === 1
      ? "\nWall time:"
      : `\nWall time, median of ${settings.rounds} rounds (min–max):`,
  );
  table(
    header,
    PHASES.map((phase, i) => [phase, ...variants.map((v) => wallCell(rounds.get(v), i))]),
  );
  print("\nRequests (emulator's log; the first round):");
  table(
    header,
    PHASES.map((phase, i) => [phase, ...variants.map((v) => rounds.get(v)[0][i]?.requests ?? "—")]),
  );
}

/** A phase's wall time over the rounds that ran it: one figure, or the median (min–max). */
function wallCell(rounds, phase) {
  const walls = rounds.map((phases) => phases[phase]?.wall).filter((w) => w !== undefined);
  if (walls.length === 0) return "—";
  if (rounds.length === 1) return s(walls[0]);
  return `${s(percentile(walls, 50))} (${s(Math.min(...walls))}–${s(Math.max(...walls))})`;
}

/**
 * One way of writing the personas, phase by phase; stops at the first failed run.
 * @returns {Array<{ wall: number, requests: string }>} one entry a phase that ran.
 */
async function runVariant(fixtureDir, bin, emulator, variant, { personas, maxConcurrentRequests }) {
  const dir = fs.mkdtempSync(path.join(fixtureDir, `bench-cli-${variant.runtime}-`));
  // The package's node_modules, as `npm install` gives a project: the plugin is in .bin.
  fs.symlinkSync(path.join(fixtureDir, "node_modules"), path.join(dir, "node_modules"));
  if (variant.runtime === "yaml") writeYaml(dir, personas);
  else writeTypeScript(dir, variant);
  const cli = new PulumiCli({ bin, projectDir: dir, stateDir: path.join(dir, ".pulumi-state") });
  const { "tavus:apiKey": apiKey, ...config } = emulatorConfig(emulator);
  await cli.initStack(
    "bench",
    {
      ...config,
      "tavus:maxConcurrentRequests": String(maxConcurrentRequests),
      [VERSION_KEY]: "v1",
      ...(variant.runtime === "nodejs" ? { personas: String(personas) } : {}),
    },
    { "tavus:apiKey": apiKey },
  );
  const ours = () => emulator.state().personas.filter((p) => p.persona_type !== "system");
  const checks = [
    () =>
      ours().length === personas ||
      `${ours().length} personas in the emulator, ${personas} expected`,
    () => {
      const writes = emulator.requests().filter((r) => r.method !== "GET").length;
      return writes === 0 || `${writes} writes, 0 expected`;
    },
    () => {
      const stale = ours().filter((p) => !p.system_prompt?.endsWith("v2")).length;
      return stale === 0 || `${stale} personas kept the old prompt`;
    },
    () => ours().length === 0 || `${ours().length} personas left`,
  ];
  const phases = [];
  for (const [i, phase] of PHASES.entries()) {
    if (i === 2) await cli.run(["config", "set", VERSION_KEY, "v2"]);
    emulator.clearRequests();
    const command = i === 3 ? "destroy" : "up";
    const t0 = performance.now();
    const run = await cli.run([command, "--yes", "--skip-preview"], { allowFailure: true });
    const wall = performance.now() - t0;
    if (run.code !== 0) {
      fail(`${variant.name}, ${phase}: pulumi ${command} exited ${run.code}: ${lastLines(run)}`);
      break;
    }
    const verdict = checks[i]();
    if (verdict !== true) fail(`${variant.name}, ${phase}: ${verdict}`);
    phases.push({ wall, requests: requestSummary(emulator.requests()) });
    progress(`${variant.name}, ${phase}: ${s(wall)}, ${phases[i].requests}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return phases;
}

/** "200 POST + 200 GET", by method in a fixed order; non-2xx answers counted apart. */
function requestSummary(requests) {
  if (requests.length === 0) return "0";
  const counts = ["POST", "GET", "PATCH", "PUT", "DELETE"]
    .map((method) => [method, requests.filter((r) => r.method === method).length])
    .filter(([, n]) => n > 0)
    .map(([method, n]) => `${n} ${method}`);
  const errors = requests.filter((r) => r.status >= 400).length;
  return counts.join(" + ") + (errors ? ` (${errors} answered ≥ 400)` : "");
}

/** The end of a failed run's output, for the failure line. */
function lastLines({ stdout, stderr }) {
  return (stdout + stderr).trim().split("\n").slice(-5).join(" | ");
}

/**
 * A TypeScript project declaring the stack's `personas` Persona resources from the
 * variant's package, as a user writes it.
 */
function writeTypeScript(dir, { package: pkg, plugin }) {
  writePulumiYaml(dir, "nodejs", plugin, {});
  fs.writeFileSync(
    path.join(dir, "index.ts"),
    [
      `import * as pulumi from "@pulumi/pulumi";`,
      `import { Persona } from "${pkg}";`,
      ``,
      `const config = new pulumi.Config();`,
      `const version = config.require("${VERSION_KEY}");`,
      `for (let i = 0; i < config.requireNumber("personas"); i++) {`,
      `  new Persona(\`persona-\${i}\`, { personaName: \`bench \${i}\`, systemPrompt: \`persona \${i}, \${version}\` });`,
      `}`,
      ``,
    ].join("\n"),
  );
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: "ES2022",
        module: "nodenext",
        moduleResolution: "nodenext",
        skipLibCheck: true,
      },
      files: ["index.ts"],
    }),
  );
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: path.basename(dir), private: true, main: "index.ts" }),
  );
}

/** A YAML project declaring `personas` tavus:index:Persona resources. */
function writeYaml(dir, personas) {
  const resources = {};
  for (let i = 0; i < personas; i++) {
    resources[`persona-${i}`] = {
      type: "tavus:index:Persona",
      properties: { personaName: `bench ${i}`, systemPrompt: `persona ${i}, \${${VERSION_KEY}}` },
    };
  }
  writePulumiYaml(dir, "yaml", true, {
    config: { [VERSION_KEY]: { type: "string" } },
    resources,
  });
}

/** Pulumi.yaml; a plugin project names the plugin's folder, node_modules/.bin. */
function writePulumiYaml(dir, runtime, plugin, rest) {
  const program = {
    name: path.basename(dir),
    runtime,
    ...(plugin ? { plugins: { providers: [{ name: "tavus", path: "./node_modules/.bin" }] } } : {}),
    ...rest,
  };
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), stringify(program));
}

module.exports = { cliScale };
