/**
 * The fault matrix, through the provider host: reads, patches and deletes of
 * each kind under every fault the emulator injects. Each either succeeds inside
 * the bounded retry budget, or fails with a message that names the resource,
 * the id, the last status and what to do.
 */
import type { FaultRule } from "../../emulator";
import { urnOf, type HostError } from "../harness/providerHost";
import { TYPES, useProviderHost } from "../harness/hostSuite";

type Kind = keyof typeof TYPES;

const suite = useProviderHost({ emulator: { replicaTrainingMs: 10 }, config: { "tavus:timeoutMs": "300", "tavus:maxRetries": "3" } });

beforeEach(() => suite.emulator.clearFaults());

const inputs: Record<Kind, Record<string, unknown>> = {
  persona: { systemPrompt: "fault matrix" },
  replica: { trainVideoUrl: "https://example.com/fm.mp4", replicaName: "fm" },
  conversation: { replicaId: "rf4703150052", testMode: true },
};

async function fresh(kind: Kind): Promise<{ id: string; props: Record<string, unknown>; urn: string }> {
  const urn = urnOf(TYPES[kind], `fm-${kind}`);
  const created = await suite.host.create(urn, { ...inputs[kind], __provider: suite.providers[TYPES[kind]]! });
  return { id: created.id, props: created.properties, urn };
}

/** What each operation sends, so the fault can target it. */
const operations: Record<
  string,
  { kind: Kind; method: string; path: (id: string) => string; run: (o: { id: string; props: Record<string, unknown>; urn: string }) => Promise<unknown> }
> = {
  "read persona": { kind: "persona", method: "GET", path: (id) => `/v2/personas/${id}`, run: (o) => suite.host.read(o.urn, o.id, o.props) },
  "update persona (PATCH)": {
    kind: "persona",
    method: "PATCH",
    path: (id) => `/v2/personas/${id}`,
    run: (o) => suite.host.update(o.urn, o.id, o.props, { systemPrompt: `changed ${Date.now()}`, __provider: suite.providers[TYPES.persona]! }),
  },
  "delete persona": { kind: "persona", method: "DELETE", path: (id) => `/v2/personas/${id}`, run: (o) => suite.host.delete(o.urn, o.id, o.props) },
  "read replica": { kind: "replica", method: "GET", path: (id) => `/v2/replicas/${id}`, run: (o) => suite.host.read(o.urn, o.id, o.props) },
  "rename replica": {
    kind: "replica",
    method: "PATCH",
    path: (id) => `/v2/replicas/${id}/name`,
    run: (o) =>
      suite.host.update(o.urn, o.id, o.props, { ...inputs.replica, replicaName: `renamed ${Date.now()}`, __provider: suite.providers[TYPES.replica]! }),
  },
  "delete replica": { kind: "replica", method: "DELETE", path: (id) => `/v2/replicas/${id}`, run: (o) => suite.host.delete(o.urn, o.id, o.props) },
  "read conversation": { kind: "conversation", method: "GET", path: (id) => `/v2/conversations/${id}`, run: (o) => suite.host.read(o.urn, o.id, o.props) },
  "delete conversation": {
    kind: "conversation",
    method: "DELETE",
    path: (id) => `/v2/conversations/${id}`,
    run: (o) => suite.host.delete(o.urn, o.id, o.props),
  },
};

/** Faults that clear after two hits: the retry budget (4 attempts) absorbs them. */
const transient: Array<[string, Omit<FaultRule, "method" | "path">]> = [
  ["429 with Retry-After", { kind: "status", status: 429, retryAfter: 0, times: 2 }],
  ["429 without Retry-After", { kind: "status", status: 429, times: 2 }],
  ["500", { kind: "status", status: 500, times: 2 }],
  ["502", { kind: "status", status: 502, times: 2 }],
  ["503", { kind: "status", status: 503, times: 2 }],
  ["504", { kind: "status", status: 504, times: 2 }],
  ["a reset before the server acted", { kind: "reset-before", times: 2 }],
  ["a reset after the server acted", { kind: "reset-after", times: 1 }],
  ["a hang past the timeout", { kind: "hang", times: 1 }],
  ["a slow answer inside the timeout", { kind: "delay", delayMs: 150, times: 3 }],
];

const matrix = Object.entries(operations).flatMap(([op, spec]) => transient.map(([fault, rule]) => [op, fault, spec, rule] as const));

test.each(matrix)("%s survives %s", async (_op, _fault, spec, rule) => {
  const target = await fresh(spec.kind);
  suite.emulator.clearRequests();
  suite.emulator.addFault({ ...rule, method: spec.method, path: spec.path(target.id) });
  await spec.run(target);
  const attempts = suite.emulator.requests().filter((r) => r.method === spec.method && r.path === spec.path(target.id));
  expect(attempts.length).toBeGreaterThanOrEqual(1);
  expect(attempts.length).toBeLessThanOrEqual(4);
});

/** Faults that never clear: the budget runs out and the error must say what, where and what next. */
const persistent: Array<[string, Omit<FaultRule, "method" | "path">, RegExp]> = [
  ["503 forever", { kind: "status", status: 503 }, /failed after 4 attempts: HTTP 503.*The Tavus API failed; run the command again later/],
  ["429 forever", { kind: "status", status: 429, retryAfter: 0 }, /failed after 4 attempts: HTTP 429.*lower tavus:requestsPerSecond/],
  ["resets forever", { kind: "reset-before" }, /failed after 4 attempts: no answer \(ECONNRESET\).*check tavus:baseUrl and the network/],
  ["hangs forever", { kind: "hang" }, /failed after 4 attempts: no answer \(ETIMEDOUT\).*check tavus:baseUrl and the network/],
];

const exhausted = ["read persona", "update persona (PATCH)", "delete replica", "delete conversation"].flatMap((op) =>
  persistent.map(([fault, rule, message]) => [op, fault, operations[op]!, rule, message] as const),
);

test.each(exhausted)("%s under %s fails naming the resource, id, last status and what to do", async (_op, _fault, spec, rule, message) => {
  const target = await fresh(spec.kind);
  suite.emulator.clearRequests();
  suite.emulator.addFault({ ...rule, method: spec.method, path: spec.path(target.id) });
  const err = (await spec.run(target).then(
    () => undefined,
    (e: unknown) => e as HostError,
  ))!;
  expect(err).toBeDefined();
  expect(err.details).toContain(`Tavus ${spec.kind} ${target.id}:`);
  expect(err.details).toMatch(message);
  expect(suite.emulator.requests().filter((r) => r.method === spec.method && r.path === spec.path(target.id))).toHaveLength(4);
  suite.emulator.clearFaults();
});
