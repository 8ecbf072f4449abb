/**
 * `pulumi-tavus audit` against the in-process emulator: what it lists besides
 * personas (objectives, individual guardrails, legacy guardrail sets,
 * pronunciation dictionaries, documents, tools), what it leaves out (managed
 * objects, the mirrors of set items, which belong to their set, and system
 * tools), and the advice it gives.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { TavusClient } from "../../provider/client";
import { audit, managedIds } from "../../provider/cli/audit";

let emulator: RunningEmulator;
let client: TavusClient;

beforeAll(async () => {
  emulator = await startEmulator({ strict: true });
  client = new TavusClient({ apiKey: emulator.apiKey, baseUrl: emulator.url, timeoutMs: 2000 });
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.reset();
});

/** Made by hand, as in the dashboard: plain fetch, never the client under test. */
async function post(path: string, body: object): Promise<Record<string, string>> {
  const res = await fetch(`${emulator.url}${path}`, {
    method: "POST",
    headers: { "x-api-key": emulator.apiKey, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, string>;
}

const guardrail = (name: string) =>
  post("/v2/guardrails", { guardrail_name: name, guardrail_prompt: `Keep to ${name}.` });
const set = (name: string, items: string[]) =>
  post("/v2/guardrails", {
    name,
    data: items.map((n) => ({ guardrail_name: n, guardrail_prompt: `Keep to ${n}.` })),
  });
const objectives = (...names: string[]) =>
  post("/v2/objectives", {
    data: names.map((n) => ({ objective_name: n, objective_prompt: `Do ${n}.` })),
  });
const dictionary = (name: string) =>
  post("/v2/pronunciation-dictionaries", {
    name,
    rules: [{ text: "Tavus", pronunciation: "TAH-vus", type: "alias" }],
  });

/** A stack export holding these ids under the given kinds. */
const stackExport = (resources: Array<[string, string]>) => ({
  deployment: {
    resources: resources.map(([type, id]) => ({
      type: `pulumi-nodejs:dynamic/tavus:${type}`,
      urn: `urn:${id}`,
      id,
    })),
  },
});

describe("audit of what a persona points at", () => {
  test("lists unmanaged objectives, guardrails, sets and dictionaries once each, never a managed one nor a set item's mirror", async () => {
    const managedObjectives = (await objectives("greet")).objectives_id!;
    const strayObjectives = (await objectives("ask_name", "ask_date")).objectives_id!;
    const managedGuardrail = (await guardrail("managed_rule")).uuid!;
    const strayGuardrail = (await guardrail("stray_rule")).uuid!;
    const managedSet = (await set("Managed set", ["in_managed_set_a", "in_managed_set_b"]))
      .guardrails_id!;
    const straySet = (await set("Stray set", ["in_stray_set"])).guardrails_id!;
    const managedDictionary = (await dictionary("Managed words")).pronunciation_dictionary_id!;
    const strayDictionary = (await dictionary("Stray words")).pronunciation_dictionary_id!;
    const persona = (
      await post("/v2/personas", {
        system_prompt: "p",
        guardrail_ids: [managedGuardrail, strayGuardrail],
        layers: { tts: { tts_engine: "cartesia", pronunciation_dictionary_id: strayDictionary } },
      })
    ).persona_id!;
    // The emulator mirrors every set item as an individual guardrail: 2 + 2 + 1.
    expect(emulator.state().guardrails).toHaveLength(5);

    const managed = managedIds([
      stackExport([
        ["Persona", persona],
        ["Objectives", managedObjectives],
        ["Guardrail", managedGuardrail],
        ["GuardrailSet", managedSet],
        ["PronunciationDictionary", managedDictionary],
      ]),
    ]);
    const report = await audit(client, managed);

    expect(report.managed).toBe(5);
    expect(report.unmanaged.map((u) => [u.kind, u.id, u.name]).sort()).toEqual(
      [
        ["objectives", strayObjectives, "ask_name, ask_date"],
        ["guardrail", strayGuardrail, "stray_rule"],
        ["guardrail-set", straySet, "Stray set"],
        ["pronunciation-dictionary", strayDictionary, "Stray words"],
      ].sort(),
    );
    // Every one of these kinds takes adoptId: the advice is adoptId in code or the exported file.
    const advice = Object.fromEntries(report.unmanaged.map((u) => [u.kind, u.adopt]));
    expect(advice.guardrail).toBe(
      `new Guardrail("stray-rule", { adoptId: "${strayGuardrail}", … })  ` +
        `or the file guardrails/stray-rule.yaml that "npx pulumi-tavus export --all <account folder>" writes  ` +
        `used by persona ${persona}`,
    );
    expect(advice["pronunciation-dictionary"]).toBe(
      `new PronunciationDictionary("stray-words", { adoptId: "${strayDictionary}", … })  ` +
        `or the file dictionaries/stray-words.yaml that "npx pulumi-tavus export --all <account folder>" writes  ` +
        `used by persona ${persona}`,
    );
    expect(advice.objectives).toBe(
      `new Objectives("ask-name-ask-date", { adoptId: "${strayObjectives}", … })  ` +
        `or the file objectives/ask-name-ask-date.yaml that "npx pulumi-tavus export --all <account folder>" writes`,
    );
    expect(advice["guardrail-set"]).toBe(
      `new GuardrailSet("stray-set", { adoptId: "${straySet}", … })  ` +
        `or the file guardrail-sets/stray-set.yaml that "npx pulumi-tavus export --all <account folder>" writes`,
    );
    expect(report.unmanaged.find((u) => u.id === straySet)?.file).toBe(
      "guardrail-sets/stray-set.yaml",
    );
  });

  test("an account whose every object is managed reports nothing, with one list call per group and no GET of a set", async () => {
    const ids = [
      ["Objectives", (await objectives("greet")).objectives_id!],
      ["Guardrail", (await guardrail("rule")).uuid!],
      ["GuardrailSet", (await set("Set", ["item_a", "item_b"])).guardrails_id!],
      ["PronunciationDictionary", (await dictionary("Words")).pronunciation_dictionary_id!],
    ] as Array<[string, string]>;
    emulator.clearRequests();
    const report = await audit(client, managedIds([stackExport(ids)]));
    expect(report).toEqual({ managed: 4, unmanaged: [] });
    const lists = emulator
      .requests()
      .map((r) => `${r.method} ${r.path}${r.query.legacy ? `?legacy=${r.query.legacy}` : ""}`);
    // In the kinds list's order; the sets are listed before the guardrails (their mirrors), once.
    expect(lists).toEqual([
      "GET /v2/objectives",
      "GET /v2/guardrails",
      "GET /v2/guardrails?legacy=false",
      "GET /v2/pronunciation-dictionaries",
      "GET /v2/documents",
      "GET /v2/tools",
      "GET /v2/replicas",
      "GET /v2/personas",
      "GET /v2/memory-stores",
      "GET /v2/deployments",
      "GET /v2/conversations",
    ]);
  });

  test("when the set list does not show the items' ids, one GET of the set finds its mirrors", async () => {
    const setId = (await set("Set", ["item_a"])).guardrails_id!;
    // A list answer without the items (the legacy page shows less than GET): the fault answers the first list call.
    emulator.addFault({
      method: "GET",
      path: "/v2/guardrails",
      kind: "status",
      status: 200,
      times: 1,
      body: JSON.stringify({ data: [{ guardrails_id: setId, name: "Set" }], total_count: 1 }),
    });
    emulator.clearRequests();
    const report = await audit(client, new Set([setId]));
    expect(report.unmanaged).toEqual([]);
    expect(emulator.requests().filter((r) => r.path === `/v2/guardrails/${setId}`)).toHaveLength(1);
  });

  test("pages through a group longer than one page", async () => {
    const made: string[] = [];
    for (let i = 0; i < 103; i++) made.push((await guardrail(`rule_${i}`)).uuid!);
    const report = await audit(client, new Set(made.slice(1)));
    expect(report.unmanaged.map((u) => u.id)).toEqual([made[0]]);
  });
});

const document = (url: string, name: string, crawl?: object) =>
  post("/v2/documents", { document_url: url, document_name: name, ...(crawl ? { crawl } : {}) });
const tool = (name: string, delivery: object = { app_message: true }) =>
  post("/v2/tools", { name, description: `Does ${name}.`, delivery });

describe("audit of documents and tools", () => {
  test("lists unmanaged documents and tools with adoptId or export advice, never managed ones", async () => {
    const managedDocument = (await document("https://example.com/a.pdf", "Managed")).document_id!;
    const usedDocument = (
      await document("https://example.com/", "Site", { depth: 1, max_pages: 2 })
    ).document_id!;
    const strayDocument = (await document("https://example.com/b.pdf", "Stray")).document_id!;
    const managedTool = (await tool("managed_tool")).tool_id!;
    const strayTool = (
      await tool("stray_tool", {
        api: { url: "https://example.com/hook", headers: { "X-Api-Key": "sk-audit-secret" } },
      })
    ).tool_id!;
    const persona = (
      await post("/v2/personas", { system_prompt: "p", document_ids: [usedDocument] })
    ).persona_id!;

    const report = await audit(
      client,
      managedIds([
        stackExport([
          ["Persona", persona],
          ["Document", managedDocument],
          ["Tool", managedTool],
        ]),
      ]),
    );
    expect(report.managed).toBe(3);
    expect(report.unmanaged.map((u) => [u.kind, u.id, u.name]).sort()).toEqual(
      [
        ["document", usedDocument, "Site"],
        ["document", strayDocument, "Stray"],
        ["tool", strayTool, "stray_tool"],
      ].sort(),
    );
    const adviceOf = (id: string) => report.unmanaged.find((u) => u.id === id)!.adopt;
    expect(adviceOf(usedDocument)).toBe(
      `new Document("site", { adoptId: "${usedDocument}", … })  ` +
        `or the file documents/site.yaml that "npx pulumi-tavus export --all <account folder>" writes  ` +
        `used by persona ${persona}`,
    );
    expect(adviceOf(strayDocument)).toMatch(
      new RegExp(`^new Document\\("stray", \\{ adoptId: "${strayDocument}"`),
    );
    expect(adviceOf(strayTool)).toBe(
      `new Tool("stray-tool", { adoptId: "${strayTool}", … })  ` +
        `or the file tools/stray-tool.yaml that "npx pulumi-tavus export --all <account folder>" writes  ` +
        `(delivery.api.headers, delivery.api.auth are write-only: give them again)`,
    );
    // The advice names no secret, masked or not.
    expect(JSON.stringify(report)).not.toMatch(/sk-audit-secret|\*{8}/);
  });

  test("system tools are never reported, even when a list answers them", async () => {
    const userTool = (await tool("user_tool")).tool_id!;
    // The default list hides system tools; a list answer that shows them (as
    // `?type=all` does) must not make audit report the platform's own tools.
    const all = (await fetch(`${emulator.url}/v2/tools?type=all`, {
      headers: { "x-api-key": emulator.apiKey },
    }).then((r) => r.json())) as { data: Array<{ tool_id: string; is_system_tool: boolean }> };
    expect(all.data.some((t) => t.is_system_tool)).toBe(true);
    emulator.addFault({
      method: "GET",
      path: "/v2/tools",
      kind: "status",
      status: 200,
      times: 1,
      body: JSON.stringify({ data: all.data, total_count: all.data.length }),
    });
    const report = await audit(client, new Set());
    expect(report.unmanaged.filter((u) => u.kind === "tool").map((u) => u.id)).toEqual([userTool]);
  });

  test("pages through more than one page of documents (their pages count from 0)", async () => {
    const made: string[] = [];
    for (let i = 0; i < 101; i++)
      made.push((await document(`https://example.com/${i}.pdf`, `Doc ${i}`)).document_id!);
    emulator.clearRequests();
    const report = await audit(client, new Set(made.slice(1)));
    expect(report.unmanaged.map((u) => u.id)).toEqual([made[0]]);
    expect(
      emulator
        .requests()
        .filter((r) => r.path === "/v2/documents")
        .map((r) => r.query.page),
    ).toEqual(["0", "1"]);
  });
});

describe("audit of memory stores (docs/tavus-api/memory-stores.md#audit-and-per-participant-stores)", () => {
  test("unmanaged stores are counted, never listed nor named by tag (a tag may be a user's email); a managed shared store is neither; no GET of a store", async () => {
    const pal = (await post("/v2/personas", { persona_name: "Tutor", system_prompt: "t" }))
      .persona_id!;
    const shared = await post("/v2/memory-stores", {
      pal_id: pal,
      participant_tag: "classroom-1",
      pinned_memories: ["Class meets on Mondays."],
    });
    const participants = ["ana@example.com", "crm-88412"];
    // One made by a conversation (as a widget's would), one by hand: the API tells neither apart.
    await post("/v2/conversations", {
      persona_id: pal,
      replica_id: "rf4703150052",
      test_mode: true,
      participant_tags: [participants[0]],
    });
    await post("/v2/memory-stores", { pal_id: pal, participant_tag: participants[1] });
    emulator.clearRequests();
    const report = await audit(
      client,
      managedIds([
        stackExport([
          ["Persona", pal],
          ["MemoryStore", shared.memory_store_id!],
        ]),
      ]),
    );
    expect(report.unmanaged).toEqual([]);
    expect(report.unlisted).toEqual([
      {
        kind: "memory-store",
        count: 2,
        why: expect.stringContaining("a participant's store is user data"),
      },
    ]);
    const printed = JSON.stringify(report);
    for (const tag of participants) expect(printed).not.toContain(tag);
    // One list call: a count needs no store read whole (no learned or pinned memories read).
    expect(emulator.requests().filter((r) => r.path.startsWith("/v2/memory-stores"))).toEqual([
      expect.objectContaining({ method: "GET", path: "/v2/memory-stores" }),
    ]);
  });

  test("when every store is managed, nothing is counted", async () => {
    const pal = (await post("/v2/personas", { persona_name: "Tutor", system_prompt: "t" }))
      .persona_id!;
    const shared = await post("/v2/memory-stores", { pal_id: pal, participant_tag: "classroom-1" });
    const report = await audit(
      client,
      managedIds([
        stackExport([
          ["Persona", pal],
          ["MemoryStore", shared.memory_store_id!],
        ]),
      ]),
    );
    expect(report).toEqual({ managed: 2, unmanaged: [] });
  });
});
