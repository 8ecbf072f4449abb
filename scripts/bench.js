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
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const { startEmulator } = require("../dist/emulator");
const { installFixture, serializedProviders } = require("./lib/fixture");
const { ProviderHost, urnOf } = require("./lib/providerHost");
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
} = require("./lib/benchReport");

const PERSONAS = positiveInt("BENCH_PERSONAS", 1000);
const SAMPLES = positiveInt("BENCH_SAMPLES", 200);
const COLD_STARTS = positiveInt("BENCH_COLD_STARTS", 5);
/** Requests per second: the emulator's limit, and the provider's `tavus:requestsPerSecond`. */
const RATE = 50;
const LATENCY_MS = 20;
/** Operations the driver keeps in flight, as the engine does with `--parallel`. */
const DRIVER_CONCURRENCY = 32;
/** By Little's law 50 requests/s × ~25 ms each needs about 1.25 in flight; 8 (the default) leaves room for slow answers. */
const MAX_CONCURRENT_REQUESTS = 8;
const STOCK_REPLICA = "rf4703150052";
/** Stock persona whose default_replica_id is {@link STOCK_REPLICA}. */
const STOCK_PERSONA = "p48fdf065d6b";
const TYPES = {
  persona: "pulumi-nodejs:dynamic/tavus:Persona",
  replica: "pulumi-nodejs:dynamic/tavus:Replica",
  conversation: "pulumi-nodejs:dynamic/tavus:Conversation",
  objectives: "pulumi-nodejs:dynamic/tavus:Objectives",
  guardrail: "pulumi-nodejs:dynamic/tavus:Guardrail",
  guardrailSet: "pulumi-nodejs:dynamic/tavus:GuardrailSet",
  pronunciationDictionary: "pulumi-nodejs:dynamic/tavus:PronunciationDictionary",
  document: "pulumi-nodejs:dynamic/tavus:Document",
  tool: "pulumi-nodejs:dynamic/tavus:Tool",
};

/**
 * The JSON Patch kinds a persona points at (issue #11): inputs to create, a
 * change to update, where the emulator stores them, and why a create reads back.
 */
const JSON_PATCH_KINDS = [
  {
    name: "Objectives",
    type: TYPES.objectives,
    inputs: {
      data: [
        {
          objectiveName: "greet",
          objectivePrompt: "Greet the caller.",
          nextRequiredObjectives: ["ask_name"],
        },
        { objectiveName: "ask_name", objectivePrompt: "Ask the caller's name." },
      ],
    },
    change: (i) => ({
      ...i,
      data: [{ ...i.data[0], objectivePrompt: "Greet the caller warmly." }, i.data[1]],
    }),
    stored: (state) => state.objectives.map((o) => o.objectives_id),
    createWhy: "GET read-back: POST answers only the id, a fixed name, status and created_at",
    updateWhy:
      "GET first: the ops are computed against the live document and guarded by test ops; PATCH answers only a message",
  },
  {
    name: "Guardrail",
    type: TYPES.guardrail,
    inputs: {
      guardrailName: "no_medical_advice",
      guardrailPrompt: "Never give medical advice.",
      tags: ["bench"],
    },
    change: (i) => ({ ...i, guardrailPrompt: "Never give medical or legal advice." }),
    stored: (state) => state.guardrails.map((g) => g.uuid),
    createWhy:
      "GET read-back, as for every kind; the POST answer already is the guardrail, so this GET could go",
    updateWhy: "GET first: the ops are computed against the live document and guarded by test ops",
  },
  {
    name: "GuardrailSet",
    type: TYPES.guardrailSet,
    inputs: {
      name: "Bench set",
      data: [{ guardrailName: "no_prices", guardrailPrompt: "Quote no prices." }],
    },
    change: (i) => ({
      ...i,
      data: [{ ...i.data[0], guardrailPrompt: "Quote no prices or discounts." }],
    }),
    stored: (state) => state.guardrailSets.map((s) => s.guardrails_id),
    createWhy:
      "GET read-back: POST answers only the id, name, status and created_at (not the items' ids)",
    updateWhy:
      "GET first: the ops are computed against the live document and guarded by test ops; PATCH answers only a message",
  },
  {
    name: "PronunciationDictionary",
    type: TYPES.pronunciationDictionary,
    inputs: {
      name: "Bench words",
      rules: [{ text: "Tavus", pronunciation: "TAH-vus", type: "alias" }],
    },
    change: (i) => ({ ...i, rules: [{ ...i.rules[0], pronunciation: "TAV-us" }] }),
    stored: (state) => state.pronunciationDictionaries.map((d) => d.pronunciation_dictionary_id),
    createWhy:
      "GET read-back, as for every kind; the POST answer already is the dictionary, so this GET could go",
    updateWhy: "GET first: the ops are computed against the live document and guarded by test ops",
  },
];

/**
 * The merge-PATCH kinds (issue #12): an update is one PATCH of the changed
 * members, computed from state alone (no GET first).
 */
const MERGE_PATCH_KINDS = [
  {
    name: "Document",
    type: TYPES.document,
    inputs: { documentUrl: "https://example.com/handbook.pdf", documentName: "Handbook" },
    change: (i) => ({ ...i, documentName: "Staff handbook" }),
    stored: (state) => state.documents.map((d) => d.document_id),
    createWhy:
      "GET read-back, as for every kind; the POST answer already is the document (status started), so without waitForReady this GET could go",
    updateWhy: "a rename: the merge PATCH carries only document_name, from state alone",
  },
  {
    name: "Tool",
    type: TYPES.tool,
    inputs: {
      name: "book_visit",
      description: "Books a visit.",
      delivery: { api: { url: "https://example.com/book", method: "POST" } },
      deliverySecrets: { api: { headers: { "X-Api-Key": "sk-bench" } } },
    },
    change: (i) => ({ ...i, deliverySecrets: { api: { headers: { "X-Api-Key": "sk-bench-2" } } } }),
    // DELETE is a soft delete: the tool stays in the state with deleted_at.
    stored: (state) => state.tools.filter((t) => !t.deleted_at).map((t) => t.tool_id),
    createWhy: "",
    updateWhy: "the header secret rotated: the PATCH carries the new value, never Get's mask",
  },
];

/** Functional failures; any of them makes the run exit 1. */
const failures = [];
function fail(message) {
  failures.push(message);
  process.stderr.write(`  FAILED: ${message}\n`);
}

async function main() {
  const started = performance.now();
  print("# pulumi-tavus bench");
  print(`command: ${commandLine()}`);
  print(
    `machine: node ${process.version}, ${process.platform} ${process.arch}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "unknown"}), ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB RAM; load average at start ${loadAverage()}`,
  );
  print(`date: ${new Date().toISOString()}`);

  const fixture = installFixture("tavus-bench-");
  progress(`installed the packed package into ${fixture.dir} (${s(performance.now() - started)})`);
  try {
    const providers = serializedProviders(fixture.dir);
    await requestsPerOperation(fixture.dir, providers);
    providerSizes(providers);
    for (const driver of drivers(fixture.dir, providers)) await overhead(driver);
    await coldStart(drivers(fixture.dir, providers));
    await scale(fixture.dir, providers);
  } finally {
    fs.rmSync(fixture.dir, { recursive: true, force: true });
  }

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

// ------------------------------------------------------------ 1. requests per operation

/** Requests per operation in the emulator's log, against the fewest the API allows. */
async function requestsPerOperation(dir, providers) {
  section(
    "Requests per operation (emulator's request log)",
    "Each operation runs once through the provider host; `ours` lists the requests in order.",
  );
  await withEmulator({ replicaTrainingMs: 10 }, async (emulator) => {
    await withHost(
      dir,
      { "tavus:apiKey": emulator.apiKey, "tavus:baseUrl": emulator.url },
      async (host) => {
        const rows = [];
        /** Runs `fn`, then adds a row: the requests it made beside `minimum` (count, what). */
        const measure = async (operation, fn, minimum, why = "") => {
          emulator.clearRequests();
          let result;
          try {
            result = await fn();
          } catch (e) {
            fail(`${operation}: ${e.details ?? e.message}`);
          }
          const wire = emulator.requests();
          const extra = wire.length - minimum[0];
          rows.push([
            operation,
            `${wire.length}: ${wire.map(describeRequest).join(", ") || "none"}`,
            `${minimum[0]}: ${minimum[1]}`,
            extra > 0 ? `+${extra}` : "0",
            why,
          ]);
          return result;
        };

        const personaUrn = urnOf(TYPES.persona, "ops");
        const persona = { systemPrompt: "bench", __provider: providers[TYPES.persona] };
        const created = await measure(
          "Persona create",
          () => host.create(personaUrn, persona),
          [1, "POST"],
          "GET read-back: POST answers only id, name, created_at",
        );
        if (!created) return;
        await measure(
          "Persona unchanged diff",
          async () => {
            const diff = await host.diff(personaUrn, created.id, created.properties, persona);
            if (diff.changes !== "none")
              fail(`Persona unchanged diff answered changes=${diff.changes}`);
          },
          [0, "none"],
        );
        const updated = await measure(
          "Persona update",
          () =>
            host.update(personaUrn, created.id, created.properties, {
              ...persona,
              systemPrompt: "bench 2",
            }),
          [1, "PATCH"],
          "GET first: the ops are computed against the live document and guarded by test ops",
        );
        const outputs = updated?.properties ?? created.properties;
        await measure("Persona refresh (read)", () => host.read(personaUrn, created.id, outputs), [
          1,
          "GET",
        ]);
        await measure("Persona delete", () => host.delete(personaUrn, created.id, outputs), [
          1,
          "DELETE",
        ]);

        const replicaUrn = urnOf(TYPES.replica, "ops");
        const replicaInputs = {
          trainVideoUrl: "https://example.com/v.mp4",
          __provider: providers[TYPES.replica],
        };
        const replica = await measure(
          "Replica create",
          () => host.create(replicaUrn, replicaInputs),
          [1, "POST"],
          "GET read-back: status and training progress",
        );
        emulator.settings.replicaTrainingMs = 1500;
        const trained = await measure(
          "Replica create, waitForTraining (training 1.5 s)",
          () =>
            host.create(urnOf(TYPES.replica, "trained"), {
              ...replicaInputs,
              waitForTraining: true,
            }),
          [2, "POST, GET once trained"],
          "polls GET at 0, 0.5, 1.5 s, … (doubling, capped at 15 s)",
        );
        if (replica)
          await measure(
            "Replica delete",
            () => host.delete(replicaUrn, replica.id, replica.properties),
            [1, "DELETE"],
          );
        if (trained)
          await host.delete(urnOf(TYPES.replica, "trained"), trained.id, trained.properties);

        const conversationUrn = urnOf(TYPES.conversation, "ops");
        const conversation = (inputs) => ({ ...inputs, __provider: providers[TYPES.conversation] });
        const active = await measure(
          "Conversation create (replicaId)",
          () => host.create(conversationUrn, conversation({ replicaId: STOCK_REPLICA })),
          [1, "POST"],
        );
        const byPersona = await measure(
          "Conversation create (personaId only)",
          () => host.create(conversationUrn, conversation({ personaId: STOCK_PERSONA })),
          [1, "POST"],
          "GET persona first, to refuse clearly when it has no default replica",
        );
        const byPersonaOutput = await measure(
          "Conversation create (personaId + personaDefaultReplicaId)",
          () =>
            host.create(
              conversationUrn,
              conversation({ personaId: STOCK_PERSONA, personaDefaultReplicaId: STOCK_REPLICA }),
            ),
          [1, "POST"],
          "the default replica came from the Persona's outputs: no GET",
        );
        const testMode = await measure(
          "Conversation create (testMode)",
          () =>
            host.create(
              conversationUrn,
              conversation({ replicaId: STOCK_REPLICA, testMode: true }),
            ),
          [1, "POST"],
        );
        if (active) {
          await measure(
            "Conversation delete (active)",
            () => host.delete(conversationUrn, active.id, active.properties),
            [1, "DELETE"],
            "End first: the contract's destroy is end + DELETE (docs/tavus-api/conversations.md#delete); the API's DELETE alone would end it",
          );
        }
        if (testMode)
          await measure(
            "Conversation delete (ended: testMode)",
            () => host.delete(conversationUrn, testMode.id, testMode.properties),
            [1, "DELETE"],
          );
        for (const c of [byPersona, byPersonaOutput])
          if (c) await host.delete(conversationUrn, c.id, c.properties);

        for (const kind of JSON_PATCH_KINDS)
          await patchKindRows(host, emulator, providers, kind, measure);
        for (const kind of MERGE_PATCH_KINDS)
          await patchKindRows(host, emulator, providers, kind, measure);

        emulator.settings.documentProcessingMs = 1500;
        const documentUrn = urnOf(TYPES.document, "ready");
        const ready = await measure(
          "Document create, waitForReady (processing 1.5 s)",
          () =>
            host.create(documentUrn, {
              ...MERGE_PATCH_KINDS[0].inputs,
              waitForReady: true,
              __provider: providers[TYPES.document],
            }),
          [2, "POST, GET once ready"],
          "polls GET at 0, 0.5, 1.5 s, … (doubling, capped at 15 s)",
        );
        if (ready && ready.properties.status !== "ready")
          fail(`Document create, waitForReady: status ${ready.properties.status}`);
        if (ready) await host.delete(documentUrn, ready.id, ready.properties);

        table(["operation", "ours", "minimum", "extra", "why the difference"], rows);
      },
    );
  });
}

/**
 * Create, unchanged diff, update, refresh and delete of one JSON Patch or
 * merge-PATCH kind, each measured; an object missing after create or left
 * after delete fails the run.
 */
async function patchKindRows(host, emulator, providers, kind, measure) {
  const urn = urnOf(kind.type, "ops");
  const inputs = { ...kind.inputs, __provider: providers[kind.type] };
  const created = await measure(
    `${kind.name} create`,
    () => host.create(urn, inputs),
    [1, "POST"],
    kind.createWhy,
  );
  if (!created) return;
  if (!kind.stored(emulator.state()).includes(created.id))
    fail(`${kind.name} create: ${created.id} is not in the emulator`);
  await measure(
    `${kind.name} unchanged diff`,
    async () => {
      const diff = await host.diff(urn, created.id, created.properties, inputs);
      if (diff.changes !== "none")
        fail(`${kind.name} unchanged diff answered changes=${diff.changes}`);
    },
    [0, "none"],
  );
  const updated = await measure(
    `${kind.name} update`,
    () => host.update(urn, created.id, created.properties, kind.change(inputs)),
    [1, "PATCH"],
    kind.updateWhy,
  );
  const outputs = updated?.properties ?? created.properties;
  await measure(`${kind.name} refresh (read)`, () => host.read(urn, created.id, outputs), [
    1,
    "GET",
  ]);
  await measure(`${kind.name} delete`, () => host.delete(urn, created.id, outputs), [1, "DELETE"]);
  if (kind.stored(emulator.state()).includes(created.id))
    fail(`${kind.name} delete: ${created.id} is still in the emulator`);
}

/** "GET", "POST /end", "DELETE(400)": method, the action segment if any, and a status that is not 2xx/304. */
function describeRequest(r) {
  const action = /\/(end|name)$/.exec(r.path)?.[0] ?? "";
  const ok = (r.status >= 200 && r.status < 300) || r.status === 304;
  return `${r.method}${action ? ` ${action}` : ""}${ok ? "" : `(${r.status})`}`;
}

// ------------------------------------------------------------ 2. __provider size

/** What each resource stores as `__provider`, from the SDK's serializer in the installed fixture. */
function providerSizes(providers) {
  section(
    "Serialized __provider per resource",
    "Bytes of the text the SDK writes into state; stored twice a resource (inputs and outputs).",
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

/** Provider overhead per operation: the process's round trip against bare `fetch` calls to the same emulator. */
async function overhead(driver) {
  section(
    `Overhead per operation: through the ${driver.name} vs a bare fetch (N=${SAMPLES} each, after 10 warm-up calls)`,
    "`bare, same requests` makes the requests the provider makes, so `overhead` is what gRPC, the host, the SDK and our client add.",
  );
  await withEmulator({}, async (emulator) => {
    await withDriver(
      driver,
      { "tavus:apiKey": emulator.apiKey, "tavus:baseUrl": emulator.url },
      async (host) => {
        const api = bareClient(emulator);
        const urn = driver.urn("overhead");
        const inputs = driver.persona({ systemPrompt: "overhead" });
        const created = await host.create(urn, inputs);
        const time = async (fn) => {
          for (let i = 0; i < 10; i++) await fn(`w${i}`);
          const out = [];
          for (let i = 0; i < SAMPLES; i++) {
            const t = performance.now();
            await fn(i);
            out.push(performance.now() - t);
          }
          return out;
        };
        const bareIds = [];
        const hostCreated = [];
        const read = {
          min: await time(() => api.get(created.id)),
          hostCall: await time(() => host.read(urn, created.id, created.properties)),
        };
        read.same = read.min;
        const create = {
          min: await time(async () =>
            bareIds.push((await api.post({ system_prompt: "x" })).persona_id),
          ),
          same: await time(async () =>
            bareIds.push(
              await api
                .get((await api.post({ system_prompt: "x" })).persona_id)
                .then((p) => p.persona_id),
            ),
          ),
          hostCall: await time(async (i) =>
            hostCreated.push(await host.create(driver.urn(`o${i}`), inputs)),
          ),
        };
        const update = {
          min: await time((i) =>
            api.patch(created.id, [{ op: "replace", path: "/system_prompt", value: `bare ${i}` }]),
          ),
          same: await time(async (i) => {
            const live = await api.get(created.id);
            await api.patch(created.id, [
              { op: "test", path: "/system_prompt", value: live.system_prompt },
              { op: "replace", path: "/system_prompt", value: `same ${i}` },
            ]);
          }),
          // The provider reads the live persona before patching, so the stale olds do not matter.
          hostCall: await time((i) =>
            host.update(urn, created.id, created.properties, {
              ...inputs,
              systemPrompt: `host ${i}`,
            }),
          ),
        };
        const del = {
          min: await time(() => api.delete(bareIds.pop())),
          hostCall: await time(() => {
            const c = hostCreated.pop();
            return host.delete(driver.urn("d"), c.id, c.properties);
          }),
        };
        del.same = del.min;
        const row = (name, wire, t) => [
          name,
          wire,
          `${ms(percentile(t.min, 50))} / ${ms(percentile(t.min, 95))}`,
          `${ms(percentile(t.same, 50))} / ${ms(percentile(t.same, 95))}`,
          `${ms(percentile(t.hostCall, 50))} / ${ms(percentile(t.hostCall, 95))}`,
          ms(percentile(t.hostCall, 50) - percentile(t.same, 50)),
          ms(percentile(t.hostCall, 95) - percentile(t.same, 95)),
        ];
        table(
          [
            "operation",
            "ours on the wire",
            "bare minimum p50 / p95",
            "bare, same requests p50 / p95",
            "through it p50 / p95",
            "overhead p50",
            "overhead p95",
          ],
          [
            row("read", "GET", read),
            row("create", "POST + GET", create),
            row("update", "GET + PATCH", update),
            row("delete", "DELETE", del),
          ],
        );
      },
    );
  });
}

/** Bare `fetch` calls to the emulator's persona routes, each with a timeout; a non-2xx answer throws. */
function bareClient(emulator) {
  const headers = { "x-api-key": emulator.apiKey, "content-type": "application/json" };
  const call = async (method, route, body) => {
    const res = await fetch(`${emulator.url}/v2/personas${route}`, {
      method,
      headers,
      signal: globalThis.AbortSignal.timeout(10_000),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`bare ${method} /v2/personas${route}: HTTP ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    get: (id) => call("GET", `/${id}`),
    post: (body) => call("POST", "", body),
    patch: (id, ops) => call("PATCH", `/${id}`, ops),
    delete: (id) => call("DELETE", `/${id}`),
  };
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
      for (const driver of driverList) {
        const run = runs.get(driver);
        const t0 = performance.now();
        const host = await driver.start();
        try {
          run.port.push(performance.now() - t0);
          await host.configure({ "tavus:apiKey": emulator.apiKey, "tavus:baseUrl": emulator.url });
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
    }
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
            ...row(
              "first Configure + Check answered (provider loaded, schema compiled)",
              run.check,
            ),
          ],
          [driver.name, ...row("first Create answered (got loaded, POST + GET)", run.create)],
        ];
      }),
    );
  });
}

// ------------------------------------------------------------ 4 and 5b. many personas under a rate limit

/** Many personas at a fixed concurrency against a slow, rate-limited API; the host's peak memory at the end. */
async function scale(dir, providers) {
  section(
    `${PERSONAS} personas through the provider host: ${LATENCY_MS} ms latency, ${RATE} requests/s limit, ${DRIVER_CONCURRENCY} operations in flight`,
    `Provider config: tavus:requestsPerSecond=${RATE}, tavus:maxConcurrentRequests=${MAX_CONCURRENT_REQUESTS}. ` +
      `The rate bound is the accepted requests ÷ ${RATE}/s; both token buckets start with one second's burst, so a phase can finish up to ~1 s under it.`,
  );
  await withEmulator({ latencyMs: LATENCY_MS, rateLimitPerSecond: RATE }, async (emulator) => {
    const config = {
      "tavus:apiKey": emulator.apiKey,
      "tavus:baseUrl": emulator.url,
      "tavus:requestsPerSecond": String(RATE),
      "tavus:maxConcurrentRequests": String(MAX_CONCURRENT_REQUESTS),
    };
    await withHost(dir, config, async (host) => {
      const items = Array.from({ length: PERSONAS }, (_, i) => ({
        urn: urnOf(TYPES.persona, `scale-${i}`),
        inputs: {
          personaName: `scale ${i}`,
          systemPrompt: `persona ${i}`,
          __provider: providers[TYPES.persona],
        },
        created: undefined,
      }));
      const rows = [];
      const phase = async (name, fn) => {
        const pending = items.filter((item) => name === "create" || item.created);
        emulator.clearRequests();
        let next = 0;
        let done = 0;
        let failed = 0;
        const latencies = [];
        const t0 = performance.now();
        const ticker = setInterval(
          () =>
            progress(
              `${name}: ${done}/${pending.length} done, ${failed} failed, ${s(performance.now() - t0)}`,
            ),
          5000,
        );
        await Promise.all(
          Array.from({ length: DRIVER_CONCURRENCY }, async () => {
            while (next < pending.length) {
              const item = pending[next++];
              const t = performance.now();
              try {
                await fn(item);
              } catch (e) {
                failed++;
                if (failed <= 3) fail(`${name} of ${item.urn}: ${e.details ?? e.message}`);
              }
              latencies.push(performance.now() - t);
              done++;
            }
          }),
        );
        clearInterval(ticker);
        const wall = performance.now() - t0;
        if (failed > 3) fail(`${name}: ${failed} operations failed in all`);
        const requests = emulator.requests();
        const limited = requests.filter((r) => r.status === 429).length;
        const otherErrors = requests.filter(
          (r) => r.status !== 429 && !(r.status >= 200 && r.status < 300) && r.status !== 304,
        ).length;
        const bound = ((requests.length - limited) / RATE) * 1000;
        progress(
          `${name}: ${s(wall)}, ${requests.length} requests, ${limited} answered 429, ${failed} failed`,
        );
        rows.push([
          name,
          s(wall),
          requests.length,
          limited,
          otherErrors,
          bound ? s(bound) : "0 s",
          bound ? `${((wall / bound) * 100).toFixed(0)}%` : "—",
          `${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 95))} / ${ms(Math.max(...latencies))}`,
          failed,
        ]);
      };

      const ours = () => new Set(items.map((item) => item.created?.id).filter(Boolean));
      const stored = () => emulator.state().personas.filter((p) => ours().has(p.persona_id)).length;

      await phase(
        "create",
        async (item) => (item.created = await host.create(item.urn, item.inputs)),
      );
      if (ours().size !== PERSONAS || stored() !== PERSONAS)
        fail(
          `create: ${ours().size} distinct ids returned, ${stored()} in the emulator, ${PERSONAS} expected`,
        );
      await phase("unchanged diff", async (item) => {
        const diff = await host.diff(
          item.urn,
          item.created.id,
          item.created.properties,
          item.inputs,
        );
        if (diff.changes !== "none")
          throw new Error(`diff answered changes=${diff.changes}, expected none`);
      });
      await phase("refresh (read)", async (item) => {
        const read = await host.read(item.urn, item.created.id, item.created.properties);
        if (read.id !== item.created.id) throw new Error(`read answered id "${read.id}"`);
      });
      await phase("delete", (item) =>
        host.delete(item.urn, item.created.id, item.created.properties),
      );
      if (stored() !== 0) fail(`delete: ${stored()} personas still in the emulator`);

      table(
        [
          "phase",
          "wall",
          "requests",
          "429s",
          "other errors",
          `rate bound (requests ÷ ${RATE}/s)`,
          "wall ÷ bound",
          "per operation p50 / p95 / max",
          "failures",
        ],
        rows,
      );
      const hwm = peakRss(host.child.pid);
      print(
        `\nprovider host peak RSS (VmHWM) after the run: ${hwm === undefined ? "unknown (no /proc)" : mib(hwm)}`,
      );
    });
  });
}

// ------------------------------------------------------------ helpers

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

async function withDriver(driver, config, fn) {
  const host = await driver.start();
  try {
    await host.configure(config);
    return await fn(host);
  } finally {
    await host.stop();
  }
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

function loadAverage() {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

function positiveInt(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`${name} must be a positive integer, not "${raw}"\n`);
    process.exit(2);
  }
  return n;
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
