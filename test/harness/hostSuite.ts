/**
 * The setup every provider-host test file shares: an emulator, the real
 * dynamic-provider host configured against it, and the serialized providers.
 * Call at the top of a file; jest's beforeAll/afterAll do the rest.
 */
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";
import { ProviderHost, serializedProviders } from "./providerHost";

export const TYPES = {
  persona: "pulumi-nodejs:dynamic/tavus:Persona",
  replica: "pulumi-nodejs:dynamic/tavus:Replica",
  conversation: "pulumi-nodejs:dynamic/tavus:Conversation",
  objectives: "pulumi-nodejs:dynamic/tavus:Objectives",
  guardrail: "pulumi-nodejs:dynamic/tavus:Guardrail",
  guardrailSet: "pulumi-nodejs:dynamic/tavus:GuardrailSet",
  pronunciationDictionary: "pulumi-nodejs:dynamic/tavus:PronunciationDictionary",
  document: "pulumi-nodejs:dynamic/tavus:Document",
  tool: "pulumi-nodejs:dynamic/tavus:Tool",
} as const;

export interface HostSuite {
  readonly emulator: RunningEmulator;
  readonly host: ProviderHost;
  /** `__provider` text by type token. */
  readonly providers: Record<string, string>;
  /** The emulator's log as "METHOD path?query" lines, with " status" when asked. */
  calls(options?: { status?: boolean }): string[];
}

/**
 * @param options.emulator emulator options (training time, limits, …).
 * @param options.config extra stack config for the host (`tavus:timeoutMs`, …).
 */
export function useProviderHost(
  options: { emulator?: EmulatorOptions; config?: Record<string, string> } = {},
): HostSuite {
  let emulator: RunningEmulator | undefined;
  let host: ProviderHost | undefined;
  let providers: Record<string, string> | undefined;
  beforeAll(async () => {
    // Strict: the provider must never send a field the docs do not list.
    emulator = await startEmulator({ strict: true, ...options.emulator });
    providers = serializedProviders();
    host = await ProviderHost.start();
    await host.configure({
      "tavus:apiKey": emulator.apiKey,
      "tavus:baseUrl": emulator.url,
      ...options.config,
    });
  });
  afterAll(async () => {
    await host?.stop();
    await emulator?.close();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("useProviderHost: used outside a test");
    return value;
  };
  return {
    get emulator() {
      return ready(emulator);
    },
    get host() {
      return ready(host);
    },
    get providers() {
      return ready(providers);
    },
    calls: ({ status = false } = {}) =>
      ready(emulator)
        .requests()
        .map(
          (r) =>
            `${r.method} ${r.path}${Object.keys(r.query).length ? "?" + new URLSearchParams(r.query) : ""}${status ? ` ${r.status}` : ""}`,
        ),
  };
}
