/**
 * Answers the contract does not promise: clear errors, never a crash, never a
 * resource recorded with an undefined id.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { ProviderHost, serializedProviders, urnOf, type HostError } from "../harness/providerHost";

const PERSONA = "pulumi-nodejs:dynamic/tavus:Persona";
const REPLICA = "pulumi-nodejs:dynamic/tavus:Replica";
const CONVERSATION = "pulumi-nodejs:dynamic/tavus:Conversation";

let emulator: RunningEmulator;
let host: ProviderHost;
let providers: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator({ replicaTrainingMs: 10 });
  providers = serializedProviders();
  host = await ProviderHost.start();
  await host.configure({ "tavus:apiKey": emulator.apiKey, "tavus:baseUrl": emulator.url, "tavus:maxRetries": "0" });
});
afterAll(async () => {
  await host?.stop();
  await emulator?.close();
});
beforeEach(() => emulator.clearFaults());

const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as HostError);

test("an HTML error page on create: the page's text, the endpoint, nothing recorded", async () => {
  emulator.addFault({ method: "POST", path: "/v2/personas", kind: "status", status: 400, contentType: "text/html", body: "<html><body><h1>400 Bad Request</h1><p>Request rejected by gateway</p></body></html>" });
  const err = await failure(host.create(urnOf(PERSONA, "html"), { systemPrompt: "p", __provider: providers[PERSONA]! }));
  expect(err!.details).toMatch(/Tavus persona: create failed: Tavus API POST \/v2\/personas failed: HTTP 400: 400 Bad Request Request rejected by gateway/);
  expect(ProviderHost.initFailedId(err!)).toBeUndefined();
});

test("a 200 without an id on create is an error, not a resource with an undefined id", async () => {
  emulator.addFault({ method: "POST", path: "/v2/replicas", kind: "status", status: 200, body: JSON.stringify({ status: "started" }) });
  const err = await failure(host.create(urnOf(REPLICA, "noid"), { trainVideoUrl: "https://example.com/v.mp4", __provider: providers[REPLICA]! }));
  expect(err!.details).toMatch(/expected a JSON object with "replica_id", got an object with keys status/);
  expect(ProviderHost.initFailedId(err!)).toBeUndefined();
});

test("an empty 200 body on read is an error naming the persona", async () => {
  const created = await host.create(urnOf(PERSONA, "empty"), { systemPrompt: "p", __provider: providers[PERSONA]! });
  emulator.addFault({ method: "GET", path: `/v2/personas/${created.id}`, kind: "status", status: 200, body: "" });
  const err = await failure(host.read(urnOf(PERSONA, "empty"), created.id, created.properties));
  expect(err!.details).toMatch(new RegExp(`Tavus persona ${created.id}: read failed: .*got an empty body`));
});

test("an unknown replica status while waiting for training: a clear error, the replica kept in state", async () => {
  emulator.addFault({ method: "GET", path: "/v2/replicas/:id", kind: "status", status: 200, body: JSON.stringify({ replica_id: "r00000000000", status: "paused", created_at: "2026-01-01T00:00:00.000000Z" }) });
  const err = await failure(host.create(urnOf(REPLICA, "odd"), { trainVideoUrl: "https://example.com/v.mp4", waitForTraining: true, __provider: providers[REPLICA]! }));
  expect(err!.details).toMatch(/unknown replica status "paused"/);
  expect(ProviderHost.initFailedId(err!)).toMatch(/^r[0-9a-f]{11}$/);
});

test("a conversation create answered with non-JSON text is an error", async () => {
  emulator.addFault({ method: "POST", path: "/v2/conversations", kind: "status", status: 200, body: "OK" });
  const err = await failure(host.create(urnOf(CONVERSATION, "text"), { replicaId: "rf4703150052", testMode: true, __provider: providers[CONVERSATION]! }));
  expect(err!.details).toMatch(/unreadable answer \(not JSON\): OK/);
});
