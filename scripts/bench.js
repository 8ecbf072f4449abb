#!/usr/bin/env node
/**
 * `npm run bench`: prints the provider's figures, each beside the ideal or the
 * comparison it is judged by. Nothing here is asserted in tests; the run exits
 * non-zero only when something functionally fails (a failed operation).
 *
 *   BENCH_PERSONAS=<n>   personas in the scale run (default 1000)
 *   BENCH_SAMPLES=<n>    samples for the overhead percentiles (default 200)
 */
const fs = require("node:fs");
const os = require("node:os");
const { performance } = require("node:perf_hooks");
const { startEmulator } = require("../dist/emulator");
const { installFixture, serializedProviders } = require("./lib/fixture");
const { ProviderHost, urnOf } = require("./lib/providerHost");

const PERSONAS = Number(process.env.BENCH_PERSONAS ?? 1000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const RATE = 50; // requests per second, the emulator's limit and ours
const LATENCY_MS = 20;
const DRIVER_CONCURRENCY = 32;
const TYPES = {
  persona: "pulumi-nodejs:dynamic/tavus:Persona",
  replica: "pulumi-nodejs:dynamic/tavus:Replica",
  conversation: "pulumi-nodejs:dynamic/tavus:Conversation",
};

const rows = [];
const print = (...cells) => console.log(cells.join(""));
const section = (title) => print(`\n## ${title}`);
const table = (header, lines) => {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  const fmt = (cells) => "| " + cells.map((c, i) => String(c).padEnd(widths[i])).join(" | ") + " |";
  print(fmt(header));
  print("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
  for (const l of lines) print(fmt(l));
};
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (v) => `${v.toFixed(1)} ms`;
const s = (v) => `${(v / 1000).toFixed(1)} s`;

async function main() {
  print(`# pulumi-tavus bench — ${new Date().toISOString()}`);
  print(
    `command: npm run bench (BENCH_PERSONAS=${PERSONAS}, BENCH_SAMPLES=${SAMPLES}); node ${process.version}; ${os.cpus().length} cores; ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
  );
  const fixture = installFixture("tavus-bench-");
  const providers = serializedProviders(fixture.dir);
  try {
    await requestsPerOperation(fixture.dir, providers);
    providerSizes(providers);
    await overhead(fixture.dir, providers);
    await coldStart(fixture.dir, providers);
    await scale(fixture.dir, providers);
  } finally {
    fs.rmSync(fixture.dir, { recursive: true, force: true });
  }
  print(`\nbench process peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  if (rows.some((r) => r.failed)) process.exit(1);
}

/** 1. Requests per operation, from the emulator's log, against what the API allows at least. */
async function requestsPerOperation(dir, providers) {
  section("Requests per operation (emulator's request log)");
  const emulator = await startEmulator({ replicaTrainingMs: 10 });
  const host = await ProviderHost.start(dir);
  await host.configure({ "tavus:apiKey": emulator.apiKey, "tavus:baseUrl": emulator.url });
  const count = async (fn) => {
    emulator.clearRequests();
    await fn();
    return (
      emulator
        .requests()
        .map((r) => r.method)
        .join("+") || "none"
    );
  };
  const lines = [];
  const p = { systemPrompt: "bench", __provider: providers[TYPES.persona] };
  const purn = urnOf(TYPES.persona, "ops");
  let created;
  lines.push([
    "Persona create",
    await count(async () => (created = await host.create(purn, p))),
    "1 POST",
    "POST + GET read-back: outputs are what the API stored",
  ]);
  lines.push(["Persona unchanged diff", await count(() => host.diff(purn, created.id, created.properties, p)), "0", ""]);
  lines.push([
    "Persona update",
    await count(() => host.update(purn, created.id, created.properties, { ...p, systemPrompt: "bench 2" })),
    "1 PATCH",
    "GET first: ops against the live shape, guarded by test ops",
  ]);
  lines.push(["Persona refresh (read)", await count(() => host.read(purn, created.id, created.properties)), "1 GET", ""]);
  lines.push(["Persona delete", await count(() => host.delete(purn, created.id, created.properties)), "1 DELETE", ""]);
  const r = { trainVideoUrl: "https://example.com/v.mp4", __provider: providers[TYPES.replica] };
  let replica;
  lines.push([
    "Replica create",
    await count(async () => (replica = await host.create(urnOf(TYPES.replica, "ops"), r))),
    "1 POST",
    "+ GET read-back (more GETs when waitForTraining polls)",
  ]);
  lines.push(["Replica delete", await count(() => host.delete(urnOf(TYPES.replica, "ops"), replica.id, replica.properties)), "1 DELETE", ""]);
  const c = { replicaId: "rf4703150052", __provider: providers[TYPES.conversation] };
  let conversation;
  lines.push(["Conversation create", await count(async () => (conversation = await host.create(urnOf(TYPES.conversation, "ops"), c))), "1 POST", ""]);
  lines.push([
    "Conversation delete (active)",
    await count(() => host.delete(urnOf(TYPES.conversation, "ops"), conversation.id, conversation.properties)),
    "1 DELETE",
    "End first, as the contract asks (§7)",
  ]);
  table(["operation", "ours", "API minimum", "why the difference"], lines);
  await host.stop();
  await emulator.close();
}

/** 2. What each resource stores as `__provider`. */
function providerSizes(providers) {
  section("Serialized __provider per resource (bytes in state, stored twice: inputs and outputs)");
  table(
    ["resource", "bytes", "goal"],
    Object.entries(TYPES).map(([name, type]) => [name, Buffer.byteLength(providers[type]), "< 1024 (a bare require of the package)"]),
  );
}

/** 3. Provider overhead per operation over a bare HTTP call to the same emulator. */
async function overhead(dir, providers) {
  section(`Overhead per operation: through the provider host vs a bare fetch (N=${SAMPLES})`);
  const emulator = await startEmulator();
  const host = await ProviderHost.start(dir);
  await host.configure({ "tavus:apiKey": emulator.apiKey, "tavus:baseUrl": emulator.url });
  const headers = { "x-api-key": emulator.apiKey, "content-type": "application/json" };
  const urn = urnOf(TYPES.persona, "overhead");
  const p = { systemPrompt: "overhead", __provider: providers[TYPES.persona] };
  const created = await host.create(urn, p);
  const time = async (fn) => {
    const out = [];
    for (let i = 0; i < SAMPLES; i++) {
      const t = performance.now();
      await fn(i);
      out.push(performance.now() - t);
    }
    return out;
  };
  const bareRead = await time(() => fetch(`${emulator.url}/v2/personas/${created.id}`, { headers }).then((r) => r.text()));
  const hostRead = await time(() => host.read(urn, created.id, created.properties));
  const bareCreate = await time(() =>
    fetch(`${emulator.url}/v2/personas`, { method: "POST", headers, body: JSON.stringify({ system_prompt: "x" }) }).then((r) => r.text()),
  );
  const hostCreate = await time((i) => host.create(urnOf(TYPES.persona, `o${i}`), p));
  const barePatch = await time((i) =>
    fetch(`${emulator.url}/v2/personas/${created.id}`, {
      method: "PATCH",
      headers,
      body: JSON.stringify([{ op: "replace", path: "/system_prompt", value: `b${i}` }]),
    }).then((r) => r.text()),
  );
  const hostUpdate = await time((i) => host.update(urn, created.id, created.properties, { ...p, systemPrompt: `h${i}` }));
  const line = (name, bare, ours, note) => [
    name,
    ms(percentile(bare, 50)),
    ms(percentile(bare, 95)),
    ms(percentile(ours, 50)),
    ms(percentile(ours, 95)),
    ms(percentile(ours, 50) - percentile(bare, 50)),
    note,
  ];
  table(
    ["operation", "bare p50", "bare p95", "host p50", "host p95", "overhead p50", "note"],
    [
      line("read", bareRead, hostRead, "gRPC + host + client, 1 GET"),
      line("create", bareCreate, hostCreate, "POST + read-back GET"),
      line("update", barePatch, hostUpdate, "GET + PATCH vs a bare PATCH"),
    ],
  );
  await host.stop();
  await emulator.close();
}

/** 5a. How long the host takes to start and answer. */
async function coldStart(dir, providers) {
  section("Provider host cold start");
  const emulator = await startEmulator();
  const t0 = performance.now();
  const host = await ProviderHost.start(dir);
  const port = performance.now() - t0;
  await host.configure({ "tavus:apiKey": emulator.apiKey, "tavus:baseUrl": emulator.url });
  await host.check(urnOf(TYPES.persona, "cold"), {}, { systemPrompt: "x", __provider: providers[TYPES.persona] });
  const firstCheck = performance.now() - t0;
  const created = await host.create(urnOf(TYPES.persona, "cold"), { systemPrompt: "x", __provider: providers[TYPES.persona] });
  const firstCreate = performance.now() - t0;
  table(
    ["milestone", "since spawn"],
    [
      ["port printed", ms(port)],
      ["first Check answered (provider deserialized, schema compiled)", ms(firstCheck)],
      ["first Create answered (got loaded, 2 requests)", ms(firstCreate)],
    ],
  );
  void created;
  await host.stop();
  await emulator.close();
}

/** 4 and 5b. Many personas at a fixed concurrency under latency and a rate limit. */
async function scale(dir, providers) {
  section(`${PERSONAS} personas through the provider host: ${LATENCY_MS} ms latency, ${RATE} requests/s limit, ${DRIVER_CONCURRENCY} operations in flight`);
  const emulator = await startEmulator({ latencyMs: LATENCY_MS, rateLimitPerSecond: RATE });
  const host = await ProviderHost.start(dir);
  await host.configure({
    "tavus:apiKey": emulator.apiKey,
    "tavus:baseUrl": emulator.url,
    "tavus:requestsPerSecond": String(RATE),
    "tavus:maxConcurrentRequests": "16",
  });
  const items = Array.from({ length: PERSONAS }, (_, i) => ({
    urn: urnOf(TYPES.persona, `scale-${i}`),
    inputs: { personaName: `scale ${i}`, systemPrompt: `persona ${i}`, __provider: providers[TYPES.persona] },
  }));
  const phase = async (name, fn) => {
    emulator.clearRequests();
    let failures = 0;
    let next = 0;
    const t = performance.now();
    await Promise.all(
      Array.from({ length: DRIVER_CONCURRENCY }, async () => {
        while (next < items.length) {
          const item = items[next++];
          await fn(item).catch((e) => {
            failures++;
            if (failures <= 3) console.error(`  ${name} failed: ${e.details ?? e.message}`);
          });
        }
      }),
    );
    const wall = performance.now() - t;
    const requests = emulator.requests();
    const limited = requests.filter((r) => r.status === 429).length;
    const bound = (requests.length - limited) / RATE;
    rows.push({ name, failed: failures > 0 });
    console.error(`  ${name}: ${s(wall)}`);
    return [
      name,
      s(wall),
      requests.length,
      limited,
      bound ? `${bound.toFixed(1)} s` : "0 s",
      bound ? `${((wall / 1000 / bound) * 100).toFixed(0)}%` : "—",
      failures,
    ];
  };
  const lines = [];
  lines.push(await phase("create", async (item) => (item.created = await host.create(item.urn, item.inputs))));
  lines.push(await phase("unchanged diff", (item) => host.diff(item.urn, item.created.id, item.created.properties, item.inputs)));
  lines.push(await phase("refresh (read)", (item) => host.read(item.urn, item.created.id, item.created.properties)));
  lines.push(await phase("delete", (item) => host.delete(item.urn, item.created.id, item.created.properties)));
  table(["phase", "wall", "requests", "429s", "rate bound (requests ÷ 50/s)", "wall ÷ bound", "failures"], lines);
  const status = fs.readFileSync(`/proc/${host.child.pid}/status`, "utf8");
  const hwm = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  print(`\nprovider host peak RSS after the run: ${hwm ? `${(Number(hwm) / 1024).toFixed(0)} MiB` : "unknown"}`);
  await host.stop();
  await emulator.close();
}

main().catch((e) => {
  console.error(`bench failed: ${e.stack ?? e.message}`);
  process.exit(1);
});
