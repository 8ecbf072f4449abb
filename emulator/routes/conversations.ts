/**
 * `/v2/conversations` (docs/tavus-api/conversations.md): create (with the credit and
 * concurrency limits), list, get, end, and soft or hard delete.
 */
import { randomBytes } from "node:crypto";
import {
  API_ERRORS,
  DOCUMENT_RETRIEVAL_STRATEGIES,
  type ConversationEventWire,
  type ConversationVerboseWire,
  type ConversationWire,
  type CreateConversationRequest,
  type CreateConversationResponse,
} from "../../provider/wire";
import { newId, nowTimestamp } from "../ids";
import {
  empty,
  error,
  hardFlag,
  message,
  newestFirst,
  ok,
  paginate,
  queryFlag,
  type Reply,
  type Route,
  type RouteDeps,
} from "../routing";
import type { CallbackSender } from "../callbacks";
import { fromPalKeys, PAL_CONVERSATION_KEYS } from "../names";
import type { EmulatorSettings } from "../settings";
import type { ConversationRecord, Store } from "../store";
import {
  boolean,
  checkFields,
  integer,
  isRecord,
  knownFields,
  object,
  oneOf,
  string,
  stringArray,
  type Check,
  type FieldChecks,
} from "../validate";
import { ensureMemoryStore } from "./memoryStores";
import { replicaIsReady } from "./replicas";

const CONVERSATION_CHECKS: FieldChecks<CreateConversationRequest> = {
  replica_id: string,
  persona_id: string,
  audio_only: boolean,
  callback_url: string,
  conversation_name: string,
  conversational_context: string,
  custom_greeting: string,
  memory_stores: stringArray,
  document_ids: stringArray,
  document_tags: stringArray,
  document_retrieval_strategy: oneOf(DOCUMENT_RETRIEVAL_STRATEGIES),
  test_mode: boolean,
  require_auth: boolean,
  max_participants: integer(2),
  properties: object,
};

/**
 * `participant_tags`: the tag of the participant's memory store; "only one participant tag
 * is supported per conversation today" (docs/tavus-api/memory-stores.md).
 */
const participantTags: Check = (v) =>
  Array.isArray(v) && v.length <= 1 && v.every((t) => typeof t === "string" && t !== "")
    ? undefined
    : "must be an array of at most one non-empty tag (one participant tag per conversation)";

/** What a create may send: the documented fields, and the memory stores' `participant_tags`. */
const REQUEST_CHECKS: Record<string, Check> = {
  ...CONVERSATION_CHECKS,
  participant_tags: participantTags,
};

/** A create request as the emulator reads it. */
type ConversationRequest = CreateConversationRequest & { participant_tags?: string[] };

/** Shutdown reasons from the documented list (docs/tavus-api/conversations.md#shutdown-reasons). */
const ENDED_BY_ENDPOINT = "end_conversation_endpoint_hit";
const ENDED_BY_DELETE = "daily_room_has_been_deleted";

/** The conversation routes. */
export function conversationRoutes({ store, settings, callbacks }: RouteDeps): Route[] {
  return [
    {
      method: "POST",
      pattern: "/v2/conversations",
      handler: ({ body, fields }) => {
        // One public client posts `{}` (docs/tavus-api/conversations.md#create); a missing body is treated the same.
        const sent = body === undefined ? {} : body;
        if (!isRecord(sent)) return error(400, "Request body must be a JSON object");
        // Current clients name the persona and replica pal_id and face_id
        // (docs/tavus-api/names-and-clients.md#pal-and-face): both sets are documented.
        const request = fromPalKeys(sent, PAL_CONVERSATION_KEYS);
        if (typeof request === "string") return error(400, request);
        const problem = checkFields(request, REQUEST_CHECKS, "", fields);
        if (problem !== undefined) return error(400, problem);
        // Credits are an account-level check, made before looking at the request's ids.
        if (settings.outOfCredits) return message(402, API_ERRORS.outOfCredits);
        const reply = createConversation(
          store,
          knownFields(request, REQUEST_CHECKS) as ConversationRequest,
          settings,
          callbacks,
        );
        // Asked in the PAL names, the answer names the PAL and the face too.
        if (reply.status === 200 && isRecord(reply.body)) {
          if (sent["pal_id"] !== undefined) reply.body["pal_id"] = reply.body["persona_id"];
          if (sent["face_id"] !== undefined || sent["pal_id"] !== undefined)
            reply.body["face_id"] = reply.body["replica_id"];
        }
        return reply;
      },
    },
    {
      method: "GET",
      pattern: "/v2/conversations",
      handler: ({ query, fields }) => {
        const status = query.get("status");
        if (status !== null && status !== "active" && status !== "ended") {
          return error(400, "Invalid status: must be active or ended");
        }
        const conversations = [...store.conversations.values()].filter(
          (c) => c.deleted_at === undefined && (status === null || c.status === status),
        );
        return paginate(
          newestFirst(conversations).map((c) => conversationView(c, false)),
          query,
          fields,
        );
      },
    },
    {
      method: "GET",
      pattern: "/v2/conversations/:id",
      handler: ({ params, query }) => {
        const record = store.conversations.get(params["id"] ?? "");
        if (record === undefined) return error(400, API_ERRORS.invalidConversationId);
        return ok(conversationView(record, queryFlag(query, "verbose")));
      },
    },
    {
      method: "POST",
      pattern: "/v2/conversations/:id/end",
      handler: ({ params }) => {
        const record = store.conversations.get(params["id"] ?? "");
        if (record === undefined || record.deleted_at !== undefined)
          return error(400, API_ERRORS.invalidConversationId);
        // Ending an ended conversation succeeds and changes nothing, so a client
        // that retries End after a lost response is not punished for it.
        if (record.status === "active") {
          end(record, ENDED_BY_ENDPOINT, callbacks);
          store.commit();
        }
        return empty(200); // documented as 200 with no body schema (docs/tavus-api/conversations.md#end)
      },
    },
    {
      method: "DELETE",
      pattern: "/v2/conversations/:id",
      handler: ({ params, query }) => {
        const hard = hardFlag(query);
        if (typeof hard !== "boolean") return hard;
        const record = store.conversations.get(params["id"] ?? "");
        if (record === undefined) return error(400, API_ERRORS.invalidConversationId);
        // Deleting a live conversation deletes its room, which ends the call.
        if (record.status === "active") end(record, ENDED_BY_DELETE, callbacks);
        if (hard) store.conversations.delete(record.conversation_id);
        else if (record.deleted_at === undefined)
          record.deleted_at = record.updated_at = nowTimestamp();
        store.commit();
        return empty(204); // documented as 204 (docs/tavus-api/conversations.md#delete)
      },
    },
  ];
}

function createConversation(
  store: Store,
  request: ConversationRequest,
  settings: EmulatorSettings,
  callbacks: CallbackSender,
): Reply {
  const maxConcurrent = settings.maxConcurrentConversations;
  let replicaId = request.replica_id;
  if (request.persona_id !== undefined) {
    const persona = store.personas.get(request.persona_id);
    if (persona === undefined) return error(400, API_ERRORS.invalidPersonaId);
    replicaId ??= persona.default_replica_id ?? undefined;
  }
  if (replicaId === undefined) {
    return error(
      400,
      "replica_id is required unless persona_id names a persona with a default_replica_id",
    );
  }
  if (!replicaIsReady(store, replicaId)) return error(400, API_ERRORS.invalidReplicaId);
  const testMode = request.test_mode === true;
  // test_mode conversations are created ended, so they do not count toward the limit (docs/tavus-api/conversations.md#create).
  if (!testMode && activeCount(store) >= maxConcurrent)
    return message(400, API_ERRORS.maxConcurrentConversations);

  const now = nowTimestamp();
  const id = newId("c", (candidate) => store.has(candidate));
  const record: ConversationRecord = {
    conversation_id: id,
    conversation_name: request.conversation_name ?? `New Conversation ${Date.now()}`,
    conversation_url: `https://tavus.daily.co/${id}`,
    callback_url: request.callback_url ?? "",
    status: testMode ? "ended" : "active",
    replica_id: replicaId,
    persona_id: request.persona_id ?? null,
    created_at: now,
    updated_at: now,
    test_mode: testMode,
    request: structuredClone(request),
  };
  if (testMode) record.ended_at = now;
  store.conversations.set(id, record);
  // A participant tag makes the PAL's store for it, once (Create Memory Store page); a
  // zero-data-retention account keeps no memories [G].
  const tag = request.participant_tags?.[0];
  if (tag !== undefined && request.persona_id !== undefined && !settings.zeroDataRetention)
    ensureMemoryStore(store, request.persona_id, tag);
  store.commit();
  // The replica joins a real conversation at once; in test_mode it never does.
  if (!testMode)
    callbacks.send(record.callback_url, () =>
      callbackEvent(record, "system.replica_joined", { replica_id: record.replica_id }),
    );

  const reply: CreateConversationResponse = {
    conversation_id: id,
    conversation_name: record.conversation_name,
    conversation_url: record.conversation_url,
    status: record.status,
    callback_url: record.callback_url,
    created_at: now,
    replica_id: replicaId,
  };
  if (request.persona_id !== undefined) reply.persona_id = request.persona_id;
  if (request.require_auth === true) {
    // The token lives as long as participant_absent_timeout, default 300 s (docs/tavus-api/conversations.md#create).
    const lifetime = request.properties?.participant_absent_timeout;
    reply.meeting_token = meetingToken(id, typeof lifetime === "number" ? lifetime : 300);
  }
  return ok(reply);
}

/**
 * The wire view of a conversation (docs/tavus-api/conversations.md#get).
 * @param verbose Adds `events`: the replica joining and, once ended, the shutdown.
 */
export function conversationView(
  record: ConversationRecord,
  verbose: boolean,
): ConversationWire | ConversationVerboseWire {
  const view: ConversationWire = {
    conversation_id: record.conversation_id,
    conversation_name: record.conversation_name,
    conversation_url: record.conversation_url,
    callback_url: record.callback_url,
    status: record.deleted_at !== undefined ? "deleted" : record.status,
    replica_id: record.replica_id,
    persona_id: record.persona_id,
    created_at: record.created_at,
    updated_at: record.updated_at,
  };
  if (record.shutdown_reason !== undefined) view.shutdown_reason = record.shutdown_reason;
  return verbose ? { ...view, events: events(record) } : view;
}

function events(record: ConversationRecord): ConversationEventWire[] {
  const list: ConversationEventWire[] = [];
  // In test_mode the replica does not join (docs/tavus-api/conversations.md#create).
  if (!record.test_mode) {
    list.push({
      event_type: "system.replica_joined",
      message_type: "system",
      timestamp: record.created_at,
      properties: { replica_id: record.replica_id },
    });
  }
  if (record.ended_at !== undefined && record.shutdown_reason !== undefined) {
    list.push({
      event_type: "system.shutdown",
      message_type: "system",
      timestamp: record.ended_at,
      properties: { replica_id: record.replica_id, shutdown_reason: record.shutdown_reason },
    });
  }
  return list;
}

function end(record: ConversationRecord, reason: string, callbacks: CallbackSender): void {
  record.status = "ended";
  record.ended_at = record.updated_at = nowTimestamp();
  record.shutdown_reason = reason;
  callbacks.send(record.callback_url, () =>
    callbackEvent(record, "system.shutdown", {
      replica_id: record.replica_id,
      shutdown_reason: reason,
    }),
  );
}

/**
 * A conversation callback in the documented envelope (S16):
 * `{properties, conversation_id, webhook_url, event_type, message_type, timestamp}`.
 */
function callbackEvent(
  record: ConversationRecord,
  eventType: string,
  properties: Record<string, unknown>,
): object {
  return {
    properties,
    conversation_id: record.conversation_id,
    webhook_url: record.callback_url,
    event_type: eventType,
    message_type: "system",
    timestamp: nowTimestamp(),
  };
}

/** Conversations that count toward the concurrency limit. */
function activeCount(store: Store): number {
  let count = 0;
  for (const c of store.conversations.values())
    if (c.status === "active" && c.deleted_at === undefined) count += 1;
  return count;
}

/** A JWT-shaped token (header.payload.signature, base64url); nothing verifies it. */
function meetingToken(conversationId: string, lifetimeSeconds: number): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
  const exp = Math.floor(Date.now() / 1000) + lifetimeSeconds;
  return `${part({ alg: "HS256", typ: "JWT" })}.${part({ r: conversationId, exp })}.${randomBytes(32).toString("base64url")}`;
}
