/**
 * Answers the contract does not promise: clear errors, never a crash, never a
 * resource recorded with an undefined id.
 */
import { ProviderHost, urnOf, type HostError } from "../harness/providerHost";
import { useProviderHost } from "../harness/hostSuite";

const PERSONA = "pulumi-nodejs:dynamic/tavus:Persona";
const REPLICA = "pulumi-nodejs:dynamic/tavus:Replica";
const CONVERSATION = "pulumi-nodejs:dynamic/tavus:Conversation";

const suite = useProviderHost({ emulator: { replicaTrainingMs: 10 }, config: { "tavus:maxRetries": "0" } });

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
  const err = await failure(suite.host.create(urnOf(PERSONA, "html"), { systemPrompt: "p", __provider: suite.providers[PERSONA]! }));
  expect(err!.details).toMatch(/Tavus persona: create failed: Tavus API POST \/v2\/personas failed: HTTP 400: 400 Bad Request Request rejected by gateway/);
  expect(ProviderHost.initFailedId(err!)).toBeUndefined();
});

test("a 200 without an id on create is an error, not a resource with an undefined id", async () => {
  suite.emulator.addFault({ method: "POST", path: "/v2/replicas", kind: "status", status: 200, body: JSON.stringify({ status: "started" }) });
  const err = await failure(suite.host.create(urnOf(REPLICA, "noid"), { trainVideoUrl: "https://example.com/v.mp4", __provider: suite.providers[REPLICA]! }));
  expect(err!.details).toMatch(/expected a JSON object with "replica_id", got an object with keys status/);
  expect(ProviderHost.initFailedId(err!)).toBeUndefined();
});

test("an empty 200 body on read is an error naming the persona", async () => {
  const created = await suite.host.create(urnOf(PERSONA, "empty"), { systemPrompt: "p", __provider: suite.providers[PERSONA]! });
  suite.emulator.addFault({ method: "GET", path: `/v2/personas/${created.id}`, kind: "status", status: 200, body: "" });
  const err = await failure(suite.host.read(urnOf(PERSONA, "empty"), created.id, created.properties));
  expect(err!.details).toMatch(new RegExp(`Tavus persona ${created.id}: read failed: .*got an empty body`));
});

test("an unknown replica status while waiting for training: a clear error, the replica kept in state", async () => {
  suite.emulator.addFault({
    method: "GET",
    path: "/v2/replicas/:id",
    kind: "status",
    status: 200,
    body: JSON.stringify({ replica_id: "r00000000000", status: "paused", created_at: "2026-01-01T00:00:00.000000Z" }),
  });
  const err = await failure(
    suite.host.create(urnOf(REPLICA, "odd"), { trainVideoUrl: "https://example.com/v.mp4", waitForTraining: true, __provider: suite.providers[REPLICA]! }),
  );
  expect(err!.details).toMatch(/unknown replica status "paused"/);
  expect(ProviderHost.initFailedId(err!)).toMatch(/^r[0-9a-f]{11}$/);
});

test("a conversation create answered with non-JSON text is an error", async () => {
  suite.emulator.addFault({ method: "POST", path: "/v2/conversations", kind: "status", status: 200, body: "OK" });
  const err = await failure(
    suite.host.create(urnOf(CONVERSATION, "text"), { replicaId: "rf4703150052", testMode: true, __provider: suite.providers[CONVERSATION]! }),
  );
  expect(err!.details).toMatch(/unreadable answer \(not JSON\): OK/);
});
