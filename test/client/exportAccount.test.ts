/**
 * `pulumi-tavus export --all` against the in-process emulator: which objects
 * it writes (user-owned only; a set's mirrored items stay in the set), how it
 * names the files (stable, unique), what it turns into references and
 * secrets, and that the folder it writes loads without a problem.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { TavusClient } from "../../provider/client";
import { exportAccount, writeAccount } from "../../provider/cli/exportAccount";
import { loadAccountFiles } from "../../provider/files/accountFiles";

let emulator: RunningEmulator;
let client: TavusClient;

beforeAll(async () => {
  emulator = await startEmulator();
  client = new TavusClient({ apiKey: emulator.apiKey, baseUrl: emulator.url, timeoutMs: 2000 });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

/** Made by hand, as in the dashboard: plain fetch, never the client under test. */
async function post(route: string, body: object): Promise<Record<string, string>> {
  const res = await fetch(`${emulator.url}${route}`, {
    method: "POST",
    headers: { "x-api-key": emulator.apiKey, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${route}: ${res.status} ${await res.text()}`);
  return (await res.json().catch(() => ({}))) as Record<string, string>;
}

test("writes user objects only, a name taken twice made unique, stock ids kept, and the folder loads", async () => {
  const first = (await post("/v2/personas", { persona_name: "Support", system_prompt: "a" }))
    .persona_id!;
  const second = (await post("/v2/personas", { persona_name: "Support", system_prompt: "b" }))
    .persona_id!;
  const set = await post("/v2/guardrails", {
    name: "Privacy",
    data: [{ guardrail_name: "no_records", guardrail_prompt: "Never read records aloud." }],
  });
  const user = await post("/v2/personas", {
    persona_name: "Uses stock",
    system_prompt: "c",
    default_replica_id: "rf4703150052",
    guardrails_id: set.guardrails_id,
  });
  emulator.clearRequests();
  const exported = await exportAccount(client);
  expect(emulator.requests().filter((r) => r.method !== "GET")).toEqual([]);
  const names = exported.files.map((f) => `${f.folder}/${f.name}`);
  // No system persona, no system tool, and the set's item is not a guardrail file of its own.
  expect(names.sort()).toEqual([
    "guardrail-sets/privacy",
    "personas/support",
    "personas/support-2",
    "personas/uses-stock",
  ]);
  // Oldest first: the name of the first persona does not depend on the second.
  expect(exported.files.find((f) => f.name === "support")!.id).toBe(first);
  expect(exported.files.find((f) => f.name === "support-2")!.id).toBe(second);
  const usesStock = exported.files.find((f) => f.id === user.persona_id)!.text;
  expect(usesStock).toContain("default_replica_id: rf4703150052");
  expect(usesStock).toContain("guardrails_id: $ref:guardrail-sets/privacy");
  expect(exported.files.find((f) => f.name === "privacy")!.text).not.toContain("uuid");

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "export-all-"));
  writeAccount(dir, exported, "yaml");
  const loaded = loadAccountFiles(dir);
  expect(loaded.personas.map((p) => p.adoptId).sort()).toEqual(
    [first, second, user.persona_id].sort(),
  );
  expect(loaded["guardrail-sets"][0]!.adoptId).toBe(set.guardrails_id);
});

test("secrets become $secret: references named after the file, never values", async () => {
  await post("/v2/personas", {
    persona_name: "Keyed",
    system_prompt: "p",
    layers: { llm: { model: "m", api_key: "sk-live-1", headers: { "X-Org": "org-secret" } } },
  });
  await post("/v2/tools", {
    name: "lookup",
    description: "Looks up.",
    delivery: { api: { url: "https://example.com/hook", headers: { Authorization: "Bearer t" } } },
  });
  const exported = await exportAccount(client, "json");
  const text = exported.files.map((f) => f.text).join("\n");
  for (const secret of ["sk-live-1", "org-secret", "Bearer t", "********"])
    expect(text).not.toContain(secret);
  expect(exported.secrets.map((s) => `${s.file} ${s.field} ${s.configKey}`).sort()).toEqual([
    "personas/keyed.json layers.llm.api_key keyedLlmApiKey",
    "personas/keyed.json layers.llm.headers.X-Org keyedLlmHeadersXOrg",
    "tools/lookup.json delivery.api.headers.Authorization lookupApiHeadersAuthorization",
  ]);
  const tool = JSON.parse(exported.files.find((f) => f.folder === "tools")!.text) as {
    delivery: { api: { headers: Record<string, string> } };
  };
  expect(tool.delivery.api.headers).toEqual({
    Authorization: "$secret:lookupApiHeadersAuthorization",
  });
});
