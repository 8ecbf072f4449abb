/**
 * Section 1 of `npm run bench`: the requests each operation makes, from the
 * emulator's request log, beside the fewest the API allows and why any
 * difference. Each operation runs once through the dynamic-provider host.
 */
const { urnOf } = require("./providerHost");
const { section, table } = require("./benchReport");
const {
  TYPES,
  STOCK_REPLICA,
  STOCK_PERSONA,
  JSON_PATCH_KINDS,
  MERGE_PATCH_KINDS,
  PART_ROUTE_KINDS,
} = require("./benchKinds");
const { fail, withEmulator, withHost, emulatorConfig } = require("./benchRun");

/** Requests per operation in the emulator's log, against the fewest the API allows. */
async function requestsPerOperation(dir, providers) {
  section(
    "Requests per operation (emulator's request log)",
    "Each operation runs once through the provider host; `ours` lists the requests in order.",
  );
  await withEmulator({ replicaTrainingMs: 10 }, (emulator) =>
    withHost(dir, emulatorConfig(emulator), async (host) => {
      const rows = [];
      const run = { host, emulator, providers, measure: measurer(emulator, rows) };
      await personaRows(run);
      await replicaRows(run);
      await conversationRows(run);
      for (const kind of [...JSON_PATCH_KINDS, ...MERGE_PATCH_KINDS, ...PART_ROUTE_KINDS])
        await patchKindRows(run, kind);
      await documentWaitRow(run);
      table(["operation", "ours", "minimum", "extra", "why the difference"], rows);
    }),
  );
}

/**
 * A `measure(operation, fn, minimum, why)` that runs `fn` and adds a row to
 * `rows`: the requests it made beside `minimum` (count, what). A failure of
 * `fn` fails the run and answers undefined.
 */
function measurer(emulator, rows) {
  return async (operation, fn, minimum, why = "") => {
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
}

/** Persona: create, unchanged diff, update, refresh, delete. */
async function personaRows({ host, providers, measure }) {
  const urn = urnOf(TYPES.persona, "ops");
  const persona = { systemPrompt: "bench", __provider: providers[TYPES.persona] };
  const created = await measure(
    "Persona create",
    () => host.create(urn, persona),
    [1, "POST"],
    "GET read-back: POST answers only id, name, created_at",
  );
  if (!created) return;
  await measure(
    "Persona unchanged diff",
    () => expectNoChange("Persona", host.diff(urn, created.id, created.properties, persona)),
    [0, "none"],
  );
  const updated = await measure(
    "Persona update",
    () => host.update(urn, created.id, created.properties, { ...persona, systemPrompt: "bench 2" }),
    [1, "PATCH"],
    "GET first: the ops are computed against the live document and guarded by test ops",
  );
  const outputs = updated?.properties ?? created.properties;
  await measure("Persona refresh (read)", () => host.read(urn, created.id, outputs), [1, "GET"]);
  await measure("Persona delete", () => host.delete(urn, created.id, outputs), [1, "DELETE"]);
}

/** Fails the run when an unchanged diff answers changes. */
async function expectNoChange(name, diffing) {
  const diff = await diffing;
  if (diff.changes !== "none") fail(`${name} unchanged diff answered changes=${diff.changes}`);
}

/** Replica: create, create waiting for training (1.5 s), delete. */
async function replicaRows({ host, emulator, providers, measure }) {
  const urn = urnOf(TYPES.replica, "ops");
  const inputs = {
    trainVideoUrl: "https://example.com/v.mp4",
    __provider: providers[TYPES.replica],
  };
  const replica = await measure(
    "Replica create",
    () => host.create(urn, inputs),
    [1, "POST"],
    "GET read-back: status and training progress",
  );
  emulator.settings.replicaTrainingMs = 1500;
  const trainedUrn = urnOf(TYPES.replica, "trained");
  const trained = await measure(
    "Replica create, waitForTraining (training 1.5 s)",
    () => host.create(trainedUrn, { ...inputs, waitForTraining: true }),
    [2, "POST, GET once trained"],
    "polls GET at 0, 0.5, 1.5 s, … (doubling, capped at 15 s)",
  );
  if (replica)
    await measure("Replica delete", () => host.delete(urn, replica.id, replica.properties), [
      1,
      "DELETE",
    ]);
  if (trained) await host.delete(trainedUrn, trained.id, trained.properties);
}

/** Conversation: the four ways to create one, then delete an active and an ended one. */
async function conversationRows(run) {
  const { host, providers, measure } = run;
  const urn = urnOf(TYPES.conversation, "ops");
  const create = (operation, inputs, why) =>
    measure(
      operation,
      () => host.create(urn, { ...inputs, __provider: providers[TYPES.conversation] }),
      [1, "POST"],
      why,
    );
  const active = await create("Conversation create (replicaId)", { replicaId: STOCK_REPLICA });
  const byPersona = await create(
    "Conversation create (personaId only)",
    { personaId: STOCK_PERSONA },
    "GET persona first, to refuse clearly when it has no default replica",
  );
  const byPersonaOutput = await create(
    "Conversation create (personaId + personaDefaultReplicaId)",
    { personaId: STOCK_PERSONA, personaDefaultReplicaId: STOCK_REPLICA },
    "the default replica came from the Persona's outputs: no GET",
  );
  const testMode = await create("Conversation create (testMode)", {
    replicaId: STOCK_REPLICA,
    testMode: true,
  });
  await conversationDeletes(run, urn, { active, testMode });
  for (const c of [byPersona, byPersonaOutput]) if (c) await host.delete(urn, c.id, c.properties);
}

/** Deletes of an active conversation (End first) and of an ended one. */
async function conversationDeletes({ host, measure }, urn, { active, testMode }) {
  if (active)
    await measure(
      "Conversation delete (active)",
      () => host.delete(urn, active.id, active.properties),
      [1, "DELETE"],
      "End first: the contract's destroy is end + DELETE (docs/tavus-api/conversations.md#delete); the API's DELETE alone would end it",
    );
  if (testMode)
    await measure(
      "Conversation delete (ended: testMode)",
      () => host.delete(urn, testMode.id, testMode.properties),
      [1, "DELETE"],
    );
}

/**
 * Create, unchanged diff, update, refresh and delete of one JSON Patch,
 * merge-PATCH or part-route kind, each measured; an object missing after create or left
 * after delete fails the run.
 */
async function patchKindRows({ host, emulator, providers, measure }, kind) {
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
    () => expectNoChange(kind.name, host.diff(urn, created.id, created.properties, inputs)),
    [0, "none"],
  );
  const updated = await measure(
    `${kind.name} update`,
    () => host.update(urn, created.id, created.properties, kind.change(inputs)),
    kind.updateMinimum ?? [1, "PATCH"],
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

/** A document created with waitForReady while processing takes 1.5 s: the create answer, then polls. */
async function documentWaitRow({ host, emulator, providers, measure }) {
  emulator.settings.documentProcessingMs = 1500;
  const urn = urnOf(TYPES.document, "ready");
  const ready = await measure(
    "Document create, waitForReady (processing 1.5 s)",
    () =>
      host.create(urn, {
        ...MERGE_PATCH_KINDS[0].inputs,
        waitForReady: true,
        __provider: providers[TYPES.document],
      }),
    [2, "POST, GET once ready"],
    "the POST's answer is the first poll (started); then GET at 0.5, 1.5 s, … (doubling, capped at 15 s)",
  );
  if (ready && ready.properties.status !== "ready")
    fail(`Document create, waitForReady: status ${ready.properties.status}`);
  if (ready) await host.delete(urn, ready.id, ready.properties);
}

/** "GET", "POST /end", "DELETE(400)": method, the action segment if any, and a status that is not 2xx/304. */
function describeRequest(r) {
  const action = /\/(end|name)$/.exec(r.path)?.[0] ?? "";
  const ok = (r.status >= 200 && r.status < 300) || r.status === 304;
  return `${r.method}${action ? ` ${action}` : ""}${ok ? "" : `(${r.status})`}`;
}

module.exports = { requestsPerOperation };
