/**
 * Callbacks (issue #14): where a request carries `callback_url`, the emulator
 * POSTs the documented events to it. A receiver on 127.0.0.1 stands in for the
 * client's webhook server.
 */
import { createServer, type Server } from "node:http";
import { TRAINING_ERROR_MESSAGE } from "../../emulator";
import { call, delay, useEmulator } from "./helpers";

const emulator = useEmulator({ callbacks: true, replicaTrainingMs: 50 });
const STOCK_REPLICA = "r4067604db72";

/** What the receiver got: one entry per POST. */
interface Received {
  path: string;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

let server: Server;
let base: string;
let received: Received[] = [];
/** Statuses to answer, in order; once used up, 200. */
let answers: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString()));
    req.on("end", () => {
      received.push({
        path: req.url ?? "",
        contentType: req.headers["content-type"],
        body: JSON.parse(text) as Record<string, unknown>,
      });
      res.writeHead(answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no address");
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received = [];
  answers = [];
});

/** Waits until the receiver has `count` callbacks (or fails after ~3 s). */
async function waitFor(count: number): Promise<Received[]> {
  for (let i = 0; i < 150 && received.length < count; i++) await delay(20);
  expect(received).toHaveLength(count);
  return received;
}

describe("replica training", () => {
  test("POSTs {replica_id, status: ready} to the callback_url when training completes", async () => {
    const created = await call(emulator(), "POST", "/v2/replicas", {
      body: { train_video_url: "https://example.com/v.mp4", callback_url: `${base}/replica` },
    });
    const [callback] = await waitFor(1);
    expect(callback).toEqual({
      path: "/replica",
      contentType: "application/json",
      body: { replica_id: created.json.replica_id, status: "ready" },
    });
  });

  test("POSTs status error with the error_message when training fails", async () => {
    const created = await call(emulator(), "POST", "/v2/replicas", {
      body: { train_video_url: "https://example.com/too-short.mp4", callback_url: base },
    });
    const [callback] = await waitFor(1);
    expect(callback?.body).toEqual({
      replica_id: created.json.replica_id,
      status: "error",
      error_message: TRAINING_ERROR_MESSAGE,
    });
  });

  test("sends nothing for a replica hard-deleted before training ends", async () => {
    emulator().settings.replicaTrainingMs = 200;
    const created = await call(emulator(), "POST", "/v2/replicas", {
      body: { train_video_url: "https://example.com/v.mp4", callback_url: base },
    });
    await call(emulator(), "DELETE", `/v2/replicas/${created.json.replica_id}?hard=true`);
    await delay(400);
    expect(received).toEqual([]);
  });

  test("works under the Face names too", async () => {
    const created = await call(emulator(), "POST", "/v2/faces", {
      body: { train_video_url: "https://example.com/v.mp4", callback_url: base },
    });
    const [callback] = await waitFor(1);
    expect(callback?.body).toEqual({ replica_id: created.json.face_id, status: "ready" });
  });
});

describe("conversation lifecycle", () => {
  test("POSTs system.replica_joined, then system.shutdown with the reason when ended", async () => {
    const hook = `${base}/conversation`;
    const created = await call(emulator(), "POST", "/v2/conversations", {
      body: { replica_id: STOCK_REPLICA, callback_url: hook },
    });
    const id = created.json.conversation_id as string;
    const [joined] = await waitFor(1);
    expect(joined?.body).toEqual({
      properties: { replica_id: STOCK_REPLICA },
      conversation_id: id,
      webhook_url: hook,
      event_type: "system.replica_joined",
      message_type: "system",
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
    });
    await call(emulator(), "POST", `/v2/conversations/${id}/end`);
    const [, shutdown] = await waitFor(2);
    expect(shutdown?.body).toMatchObject({
      properties: { replica_id: STOCK_REPLICA, shutdown_reason: "end_conversation_endpoint_hit" },
      conversation_id: id,
      event_type: "system.shutdown",
      message_type: "system",
    });
  });

  test("a DELETE of an active conversation sends shutdown with daily_room_has_been_deleted", async () => {
    const created = await call(emulator(), "POST", "/v2/conversations", {
      body: { replica_id: STOCK_REPLICA, callback_url: base },
    });
    await waitFor(1);
    await call(emulator(), "DELETE", `/v2/conversations/${created.json.conversation_id}`);
    const [, shutdown] = await waitFor(2);
    expect(shutdown?.body["properties"]).toEqual({
      replica_id: STOCK_REPLICA,
      shutdown_reason: "daily_room_has_been_deleted",
    });
  });

  test("a test_mode conversation sends nothing: the replica never joins", async () => {
    await call(emulator(), "POST", "/v2/conversations", {
      body: { replica_id: STOCK_REPLICA, callback_url: base, test_mode: true },
    });
    await delay(200);
    expect(received).toEqual([]);
  });
});

describe("document processing", () => {
  test("POSTs the document at started, processing and ready", async () => {
    emulator().settings.documentProcessingMs = 200;
    const created = await call(emulator(), "POST", "/v2/documents", {
      body: { document_url: "https://example.com/guide.pdf", callback_url: `${base}/doc` },
    });
    expect(created.status).toBe(200);
    const callbacks = await waitFor(3);
    expect(callbacks.map((c) => [c.path, c.body["document_id"], c.body["status"]])).toEqual([
      ["/doc", created.json.document_id, "started"],
      ["/doc", created.json.document_id, "processing"],
      ["/doc", created.json.document_id, "ready"],
    ]);
    const got = await call(emulator(), "GET", `/v2/documents/${created.json.document_id}`);
    expect(callbacks[2]?.body).toEqual(got.json);
  });

  test("ends with status error and the error_message for an unreachable URL", async () => {
    emulator().settings.documentProcessingMs = 100;
    await call(emulator(), "POST", "/v2/documents", {
      body: { document_url: "https://unreachable.example.com/a.pdf", callback_url: base },
    });
    const callbacks = await waitFor(3);
    expect(callbacks[2]?.body).toMatchObject({
      status: "error",
      error_message: expect.any(String),
    });
  });

  test("sends nothing more for a document deleted while it processes", async () => {
    emulator().settings.documentProcessingMs = 200;
    const created = await call(emulator(), "POST", "/v2/documents", {
      body: { document_url: "https://example.com/a.pdf", callback_url: base },
    });
    await waitFor(1);
    await call(emulator(), "DELETE", `/v2/documents/${created.json.document_id}`);
    await delay(400);
    expect(received).toHaveLength(1);
  });
});

describe("delivery", () => {
  test("retries a failed callback until the receiver takes it", async () => {
    answers = [500, 503];
    await call(emulator(), "POST", "/v2/conversations", {
      body: { replica_id: STOCK_REPLICA, callback_url: base },
    });
    await waitFor(3);
    for (let i = 0; i < 50 && emulator().callbacks()[0]?.state === "pending"; i++) await delay(20);
    expect(emulator().callbacks()).toEqual([
      expect.objectContaining({ url: base, attempts: 3, status: 200, state: "delivered" }),
    ]);
  });

  test("gives up after callbackRetries retries", async () => {
    emulator().settings.callbackRetries = 1;
    answers = [500, 500, 500];
    await call(emulator(), "POST", "/v2/conversations", {
      body: { replica_id: STOCK_REPLICA, callback_url: base },
    });
    await waitFor(2);
    await delay(300);
    expect(received).toHaveLength(2);
    expect(emulator().callbacks()).toEqual([
      expect.objectContaining({ attempts: 2, status: 500, state: "failed" }),
    ]);
  });

  test("callbacks: false sends nothing", async () => {
    emulator().settings.callbacks = false;
    await call(emulator(), "POST", "/v2/conversations", {
      body: { replica_id: STOCK_REPLICA, callback_url: base },
    });
    await call(emulator(), "POST", "/v2/replicas", {
      body: { train_video_url: "https://example.com/v.mp4", callback_url: base },
    });
    await delay(300);
    expect(received).toEqual([]);
    expect(emulator().callbacks()).toEqual([]);
  });

  test("GET /__emulator/callbacks lists what was sent", async () => {
    await call(emulator(), "POST", "/v2/conversations", {
      body: { replica_id: STOCK_REPLICA, callback_url: base },
    });
    await waitFor(1);
    for (let i = 0; i < 50 && emulator().callbacks()[0]?.state === "pending"; i++) await delay(20);
    const listed = await call(emulator(), "GET", "/__emulator/callbacks");
    expect(listed.json.callbacks).toEqual([
      {
        url: base,
        body: expect.objectContaining({ event_type: "system.replica_joined" }),
        attempts: 1,
        status: 200,
        state: "delivered",
      },
    ]);
  });
});
