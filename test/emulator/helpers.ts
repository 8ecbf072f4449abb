/**
 * Shared helpers for the emulator tests: start an emulator per test file and
 * call it with plain `fetch` (never the provider's client, whose bugs the
 * emulator exists to catch).
 */
import {
  DEFAULT_SETTINGS,
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from "../../emulator";

/** A response, read fully. */
export interface ApiResponse {
  status: number;
  headers: Headers;
  /** The raw body text ("" when there was none). */
  text: string;
  /** The body parsed as JSON; `undefined` when empty. */
  // `any` so tests can index freely into bodies they have just asserted on.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** Request options of {@link call}. */
export interface CallOptions {
  body?: unknown;
  /** Sent verbatim instead of `JSON.stringify(body)`. */
  rawBody?: string;
  /** `x-api-key`; `null` sends none. Defaults to the emulator's key. */
  apiKey?: string | null;
  signal?: AbortSignal;
}

/**
 * Calls the emulator.
 * @param emulator The running emulator.
 * @param method HTTP method.
 * @param path Path with query, e.g. `/v2/personas?page=2`.
 */
export async function call(
  emulator: RunningEmulator,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  const key = options.apiKey === undefined ? emulator.apiKey : options.apiKey;
  if (key !== null) headers["x-api-key"] = key;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers["content-type"] = "application/json";
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = body;
  if (options.signal !== undefined) init.signal = options.signal;
  const response = await fetch(emulator.url + path, init);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: text === "" ? undefined : JSON.parse(text),
  };
}

/**
 * Starts one emulator for the enclosing test file, resets it before each test
 * and closes it after the file.
 * @returns a getter, because the emulator exists only once `beforeAll` ran.
 */
export function useEmulator(options: EmulatorOptions = {}): () => RunningEmulator {
  let emulator: RunningEmulator | undefined;
  // Strict, as every test of the project runs it: the lenient default is
  // tested on purpose (lenient.test.ts). Callbacks off, so that a test's
  // callback_url (example.com) is never called; callbacks.test.ts turns them on.
  const initial: EmulatorOptions = {
    replicaTrainingMs: 50,
    strict: true,
    callbacks: false,
    ...options,
  };
  beforeAll(async () => {
    emulator = await startEmulator(initial);
  });
  beforeEach(() => {
    if (emulator === undefined) return;
    emulator.reset();
    // Settings survive reset by design; tests start from the file's initial ones.
    Object.assign(emulator.settings, DEFAULT_SETTINGS, initialSettings(initial));
  });
  afterAll(async () => {
    await emulator?.close();
  });
  return () => {
    if (emulator === undefined) throw new Error("emulator not started: call inside a test");
    return emulator;
  };
}

/** The settings part of emulator options (everything but port, key, file and faults). */
function initialSettings(options: EmulatorOptions): object {
  const {
    port: _port,
    apiKey: _apiKey,
    dataFile: _dataFile,
    faults: _faults,
    ...settings
  } = options;
  return settings;
}

/** Resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Creates a user replica and waits for its training to complete.
 * @returns the replica id.
 */
export async function trainedReplica(
  emulator: RunningEmulator,
  name = "Test Replica",
): Promise<string> {
  const created = await call(emulator, "POST", "/v2/replicas", {
    body: { train_video_url: "https://example.com/train.mp4", replica_name: name },
  });
  expect(created.status).toBe(200);
  const id = created.json.replica_id as string;
  for (let i = 0; i < 100; i++) {
    const got = await call(emulator, "GET", `/v2/replicas/${id}`);
    if (got.json.status === "completed") return id;
    await delay(20);
  }
  throw new Error(`replica ${id} did not finish training`);
}
