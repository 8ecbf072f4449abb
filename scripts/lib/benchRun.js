/**
 * The run of `npm run bench` (scripts/bench.js): its functional failures, the
 * emulator and provider processes each section starts and always stops, and
 * the BENCH_* settings. Shared by the section modules (benchRequests.js,
 * benchOverhead.js, benchScale.js) so a failure in any of them fails the run.
 */
const os = require("node:os");
const path = require("node:path");
const { startEmulator } = require("../../dist/emulator");
const { ProviderHost } = require("./providerHost");

/** Functional failures; any of them makes the run exit 1. */
const failures = [];

/** Records a functional failure (printed now, listed again at the end). */
function fail(message) {
  failures.push(message);
  process.stderr.write(`  FAILED: ${message}\n`);
}

/** Runs `fn` with a fresh in-process emulator, closed afterwards. */
async function withEmulator(options, fn) {
  // Strict, like every test: the provider must send only documented fields.
  const emulator = await startEmulator({ strict: true, ...options });
  try {
    return await fn(emulator);
  } finally {
    await emulator.close();
  }
}

/** Runs `fn` with the dynamic-provider host started in `dir` and configured. */
function withHost(dir, config, fn) {
  return withDriver({ start: () => ProviderHost.start(dir) }, config, fn);
}

/** Runs `fn` with the driver's process started and configured, stopped afterwards. */
async function withDriver(driver, config, fn) {
  const host = await driver.start();
  try {
    await host.configure(config);
    return await fn(host);
  } finally {
    await host.stop();
  }
}

/** The provider configuration that points at `emulator`. */
function emulatorConfig(emulator) {
  return { "tavus:apiKey": emulator.apiKey, "tavus:baseUrl": emulator.url };
}

/** The command as typed: the BENCH_* settings in the environment, then how the script was started. */
function commandLine() {
  const settings = Object.keys(process.env)
    .filter((k) => k.startsWith("BENCH_"))
    .sort()
    .map((k) => `${k}=${process.env[k]}`);
  const runner =
    process.env.npm_lifecycle_event === "bench"
      ? "npm run bench"
      : `node ${path.relative(process.cwd(), process.argv[1])}`;
  return [...settings, runner].join(" ");
}

/** The 1, 5 and 15 minute load averages, two decimals each. */
function loadAverage() {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

/**
 * A positive integer from the environment (or 0 too, with `allowZero`: a section's
 * "skip me"); anything else ends the run with status 2.
 */
function positiveInt(name, fallback, { allowZero = false } = {}) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) {
    process.stderr.write(
      `${name} must be a ${allowZero ? "non-negative" : "positive"} integer, not "${raw}"\n`,
    );
    process.exit(2);
  }
  return n;
}

module.exports = {
  failures,
  fail,
  withEmulator,
  withHost,
  withDriver,
  emulatorConfig,
  commandLine,
  loadAverage,
  positiveInt,
};
