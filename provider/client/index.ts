/**
 * The Tavus API client: one object per endpoint group, as in
 * `client.personas.retrieve(id)`. It knows nothing of Pulumi.
 */
import type {
  CreateGuardrailSetRequest,
  CreateGuardrailSetResponse,
  CreateObjectivesResponse,
  GuardrailFieldsWire,
  GuardrailSetWire,
  GuardrailWire,
  ObjectivesWire,
  ObjectiveWire,
  PronunciationDictionaryFieldsWire,
  PronunciationDictionaryWire,
} from "../wire";
import type { CreateToolRequest, DeploymentFieldsWire, DeploymentWire, ToolWire } from "../wire";
import { Conversations } from "./conversations";
import { Documents } from "./documents";
import { MemoryStores } from "./memoryStores";
import { PalSkills } from "./palSkills";
import { PalTools } from "./palTools";
import { EndpointGroup, objectivesAnswer } from "./endpointGroup";
import { Personas } from "./personas";
import { Replicas } from "./replicas";
import { Transport, type TransportOptions } from "./transport";

/** The Tavus API client; one instance per provider process shares its limits. */
export class TavusClient {
  readonly personas: Personas;
  readonly replicas: Replicas;
  readonly conversations: Conversations;
  readonly objectives: EndpointGroup<
    { data: ObjectiveWire[] },
    CreateObjectivesResponse,
    ObjectivesWire
  >;
  /** Individual guardrails. */
  readonly guardrails: EndpointGroup<GuardrailFieldsWire, GuardrailWire, GuardrailWire>;
  /** Legacy guardrail sets: the same path, told apart by body shape and id. */
  readonly guardrailSets: EndpointGroup<
    CreateGuardrailSetRequest,
    CreateGuardrailSetResponse,
    GuardrailSetWire
  >;
  readonly pronunciationDictionaries: EndpointGroup<
    PronunciationDictionaryFieldsWire,
    PronunciationDictionaryWire,
    PronunciationDictionaryWire
  >;
  readonly documents: Documents;
  readonly tools: EndpointGroup<CreateToolRequest, ToolWire, ToolWire>;
  /** The tools attached to a persona. */
  readonly palTools: PalTools;
  /** The skills attached to a persona. */
  readonly palSkills: PalSkills;
  /** Shared memory stores of personas, and their pinned memories. */
  readonly memoryStores: MemoryStores;
  /** A persona's widgets, embeds and landing pages: versioned (ETag, If-Match). */
  readonly deployments: EndpointGroup<DeploymentFieldsWire, DeploymentWire, DeploymentWire>;
  private readonly transport: Transport;

  constructor(options: TransportOptions) {
    this.transport = new Transport(options);
    this.personas = new Personas(this.transport);
    this.replicas = new Replicas(this.transport);
    this.conversations = new Conversations(this.transport);
    this.objectives = new EndpointGroup(this.transport, {
      path: "/v2/objectives",
      idField: "objectives_id",
      normalizeAnswer: objectivesAnswer,
    });
    this.guardrails = new EndpointGroup(this.transport, {
      path: "/v2/guardrails",
      idField: "uuid",
      listQuery: { legacy: "false" },
    });
    this.guardrailSets = new EndpointGroup(this.transport, {
      path: "/v2/guardrails",
      idField: "guardrails_id",
    });
    this.documents = new Documents(this.transport);
    this.tools = new EndpointGroup(this.transport, { path: "/v2/tools", idField: "tool_id" });
    this.palTools = new PalTools(this.transport);
    this.memoryStores = new MemoryStores(this.transport);
    this.palSkills = new PalSkills(this.transport);
    this.deployments = new EndpointGroup(this.transport, {
      path: "/v2/deployments",
      idField: "deployment_id",
    });
    this.pronunciationDictionaries = new EndpointGroup(this.transport, {
      path: "/v2/pronunciation-dictionaries",
      idField: "pronunciation_dictionary_id",
    });
  }

  /**
   * A lower bound of (server clock − local clock) in ms, from the latest
   * answer's `Date` header; `undefined` before any answer. Lets a caller turn
   * "just before my request" into the server's `created_at` terms.
   */
  get clockOffsetMs(): number | undefined {
    return this.transport.clockOffsetMs;
  }
}

export { DEFAULT_BASE_URL, type TransportOptions } from "./transport";
export { allPages } from "./allPages";
export { isGone, isTavusApiError, type TavusApiError } from "./errors";
export { createLimiter, type LimiterOptions, type RequestLimiter } from "./limiter";
