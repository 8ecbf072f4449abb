/**
 * ConversationProvider: the CRUD of {@link Conversation}, as a module (see
 * personaProvider.ts for why a module: a tiny `__provider` in state).
 */
import type * as pulumi from "@pulumi/pulumi";
import { isGone } from "../client";
import { configureFromStack, tavusClient } from "../config";
import { containsUnknown, UNKNOWN } from "../diff";
import { toWire } from "../mapping";
import { schemas } from "../schema/validate";
import type { ConversationWire, CreateConversationRequest, CreateConversationResponse } from "../wire";
import { checkResult, hardDeleteFor, omit, optionFailures, schemaFailures } from "./checks";
import { createOnce, type CreateOnceResult } from "./createOnce";
import { createdButFailed, resourceError } from "./errors";

export interface ConversationInputs {
  replicaId?: string;
  personaId?: string;
  personaDefaultReplicaId?: string;
  conversationName?: string;
  conversationalContext?: string;
  customGreeting?: string;
  callbackUrl?: string;
  audioOnly?: boolean;
  testMode?: boolean;
  requireAuth?: boolean;
  maxParticipants?: number;
  memoryStores?: string[];
  documentIds?: string[];
  documentTags?: string[];
  documentRetrievalStrategy?: "speed" | "quality" | "balanced";
  properties?: Record<string, unknown>;
  hardDelete?: boolean;
}

export interface ConversationOutputs extends ConversationInputs {
  conversationId: string;
  conversationUrl: string;
  status: string;
  meetingToken?: string;
  createdAt?: string;
}

const PROVIDER_OPTIONS = { hardDelete: "boolean" } as const;
/** Ours, never sent: check-only hints and options. */
const NOT_SENT = ["__provider", "personaDefaultReplicaId", "hardDelete", "conversationId", "conversationUrl", "status", "meetingToken", "createdAt"];
const OUTPUT_FIELDS = ["conversationId", "conversationUrl", "status", "meetingToken", "createdAt"];

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  configureFromStack(req.config);
}

export async function check(_olds: ConversationInputs, news: ConversationInputs): Promise<pulumi.dynamic.CheckResult<ConversationInputs>> {
  const failures = [...schemaFailures(schemas.conversation, requestBody(news)), ...optionFailures(news as Record<string, unknown>, PROVIDER_OPTIONS)];
  const known = (v: unknown) => v !== undefined && v !== UNKNOWN;
  const replicaKnownMissing = news.replicaId === undefined && news.personaDefaultReplicaId === undefined;
  if (replicaKnownMissing && news.personaId === undefined) {
    failures.push({
      property: "replicaId",
      reason: "is required unless the persona has a default replica: set replicaId, or personaId of a persona with defaultReplicaId",
    });
  } else if (replicaKnownMissing && known(news.personaId) && "personaDefaultReplicaId" in news && !known(news.personaDefaultReplicaId)) {
    failures.push({ property: "replicaId", reason: "is required: the persona has no defaultReplicaId; set replicaId, or give the persona a defaultReplicaId" });
  }
  return checkResult(news, failures);
}

/** Conversations cannot be edited: every change but `hardDelete` replaces. */
export async function diff(_id: string, olds: ConversationOutputs, news: ConversationInputs): Promise<pulumi.dynamic.DiffResult> {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)].filter((k) => !NOT_SENT.includes(k)));
  const replaces = [...keys].filter(
    (k) => JSON.stringify(olds[k as keyof ConversationInputs] ?? null) !== JSON.stringify(news[k as keyof ConversationInputs] ?? null),
  );
  const hardChanged = (olds.hardDelete ?? null) !== (news.hardDelete ?? null);
  // Delete first: an account may allow a single concurrent conversation.
  return { changes: replaces.length > 0 || hardChanged || containsUnknown(news), replaces, deleteBeforeReplace: true };
}

export async function create(inputs: ConversationInputs): Promise<pulumi.dynamic.CreateResult<ConversationOutputs>> {
  const client = tavusClient();
  if (!inputs.replicaId && inputs.personaId && !inputs.personaDefaultReplicaId) await requireDefaultReplica(inputs.personaId);
  const body = requestBody(inputs);
  let result: CreateOnceResult<CreateConversationResponse>;
  try {
    result = await createOnce({
      kind: "conversation",
      body,
      post: () => client.conversations.create(body),
      idOf: (answer) => answer.conversation_id,
      lookup: {
        listPage: (page) => client.conversations.list({ page, limit: 100 }),
        id: (c) => c.conversation_id,
        createdAt: (c) => c.created_at,
        // Same name, replica and persona, and the status a new one has: a test-mode
        // conversation starts ended, any other starts active.
        matches: (c) =>
          c.status === (body.test_mode ? "ended" : "active") &&
          (!body.conversation_name || c.conversation_name === body.conversation_name) &&
          (c.replica_id ?? undefined) === (body.replica_id ?? c.replica_id ?? undefined) &&
          (c.persona_id ?? undefined) === (body.persona_id ?? c.persona_id ?? undefined),
      },
      clock: client,
    });
  } catch (e) {
    throw resourceError("conversation", undefined, "create", e);
  }
  const id = result.id;
  let created: CreateConversationResponse | ConversationWire | undefined = result.answer;
  // Found after a lost answer (its meeting token, if any, was in that answer), or
  // answered without its URL or status: read it back; it exists, so a failure keeps the id.
  if (!created || typeof created.status !== "string" || typeof created.conversation_url !== "string") {
    try {
      created = await client.conversations.retrieve(id);
    } catch (e) {
      throw createdButFailed("conversation", id, { ...omit(inputs, ["__provider"]), conversationId: id }, `reading it back failed: ${(e as Error).message}`);
    }
  }
  const outs: ConversationOutputs = {
    ...(omit(inputs, ["__provider"]) as ConversationInputs),
    conversationId: id,
    conversationUrl: created.conversation_url,
    status: created.status,
    createdAt: created.created_at,
  };
  if ("meeting_token" in created && created.meeting_token) outs.meetingToken = created.meeting_token;
  return { id, outs };
}

/**
 * Reports `status`; an ended conversation is not drift, a deleted one is gone.
 * A status we do not know is recorded as the API said it: a refresh should not
 * break because Tavus added a state (a GET without a status is an error, in the client).
 */
export async function read(id: string, props: ConversationOutputs): Promise<pulumi.dynamic.ReadResult<ConversationOutputs>> {
  let conversation: ConversationWire;
  try {
    conversation = await tavusClient().conversations.retrieve(id);
  } catch (e) {
    if (isGone(e, "conversation")) return { id: "" };
    throw resourceError("conversation", id, "read", e);
  }
  if (conversation.status === "deleted") return { id: "" };
  const outs: ConversationOutputs = { ...props, status: conversation.status, conversationUrl: conversation.conversation_url ?? props.conversationUrl };
  return { id, props: outs, inputs: omit(outs, [...OUTPUT_FIELDS, "__provider"]) as unknown as ConversationOutputs };
}

/** Only `hardDelete` changes in place, and it calls no API: it is recorded for destroy. */
export async function update(_id: string, olds: ConversationOutputs, news: ConversationInputs): Promise<pulumi.dynamic.UpdateResult<ConversationOutputs>> {
  return { outs: { ...olds, hardDelete: news.hardDelete } as ConversationOutputs };
}

/** Ends it if it was active, then DELETE ?hard=<flag in state, else stack default>. */
async function delete_(id: string, props: ConversationOutputs): Promise<void> {
  const client = tavusClient();
  try {
    if (props.status !== "ended") await client.conversations.end(id);
    await client.conversations.delete(id, { hard: hardDeleteFor(props) });
  } catch (e) {
    if (isGone(e, "conversation")) return;
    throw resourceError("conversation", id, "delete", e);
  }
}
export { delete_ as delete };

// ------------------------------------------------------------ helpers

/** Before the POST: a persona-only conversation needs a persona with a default replica. */
async function requireDefaultReplica(personaId: string): Promise<void> {
  let persona;
  try {
    persona = await tavusClient().personas.retrieve(personaId);
  } catch (e) {
    throw resourceError("conversation", undefined, `create (reading persona ${personaId})`, e);
  }
  if (!persona.default_replica_id) {
    throw new Error(
      `Tavus conversation: create refused before any change: persona ${personaId} has no default_replica_id, so replicaId is required. Set replicaId, or give the persona a defaultReplicaId.`,
    );
  }
}

function requestBody(inputs: ConversationInputs): CreateConversationRequest {
  return toWire<CreateConversationRequest>(omit(inputs, NOT_SENT));
}
