/**
 * The setup every provider-host test file shares: an emulator, the real
 * dynamic-provider host configured against it, and the serialized providers.
 * Call at the top of a file; jest's beforeAll/afterAll do the rest.
 */
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";
import { DYNAMIC_TYPE_PREFIX, KINDS, moduleNameOf, type KindName } from "../../provider/kinds";
import { ProviderHost, serializedProviders } from "./providerHost";

/** The type token of every kind, by its module name (`persona`, `guardrailSet`): from the kinds list. */
export const TYPES = Object.fromEntries(
  KINDS.map((kind) => [moduleNameOf(kind), `${DYNAMIC_TYPE_PREFIX}${kind.typeName}`]),
) as { readonly [K in KindName as Uncapitalize<K>]: `${typeof DYNAMIC_TYPE_PREFIX}${K}` };

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
