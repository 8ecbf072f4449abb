/**
 * The merge-PATCH kinds of issue #12 through the real dynamic-provider host:
 * Document (asynchronous processing, name and tags patched in place, recrawl,
 * quotas that are not retried) and Tool (write-only secrets that Get masks,
 * a taken name, adoption), and tools attached to a persona. Every step asserts
 * the emulator's request log.
 */
import { ProviderHost, urnOf, type HostError } from "../harness/providerHost";
import { TYPES, useProviderHost } from "../harness/hostSuite";

const suite = useProviderHost({ emulator: { documentProcessingMs: 300 } });
const wire = () => suite.calls({ status: true });
type Props = Record<string, unknown>;
const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e as HostError,
  );

describe("Document through the provider host", () => {
  const urn = urnOf(TYPES.document, "handbook");
  const withProvider = (props: Props) => ({
    ...props,
    __provider: suite.providers[TYPES.document]!,
  });
  const inputs = {
    documentUrl: "https://example.com/handbook.pdf",
    documentName: "Handbook",
    tags: ["hr", "policies"],
    crawl: { depth: 1, maxPages: 5 },
    waitForReady: true,
    readyTimeoutSeconds: 30,
  };
  let id = "";
  let outputs: Props = {};

  test("create waits for processing: the POST's answer is the first poll, then one GET at 0.5 s finds it ready", async () => {
    suite.emulator.clearRequests();
    const created = await suite.host.create(urn, withProvider(inputs));
    id = created.id;
    outputs = created.properties;
    // Processing takes 0.3 s here: the answer says "started", the GET 0.5 s later "ready".
    expect(wire()).toEqual(["POST /v2/documents 200", `GET /v2/documents/${id} 200`]);
    expect(outputs).toMatchObject({ documentId: id, status: "ready", documentName: "Handbook" });
  });

  test("an unchanged diff makes no request, after a refresh too", async () => {
    suite.emulator.clearRequests();
    expect((await suite.host.diff(urn, id, outputs, withProvider(inputs))).changes).toBe("none");
    const read = await suite.host.read(urn, id, outputs);
    expect((await suite.host.diff(urn, id, read.properties, withProvider(inputs))).changes).toBe(
      "none",
    );
    expect(wire()).toEqual([`GET /v2/documents/${id} 200`]);
  });

  test("a rename is one merge PATCH carrying only document_name", async () => {
    const news = { ...inputs, documentName: "Staff handbook" };
    expect(await suite.host.diff(urn, id, outputs, withProvider(news))).toMatchObject({
      changes: "some",
      replaces: [],
    });
    suite.emulator.clearRequests();
    outputs = (await suite.host.update(urn, id, outputs, withProvider(news))).properties;
    expect(wire()).toEqual([`PATCH /v2/documents/${id} 200`]);
    expect(suite.emulator.requests()[0]!.body).toEqual({ document_name: "Staff handbook" });
    expect(outputs.documentName).toBe("Staff handbook");
    inputs.documentName = "Staff handbook";
  });

  test("changed tags are sent whole (they overwrite), and nothing else", async () => {
    const news = { ...inputs, tags: ["hr", "policies", "benefits"] };
    suite.emulator.clearRequests();
    outputs = (await suite.host.update(urn, id, outputs, withProvider(news))).properties;
    expect(suite.emulator.requests()[0]!.body).toEqual({ tags: ["benefits", "hr", "policies"] });
    inputs.tags = news.tags;
  });

  test("a new URL or crawl setting replaces, creating the new document first", async () => {
    const url = await suite.host.diff(
      urn,
      id,
      outputs,
      withProvider({ ...inputs, documentUrl: "https://example.com/v2.pdf" }),
    );
    expect(url).toMatchObject({
      changes: "some",
      replaces: ["documentUrl"],
      deleteBeforeReplace: false,
    });
    const crawl = await suite.host.diff(
      urn,
      id,
      outputs,
      withProvider({ ...inputs, crawl: { depth: 2 } }),
    );
    expect(crawl.replaces).toEqual(["crawl"]);
  });

  test("a rename made out of band is drift, healed with one PATCH", async () => {
    await fetch(`${suite.emulator.url}/v2/documents/${id}`, {
      method: "PATCH",
      headers: { "x-api-key": suite.emulator.apiKey, "content-type": "application/json" },
      body: JSON.stringify({ document_name: "Edited by hand" }),
    });
    const read = await suite.host.read(urn, id, outputs);
    expect(read.properties.documentName).toBe("Edited by hand");
    expect((await suite.host.diff(urn, id, read.properties, withProvider(inputs))).changes).toBe(
      "some",
    );
    suite.emulator.clearRequests();
    outputs = (await suite.host.update(urn, id, read.properties, withProvider(inputs))).properties;
    expect(wire()).toEqual([`PATCH /v2/documents/${id} 200`]);
    expect(suite.emulator.requests()[0]!.body).toEqual({ document_name: "Staff handbook" });
  });

  test("a new recrawlTrigger recrawls; within the hour the cooldown fails in one attempt, saying when to retry", async () => {
    suite.emulator.clearRequests();
    const first = { ...inputs, recrawlTrigger: "2026-12-01" };
    outputs = (await suite.host.update(urn, id, outputs, withProvider(first))).properties;
    expect(wire()[0]).toBe(`POST /v2/documents/${id}/recrawl 202`);
    suite.emulator.clearRequests();
    const second = { ...first, recrawlTrigger: "2026-12-02", waitForReady: false };
    const err = await failureOf(suite.host.update(urn, id, outputs, withProvider(second)));
    expect(wire()).toEqual([`POST /v2/documents/${id}/recrawl 429`]);
    expect(err.details).toMatch(
      /recrawl failed: .*HTTP 429.*once an hour: run pulumi up again later/,
    );
  });

  test("recrawlTrigger on a document that is not a crawl is refused by check", async () => {
    const { failures } = await suite.host.check(
      urn,
      {},
      withProvider({ documentUrl: "https://example.com/a.pdf", recrawlTrigger: "now" }),
    );
    expect(failures).toEqual([
      expect.objectContaining({
        property: "recrawlTrigger",
        reason: expect.stringMatching(/set crawl/),
      }),
    ]);
  });

  test("delete is one DELETE; again is done; refresh then drops it", async () => {
    suite.emulator.clearRequests();
    await suite.host.delete(urn, id, outputs);
    await suite.host.delete(urn, id, outputs);
    expect(wire()).toEqual([`DELETE /v2/documents/${id} 204`, `DELETE /v2/documents/${id} 404`]);
    expect((await suite.host.read(urn, id, outputs)).id).toBe("");
  });

  test("create without waitForReady is the POST alone: its answer is the document, as Get shows it", async () => {
    const fileUrn = urnOf(TYPES.document, "brochure");
    suite.emulator.clearRequests();
    const created = await suite.host.create(
      fileUrn,
      withProvider({ documentUrl: "https://example.com/brochure.pdf", tags: ["sales"] }),
    );
    expect(wire()).toEqual(["POST /v2/documents 200"]);
    expect(created.properties).toMatchObject({ status: "started", tags: ["sales"] });
    expect(created.properties.createdAt).toEqual(expect.any(String));
    expect((await suite.host.read(fileUrn, created.id, created.properties)).properties).toEqual(
      created.properties,
    );
    await suite.host.delete(fileUrn, created.id, created.properties);
  });

  test("a crawl that fails is created but unhealthy: the id stays in state with the API's reason", async () => {
    const err = await failureOf(
      suite.host.create(
        urn,
        withProvider({ documentUrl: "https://unreachable.example.com/", waitForReady: true }),
      ),
    );
    const failedId = ProviderHost.initFailedId(err);
    expect(failedId).toMatch(/^d/);
    expect(err.details).toMatch(/was created, but its processing failed: /);
    expect(suite.emulator.state().documents.some((d) => d.document_id === failedId)).toBe(true);
  });

  test("seven websites at once: five crawl, the others wait for a slot; each is created once", async () => {
    suite.emulator.clearRequests();
    const created = await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        suite.host.create(
          urnOf(TYPES.document, `site${i}`),
          withProvider({
            documentUrl: `https://example.com/site${i}`,
            crawl: { depth: 1, maxPages: 2 },
          }),
        ),
      ),
    );
    expect(new Set(created.map((c) => c.id)).size).toBe(7);
    const posts = wire().filter((line) => line.startsWith("POST /v2/documents "));
    // The emulator refuses a sixth running crawl: those waited, then were created.
    expect(posts.filter((line) => line.endsWith(" 429")).length).toBeGreaterThan(0);
    expect(posts.filter((line) => !line.endsWith(" 429"))).toHaveLength(7);
    const urls = suite.emulator.state().documents.map((d) => d.document_url);
    for (let i = 0; i < 7; i++)
      expect(urls.filter((u) => u === `https://example.com/site${i}`)).toHaveLength(1);
    for (const c of created)
      await suite.host.delete(urnOf(TYPES.document, "site"), c.id, c.properties);
  });

  test("the crawl quota (429 limit reached) fails in one attempt with what to do, not a retry storm", async () => {
    suite.emulator.clearRequests();
    suite.emulator.addFault({
      method: "POST",
      path: "/v2/documents",
      kind: "status",
      status: 429,
      body: JSON.stringify({ error: "Crawl document limit reached (100)" }),
      times: 5,
    });
    const err = await failureOf(
      suite.host.create(urn, withProvider({ documentUrl: "https://example.com/x" })),
    );
    suite.emulator.clearFaults();
    expect(wire()).toEqual(["POST /v2/documents 429"]);
    expect(err.details).toMatch(
      /Crawl document limit reached \(100\).*quota of crawled documents, not a rate limit/,
    );
  });
});

describe("Tool through the provider host", () => {
  const urn = urnOf(TYPES.tool, "book");
  const withProvider = (props: Props) => ({ ...props, __provider: suite.providers[TYPES.tool]! });
  const secretOf = (key: string) => ({ api: { headers: { "X-Api-Key": key } } });
  const inputs = {
    name: "book_visit",
    description: "Books a visit.",
    parameters: { type: "object", properties: { date: { type: "string" } } },
    delivery: { api: { url: "https://example.com/book", method: "POST" } },
    deliverySecrets: { api: { headers: { "X-Api-Key": "sk-tool-one" } } },
  };
  let id = "";
  let outputs: Props = {};

  test("create is one POST (the answer is the tool); the secret is in the encrypted output only", async () => {
    suite.emulator.clearRequests();
    const created = await suite.host.create(urn, withProvider(inputs));
    id = created.id;
    outputs = created.properties;
    expect(wire()).toEqual(["POST /v2/tools 200"]);
    expect(outputs.deliverySecrets).toEqual(inputs.deliverySecrets);
    expect(JSON.stringify(outputs.delivery)).not.toContain("sk-tool-one");
    expect(JSON.stringify(suite.emulator.requests())).not.toContain("sk-tool-one");
  });

  test("Get masks the secret: a refresh shows no change and never stores the mask", async () => {
    const live = await fetch(`${suite.emulator.url}/v2/tools/${id}`, {
      headers: { "x-api-key": suite.emulator.apiKey },
    }).then((r) => r.json() as Promise<{ delivery: { api: { headers: Props } } }>);
    expect(live.delivery.api.headers["X-Api-Key"]).toBe("********");
    const read = await suite.host.read(urn, id, outputs);
    expect(JSON.stringify(read.properties)).not.toContain("********");
    expect(read.properties.deliverySecrets).toEqual(inputs.deliverySecrets);
    expect((await suite.host.diff(urn, id, read.properties, withProvider(inputs))).changes).toBe(
      "none",
    );
  });

  test("rotating the secret is one PATCH carrying the new value, never the mask; then no change", async () => {
    const news = { ...inputs, deliverySecrets: secretOf("sk-tool-two") };
    expect((await suite.host.diff(urn, id, outputs, withProvider(news))).changes).toBe("some");
    suite.emulator.clearRequests();
    outputs = (await suite.host.update(urn, id, outputs, withProvider(news))).properties;
    expect(wire()).toEqual([`PATCH /v2/tools/${id} 200`]);
    const sent = JSON.stringify(suite.emulator.state().tools.find((t) => t.tool_id === id));
    expect(sent).toContain("sk-tool-two");
    expect(outputs.deliverySecrets).toEqual(news.deliverySecrets);
    suite.emulator.clearRequests();
    const read = await suite.host.read(urn, id, outputs);
    expect((await suite.host.diff(urn, id, read.properties, withProvider(news))).changes).toBe(
      "none",
    );
    expect(wire()).toEqual([`GET /v2/tools/${id} 200`]);
    inputs.deliverySecrets = news.deliverySecrets;
  });

  test("a new description is one PATCH with only the description", async () => {
    suite.emulator.clearRequests();
    const news = { ...inputs, description: "Books a visit at the clinic." };
    outputs = (await suite.host.update(urn, id, outputs, withProvider(news))).properties;
    expect(suite.emulator.requests()[0]!.body).toEqual({
      description: "Books a visit at the clinic.",
    });
  });

  test("a taken name fails with the existing tool's id and how to adopt it", async () => {
    const err = await failureOf(
      suite.host.create(urnOf(TYPES.tool, "again"), withProvider(inputs)),
    );
    expect(err.details).toMatch(/HTTP 409/);
    expect(err.details).toContain(`adoptId: "${id}"`);
  });

  test("adoptId takes an existing tool over: one GET and one PATCH of what differs", async () => {
    suite.emulator.clearRequests();
    const adopted = await suite.host.create(
      urnOf(TYPES.tool, "adopted"),
      withProvider({ ...inputs, description: "Adopted.", adoptId: id }),
    );
    expect(adopted.id).toBe(id);
    expect(wire()).toEqual([`GET /v2/tools/${id} 200`, `PATCH /v2/tools/${id} 200`]);
    const patch = suite.emulator.requests()[1]!.body as Props;
    expect(Object.keys(patch).sort()).toEqual(["delivery", "description"]);
  });

  test("a system tool cannot be adopted: refused by check, before any request", async () => {
    suite.emulator.clearRequests();
    const { failures } = await suite.host.check(
      urn,
      {},
      withProvider({ ...inputs, adoptId: "end_call" }),
    );
    expect(failures).toEqual([
      expect.objectContaining({
        property: "adoptId",
        reason: expect.stringMatching(/system tool/),
      }),
    ]);
    expect(wire()).toEqual([]);
  });

  test("tools attached to a persona: attach on create, drift on refresh, detach on removal", async () => {
    const other = await suite.host.create(
      urnOf(TYPES.tool, "end"),
      withProvider({
        name: "wrap_up",
        description: "Ends politely.",
        delivery: { appMessage: true },
      }),
    );
    const personaUrn = urnOf(TYPES.persona, "with-tools");
    const persona = {
      systemPrompt: "Book visits.",
      toolIds: [id],
      __provider: suite.providers[TYPES.persona]!,
    };
    suite.emulator.clearRequests();
    const created = await suite.host.create(personaUrn, persona);
    const pid = created.id;
    expect(wire()).toEqual([
      "POST /v2/personas 200",
      `GET /v2/personas/${pid} 200`,
      `POST /v2/pals/${pid}/tools 200`,
    ]);
    suite.emulator.clearRequests();
    const read = await suite.host.read(personaUrn, pid, created.properties);
    expect(wire()).toEqual([`GET /v2/personas/${pid} 200`, `GET /v2/pals/${pid}/tools 200`]);
    expect((await suite.host.diff(personaUrn, pid, read.properties, persona)).changes).toBe("none");
    // Attached out of band: refresh shows it, the next update detaches it.
    await fetch(`${suite.emulator.url}/v2/pals/${pid}/tools`, {
      method: "POST",
      headers: { "x-api-key": suite.emulator.apiKey, "content-type": "application/json" },
      body: JSON.stringify({ tool_ids: [other.id] }),
    });
    const drifted = await suite.host.read(personaUrn, pid, read.properties);
    expect(drifted.properties.toolIds).toEqual([other.id, id].sort());
    expect((await suite.host.diff(personaUrn, pid, drifted.properties, persona)).changes).toBe(
      "some",
    );
    suite.emulator.clearRequests();
    await suite.host.update(personaUrn, pid, drifted.properties, persona);
    expect(wire()).toEqual([`DELETE /v2/pals/${pid}/tools/${other.id} 204`]);
    // Swapping tools: one POST for the new, one DELETE for the old; no persona request.
    suite.emulator.clearRequests();
    await suite.host.update(
      personaUrn,
      pid,
      { ...drifted.properties, toolIds: [id] },
      { ...persona, toolIds: [other.id] },
    );
    expect(wire()).toEqual([
      `POST /v2/pals/${pid}/tools 200`,
      `DELETE /v2/pals/${pid}/tools/${id} 204`,
    ]);
  });
});
