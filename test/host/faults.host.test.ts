/**
 * The fault matrix, through the provider host: reads, updates (the persona's
 * GET and PATCH, the replica's rename) and deletes (the conversation's End
 * too) of each kind, under every fault the emulator injects. A fault that
 * clears is absorbed by the bounded retry budget, with exactly the attempts it
 * should take and the change made; one that never clears fails with a message
 * naming the resource, the id, the last status or network code, and what to do.
 */
import type { FaultRule } from "../../emulator";
import { urnOf, type HostError } from "../harness/providerHost";
import { TYPES, useProviderHost } from "../harness/hostSuite";

type Kind = keyof typeof TYPES;
interface Target {
  id: string;
  props: Record<string, unknown>;
  urn: string;
}

// Short timeout and backoff keep 150 cases fast; 3 retries = 4 attempts at most.
const suite = useProviderHost({
  emulator: { replicaTrainingMs: 10, maxConcurrentConversations: 1000 },
  config: { "tavus:timeoutMs": "300", "tavus:maxRetries": "3", "tavus:retryBaseDelayMs": "5" },
});

beforeEach(() => suite.emulator.clearFaults());

const inputs = {
  persona: { systemPrompt: "fault matrix" },
  replica: { trainVideoUrl: "https://example.com/fm.mp4", replicaName: "fm" },
  endedConversation: { replicaId: "rf4703150052", testMode: true },
  activeConversation: { replicaId: "rf4703150052" },
};

async function fresh(kind: Kind, values: Record<string, unknown>): Promise<Target> {
  const urn = urnOf(TYPES[kind], `fm-${kind}`);
  const created = await suite.host.create(urn, {
    ...values,
    __provider: suite.providers[TYPES[kind]]!,
  });
  return { id: created.id, props: created.properties, urn };
}

const stored = {
  persona: (id: string) => suite.emulator.state().personas.find((p) => p.persona_id === id),
  replica: (id: string) => suite.emulator.state().replicas.find((r) => r.replica_id === id),
  conversation: (id: string) =>
    suite.emulator.state().conversations.find((c) => c.conversation_id === id),
};

/** One provider operation: the request a fault targets, how to run it, what it must have done. */
interface Operation {
  kind: Kind;
  inputs: Record<string, unknown>;
  /** What the error says was being done. */
  action: string;
  method: string;
  path: (id: string) => string;
  /** The query string the request carries, as errors show it. */
  query?: string;
  run: (t: Target) => Promise<unknown>;
  done: (t: Target, result: unknown) => void;
}

const newPrompt = (t: Target) => `changed ${t.id}`;
const updatePersona = (t: Target) =>
  suite.host.update(t.urn, t.id, t.props, {
    systemPrompt: newPrompt(t),
    __provider: suite.providers[TYPES.persona]!,
  });
const read = (t: Target) => suite.host.read(t.urn, t.id, t.props);
const remove = (t: Target) => suite.host.delete(t.urn, t.id, t.props);
const readBack = (t: Target, result: unknown) => expect((result as { id: string }).id).toBe(t.id);

const operations: Record<string, Operation> = {
  "read persona": {
    kind: "persona",
    inputs: inputs.persona,
    action: "read",
    method: "GET",
    path: (id) => `/v2/personas/${id}`,
    run: read,
    done: readBack,
  },
  "update persona (its GET)": {
    kind: "persona",
    inputs: inputs.persona,
    action: "update (reading the live persona)",
    method: "GET",
    path: (id) => `/v2/personas/${id}`,
    run: updatePersona,
    done: (t) => expect(stored.persona(t.id)?.system_prompt).toBe(newPrompt(t)),
  },
  "update persona (its PATCH)": {
    kind: "persona",
    inputs: inputs.persona,
    action: "update (patching system_prompt)",
    method: "PATCH",
    path: (id) => `/v2/personas/${id}`,
    run: updatePersona,
    done: (t) => expect(stored.persona(t.id)?.system_prompt).toBe(newPrompt(t)),
  },
  "delete persona": {
    kind: "persona",
    inputs: inputs.persona,
    action: "delete",
    method: "DELETE",
    path: (id) => `/v2/personas/${id}`,
    run: remove,
    done: (t) => expect(stored.persona(t.id)).toBeUndefined(),
  },
  "read replica": {
    kind: "replica",
    inputs: inputs.replica,
    action: "read",
    method: "GET",
    path: (id) => `/v2/replicas/${id}`,
    run: read,
    done: readBack,
  },
  "rename replica": {
    kind: "replica",
    inputs: inputs.replica,
    action: "rename",
    method: "PATCH",
    path: (id) => `/v2/replicas/${id}/name`,
    run: (t) =>
      suite.host.update(t.urn, t.id, t.props, {
        ...inputs.replica,
        replicaName: `renamed ${t.id}`,
        __provider: suite.providers[TYPES.replica]!,
      }),
    done: (t) => expect(stored.replica(t.id)?.replica_name).toBe(`renamed ${t.id}`),
  },
  "delete replica": {
    kind: "replica",
    inputs: inputs.replica,
    action: "delete",
    method: "DELETE",
    path: (id) => `/v2/replicas/${id}`,
    query: "?hard=false",
    run: remove,
    done: (t) => expect(stored.replica(t.id)?.deleted_at).toBeDefined(),
  },
  "read conversation": {
    kind: "conversation",
    inputs: inputs.endedConversation,
    action: "read",
    method: "GET",
    path: (id) => `/v2/conversations/${id}`,
    run: read,
    done: readBack,
  },
  "delete conversation": {
    kind: "conversation",
    inputs: inputs.endedConversation,
    action: "delete",
    method: "DELETE",
    path: (id) => `/v2/conversations/${id}`,
    query: "?hard=false",
    run: remove,
    done: (t) => expect(stored.conversation(t.id)?.deleted_at).toBeDefined(),
  },
  "delete conversation (its End)": {
    kind: "conversation",
    inputs: inputs.activeConversation,
    action: "delete",
    method: "POST",
    path: (id) => `/v2/conversations/${id}/end`,
    run: remove,
    done: (t) =>
      expect(stored.conversation(t.id)).toMatchObject({
        status: "ended",
        deleted_at: expect.any(String),
      }),
  },
};

/** Faults that clear, and the attempts each takes: the retry budget (4) absorbs them. */
const transient: Array<[string, Omit<FaultRule, "method" | "path">, number]> = [
  ["429 with Retry-After", { kind: "status", status: 429, retryAfter: 0, times: 2 }, 3],
  ["429 without Retry-After", { kind: "status", status: 429, times: 2 }, 3],
  ["500", { kind: "status", status: 500, times: 2 }, 3],
  ["502", { kind: "status", status: 502, times: 2 }, 3],
  ["503", { kind: "status", status: 503, times: 2 }, 3],
  ["504", { kind: "status", status: 504, times: 2 }, 3],
  ["a reset before the server acted", { kind: "reset-before", times: 2 }, 3],
  // The retry meets a request already done: a 400 "Invalid …_id" on delete (gone),
  // a failed `test` on the persona PATCH (re-read: nothing left to do), or the same result again.
  ["a reset after the server acted", { kind: "reset-after", times: 1 }, 2],
  ["a hang past the timeout", { kind: "hang", times: 1 }, 2],
  ["a slow answer inside the timeout", { kind: "delay", delayMs: 100, times: 1 }, 1],
];

const attemptsAt = (method: string, path: string) =>
  suite.emulator.requests().filter((r) => r.method === method && r.path === path).length;

test.each(
  Object.entries(operations).flatMap(([op, spec]) =>
    transient.map(([fault, rule, attempts]) => [op, fault, spec, rule, attempts] as const),
  ),
)("%s survives %s", async (_op, _fault, spec, rule, attempts) => {
  const target = await fresh(spec.kind, spec.inputs);
  suite.emulator.clearRequests();
  suite.emulator.addFault({ ...rule, method: spec.method, path: spec.path(target.id) });
  const result = await spec.run(target);
  expect(attemptsAt(spec.method, spec.path(target.id))).toBe(attempts);
  spec.done(target, result);
});

test("a 429's Retry-After is honoured: the retry waits the second it asks for", async () => {
  const target = await fresh("persona", inputs.persona);
  suite.emulator.addFault({
    method: "GET",
    path: `/v2/personas/${target.id}`,
    kind: "status",
    status: 429,
    retryAfter: 1,
    times: 1,
  });
  const started = Date.now();
  await read(target);
  expect(Date.now() - started).toBeGreaterThanOrEqual(950);
});

/** Faults that never clear: the budget runs out, and the error says what, where, why and what next. */
const persistent: Array<[string, Omit<FaultRule, "method" | "path">, string]> = [
  [
    "429 forever",
    { kind: "status", status: 429, retryAfter: 0 },
    "HTTP 429: Too many requests. Rate limited even after retries: lower tavus:requestsPerSecond",
  ],
  [
    "500 forever",
    { kind: "status", status: 500 },
    "HTTP 500: Internal Server Error. The Tavus API failed; run the command again later",
  ],
  [
    "502 forever",
    { kind: "status", status: 502 },
    "HTTP 502: Bad Gateway. The Tavus API failed; run the command again later",
  ],
  [
    "503 forever",
    { kind: "status", status: 503 },
    "HTTP 503: Service Unavailable. The Tavus API failed; run the command again later",
  ],
  [
    "504 forever",
    { kind: "status", status: 504 },
    "HTTP 504: Gateway Timeout. The Tavus API failed; run the command again later",
  ],
  [
    "resets forever",
    { kind: "reset-before" },
    "no answer (ECONNRESET). The API did not answer; check tavus:baseUrl and the network",
  ],
];
const hang: [string, Omit<FaultRule, "method" | "path">, string] = [
  "hangs forever",
  { kind: "hang" },
  "no answer (ETIMEDOUT). The API did not answer in time; run the command again, or raise tavus:timeoutMs",
];

const exhausted = [
  ...Object.entries(operations).flatMap(([op, spec]) =>
    persistent.map(([fault, rule, says]) => [op, fault, spec, rule, says] as const),
  ),
  // Hangs cost a timeout an attempt: one operation of each kind.
  ...["update persona (its PATCH)", "delete replica", "delete conversation (its End)"].map(
    (op) => [op, hang[0], operations[op]!, hang[1], hang[2]] as const,
  ),
];

test.each(exhausted)(
  "%s under %s fails after 4 attempts, naming the resource, id, last status and what to do",
  async (_op, _fault, spec, rule, says) => {
    const target = await fresh(spec.kind, spec.inputs);
    suite.emulator.clearRequests();
    suite.emulator.addFault({ ...rule, method: spec.method, path: spec.path(target.id) });
    const err = (await spec.run(target).then(
      () => undefined,
      (e: unknown) => e as HostError,
    ))!;
    expect(err).toBeDefined();
    expect(err.details).toContain(
      `Tavus ${spec.kind} ${target.id}: ${spec.action} failed: Tavus API ${spec.method} ${spec.path(target.id)}${spec.query ?? ""} failed after 4 attempts: ${says}`,
    );
    expect(attemptsAt(spec.method, spec.path(target.id))).toBe(4);
  },
);
