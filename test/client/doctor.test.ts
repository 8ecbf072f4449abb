/**
 * `pulumi-tavus doctor` against the in-process emulator: a clean account of
 * every kind reports nothing; an answer whose shape changed (a fault rule with
 * a status-200 body) is named; and it never writes (only GETs in the log).
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { TavusClient } from "../../provider/client";
import { doctor, formatReport } from "../../provider/cli/doctor";
import { KINDS } from "../../provider/kinds";

let emulator: RunningEmulator;
let client: TavusClient;

beforeAll(async () => {
  emulator = await startEmulator({ strict: true });
  client = new TavusClient({
    apiKey: emulator.apiKey,
    baseUrl: emulator.url,
    timeoutMs: 2000,
    maxRetries: 0,
  });
  // One object of several kinds, made by hand as in the dashboard.
  const post = async (path: string, body: object) => {
    const res = await fetch(`${emulator.url}${path}`, {
      method: "POST",
      headers: { "x-api-key": emulator.apiKey, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  };
  await post("/v2/personas", {
    persona_name: "Coach",
    system_prompt: "Be kind.",
    default_replica_id: "rf4703150052",
    layers: {
      llm: { model: "tavus-gpt-oss", api_key: "sk-doctor-secret" },
      tts: { tts_engine: "cartesia" },
      conferencing: { username: "coach-doctor" },
    },
  });
  await post("/v2/guardrails", { guardrail_name: "topics", guardrail_prompt: "Keep to topics." });
  await post("/v2/objectives", { data: [{ objective_name: "greet", objective_prompt: "Greet." }] });
  await post("/v2/tools", {
    name: "book_visit",
    description: "Books a visit.",
    delivery: { app_message: true },
  });
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.clearFaults();
  emulator.clearRequests();
});

const writes = () => emulator.requests().filter((r) => r.method !== "GET");

test("against the emulator: every kind listed, no difference, only GETs", async () => {
  const report = await doctor(client);
  expect(report.differences).toEqual([]);
  expect(report.kinds).toBe(KINDS.length);
  expect(report.objects).toBeGreaterThanOrEqual(4);
  expect(formatReport(report)).toMatch(/no differences from the shapes pulumi-tavus relies on/);
  expect(writes()).toEqual([]);
  expect(emulator.requests().length).toBeGreaterThanOrEqual(KINDS.length);
});

test("a changed field type and an unseen catalogue value are named, with no secret in the report", async () => {
  const personas = (await (
    await fetch(`${emulator.url}/v2/personas`, { headers: { "x-api-key": emulator.apiKey } })
  ).json()) as { data: Record<string, unknown>[] };
  const changed = personas.data.map((p) => ({
    ...p,
    system_prompt: { text: p.system_prompt },
    layers: { ...(p.layers as object), tts: { tts_engine: "neuraltalk" } },
    conferencing_email: 42,
  }));
  emulator.addFault({
    method: "GET",
    path: "/v2/personas",
    kind: "status",
    status: 200,
    times: 1,
    body: JSON.stringify({ data: changed, total_count: changed.length }),
  });
  const report = await doctor(client);
  const text = formatReport(report);
  expect(report.differences.map((d) => `${d.kind}: ${d.what}`)).toEqual([
    "persona: system_prompt: expected string, got object",
    "persona: server field conferencing_email: expected string, got number",
    'persona: layers.tts.tts_engine: catalogue value "neuraltalk" not among the values pulumi-tavus knows',
  ]);
  expect(text).not.toContain("sk-doctor-secret");
  expect(text).not.toContain("Be kind.");
  expect(writes()).toEqual([]);
});

test("a changed envelope and a missing id field are named", async () => {
  emulator.addFault({
    method: "GET",
    path: "/v2/guardrails",
    kind: "status",
    status: 200,
    times: 1,
    body: JSON.stringify({ items: [] }),
  });
  emulator.addFault({
    method: "GET",
    path: "/v2/tools",
    kind: "status",
    status: 200,
    times: 1,
    body: JSON.stringify({
      data: [{ id: "t1", name: "x", is_system_tool: false }],
      total_count: 1,
    }),
  });
  const report = await doctor(client);
  const lines = formatReport(report);
  expect(lines).toMatch(/guardrail: listing failed: .*expected \{"data":\[…\]\}/);
  expect(lines).toMatch(/tool: an object without its id field "tool_id" \(a string\), got nothing/);
  expect(writes()).toEqual([]);
});
