/**
 * Section 3 of `npm run bench`: what a provider process adds per persona
 * operation over bare `fetch` calls to the same emulator, through either
 * process the engine may run it in (the dynamic-provider host or the plugin).
 */
const { performance } = require("node:perf_hooks");
const { section, table, percentile, ms } = require("./benchReport");
const { withEmulator, withDriver, emulatorConfig } = require("./benchRun");

const WARM_UP_CALLS = 10;

/**
 * Provider overhead per operation: the process's round trip against bare `fetch` calls to the same emulator.
 * @param driver one of bench.js's drivers (how to start the process, name a URN, shape persona inputs).
 * @param samples timed calls per operation, after {@link WARM_UP_CALLS} untimed ones.
 */
async function overhead(driver, samples) {
  section(
    `Overhead per operation: through the ${driver.name} vs a bare fetch (N=${samples} each, after ${WARM_UP_CALLS} warm-up calls)`,
    "`bare, same requests` makes the requests the provider makes, so `overhead` is what gRPC, the host, the SDK and our client add.",
  );
  await withEmulator({}, (emulator) =>
    withDriver(driver, emulatorConfig(emulator), async (host) => {
      const urn = driver.urn("overhead");
      const inputs = driver.persona({ systemPrompt: "overhead" });
      const run = {
        api: bareClient(emulator),
        host,
        driver,
        urn,
        inputs,
        created: await host.create(urn, inputs),
        time: sampler(samples),
        // Objects the create timings made, for the delete timings to remove.
        bareIds: [],
        hostCreated: [],
      };
      const read = await readTimes(run);
      const create = await createTimes(run);
      const update = await updateTimes(run);
      const del = await deleteTimes(run);
      overheadTable([
        overheadRow("read", "GET", read),
        overheadRow("create", "POST + GET", create),
        overheadRow("update", "GET + PATCH", update),
        overheadRow("delete", "DELETE", del),
      ]);
    }),
  );
}

/** A `time(fn)` that calls `fn` {@link WARM_UP_CALLS} times untimed, then `samples` times, answering the durations (ms). */
function sampler(samples) {
  return async (fn) => {
    for (let i = 0; i < WARM_UP_CALLS; i++) await fn(`w${i}`);
    const out = [];
    for (let i = 0; i < samples; i++) {
      const t = performance.now();
      await fn(i);
      out.push(performance.now() - t);
    }
    return out;
  };
}

/** Read: one GET, bare or through the process. */
async function readTimes({ api, host, urn, created, time }) {
  const min = await time(() => api.get(created.id));
  const hostCall = await time(() => host.read(urn, created.id, created.properties));
  return { min, same: min, hostCall };
}

/** Create: a bare POST, a bare POST + GET (what the provider sends), and the process's create. */
async function createTimes({ api, host, driver, inputs, time, bareIds, hostCreated }) {
  return {
    min: await time(async () => bareIds.push((await api.post({ system_prompt: "x" })).persona_id)),
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
}

/** Update: a bare PATCH, a bare GET + guarded PATCH (what the provider sends), and the process's update. */
async function updateTimes({ api, host, urn, inputs, created, time }) {
  return {
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
      host.update(urn, created.id, created.properties, { ...inputs, systemPrompt: `host ${i}` }),
    ),
  };
}

/** Delete: one DELETE of an object the create timings made, bare or through the process. */
async function deleteTimes({ api, host, driver, time, bareIds, hostCreated }) {
  const min = await time(() => api.delete(bareIds.pop()));
  const hostCall = await time(() => {
    const c = hostCreated.pop();
    return host.delete(driver.urn("d"), c.id, c.properties);
  });
  return { min, same: min, hostCall };
}

/** One table row: the three timings' p50 / p95, and the overhead over the same requests made bare. */
function overheadRow(name, wire, t) {
  const p = (values, at) => percentile(values, at);
  return [
    name,
    wire,
    `${ms(p(t.min, 50))} / ${ms(p(t.min, 95))}`,
    `${ms(p(t.same, 50))} / ${ms(p(t.same, 95))}`,
    `${ms(p(t.hostCall, 50))} / ${ms(p(t.hostCall, 95))}`,
    ms(p(t.hostCall, 50) - p(t.same, 50)),
    ms(p(t.hostCall, 95) - p(t.same, 95)),
  ];
}

function overheadTable(rows) {
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
    rows,
  );
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

module.exports = { overhead };
