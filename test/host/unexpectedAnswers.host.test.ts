/**
 * Answers the contract does not promise: clear errors, never a crash, never a
 * resource recorded with an undefined id.
 */
import { ProviderHost, urnOf, type HostError } from "../harness/providerHost";
import { useProviderHost } from "../harness/hostSuite";

const PERSONA = "pulumi-nodejs:dynamic/tavus:Persona";
const REPLICA = "pulumi-nodejs:dynamic/tavus:Replica";
const CONVERSATION = "pulumi-nodejs:dynamic/tavus:Conversation";

const suite = useProviderHost({
  emulator: { replicaTrainingMs: 10 },
  config: { "tavus:maxRetries": "0" },
});

beforeEach(() => suite.emulator.clearFaults());

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as HostError,
  );

test("an HTML error page on create: the page's text, the endpoint, nothing recorded", async () => {
  suite.emulator.addFault({
    method: "POST",
    path: "/v2/personas",
    kind: "status",
    status: 400,
    contentType: "text/html",
    body: "<html><body><h1>400 Bad Request</h1><p>Request rejected by gateway</p></body></html>",
  });
  const err = await failure(
    suite.host.create(urnOf(PERSONA, "html"), {
      systemPrompt: "p",
      __provider: suite.providers[PERSONA]!,
    }),
  );
  expect(err!.details).toMatch(
    /Tavus persona: create failed: Tavus API POST \/v2\/personas failed: HTTP 400: 400 Bad Request Request rejected by gateway/,
  );
  expect(ProviderHost.initFailedId(err!)).toBeUndefined();
});

test("a 200 without an id on create is an error, not a resource with an undefined id", async () => {
  suite.emulator.addFault({
    method: "POST",
    path: "/v2/replicas",
    kind: "status",
    status: 200,
    body: JSON.stringify({ status: "started" }),
  });
  const err = await failure(
    suite.host.create(urnOf(REPLICA, "noid"), {
      trainVideoUrl: "https://example.com/v.mp4",
      __provider: suite.providers[REPLICA]!,
    }),
  );
  expect(err!.details).toMatch(
    /expected a JSON object with "replica_id", got an object with keys status/,
  );
  expect(ProviderHost.initFailedId(err!)).toBeUndefined();
});

test("an empty 200 body on read is an error naming the persona", async () => {
  const created = await suite.host.create(urnOf(PERSONA, "empty"), {
    systemPrompt: "p",
    __provider: suite.providers[PERSONA]!,
  });
  suite.emulator.addFault({
    method: "GET",
    path: `/v2/personas/${created.id}`,
    kind: "status",
    status: 200,
    body: "",
  });
  const err = await failure(
    suite.host.read(urnOf(PERSONA, "empty"), created.id, created.properties),
  );
  expect(err!.details).toMatch(
    new RegExp(`Tavus persona ${created.id}: read failed: .*got an empty body`),
  );
});

test("an unknown replica status while waiting for training: a clear error, the replica kept in state", async () => {
  suite.emulator.addFault({
    method: "GET",
    path: "/v2/replicas/:id",
    kind: "status",
    status: 200,
    body: JSON.stringify({
      replica_id: "r00000000000",
      status: "paused",
      created_at: "2026-01-01T00:00:00.000000Z",
    }),
  });
  const err = await failure(
    suite.host.create(urnOf(REPLICA, "odd"), {
      trainVideoUrl: "https://example.com/v.mp4",
      waitForTraining: true,
      __provider: suite.providers[REPLICA]!,
    }),
  );
  expect(err!.details).toMatch(/unknown replica status "paused"/);
  expect(ProviderHost.initFailedId(err!)).toMatch(/^r[0-9a-f]{11}$/);
});

test("a conversation create answered with non-JSON text is an error", async () => {
  suite.emulator.addFault({
    method: "POST",
    path: "/v2/conversations",
    kind: "status",
    status: 200,
    body: "OK",
  });
  const err = await failure(
    suite.host.create(urnOf(CONVERSATION, "text"), {
      replicaId: "rf4703150052",
      testMode: true,
      __provider: suite.providers[CONVERSATION]!,
    }),
  );
  expect(err!.details).toMatch(/unreadable answer \(not JSON\): OK/);
});

describe("statuses", () => {
  test("an unknown conversation status on refresh is recorded as the API said it, the id intact", async () => {
    const urn = urnOf(CONVERSATION, "odd-status");
    const created = await suite.host.create(urn, {
      replicaId: "rf4703150052",
      testMode: true,
      __provider: suite.providers[CONVERSATION]!,
    });
    const live = suite.emulator
      .state()
      .conversations.find((c) => c.conversation_id === created.id)!;
    suite.emulator.addFault({
      method: "GET",
      path: `/v2/conversations/${created.id}`,
      kind: "status",
      status: 200,
      body: JSON.stringify({ ...live, status: "archived" }),
      times: 1,
    });
    const read = await suite.host.read(urn, created.id, created.properties);
    expect(read.id).toBe(created.id);
    expect(read.properties).toMatchObject({
      conversationId: created.id,
      status: "archived",
      conversationUrl: created.properties.conversationUrl,
    });
  });

  test("an unknown replica status on refresh is recorded as the API said it, the id intact", async () => {
    const urn = urnOf(REPLICA, "odd-status");
    const created = await suite.host.create(urn, {
      trainVideoUrl: "https://example.com/v.mp4",
      __provider: suite.providers[REPLICA]!,
    });
    suite.emulator.addFault({
      method: "GET",
      path: `/v2/replicas/${created.id}`,
      kind: "status",
      status: 200,
      body: JSON.stringify({ replica_id: created.id, status: "queued" }),
      times: 1,
    });
    const read = await suite.host.read(urn, created.id, created.properties);
    expect(read).toMatchObject({
      id: created.id,
      properties: { replicaId: created.id, status: "queued" },
    });
  });

  test.each([
    [
      "conversation",
      CONVERSATION,
      { replicaId: "rf4703150052", testMode: true },
      "conversations",
      "conversation_id",
    ],
    ["replica", REPLICA, { trainVideoUrl: "https://example.com/v.mp4" }, "replicas", "replica_id"],
  ] as const)(
    "a %s GET without a status is an error naming the id, not a state without one",
    async (kind, type, inputs, group, idField) => {
      const urn = urnOf(type, "no-status");
      const created = await suite.host.create(urn, {
        ...inputs,
        __provider: suite.providers[type]!,
      });
      suite.emulator.addFault({
        method: "GET",
        path: `/v2/${group}/${created.id}`,
        kind: "status",
        status: 200,
        body: JSON.stringify({ [idField]: created.id }),
      });
      const err = await failure(suite.host.read(urn, created.id, created.properties));
      expect(err!.details).toMatch(
        new RegExp(
          `^Tavus ${kind} ${created.id}: read failed: .*unexpected answer: expected "status" to be a string in ${idField} ${created.id}, got nothing`,
        ),
      );
    },
  );
});

describe("answers that leave a create's outcome open", () => {
  test("a 200 without an id on persona create: looked up, nothing found, tried again, and finally an error saying nothing was left behind", async () => {
    const before = suite.emulator.state().personas.length;
    suite.emulator.addFault({
      method: "POST",
      path: "/v2/personas",
      kind: "status",
      status: 200,
      body: "",
    });
    suite.emulator.clearRequests();
    const err = await failure(
      suite.host.create(urnOf(PERSONA, "no-id"), {
        systemPrompt: "p",
        __provider: suite.providers[PERSONA]!,
      }),
    );
    expect(err!.details).toMatch(
      /^Tavus persona: create failed: .*expected a JSON object with "persona_id", got an empty body; a lookup found no persona created by these 4 attempts/,
    );
    expect(suite.emulator.requests().map((r) => `${r.method} ${r.path}`)).toEqual(
      Array(4).fill(["POST /v2/personas", "GET /v2/personas"]).flat(),
    );
    expect(suite.emulator.state().personas.length).toBe(before);
  });

  test("a lost create answer and an HTML page instead of the list: an error saying a persona may exist and how to find it", async () => {
    suite.emulator.addFault({
      method: "POST",
      path: "/v2/personas",
      kind: "reset-after",
      times: 1,
    });
    suite.emulator.addFault({
      method: "GET",
      path: "/v2/personas",
      kind: "status",
      status: 200,
      body: "<html><body>Maintenance</body></html>",
    });
    const before = suite.emulator.state().personas.length;
    const err = await failure(
      suite.host.create(urnOf(PERSONA, "lost"), {
        systemPrompt: "lost",
        __provider: suite.providers[PERSONA]!,
      }),
    );
    expect(err!.details).toMatch(
      /^Tavus persona: create failed: the create's outcome is unknown \(.*ECONNRESET.*\), and whether it created a persona could not be settled \(looking for it failed: .*unreadable answer \(not JSON\): Maintenance\)/,
    );
    expect(err!.details).toMatch(
      /look for one created after \d{4}-\d\d-\d\dT.*"pulumi-tavus audit" lists them/,
    );
    expect(suite.emulator.state().personas.length).toBe(before + 1); // it did exist: the error was right to warn
  });

  test("an HTML gateway page on a read: an error quoting the page, naming the persona and what to do", async () => {
    const created = await suite.host.create(urnOf(PERSONA, "gateway"), {
      systemPrompt: "p",
      __provider: suite.providers[PERSONA]!,
    });
    suite.emulator.addFault({
      method: "GET",
      path: `/v2/personas/${created.id}`,
      kind: "status",
      status: 502,
      body: "<html><head><title>502</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>",
    });
    const err = await failure(
      suite.host.read(urnOf(PERSONA, "gateway"), created.id, created.properties),
    );
    expect(err!.details).toBe(
      `Tavus persona ${created.id}: read failed: Tavus API GET /v2/personas/${created.id} failed: HTTP 502: 502 502 Bad Gateway nginx. The Tavus API failed; run the command again later`,
    );
  });
});
