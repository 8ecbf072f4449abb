/**
 * ConversationProvider: the CRUD of {@link Conversation}, as a module (see
 * personaProvider.ts for why a module: a tiny `__provider` in state).
 *
 * The table (../definitions/conversation.ts) gives check, diff (every change
 * replaces, delete first), outputs and read; what is Conversation's own: the
 * replica-or-persona rule, the persona lookup before the POST, End-then-DELETE.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  conversationDefinition as definition,
  type ConversationInputs,
  type ConversationOutputs,
} from "../definitions/conversation";
import { UNKNOWN } from "../diff";
import { omit } from "../objects";
import { hardDeleteInForce, tavusClient } from "../settings";
import type {
  ConversationWire,
  CreateConversationRequest,
  CreateConversationResponse,
} from "../wire";
import { recentScan } from "./createdBy";
import { createOnce, type CreateOnceResult } from "./createOnce";
import { createdButFailed, resourceError } from "./errors";
import { checkInputs } from "./checkInputs";
import { diffInputs } from "./diffInputs";
import { requestBody } from "./documents";
import { outputsFrom } from "./outputs";
import { deleteIgnoringGone, readOrGone } from "./readOrGone";

export type { ConversationInputs, ConversationOutputs } from "../definitions/conversation";

export { configure } from "../settings";

/** The table's checks, plus: a replica, or a persona with a default replica. */
export async function check(
  _olds: ConversationInputs,
  news: ConversationInputs,
): Promise<pulumi.dynamic.CheckResult<ConversationInputs>> {
  const own: pulumi.dynamic.CheckFailure[] = [];
  const known = (v: unknown) => v !== undefined && v !== UNKNOWN;
  const replicaKnownMissing =
    news.replicaId === undefined && news.personaDefaultReplicaId === undefined;
  if (replicaKnownMissing && news.personaId === undefined) {
    own.push({
      property: "replicaId",
      reason:
        "is required unless the persona has a default replica: set replicaId, or personaId of a persona with defaultReplicaId",
    });
  } else if (
    replicaKnownMissing &&
    known(news.personaId) &&
    "personaDefaultReplicaId" in news &&
    !known(news.personaDefaultReplicaId)
  ) {
    own.push({
      property: "replicaId",
      reason:
        "is required: the persona has no defaultReplicaId; set replicaId, or give the persona a defaultReplicaId",
    });
  }
  return checkInputs(definition, news, own);
}

/** Conversations cannot be edited: every change but `hardDelete` replaces, deleting first. */
export async function diff(
  _id: string,
  olds: ConversationOutputs,
  news: ConversationInputs,
): Promise<pulumi.dynamic.DiffResult> {
  return diffInputs(definition, olds, news);
}

/** Looks up a persona-only conversation's persona, then POSTs (created at most once); reads back only when the answer lacks its URL or status. */
export async function create(
  inputs: ConversationInputs,
): Promise<pulumi.dynamic.CreateResult<ConversationOutputs>> {
  const client = tavusClient();
  if (!inputs.replicaId && inputs.personaId && !inputs.personaDefaultReplicaId)
    await requireDefaultReplica(inputs.personaId);
  const body = requestBody(definition, inputs) as CreateConversationRequest;
  let result: CreateOnceResult<CreateConversationResponse>;
  try {
    result = await createOnce({
      kind: "conversation",
      body,
      post: () => client.conversations.create(body),
      idOf: (answer) => answer.conversation_id,
      lookup: recentScan(client, definition, body),
      clock: client,
    });
  } catch (e) {
    throw resourceError("conversation", undefined, "create", e);
  }
  const id = result.id;
  let created: CreateConversationResponse | ConversationWire | undefined = result.answer;
  // Found after a lost answer (its meeting token, if any, was in that answer), or
  // answered without its URL or status: read it back; it exists, so a failure keeps the id.
  if (
    !created ||
    typeof created.status !== "string" ||
    typeof created.conversation_url !== "string"
  ) {
    try {
      created = await client.conversations.retrieve(id);
    } catch (e) {
      throw createdButFailed(
        "conversation",
        id,
        { ...omit(inputs, ["__provider"]), conversationId: id },
        `reading it back failed: ${(e as Error).message}`,
        inputs,
      );
    }
  }
  return { id, outs: outputsFrom<ConversationOutputs>(definition, created, inputs) };
}

/**
 * Reports `status`; an ended conversation is not drift, a deleted one is gone.
 * A status we do not know is recorded as the API said it: a refresh should not
 * break because Tavus added a state (a GET without a status is an error, in the client).
 */
export async function read(
  id: string,
  props?: ConversationOutputs,
): Promise<pulumi.dynamic.ReadResult<ConversationOutputs>> {
  return readOrGone<ConversationOutputs>(definition, id, props, (conversationId) =>
    tavusClient().conversations.retrieve(conversationId),
  );
}

/** Only `hardDelete` changes in place, and it calls no API: it is recorded for destroy. */
export async function update(
  _id: string,
  olds: ConversationOutputs,
  news: ConversationInputs,
): Promise<pulumi.dynamic.UpdateResult<ConversationOutputs>> {
  const { hardDelete: _, ...rest } = olds;
  return { outs: news.hardDelete === undefined ? rest : { ...rest, hardDelete: news.hardDelete } };
}

/** Ends it if it was active, then DELETE ?hard=<flag in state, else stack default>. */
async function delete_(id: string, props: ConversationOutputs): Promise<void> {
  const client = tavusClient();
  await deleteIgnoringGone(definition, id, async () => {
    if (props.status !== "ended") await client.conversations.end(id);
    await client.conversations.delete(id, { hard: hardDeleteInForce(props) });
  });
}
/** DELETE, as the engine calls it (`delete` is a reserved word for a function name). */
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
