#!/usr/bin/env node
/**
 * `npm run bench`: the provider's figures, each printed beside the ideal or the
 * comparison it is judged by. Every figure comes from the package as a user
 * installs it (scripts/lib/fixture.js), driven through the real dynamic-provider
 * host over gRPC (scripts/lib/providerHost.js) against the in-process emulator.
 *
 * Figures are printed, never asserted. The run exits non-zero only when
 * something functionally fails: an operation that errors, a diff that is not
 * empty when nothing changed, an object missing after create or left after delete.
 *
 *   BENCH_PERSONAS=<n>     personas in the scale run (default 1000; that run takes about 80 s)
 *   BENCH_SAMPLES=<n>      samples per operation for the overhead percentiles (default 200)
 *   BENCH_COLD_STARTS=<n>  host starts timed for the cold-start figures (default 5)
 *   BENCH_CLI_PERSONAS=<n> personas in the real-CLI section (default 200; 0 skips it): the
 *                          dynamic classes, the generated Node.js SDK and a YAML program,
 *                          each up / no-op up / update / destroy (about 2 minutes at 200)
 *   BENCH_CLI_ROUNDS=<n>   rounds of that section, the variants' order rotated each round;
 *                          the table then shows each phase's median (min–max) (default 1)
 *   BENCH_ONLY=cli         only the real-CLI section (the fixture is still installed)
 */
const fs = require("node:fs");
const os = require("node:os");
const { performance } = require("node:perf_hooks");
const { installFixture, serializedProviders } = require("./lib/fixture");
const { ProviderHost, urnOf } = require("./lib/providerHost");
const { print, progress, section, table, percentile, ms, s, mib } = require("./lib/benchReport");
const { TYPES } = require("./lib/benchKinds");
const {
  failures,
  fail,
  withEmulator,
  emulatorConfig,
  commandLine,
  loadAverage,
  positiveInt,
} = require("./lib/benchRun");
const { requestsPerOperation } = require("./lib/benchRequests");
const { overhead } = require("./lib/benchOverhead");
const { scale } = require("./lib/benchScale");
const { cliScale } = require("./lib/benchCli");

const SAMPLES = positiveInt("BENCH_SAMPLES", 200);
const COLD_STARTS = positiveInt("BENCH_COLD_STARTS", 5);
/** The scale run's settings: the emulator's rate limit is also the provider's `tavus:requestsPerSecond`. */
const SCALE = {
  personas: positiveInt("BENCH_PERSONAS", 1000),
  /** Requests per second. */
  rate: 50,
  latencyMs: 20,
  /** Operations the driver keeps in flight, as the engine does with `--parallel`. */
  concurrency: 32,
  /** By Little's law 50 requests/s × ~25 ms each needs about 1.25 in flight; 8 (the default) leaves room for slow answers. */
  maxConcurrentRequests: 8,
};
/** The real-CLI section's settings: the scale run's latency and concurrency cap, no rate limit. */
const CLI_SCALE = {
  personas: positiveInt("BENCH_CLI_PERSONAS", 200, { allowZero: true }),
  rounds: positiveInt("BENCH_CLI_ROUNDS", 1),
  latencyMs: SCALE.latencyMs,
  maxConcurrentRequests: SCALE.maxConcurrentRequests,
};
/** Sections BENCH_ONLY can pick. */
const ONLY = ["cli"];
const only = process.env.BENCH_ONLY || undefined;
if (only !== undefined && !ONLY.includes(only)) {
  process.stderr.write(`BENCH_ONLY must be one of ${ONLY.join(", ")}, not "${only}"\n`);
  process.exit(2);
}

async function main() {
  const started = performance.now();
  printHeader();
  const fixture = installFixture("tavus-bench-");
  progress(`installed the packed package into ${fixture.dir} (${s(performance.now() - started)})`);
  try {
    await runSections(fixture.dir);
  } finally {
    fs.rmSync(fixture.dir, { recursive: true, force: true });
  }
  printFooter(started);
}

/** The command, the machine and the date, so a pasted result says where it came from. */
function printHeader() {
  print("# pulumi-tavus bench");
  print(`command: ${commandLine()}`);
  print(
    `machine: node ${process.version}, ${process.platform} ${process.arch}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "unknown"}), ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB RAM; load average at start ${loadAverage()}`,
  );
  print(`date: ${new Date().toISOString()}`);
}

/** Every section, in the README's order, against the package installed in `dir`. */
async function runSections(dir) {
  if (only !== "cli") {
    const providers = serializedProviders(dir);
    await requestsPerOperation(dir, providers);
    providerSizes(providers);
    for (const driver of drivers(dir, providers)) await overhead(driver, SAMPLES);
    await coldStart(drivers(dir, providers));
    await scale(dir, providers, SCALE);
  }
  if (CLI_SCALE.personas > 0) await cliScale(dir, CLI_SCALE);
  else section("Personas through the real Pulumi CLI", "Skipped: BENCH_CLI_PERSONAS=0.");
}

/** Memory, load and wall time; the functional failures, if any, which fail the run. */
function printFooter(started) {
  print(
    `\nbench process peak RSS (driver + in-process emulator): ${mib(process.resourceUsage().maxRSS * 1024)}`,
  );
  print(`load average at end: ${loadAverage()}`);
  print(
    `total wall time: ${s(performance.now() - started)} (including npm pack + install of the fixture)`,
  );
  if (failures.length > 0) {
    section("Functional failures");
    for (const f of failures) print(`- ${f}`);
    process.exitCode = 1;
  }
}

// ------------------------------------------------------------ 2. __provider size
/** What each resource stores as `__provider` in the installed fixture (written by providerReference.ts). */
function providerSizes(providers) {
  section(
    "Serialized __provider per resource",
    "Bytes of the text each resource writes into state (`provider/resources/providerReference.ts`); stored twice a resource (inputs and outputs). The same in every install mode (`test/host/providerReference.host.test.ts`).",
  );
  const rows = Object.entries(TYPES).map(([name, type]) => {
    const text = providers[type] ?? "";
    if (!text) fail(`no __provider was serialized for ${type}`);
    const required = /require\("([^"]+)"\)/.exec(text)?.[1] ?? "(no require: serialized by value)";
    return [
      name,
      Buffer.byteLength(text),
      required,
      "< 1024: a bare require of the package (a class by value: ~5,300)",
    ];
  });
  table(["resource", "bytes", "requires", "goal"], rows);
}

// ------------------------------------------------------------ 3. overhead over a bare HTTP call

/**
 * The two processes the engine may run this provider in, driven the same way:
 * the dynamic-provider host (TypeScript programs) and the plugin executable
 * `pulumi-resource-tavus` (YAML programs, `pulumi import`).
 */
function drivers(dir, providers) {
  return [
    {
      name: "dynamic-provider host",
      start: () => ProviderHost.start(dir),
      urn: (name) => urnOf(TYPES.persona, name),
      persona: (inputs) => ({ ...inputs, __provider: providers[TYPES.persona] }),
    },
    {
      name: "plugin (pulumi-resource-tavus)",
      start: () => ProviderHost.startPlugin(dir),
      urn: (name) => urnOf("tavus:index:Persona", name),
      persona: (inputs) => inputs,
    },
  ];
}

// ------------------------------------------------------------ 5a. cold start

/**
 * How long a fresh process takes to print its port, to answer Configure +
 * Check, and to answer a first Create: the dynamic-provider host and the
 * plugin, started alternately so both see the same machine.
 */
async function coldStart(driverList) {
  section(
    `Cold start (${COLD_STARTS} starts of each process)`,
    "Milliseconds since the process was spawned.",
  );
  await withEmulator({}, async (emulator) => {
    const runs = new Map(driverList.map((d) => [d, { port: [], check: [], create: [] }]));
    for (let i = 0; i < COLD_STARTS; i++) {
      for (const driver of driverList) await coldStartOnce(driver, emulator, runs.get(driver));
    }
    coldStartTable(driverList, runs);
  });
}

/** Starts the driver's process once, timing its three milestones into `run`. */
async function coldStartOnce(driver, emulator, run) {
  const t0 = performance.now();
  const host = await driver.start();
  try {
    run.port.push(performance.now() - t0);
    await host.configure(emulatorConfig(emulator));
    const urn = driver.urn("cold");
    const inputs = driver.persona({ systemPrompt: "cold" });
    const checked = await host.check(urn, {}, inputs);
    if (checked.failures.length > 0)
      fail(`cold-start Check failed (${driver.name}): ${JSON.stringify(checked.failures)}`);
    run.check.push(performance.now() - t0);
    await host.create(urn, inputs);
    run.create.push(performance.now() - t0);
  } finally {
    await host.stop();
  }
}

function coldStartTable(driverList, runs) {
  const row = (name, values) => [
    name,
    ms(percentile(values, 50)),
    ms(Math.min(...values)),
    ms(Math.max(...values)),
  ];
  table(
    ["process", "milestone", "median", "min", "max"],
    driverList.flatMap((driver) => {
      const run = runs.get(driver);
      return [
        [driver.name, ...row("port line printed", run.port)],
        [
          driver.name,
          ...row("first Configure + Check answered (provider loaded, schema compiled)", run.check),
        ],
        [driver.name, ...row("first Create answered (got loaded, POST + GET)", run.create)],
      ];
    }),
  );
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
