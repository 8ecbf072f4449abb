/**
 * `pulumi-tavus recover`, deciding: which unmanaged object each pending create
 * of a killed run made, recognised by what the create sent (the wire document,
 * as createOnce recognises the answer of a lost POST), each object claimed once.
 * The why of recovery: recover.ts.
 */
import { isDeepStrictEqual } from "node:util";
import type { TavusClient } from "../client";
import { conversationDefinition } from "../definitions/conversation";
import { documentDefinition } from "../definitions/document";
import { guardrailDefinition } from "../definitions/guardrail";
import { guardrailSetDefinition } from "../definitions/guardrailSet";
import { objectivesDefinition } from "../definitions/objectives";
import { personaDefinition } from "../definitions/persona";
import { pronunciationDictionaryDefinition } from "../definitions/pronunciationDictionary";
import { replicaDefinition } from "../definitions/replica";
import type { DefinitionTable } from "../definitions/table";
import { toolDefinition } from "../definitions/tool";
import { removeAt } from "../objects";
import { liveDocument, requestBody } from "../resources/tableOperations";

type Props = Record<string, unknown>;

/** The type token prefix of every Tavus resource. */
export const TAVUS_TYPE_PREFIX = "pulumi-nodejs:dynamic/tavus:";

/** One resource of a checkpoint, as `pulumi stack export` writes it. */
export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  custom?: boolean;
  delete?: boolean;
  inputs?: Props;
  outputs?: Props;
  [key: string]: unknown;
}

/** One pending operation of a checkpoint. */
export interface PendingOperation {
  resource: StateResource;
  type: string;
}

/** An unmanaged object of the account, as a candidate for a pending create. */
export interface Candidate {
  id: string;
  createdAt?: string | undefined;
  /** The full object, as Get answers it. */
  live: Props;
}

/** What recover does with one pending operation. */
export type PlanStep =
  | { action: "adopt"; urn: string; type: string; id: string; alsoMatching: string[] }
  | { action: "clear"; urn: string; type: string; why: string }
  | { action: "keep"; urn: string; type: string; why: string };

/** How one Tavus kind is listed and how a listed object is compared with what was sent. */
export interface RecoverableKind {
  def: DefinitionTable;
  listPage(client: TavusClient, page: number): Promise<{ data: object[]; total_count: number }>;
  /** The full object when a list item may be abridged. */
  full?(client: TavusClient, item: Props): Promise<object>;
  /** Whether `live` is what a POST of `body` (the request body) would have created. */
  matches?(body: Props, live: Props): boolean;
}

/**
 * The kinds created by POST, by type name. Matching is by the wire document
 * unless a kind says otherwise, as its provider's createOnce lookup does.
 */
export const RECOVERABLE: Readonly<Record<string, RecoverableKind>> = {
  Persona: {
    def: personaDefinition,
    listPage: (c, page) => c.personas.list({ page, limit: 100, personaType: "user" }),
    // A list item may lack the system prompt: Get shows the whole persona.
    full: async (c, p) => ("system_prompt" in p ? p : c.personas.retrieve(String(p.persona_id))),
  },
  Replica: {
    def: replicaDefinition,
    listPage: (c, page) => c.replicas.list({ page, limit: 100, replicaType: "user" }),
    // Get does not return training URLs: name and model are what is visible.
    matches: (body, r) =>
      (r.replica_name ?? null) === (body.replica_name ?? r.replica_name ?? null) &&
      (!body.model_name || !r.model_name || r.model_name === body.model_name),
  },
  Conversation: {
    def: conversationDefinition,
    listPage: (c, page) => c.conversations.list({ page, limit: 100 }),
    matches: (body, c) =>
      c.status === (body.test_mode ? "ended" : "active") &&
      (!body.conversation_name || c.conversation_name === body.conversation_name) &&
      (c.replica_id ?? undefined) === (body.replica_id ?? c.replica_id ?? undefined) &&
      (c.persona_id ?? undefined) === (body.persona_id ?? c.persona_id ?? undefined),
  },
  Objectives: {
    def: objectivesDefinition,
    listPage: (c, page) => c.objectives.list({ page, limit: 100 }),
  },
  Guardrail: {
    def: guardrailDefinition,
    listPage: (c, page) => c.guardrails.list({ page, limit: 100 }),
  },
  GuardrailSet: {
    def: guardrailSetDefinition,
    listPage: (c, page) => c.guardrailSets.list({ page, limit: 100 }),
  },
  PronunciationDictionary: {
    def: pronunciationDictionaryDefinition,
    listPage: (c, page) => c.pronunciationDictionaries.list({ page, limit: 100 }),
  },
  Document: {
    def: documentDefinition,
    listPage: (c, page) => c.documents.list({ page, limit: 100 }),
    matches: (body, d) =>
      d.document_url === body.document_url && sameDocument(documentDefinition, body, d),
  },
  Tool: {
    def: toolDefinition,
    listPage: (c, page) => c.tools.list({ page, limit: 100 }),
    // Names are unique in an account.
    matches: (body, t) => t.name === body.name,
  },
};

/** The kind of a Tavus type token (`pulumi-nodejs:dynamic/tavus:Persona`), if recoverable. */
export function kindOfType(type: string): RecoverableKind | undefined {
  if (!type.startsWith(TAVUS_TYPE_PREFIX)) return undefined;
  return RECOVERABLE[type.slice(TAVUS_TYPE_PREFIX.length)];
}

/**
 * Whether a live object shows the document a request body sends: both sides
 * reduced to what Get returns as sent (liveDocument), and a field the server
 * fills in when the body leaves it unset ignored on both.
 */
export function sameDocument(def: DefinitionTable, body: Props, live: Props): boolean {
  const sent = liveDocument(def, body) ?? {};
  const seen = liveDocument(def, live) ?? {};
  for (const field of def.serverDefaulted ?? []) {
    if (body[field] === undefined) {
      delete sent[field];
      delete seen[field];
    }
  }
  return isDeepStrictEqual(sent, seen);
}

/**
 * Whether `live` is what the pending create of `kind` with these (plain) inputs would have created.
 * @param options.withoutSecrets compare without the kind's secret fields (the inputs' secrets were encrypted).
 */
export function createdBy(
  kind: RecoverableKind,
  inputs: Props,
  live: Props,
  options: { withoutSecrets?: boolean } = {},
): boolean {
  const status = live.status;
  if (typeof status === "string" && kind.def.goneStatuses?.includes(status)) return false;
  const body = requestBody(kind.def, inputs);
  let seen = live;
  if (options.withoutSecrets) {
    seen = structuredClone(live);
    for (const { under, paths } of Object.values(kind.def.secretOutputs ?? {}))
      for (const path of paths) {
        removeAt(body, [under, ...path]);
        removeAt(seen, [under, ...path]);
      }
  }
  return kind.matches ? kind.matches(body, seen) : sameDocument(kind.def, body, seen);
}

/**
 * Decides each pending operation: a Tavus create adopts the newest unclaimed
 * candidate it matches (each candidate is claimed once, so identical creates
 * take one object each), or is cleared when none matches; updates and deletes
 * are cleared (the next `up` re-reads and re-diffs them; a delete of a gone
 * object counts as done); a create of another provider is kept, with why.
 * @param candidates unmanaged objects by type token.
 * @param matches whether a candidate is what the operation's create sent.
 */
export function planRecovery(
  pending: PendingOperation[],
  candidates: ReadonlyMap<string, Candidate[]>,
  matches: (op: PendingOperation, candidate: Candidate) => boolean,
): PlanStep[] {
  const claimed = new Set<string>();
  const steps: PlanStep[] = [];
  for (const op of pending) {
    const { urn, type } = op.resource;
    if (op.type !== "creating") {
      steps.push({
        action: "clear",
        urn,
        type,
        why: `pending ${op.type}: the next "pulumi up" reads and diffs it again`,
      });
      continue;
    }
    if (!kindOfType(type)) {
      steps.push({
        action: "keep",
        urn,
        type,
        why: `not a Tavus resource created by POST: resolve it with "pulumi refresh --import-pending-creates ${urn} <id>" or "--clear-pending-creates"`,
      });
      continue;
    }
    const found = newestFirst(
      (candidates.get(type) ?? []).filter((c) => !claimed.has(c.id) && matches(op, c)),
    );
    const [chosen, ...others] = found;
    if (!chosen) {
      steps.push({
        action: "clear",
        urn,
        type,
        why: "no unmanaged object matches what it sent: it created nothing",
      });
      continue;
    }
    claimed.add(chosen.id);
    steps.push({
      action: "adopt",
      urn,
      type,
      id: chosen.id,
      alsoMatching: others.map((c) => c.id),
    });
  }
  return steps;
}

function newestFirst(candidates: Candidate[]): Candidate[] {
  const at = (c: Candidate) => Date.parse(c.createdAt ?? "") || 0;
  return [...candidates].sort((a, b) => at(b) - at(a));
}

/** Ids held by the state's Tavus resources (any object they hold is not a candidate). */
export function stateIds(resources: StateResource[]): Set<string> {
  return new Set(
    resources.filter((r) => r.type.startsWith(TAVUS_TYPE_PREFIX) && r.id).map((r) => r.id!),
  );
}
