/**
 * The shared request limit configured in stack config, and secrets kept out of
 * everything the provider writes: errors, the host's stderr, the emulator's log.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { ProviderHost, serializedProviders, urnOf, type HostError } from "../harness/providerHost";

const PERSONA = "pulumi-nodejs:dynamic/tavus:Persona";
const LLM_KEY = "sk-llm-secret-0123456789";
const TTS_KEY = "tts-secret-9876543210";

let emulator: RunningEmulator;
let providers: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator({ strict: true, apiKey: "tavus-key-abcdef123456" });
  providers = serializedProviders();
});
afterAll(() => emulator?.close());

test("tavus:requestsPerSecond keeps a burst of reads under the API's rate limit: no 429 reaches it", async () => {
  const host = await ProviderHost.start();
  try {
    await host.configure({
      "tavus:apiKey": emulator.apiKey,
      "tavus:baseUrl": emulator.url,
      "tavus:requestsPerSecond": "15",
      "tavus:maxConcurrentRequests": "4",
    });
    const urn = urnOf(PERSONA, "limited");
    const created = await host.create(urn, { systemPrompt: "p", __provider: providers[PERSONA]! });
    emulator.settings.rateLimitPerSecond = 20;
    emulator.clearRequests();
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 45 }, () => host.read(urn, created.id, created.properties)),
    );
    expect(emulator.requests().filter((r) => r.status === 429)).toEqual([]);
    expect(emulator.requests()).toHaveLength(45);
    // 15 in the first burst, then 15/s: about two seconds for 45.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  } finally {
    emulator.settings.rateLimitPerSecond = 0;
    await host.stop();
  }
});

test("tavus:maxConcurrentRequests holds requests in flight to the limit: 8 slow reads at 2 at a time take 4 rounds", async () => {
  const host = await ProviderHost.start();
  try {
    await host.configure({
      "tavus:apiKey": emulator.apiKey,
      "tavus:baseUrl": emulator.url,
      "tavus:maxConcurrentRequests": "2",
    });
    const urn = urnOf(PERSONA, "concurrency");
    const created = await host.create(urn, { systemPrompt: "p", __provider: providers[PERSONA]! });
    emulator.settings.latencyMs = 100;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 8 }, () => host.read(urn, created.id, created.properties)),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
  } finally {
    emulator.settings.latencyMs = 0;
    await host.stop();
  }
});

describe("secrets stay out of errors, logs and the request log", () => {
  let host: ProviderHost;
  beforeAll(async () => {
    host = await ProviderHost.start();
    await host.configure({
      "tavus:apiKey": emulator.apiKey,
      "tavus:baseUrl": emulator.url,
      "tavus:maxRetries": "0",
    });
  });
  afterAll(() => host?.stop());

  test("a persona with layer keys: created, updated and failed without printing a key anywhere", async () => {
    const urn = urnOf(PERSONA, "keys");
    const inputs = {
      systemPrompt: "p",
      layerSecrets: {
        llm: { apiKey: LLM_KEY, headers: { Authorization: `Bearer ${LLM_KEY}` } },
        tts: { apiKey: TTS_KEY },
      },
      __provider: providers[PERSONA]!,
    };
    const created = await host.create(urn, inputs);
    await host.update(urn, created.id, created.properties, {
      ...inputs,
      layerSecrets: { llm: { apiKey: `${LLM_KEY}-rotated` }, tts: { apiKey: TTS_KEY } },
    });

    // A server that echoes the key in its error body.
    emulator.addFault({
      method: "GET",
      path: `/v2/personas/${created.id}`,
      kind: "status",
      status: 500,
      body: JSON.stringify({ message: `upstream rejected key ${emulator.apiKey}` }),
      times: 1,
    });
    const err = (await host
      .read(urn, created.id, created.properties)
      .catch((e: unknown) => e)) as HostError;
    expect(err.details).toContain("[redacted]");

    const everything = [
      err.details,
      host.stderr.join(""),
      JSON.stringify(await (await fetch(`${emulator.url}/__emulator/requests`)).json()),
    ].join("\n");
    for (const secret of [emulator.apiKey, LLM_KEY, TTS_KEY])
      expect(everything).not.toContain(secret);
  });

  test("a layer key the API echoes in an error stays out of the error and the host's output", async () => {
    emulator.addFault({
      method: "POST",
      path: "/v2/personas",
      kind: "status",
      status: 400,
      body: JSON.stringify({ error: `Invalid LLM api_key ${LLM_KEY} (tts: ${TTS_KEY})` }),
      times: 1,
    });
    const err = (await host
      .create(urnOf(PERSONA, "echo"), {
        systemPrompt: "p",
        layerSecrets: { llm: { apiKey: LLM_KEY }, tts: { apiKey: TTS_KEY } },
        __provider: providers[PERSONA]!,
      })
      .catch((e: unknown) => e)) as HostError;
    expect(err.details).toBe(
      "Tavus persona: create failed: Tavus API POST /v2/personas failed: HTTP 400: Invalid LLM api_key [redacted] (tts: [redacted])",
    );
    expect(host.stderr.join("")).not.toContain(LLM_KEY);
  });

  test("rotating a layer key: the guarded PATCH tests the old key and replaces it, and the request log shows neither", async () => {
    const urn = urnOf(PERSONA, "rotate");
    const inputs = {
      systemPrompt: "p",
      layerSecrets: { llm: { apiKey: "sk-old-abcdef123456" } },
      __provider: providers[PERSONA]!,
    };
    const created = await host.create(urn, inputs);
    emulator.clearRequests();
    await host.update(urn, created.id, created.properties, {
      ...inputs,
      layerSecrets: { llm: { apiKey: "sk-new-abcdef654321" } },
    });
    const patch = emulator.requests().find((r) => r.method === "PATCH")!;
    expect(patch.body).toEqual([
      { op: "test", path: "/layers/llm/api_key", value: "[redacted]" },
      { op: "replace", path: "/layers/llm/api_key", value: "[redacted]" },
    ]);
    expect(
      emulator.state().personas.find((p) => p.persona_id === created.id)?.layers?.llm?.api_key,
    ).toBe("sk-new-abcdef654321");
  });

  test("a wrong API key fails with the API's message, and the wrong key is not repeated", async () => {
    const other = await ProviderHost.start();
    try {
      await other.configure({
        "tavus:apiKey": "wrong-key-zyxwvu987654",
        "tavus:baseUrl": emulator.url,
      });
      const err = (await other
        .create(urnOf(PERSONA, "wrong"), { systemPrompt: "p", __provider: providers[PERSONA]! })
        .catch((e: unknown) => e)) as HostError;
      expect(err.details).toMatch(/HTTP 401: Invalid access token/);
      expect(err.details + other.stderr.join("")).not.toContain("wrong-key-zyxwvu987654");
    } finally {
      await other.stop();
    }
  });

  test("no API key at all: a clear error saying how to set one, before any request", async () => {
    const other = await ProviderHost.start(undefined, { TAVUS_API_KEY: "" });
    try {
      await other.configure({ "tavus:baseUrl": emulator.url });
      emulator.clearRequests();
      const err = (await other
        .create(urnOf(PERSONA, "nokey"), { systemPrompt: "p", __provider: providers[PERSONA]! })
        .catch((e: unknown) => e)) as HostError;
      expect(err.details).toMatch(
        /Tavus API key is not set: run "pulumi config set --secret tavus:apiKey <key>" or set TAVUS_API_KEY/,
      );
      expect(emulator.requests()).toEqual([]);
    } finally {
      await other.stop();
    }
  });
});
