/**
 * examples/knowledge through the real Pulumi CLI: a persona with two documents
 * (a file and a crawled website) and two tools (one calling an API with a
 * secret header). Deploy → audit → rename a document → rotate the tool's
 * secret → no-op up; then a crawl that fails and the crawl quota, each in a
 * program of its own; then destroy to an empty account. The emulator's request
 * log is the witness (issue #12, "Done when").
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { cliBin, exampleProject, logLines, projectFrom, type Cli, tavusCli } from "../harness/e2e";

const bin = cliBin("knowledge (documents, tools) e2e");
const suite = bin ? describe : describe.skip;

// Every `up` compiles the TypeScript program and waits for the crawls.
jest.setTimeout(240_000);

const FIRST_KEY = "sk-booking-first-4f1d";
const SECOND_KEY = "sk-booking-second-9a2c";

interface Ids {
  personaId: string;
  documentIds: string[];
  toolIds: string[];
  crawledUrls: string[];
}

/** Every file of a project folder (config, state, backups), as one text. */
function allFilesOf(dir: string): string {
  let text = "";
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) text += fs.readFileSync(path.join(entry.parentPath, entry.name), "utf8");
  }
  return text;
}

/**
 * A one-document program beside the example (its package.json, tsconfig and
 * Pulumi.yaml; a state of its own), for the failures that must not touch the
 * example's stack.
 */
async function oneDocumentProgram(
  name: string,
  emulator: RunningEmulator,
  document: string,
): Promise<Cli> {
  const sources = ["Pulumi.yaml", "package.json", "tsconfig.json"].map((f) =>
    path.join("examples", "knowledge", f),
  );
  const project = projectFrom(name, sources, bin!, emulator);
  fs.writeFileSync(
    path.join(project.dir, "index.ts"),
    [
      'import { Document } from "pulumi-tavus";',
      `const doc = new Document("${name}", ${document});`,
      "export const documentId = doc.documentId;",
      "",
    ].join("\n"),
  );
  await project.init();
  return project.cli;
}

suite("examples/knowledge with the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  let cli: Cli;
  let dir: string;
  let ids: Ids;
  const others: Cli[] = [];

  const up = (options: { allowFailure?: boolean } = {}) =>
    cli.run(["up", "--yes", "--skip-preview"], options);
  const exported = async (c: Cli = cli) => (await c.run(["stack", "export"])).stdout;
  const handbookId = () => ids.documentIds[0]!;
  const bookVisitId = () => ids.toolIds[0]!;
  const storedTool = (id: string) => emulator.state().tools.find((t) => t.tool_id === id)!;
  /** Get Document, as a client sees it: the status is computed from the clock when read. */
  const getDocument = async (id: string) =>
    (await fetch(`${emulator.url}/v2/documents/${id}`, {
      headers: { "x-api-key": emulator.apiKey },
    }).then((r) => r.json())) as { status: string; crawl_config: unknown; error_message: string };

  beforeAll(async () => {
    // Processing takes 0.3 s instead of 2 s: the waits stay real, the suite short.
    emulator = await startEmulator({ documentProcessingMs: 300, strict: true });
    const project = exampleProject("knowledge", bin!, emulator);
    cli = project.cli;
    dir = project.dir;
    await project.init({}, { toolKey: FIRST_KEY });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  test("up creates the documents and tools, then the persona, then attaches the tools", async () => {
    emulator.clearRequests();
    const result = await up();
    expect(result.stdout).toMatch(/6 created/); // five resources and the stack
    ids = JSON.parse((await cli.run(["stack", "output", "--json"])).stdout) as Ids;

    const writes = logLines(emulator, { writesOnly: true });
    expect([...writes].sort()).toEqual(
      [
        "POST /v2/documents",
        "POST /v2/documents",
        "POST /v2/tools",
        "POST /v2/tools",
        "POST /v2/personas",
        `POST /v2/pals/${ids.personaId}/tools`,
      ].sort(),
    );
    // The persona waits for the ids of the others; its tools are attached after it exists.
    expect(writes.slice(-2)).toEqual(["POST /v2/personas", `POST /v2/pals/${ids.personaId}/tools`]);
    // No read-back of a document or tool (their POST answers are the objects): a
    // document's answer is its wait's first poll, and with processing at 0.3 s one
    // GET at 0.5 s finds it ready; the persona's POST answers part of it.
    const gets = logLines(emulator).filter((line) => line.startsWith("GET "));
    expect(gets.sort()).toEqual(
      [
        ...ids.documentIds.map((id) => `GET /v2/documents/${id}`),
        `GET /v2/personas/${ids.personaId}`,
      ].sort(),
    );
    // One POST per object: no create was sent twice.
    expect(emulator.requests().filter((r) => r.method === "POST" && r.status >= 400)).toEqual([]);

    const state = emulator.state();
    const persona = state.personas.find((p) => p.persona_id === ids.personaId)!;
    const docs = await Promise.all(ids.documentIds.map(getDocument));
    expect([...(persona.document_ids ?? [])].sort()).toEqual([...ids.documentIds].sort());
    expect(state.palTools).toEqual([
      { pal_id: ids.personaId, tool_ids: expect.arrayContaining(ids.toolIds) },
    ]);
    expect(state.palTools[0]!.tool_ids).toHaveLength(2);
    // Both documents were waited for: ready when up returned; the website was crawled.
    expect(docs.map((d) => d.status)).toEqual(["ready", "ready"]);
    expect(docs[1]!.crawl_config).toEqual({ depth: 2, max_pages: 10 });
    expect(ids.crawledUrls.length).toBeGreaterThan(1);
    expect(ids.crawledUrls[0]).toBe("https://clinic.example.com/");
    // The secret reached the API (the server's side holds it in clear)…
    expect(storedTool(bookVisitId()).delivery.api?.headers).toEqual({ "X-Api-Key": FIRST_KEY });
    // …and nothing else: not the log, not the CLI's output.
    expect(JSON.stringify(emulator.requests())).not.toContain(FIRST_KEY);
    expect(result.stdout + result.stderr).not.toContain(FIRST_KEY);
  });

  test("audit counts the stack's documents and tools as managed and lists a tool and a document made by hand", async () => {
    const byHand = async (route: string, body: object) =>
      (await fetch(`${emulator.url}${route}`, {
        method: "POST",
        headers: { "x-api-key": emulator.apiKey, "content-type": "application/json" },
        body: JSON.stringify(body),
      }).then((r) => r.json())) as Record<string, string>;
    const strayTool = (
      await byHand("/v2/tools", { name: "stray_tool", description: "Made in the dashboard." })
    ).tool_id!;
    const strayDocument = (
      await byHand("/v2/documents", { document_url: "https://clinic.example.com/old.pdf" })
    ).document_id!;

    const result = await tavusCli(emulator, ["audit", "-"], await exported());
    expect(result.stdout).toMatch(/5 managed by the given stacks; 2 unmanaged/);
    expect(result.stdout).toContain(`tool\t${strayTool}\tstray_tool`);
    expect(result.stdout).toContain(`adoptId: "${strayTool}"`);
    expect(result.stdout).toContain(`document\t${strayDocument}\told.pdf`);
    // A document takes adoptId like every kind but Conversation (the advice used to say it could not).
    expect(result.stdout).toContain(`adoptId: "${strayDocument}"`);
    expect(result.stdout).toContain("file: documents/old-pdf.yaml");
    expect(result.code).toBe(3);

    // Retired instead; the tool stays soft-deleted.
    for (const route of [`/v2/tools/${strayTool}`, `/v2/documents/${strayDocument}`]) {
      const res = await fetch(`${emulator.url}${route}`, {
        method: "DELETE",
        headers: { "x-api-key": emulator.apiKey },
      });
      expect(res.status).toBe(204);
    }
    const clean = await tavusCli(emulator, ["audit", "-"], await exported());
    expect(clean.stdout).toMatch(/5 managed by the given stacks; 0 unmanaged/);
    expect(clean.code).toBe(0);
  });

  test("renaming a document sends exactly one PATCH to it, with only document_name", async () => {
    await cli.run(["config", "set", "handbookName", "Staff handbook"]);
    emulator.clearRequests();
    const result = await up();
    expect(result.stdout).toMatch(/1 updated/);
    expect(logLines(emulator)).toEqual([`PATCH /v2/documents/${handbookId()}`]);
    expect(emulator.requests()[0]!.body).toEqual({ document_name: "Staff handbook" });
    const stored = emulator.state().documents.find((d) => d.document_id === handbookId())!;
    expect(stored.document_name).toBe("Staff handbook");
    expect(stored.tags).toEqual(["clinic", "policies"]);
  });

  test("rotating the tool's header secret sends one PATCH carrying it; the stack holds it only encrypted", async () => {
    await cli.run(["config", "set", "--secret", "toolKey", SECOND_KEY]);
    emulator.clearRequests();
    const result = await up();
    expect(result.stdout).toMatch(/1 updated/);
    expect(logLines(emulator)).toEqual([`PATCH /v2/tools/${bookVisitId()}`]);
    // The request log redacts headers: the stored tool shows what the PATCH carried.
    expect(storedTool(bookVisitId()).delivery.api?.headers).toEqual({ "X-Api-Key": SECOND_KEY });
    expect(JSON.stringify(emulator.requests())).not.toContain(SECOND_KEY);
    expect(result.stdout + result.stderr).not.toContain(SECOND_KEY);

    const text = await exported();
    expect(text).not.toContain(SECOND_KEY);
    expect(text).not.toContain(FIRST_KEY);
    expect(text).not.toContain("********");
    const tool = (
      JSON.parse(text) as {
        deployment: { resources: Array<{ id?: string; outputs?: Record<string, unknown> }> };
      }
    ).deployment.resources.find((r) => r.id === bookVisitId())!;
    // A Pulumi secret: the signature and a ciphertext, nothing in the clear.
    expect(tool.outputs!.deliverySecrets).toEqual({
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      ciphertext: expect.any(String),
    });
    // Nowhere in the project either: config, state, backups, history.
    const files = allFilesOf(dir);
    expect(files).not.toContain(SECOND_KEY);
    expect(files).not.toContain(FIRST_KEY);
  });

  test("the next up makes no write: the masked secret Tavus answers is not a change", async () => {
    emulator.clearRequests();
    const result = await cli.run(["up", "--yes", "--skip-preview", "--refresh"]);
    expect(result.stdout).toMatch(/6 unchanged/);
    expect(logLines(emulator, { writesOnly: true })).toEqual([]);
    // The refresh read the tool: Tavus answered the mask, which was neither stored nor sent.
    expect(logLines(emulator)).toContain(`GET /v2/tools/${bookVisitId()}`);
    expect(await exported()).not.toContain("********");
  });

  test("a crawl that fails: up exits non-zero naming the document and the API's reason; the id stays in state", async () => {
    const broken = await oneDocumentProgram(
      "broken-site",
      emulator,
      '{ documentUrl: "https://unreachable.clinic.example.com/", crawl: { depth: 1, maxPages: 2 }, waitForReady: true }',
    );
    others.push(broken);
    emulator.clearRequests();
    const result = await broken.run(["up", "--yes", "--skip-preview"], { allowFailure: true });
    expect(result.code).not.toBe(0);
    const output = result.stdout + result.stderr;
    expect(output).toMatch(/tavus:Document \(broken-site\)|Document::broken-site/);
    expect(output).toContain("Failed to fetch document_url: the host is unreachable");

    const posts = emulator.requests().filter((r) => r.method === "POST");
    expect(posts.map((r) => `${r.path} ${r.status}`)).toEqual(["/v2/documents 200"]);
    const stored = emulator.state().documents.filter((d) => d.document_url.includes("unreachable"));
    expect(stored).toHaveLength(1);
    const id = stored[0]!.document_id;
    expect(await getDocument(id)).toMatchObject({
      status: "error",
      error_message: "Failed to fetch document_url: the host is unreachable",
    });

    // Created but unhealthy: in state with its id, so destroy (or a fix) finds it.
    const state = await broken.exportStack("e2e");
    const resource = state.deployment.resources.find((r) => r.type.endsWith("tavus:Document"))!;
    expect(resource.id).toBe(id);
    expect(resource.outputs).toMatchObject({ documentId: id, status: "error" });
  });

  test("the crawl quota: up fails after exactly one POST, saying it is a quota", async () => {
    const extra = await oneDocumentProgram(
      "faq",
      emulator,
      '{ documentUrl: "https://clinic.example.com/faq", crawl: { depth: 1, maxPages: 5 } }',
    );
    others.push(extra);
    emulator.addFault({
      method: "POST",
      path: "/v2/documents",
      kind: "status",
      status: 429,
      body: JSON.stringify({ error: "Crawl document limit reached (100)" }),
      times: 5, // a retry would meet the fault again and show in the log
    });
    emulator.clearRequests();
    const result = await extra.run(["up", "--yes", "--skip-preview"], { allowFailure: true });
    emulator.clearFaults();
    expect(result.code).not.toBe(0);
    expect(logLines(emulator, { writesOnly: true })).toEqual(["POST /v2/documents"]);
    expect(emulator.requests()[0]!.status).toBe(429);
    const output = result.stdout + result.stderr;
    expect(output).toContain("Crawl document limit reached (100)");
    expect(output).toMatch(/quota/);
    expect(output).toMatch(/not a rate limit/);
    // Nothing was created, so nothing is in state.
    const state = await extra.exportStack("e2e");
    expect(state.deployment.resources.some((r) => r.type.endsWith("tavus:Document"))).toBe(false);
  });

  test("destroy empties the account: no user documents, tools (only soft-deleted) or personas", async () => {
    emulator.clearRequests();
    const result = await cli.run(["destroy", "--yes", "--skip-preview"]);
    expect(result.stdout).toMatch(/6 deleted/);
    const deletes = logLines(emulator);
    expect(deletes[0]).toBe(`DELETE /v2/personas/${ids.personaId}`);
    expect([...deletes].sort()).toEqual(
      [
        `DELETE /v2/personas/${ids.personaId}`,
        ...ids.documentIds.map((id) => `DELETE /v2/documents/${id}`),
        ...ids.toolIds.map((id) => `DELETE /v2/tools/${id}`),
      ].sort(),
    );
    expect(emulator.requests().every((r) => r.status === 204 || r.status === 200)).toBe(true);
    for (const other of others) await other.run(["destroy", "--yes", "--skip-preview"]);

    const state = emulator.state();
    expect(state.personas.filter((p) => p.persona_type !== "system")).toEqual([]);
    expect(state.documents).toEqual([]);
    // Tools are soft-deleted (docs/tavus-api/tools.md): kept with deleted_at, out of every PAL.
    const userTools = state.tools.filter((t) => !t.is_system_tool);
    expect(userTools.map((t) => t.tool_id)).toEqual(expect.arrayContaining(ids.toolIds));
    expect(userTools.every((t) => typeof t.deleted_at === "string")).toBe(true);
    expect(state.palTools.flatMap((p) => p.tool_ids)).toEqual([]);
    // And the API agrees: its lists show no user tool or document.
    const list = async (route: string) =>
      (
        (await fetch(`${emulator.url}${route}`, {
          headers: { "x-api-key": emulator.apiKey },
        }).then((r) => r.json())) as { total_count: number }
      ).total_count;
    expect(await list("/v2/tools")).toBe(0);
    expect(await list("/v2/documents")).toBe(0);
  });
});
