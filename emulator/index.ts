/**
 * A local emulator of the Tavus conversational-video API (personas, replicas,
 * conversations, objectives, guardrails, pronunciation dictionaries), following
 * docs/tavus-api/README.md, with switches for the documented
 * variants and fault injection. Every test and the demo run against it.
 *
 * @example
 * const emulator = await startEmulator({ replicaTrainingMs: 50 });
 * await fetch(`${emulator.url}/v2/personas`, { headers: { "x-api-key": emulator.apiKey } });
 * await emulator.close();
 */
import { checkFaultRule, FaultRegistry, type FaultEntry, type FaultRule } from "./faults";
import { RateLimiter } from "./rateLimit";
import { RequestLog, type RequestLogEntry } from "./requestLog";
import { adminRoutes } from "./routes/admin";
import { conversationRoutes } from "./routes/conversations";
import { documentRoutes } from "./routes/documents";
import { guardrailRoutes } from "./routes/guardrails";
import { objectivesRoutes } from "./routes/objectives";
import { personaRoutes } from "./routes/personas";
import { pronunciationDictionaryRoutes } from "./routes/pronunciationDictionaries";
import { replicaRoutes } from "./routes/replicas";
import { toolRoutes } from "./routes/tools";
import { listen } from "./server";
import { checkSettings, DEFAULT_SETTINGS, type EmulatorSettings } from "./settings";
import { Store, type StoreSnapshot } from "./store";

export type { FaultEntry, FaultKind, FaultRule } from "./faults";
export { FAULT_KINDS } from "./faults";
export type { RequestLogEntry } from "./requestLog";
export { REDACTED } from "./requestLog";
export type { EmulatorSettings } from "./settings";
export { DEFAULT_SETTINGS } from "./settings";
export type {
  StoreSnapshot,
  PersonaRecord,
  ReplicaRecord,
  ConversationRecord,
  ObjectivesRecord,
  GuardrailRecord,
  GuardrailSetRecord,
  PronunciationDictionaryRecord,
  DocumentRecord,
  ToolRecord,
  PalToolsRecord,
} from "./store";
export { FAILING_TRAINING_MARKERS, TRAINING_ERROR_MESSAGE } from "./training";
export { DOCUMENT_UNREACHABLE_MESSAGE, UNREACHABLE_URL_MARKER } from "./documentProcessing";
export type { KnowledgeBaseSettings } from "./knowledgeBaseSettings";

/** The API key the emulator accepts unless told otherwise. */
export const DEFAULT_API_KEY = "tavus-emulator-key";

/** Options of {@link startEmulator}; every {@link EmulatorSettings} field may be given too. */
export interface EmulatorOptions extends Partial<EmulatorSettings> {
  /**
   * TCP port on 127.0.0.1; 0 picks a free one (read it back from `port`).
   * @default 0
   */
  port?: number;
  /**
   * The `x-api-key` every `/v2` request must carry.
   * @default "tavus-emulator-key"
   */
  apiKey?: string;
  /**
   * JSON file to persist the store in: loaded on start, rewritten atomically
   * after every change. Omitted → memory only.
   */
  dataFile?: string;
  /** Fault rules active from the start (see {@link FaultRule}). */
  faults?: FaultRule[];
}

/** A running emulator. */
export interface RunningEmulator {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  /** The API key it accepts. */
  apiKey: string;
  /** The live settings: assign a field and the next request sees it. */
  settings: EmulatorSettings;
  /** Stops the server promptly, destroying keep-alive and hung connections. */
  close(): Promise<void>;
  /** Adds a fault rule, as `POST /__emulator/faults` does. @throws TypeError on an invalid rule */
  addFault(rule: FaultRule): FaultEntry;
  /** Removes every fault rule. */
  clearFaults(): void;
  /** A copy of the request log, oldest first. */
  requests(): RequestLogEntry[];
  /** Empties the request log. */
  clearRequests(): void;
  /** Empties the store back to the stock objects, clears the log and the faults (settings stay). */
  reset(): void;
  /** A copy of the whole store, soft-deleted objects included. */
  state(): StoreSnapshot;
}

/**
 * Starts an emulator on 127.0.0.1.
 * @param options Port, API key, persistence, initial settings and faults.
 * @throws TypeError when an option is invalid; Error when `dataFile` cannot be read.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const {
    port = 0,
    apiKey = DEFAULT_API_KEY,
    dataFile,
    faults: initialFaults = [],
    ...settingOptions
  } = options;
  const problem = checkSettings(settingOptions);
  if (problem !== undefined) throw new TypeError(`startEmulator: ${problem}`);
  const settings: EmulatorSettings = { ...DEFAULT_SETTINGS, ...settingOptions };

  const store = new Store(dataFile);
  const log = new RequestLog();
  const faults = new FaultRegistry();
  const rateLimiter = new RateLimiter();
  const addFault = (rule: FaultRule): FaultEntry => {
    const invalid = checkFaultRule(rule);
    if (invalid !== undefined) throw new TypeError(`Invalid fault rule: ${invalid}`);
    return faults.add(rule);
  };
  initialFaults.forEach(addFault);
  const reset = (): void => {
    store.reset();
    log.clear();
    faults.clear();
    rateLimiter.reset();
  };

  const routeDeps = { store, settings };
  const server = await listen(
    {
      apiKey,
      settings,
      log,
      faults,
      rateLimiter,
      apiRoutes: [
        ...personaRoutes(routeDeps),
        ...replicaRoutes(routeDeps),
        ...conversationRoutes(routeDeps),
        ...objectivesRoutes(routeDeps),
        ...guardrailRoutes(routeDeps),
        ...pronunciationDictionaryRoutes(routeDeps),
        ...documentRoutes(routeDeps),
        ...toolRoutes(routeDeps),
      ],
      adminRoutes: adminRoutes({ store, settings, log, faults, reset }),
    },
    port,
  );

  return {
    url: `http://127.0.0.1:${server.port}`,
    port: server.port,
    apiKey,
    settings,
    close: () => server.close(),
    addFault,
    clearFaults: () => faults.clear(),
    requests: () => log.list(),
    clearRequests: () => log.clear(),
    reset,
    state: () => store.snapshot(),
  };
}
