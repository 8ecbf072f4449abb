/**
 * Transport behaviour the providers build on: which POSTs are retried, the
 * server clock read from `Date`, and secrets of the request kept out of errors.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { TavusClient, type TavusApiError } from "../../provider/client";
import { secretsIn } from "../../provider/client/errors";

let emulator: RunningEmulator;
let client: TavusClient;

beforeAll(async () => {
  emulator = await startEmulator();
  client = new TavusClient({ apiKey: emulator.apiKey, baseUrl: emulator.url, retryBaseDelayMs: 1, timeoutMs: 2000 });
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.clearFaults();
  emulator.clearRequests();
});

const statuses = () => emulator.requests().map((r) => `${r.method} ${r.status}`);
const failure = (p: Promise<unknown>) =>
  p.then(
    () => Promise.reject(new Error("expected a failure")),
    (e: unknown) => e as TavusApiError,
  );

test("End Conversation, which may be repeated, is retried through a 502 and a reset like a GET", async () => {
  const { conversation_id } = await client.conversations.create({ replica_id: "rf4703150052" });
  emulator.clearRequests();
  emulator.addFault({ method: "POST", path: "/v2/conversations/:id/end", kind: "status", status: 502, times: 1 });
  emulator.addFault({ method: "POST", path: "/v2/conversations/:id/end", kind: "reset-after", times: 1 });
  await client.conversations.end(conversation_id);
  expect(statuses()).toEqual(["POST 502", "POST 0", "POST 200"]);
  expect((await client.conversations.retrieve(conversation_id)).status).toBe("ended");
});

test("a create POST is still not retried after a 502: its outcome is unknown", async () => {
  emulator.addFault({ method: "POST", path: "/v2/conversations", kind: "status", status: 502, times: 1 });
  const e = await failure(client.conversations.create({ replica_id: "rf4703150052", test_mode: true }));
  expect(statuses()).toEqual(["POST 502"]);
  expect(e.outcomeUnknown).toBe(true);
});

test("clockOffsetMs reads the server's Date header: a lower bound within about a second of the truth", async () => {
  const fresh = new TavusClient({ apiKey: emulator.apiKey, baseUrl: emulator.url });
  expect(fresh.clockOffsetMs).toBeUndefined();
  await fresh.personas.list();
  // Same machine, same clock: the truth is 0, and the header is truncated to the second.
  expect(fresh.clockOffsetMs).toBeLessThanOrEqual(0);
  expect(fresh.clockOffsetMs).toBeGreaterThan(-1500);
});

test("a layer api_key the server echoes in an error is redacted, like the API key", async () => {
  const llmKey = "sk-llm-echoed-1234567890";
  emulator.addFault({
    method: "POST",
    path: "/v2/personas",
    kind: "status",
    status: 400,
    body: JSON.stringify({ error: `Invalid api_key ${llmKey} for x-api-key ${emulator.apiKey}` }),
  });
  const e = await failure(client.personas.create({ system_prompt: "p", layers: { llm: { model: "m", api_key: llmKey } } }));
  expect(e.message).toBe("Tavus API POST /v2/personas failed: HTTP 400: Invalid api_key [redacted] for x-api-key [redacted]");
  expect(JSON.stringify({ ...e, message: e.message })).not.toContain(llmKey);
});

test("secretsIn finds api keys, header values and the values of patch ops on secret paths, and nothing else", () => {
  const body = [
    { op: "test", path: "/layers/llm/api_key", value: "old-key" },
    { op: "replace", path: "/layers/llm/api_key", value: "new-key" },
    { op: "add", path: "/layers/llm/headers", value: { Authorization: "Bearer t0ken" } },
    { op: "replace", path: "/system_prompt", value: "not secret" },
  ];
  expect(secretsIn(body).sort()).toEqual(["Bearer t0ken", "new-key", "old-key"]);
  expect(secretsIn({ layers: { tts: { api_key: "tts-key", tts_engine: "cartesia" } }, persona_name: "n" })).toEqual(["tts-key"]);
});
