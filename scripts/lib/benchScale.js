/**
 * Sections 4 and 5b of `npm run bench`: many personas through one provider
 * host against a slow, rate-limited emulator, phase by phase (create,
 * unchanged diff, refresh, delete), and the host's peak memory at the end.
 */
const { performance } = require("node:perf_hooks");
const { urnOf } = require("./providerHost");
const {
  print,
  progress,
  section,
  table,
  percentile,
  ms,
  s,
  mib,
  peakRss,
} = require("./benchReport");
const { TYPES } = require("./benchKinds");
const { fail, withEmulator, withHost, emulatorConfig } = require("./benchRun");

/**
 * Many personas at a fixed concurrency against a slow, rate-limited API.
 * @param settings `{personas, rate (requests/s), latencyMs, concurrency (operations in flight), maxConcurrentRequests}`.
 */
async function scale(dir, providers, settings) {
  const { personas, rate, latencyMs, concurrency, maxConcurrentRequests } = settings;
  section(
    `${personas} personas through the provider host: ${latencyMs} ms latency, ${rate} requests/s limit, ${concurrency} operations in flight`,
    `Provider config: tavus:requestsPerSecond=${rate}, tavus:maxConcurrentRequests=${maxConcurrentRequests}. ` +
      `The rate bound is the accepted requests ÷ ${rate}/s; both token buckets start with one second's burst, so a phase can finish up to ~1 s under it.`,
  );
  await withEmulator({ latencyMs, rateLimitPerSecond: rate }, async (emulator) => {
    const config = {
      ...emulatorConfig(emulator),
      "tavus:requestsPerSecond": String(rate),
      "tavus:maxConcurrentRequests": String(maxConcurrentRequests),
    };
    await withHost(dir, config, async (host) => {
      const items = scaleItems(personas, providers);
      const rows = [];
      const phase = (name, fn) =>
        runPhase({ emulator, items, settings }, name, fn).then((row) => rows.push(row));
      await personaPhases(host, emulator, items, phase);
      scaleTable(rate, rows);
      const hwm = peakRss(host.child.pid);
      print(
        `\nprovider host peak RSS (VmHWM) after the run: ${hwm === undefined ? "unknown (no /proc)" : mib(hwm)}`,
      );
    });
  });
}

/** One item a persona: its URN, inputs, and (once created) the create's answer. */
function scaleItems(count, providers) {
  return Array.from({ length: count }, (_, i) => ({
    urn: urnOf(TYPES.persona, `scale-${i}`),
    inputs: {
      personaName: `scale ${i}`,
      systemPrompt: `persona ${i}`,
      __provider: providers[TYPES.persona],
    },
    created: undefined,
  }));
}

/** The four phases in order; every id distinct and stored after create, none left after delete. */
async function personaPhases(host, emulator, items, phase) {
  const ours = () => new Set(items.map((item) => item.created?.id).filter(Boolean));
  const stored = () => emulator.state().personas.filter((p) => ours().has(p.persona_id)).length;
  await phase("create", async (item) => (item.created = await host.create(item.urn, item.inputs)));
  if (ours().size !== items.length || stored() !== items.length)
    fail(
      `create: ${ours().size} distinct ids returned, ${stored()} in the emulator, ${items.length} expected`,
    );
  await phase("unchanged diff", async (item) => {
    const diff = await host.diff(item.urn, item.created.id, item.created.properties, item.inputs);
    if (diff.changes !== "none")
      throw new Error(`diff answered changes=${diff.changes}, expected none`);
  });
  await phase("refresh (read)", async (item) => {
    const read = await host.read(item.urn, item.created.id, item.created.properties);
    if (read.id !== item.created.id) throw new Error(`read answered id "${read.id}"`);
  });
  await phase("delete", (item) => host.delete(item.urn, item.created.id, item.created.properties));
  if (stored() !== 0) fail(`delete: ${stored()} personas still in the emulator`);
}

/**
 * Runs `fn` on every item (every created one, after create) with
 * `settings.concurrency` in flight, printing progress every 5 s.
 * @returns the phase's table row.
 */
async function runPhase({ emulator, items, settings }, name, fn) {
  const pending = items.filter((item) => name === "create" || item.created);
  emulator.clearRequests();
  const counts = { next: 0, done: 0, failed: 0, latencies: [] };
  const t0 = performance.now();
  const ticker = setInterval(
    () =>
      progress(
        `${name}: ${counts.done}/${pending.length} done, ${counts.failed} failed, ${s(performance.now() - t0)}`,
      ),
    5000,
  );
  await Promise.all(
    Array.from({ length: settings.concurrency }, () => phaseWorker(name, pending, counts, fn)),
  );
  clearInterval(ticker);
  const wall = performance.now() - t0;
  if (counts.failed > 3) fail(`${name}: ${counts.failed} operations failed in all`);
  return phaseRow(name, wall, emulator.requests(), counts, settings.rate);
}

/** Takes the next pending item until none is left; the first three failures are reported one by one. */
async function phaseWorker(name, pending, counts, fn) {
  while (counts.next < pending.length) {
    const item = pending[counts.next++];
    const t = performance.now();
    try {
      await fn(item);
    } catch (e) {
      counts.failed++;
      if (counts.failed <= 3) fail(`${name} of ${item.urn}: ${e.details ?? e.message}`);
    }
    counts.latencies.push(performance.now() - t);
    counts.done++;
  }
}

/** A phase's row: wall time, requests (429s and other errors apart), the rate bound, latencies. */
function phaseRow(name, wall, requests, { failed, latencies }, rate) {
  const limited = requests.filter((r) => r.status === 429).length;
  const otherErrors = requests.filter(
    (r) => r.status !== 429 && !(r.status >= 200 && r.status < 300) && r.status !== 304,
  ).length;
  const bound = ((requests.length - limited) / rate) * 1000;
  progress(
    `${name}: ${s(wall)}, ${requests.length} requests, ${limited} answered 429, ${failed} failed`,
  );
  return [
    name,
    s(wall),
    requests.length,
    limited,
    otherErrors,
    bound ? s(bound) : "0 s",
    bound ? `${((wall / bound) * 100).toFixed(0)}%` : "—",
    `${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 95))} / ${ms(Math.max(...latencies))}`,
    failed,
  ];
}

function scaleTable(rate, rows) {
  table(
    [
      "phase",
      "wall",
      "requests",
      "429s",
      "other errors",
      `rate bound (requests ÷ ${rate}/s)`,
      "wall ÷ bound",
      "per operation p50 / p95 / max",
      "failures",
    ],
    rows,
  );
}

module.exports = { scale };
