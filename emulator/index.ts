/**
 * A local emulator of the Tavus conversational-video API (personas and replicas,
 * also as PALs and Faces, conversations, objectives, guardrails, pronunciation
 * dictionaries, outgoing callbacks, CORS for browser apps), following
 * docs/tavus-api/README.md, with switches for the documented
 * variants and fault injection. Every test and the demo run against it.
 *
 * @example
 * const emulator = await startEmulator({ replicaTrainingMs: 50 });
 * await fetch(`${emulator.url}/v2/personas`, { headers: { "x-api-key": emulator.apiKey } });
 * await emulator.close();
 */
import { CallbackSender, type CallbackDelivery } from "./callbacks";
import { checkFaultRule, FaultRegistry, type FaultEntry, type FaultRule } from "./faults";
import { aliasRoutes, FACES, PALS } from "./names";
import { RateLimiter } from "./rateLimit";
import { RequestLog, type RequestLogEntry } from "./requestLog";
import { adminRoutes } from "./routes/admin";
import { conversationRoutes } from "./routes/conversations";
import { documentRoutes } from "./routes/documents";
import { deploymentRoutes } from "./routes/deployments";
import { guardrailRoutes } from "./routes/guardrails";
import { learnedMemoryRoutes, memoryStoreRoutes } from "./routes/memoryStores";
import { objectivesRoutes } from "./routes/objectives";
import { palSkillRoutes } from "./routes/palSkills";
import { personaRoutes } from "./routes/personas";
import { pronunciationDictionaryRoutes } from "./routes/pronunciationDictionaries";
import { replicaRoutes } from "./routes/replicas";
import { toolRoutes } from "./routes/tools";
import { listen } from "./server";
import { checkSettings, DEFAULT_SETTINGS, type EmulatorSettings } from "./settings";
import { Store, type StoreSnapshot } from "./store";

export type { CallbackDelivery } from "./callbacks";
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
  MemoryStoreRecord,
} from "./store";
export { FAILING_TRAINING_MARKERS, TRAINING_ERROR_MESSAGE } from "./training";
export { DOCUMENT_UNREACHABLE_MESSAGE, UNREACHABLE_URL_MARKER } from "./documentProcessing";
export type { KnowledgeBaseSettings } from "./knowledgeBaseSettings";
export { SEED_PERSONAS, SEED_REPLICAS } from "./seeds";

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
  /** The callbacks sent (or being sent), oldest first, as `GET /__emulator/callbacks` lists them. */
  callbacks(): CallbackDelivery[];
  /** Empties the store back to the stock objects, clears the log, the faults and the callback list (settings stay). */
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
  const callbacks = new CallbackSender(settings);
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
    callbacks.clear();
  };

  const routeDeps = { store, settings, callbacks };
  const personas = personaRoutes(routeDeps);
  const replicas = replicaRoutes(routeDeps);
  const server = await listen(
    {
      apiKey,
      settings,
      log,
      faults,
      rateLimiter,
      apiRoutes: [
        ...personas,
        ...replicas,
        ...aliasRoutes(personas, PALS),
        ...aliasRoutes(replicas, FACES),
        ...conversationRoutes(routeDeps),
        ...objectivesRoutes(routeDeps),
        ...guardrailRoutes(routeDeps),
        ...pronunciationDictionaryRoutes(routeDeps),
        ...documentRoutes(routeDeps),
        ...toolRoutes(routeDeps),
        ...deploymentRoutes(routeDeps),
        ...memoryStoreRoutes(routeDeps),
        ...palSkillRoutes(routeDeps),
      ],
      adminRoutes: [
        ...adminRoutes({ store, settings, log, faults, callbacks, reset }),
        ...learnedMemoryRoutes(routeDeps),
      ],
    },
    port,
  );

  return {
    url: `http://127.0.0.1:${server.port}`,
    port: server.port,
    apiKey,
    settings,
    close: async () => {
      callbacks.close();
      await server.close();
    },
    addFault,
    clearFaults: () => faults.clear(),
    requests: () => log.list(),
    clearRequests: () => log.clear(),
    callbacks: () => callbacks.list(),
    reset,
    state: () => store.snapshot(),
  };
}
