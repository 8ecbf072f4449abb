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
import { exportAccount, fileNameOf, writeAccount } from "../../provider/cli/exportAccount";
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

describe("names from the account never leave the target folder (issue #21)", () => {
  /** Every file under `dir`, relative, sorted. */
  function filesUnder(dir: string): string[] {
    return (fs.readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => fs.statSync(path.join(dir, f)).isFile())
      .sort();
  }

  test("objects named ../../x and /etc/x are written inside the folder", async () => {
    await post("/v2/personas", { persona_name: "../../x", system_prompt: "a" });
    await post("/v2/pronunciation-dictionaries", {
      name: "/etc/x",
      rules: [{ text: "Tavus", pronunciation: "TAH-vus", type: "alias" }],
    });
    const base = fs.mkdtempSync(path.join(os.tmpdir(), "export-hostile-"));
    const dir = path.join(base, "account");
    const written = writeAccount(dir, await exportAccount(client, "yaml"), "yaml");
    expect(written.map((f) => path.relative(dir, f)).sort()).toEqual([
      "dictionaries/etc-x.yaml",
      "personas/x.yaml",
    ]);
    expect(filesUnder(base)).toEqual([
      "account/dictionaries/etc-x.yaml",
      "account/personas/x.yaml",
    ]);
  });

  test.each([
    ["../../x", "x"],
    ["/etc/x", "etc-x"],
    ["", "p_1"],
  ])("fileNameOf(%j) is one plain name", (name, expected) => {
    expect(fileNameOf(name, "p_1")).toBe(expected);
  });

  test.each(["../../../x", "/etc/x", "..", "."])(
    "an id %j standing for an empty name makes one plain name",
    (id) => {
      expect(fileNameOf("", id)).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]*$/);
    },
  );

  test.each(["../../x", "../x", "a/b", "/etc/x"])(
    "writeAccount refuses a name %j that would leave its kind folder, writing nothing",
    (name) => {
      const base = fs.mkdtempSync(path.join(os.tmpdir(), "export-hostile-"));
      const dir = path.join(base, "account");
      const files = [{ folder: "personas" as const, name, id: "p1", text: "x: 1\n" }];
      expect(() => writeAccount(dir, { files, secrets: [] }, "yaml")).toThrow(
        `refused to write ${path.join(dir, "personas", `${name}.yaml`)}: the name "${name}" leaves ${dir}/personas`,
      );
      expect(filesUnder(base)).toEqual([]);
    },
  );
});

test("memory stores are left out by default: counted from the list, none read, no tag in a file", async () => {
  const pal = (await post("/v2/personas", { persona_name: "Tutor", system_prompt: "t" }))
    .persona_id!;
  // Made by conversations with a participant tag (one store each): user data.
  for (const tag of ["ana@example.com", "ben@example.com"])
    await post("/v2/memory-stores", { pal_id: pal, participant_tag: tag, pinned_memories: ["x"] });
  emulator.clearRequests();
  const exported = await exportAccount(client);
  expect(exported.files.map((f) => f.folder)).toEqual(["personas"]);
  expect(exported.leftOut).toEqual([
    {
      folder: "memory-stores",
      count: 2,
      why: expect.stringContaining("a participant's store is user data"),
    },
  ]);
  expect(JSON.stringify(exported)).not.toContain("example.com");
  // Only the list: no store read whole, so no participant's memories were fetched.
  expect(
    emulator
      .requests()
      .filter((r) => r.path.startsWith("/v2/memory-stores"))
      .map((r) => `${r.method} ${r.path}`),
  ).toEqual(["GET /v2/memory-stores"]);
});

test("an account without memory stores reports nothing left out", async () => {
  await post("/v2/personas", { persona_name: "Support", system_prompt: "a" });
  expect((await exportAccount(client)).leftOut).toBeUndefined();
});

test("included by folder, a shared memory store is exported with its pinned memories and a reference to its persona, never its learned ones", async () => {
  const pal = (await post("/v2/personas", { persona_name: "Tutor", system_prompt: "t" }))
    .persona_id!;
  const store = await post("/v2/memory-stores", {
    pal_id: pal,
    participant_tag: "class-1",
    pinned_memories: ["Class meets on Mondays."],
  });
  await post(`/__emulator/memory-stores/${store.memory_store_id}/learned`, {
    memory: "Ana likes maths.",
  });
  const exported = await exportAccount(client, "yaml", { include: new Set(["memory-stores"]) });
  expect(exported.leftOut).toBeUndefined();
  const file = exported.files.find((f) => f.folder === "memory-stores")!;
  expect(file.name).toBe("class-1");
  expect(file.text).toContain("pal_id: $ref:personas/tutor");
  expect(file.text).toContain("Class meets on Mondays.");
  expect(file.text).not.toContain("maths");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "export-memory-"));
  writeAccount(dir, exported, "yaml");
  expect(loadAccountFiles(dir)["memory-stores"]!.map((f) => f.document)).toEqual([
    {
      pal_id: "$ref:personas/tutor",
      participant_tag: "class-1",
      pinned_memories: ["Class meets on Mondays."],
    },
  ]);
});

test("a deployment's write-only password becomes a $secret: reference; its PAL a $ref:; counters stay out", async () => {
  const pal = (await post("/v2/personas", { persona_name: "Front desk", system_prompt: "a" }))
    .persona_id!;
  const locked = await post("/v2/deployments", {
    pal_id: pal,
    channel: "widget",
    name: "Site widget",
    password: "never-in-a-file-0123",
    allowed_origins: ["https://example.com"],
  });
  await post("/v2/deployments", { pal_id: pal, channel: "landing-page", name: "Open page" });
  const exported = await exportAccount(client);
  const widget = exported.files.find((f) => f.id === locked.deployment_id)!;
  expect(widget.folder).toBe("deployments");
  expect(widget.text).toContain("pal_id: $ref:personas/front-desk");
  expect(widget.text).toContain("password: $secret:siteWidgetPassword");
  expect(widget.text).not.toMatch(/never-in-a-file|usage_|has_password|thumbnail/);
  expect(exported.files.find((f) => f.name === "open-page")!.text).not.toContain("password");
  expect(exported.secrets).toEqual([
    { configKey: "siteWidgetPassword", file: "deployments/site-widget.yaml", field: "password" },
  ]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "export-deployments-"));
  writeAccount(dir, exported, "yaml");
  expect(
    loadAccountFiles(dir)
      .deployments.map((d) => d.adoptId)
      .sort(),
  ).toEqual(
    exported.files
      .filter((f) => f.folder === "deployments")
      .map((f) => f.id)
      .sort(),
  );
});
