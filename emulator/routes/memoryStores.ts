/**
 * `/v2/memory-stores` (docs/tavus-api/memory-stores.md): a PAL's memory
 * stores, one active store per PAL and participant tag, and the pinned
 * memories inside one, each addressed by its `memory_id`. Learned memories are
 * what conversations teach; the admin route below stands in for them.
 */
import type { MemoryWire } from "../../provider/wire";
import { newId, nowTimestamp } from "../ids";
import {
  empty,
  error,
  newestFirst,
  ok,
  paginate,
  type Reply,
  type Route,
  type RouteDeps,
} from "../routing";
import type { MemoryStoreRecord, Store } from "../store";
import { checkFields, isRecord, knownFields, string, stringArray, type Check } from "../validate";

const nonEmpty: Check = (v) =>
  typeof v === "string" && v.length > 0 ? undefined : "must be a non-empty string";

const STORE_CHECKS: Record<string, Check> = {
  pal_id: nonEmpty,
  participant_tag: nonEmpty,
  pinned_memories: stringArray,
};

const NOT_FOUND = "Memory store not found";

/** The memory-store routes. */
export function memoryStoreRoutes({ store }: RouteDeps): Route[] {
  return [
    {
      method: "POST",
      pattern: "/v2/memory-stores",
      handler: ({ body, fields }) => create(store, body, fields),
    },
    {
      method: "GET",
      pattern: "/v2/memory-stores",
      handler: ({ query, fields }) => {
        const pal = query.get("pal_id");
        const tag = query.get("participant_tag");
        const found = newestFirst(store.memoryStores.values()).filter(
          (s) => (pal === null || s.pal_id === pal) && (tag === null || s.participant_tag === tag),
        );
        // A list page shows each store without its memories (decision: memory-stores.md#list).
        const items = found.map(({ pinned_memories: _p, learned_memories: _l, ...item }) => item);
        return paginate(items, query, fields);
      },
    },
    {
      method: "GET",
      pattern: "/v2/memory-stores/:id",
      handler: ({ params }) => withStore(store, params, (record) => ok(record)),
    },
    {
      method: "DELETE",
      pattern: "/v2/memory-stores/:id",
      handler: ({ params }) =>
        withStore(store, params, (record) => {
          store.memoryStores.delete(record.memory_store_id);
          store.commit();
          return empty(204);
        }),
    },
    {
      method: "POST",
      pattern: "/v2/memory-stores/:id/pinned",
      handler: ({ params, body }) =>
        withStore(store, params, (record) => {
          const memory = memoryOf(body);
          if (typeof memory !== "string") return memory;
          const added = newMemory(memory);
          record.pinned_memories.push(added);
          return touched(store, record, ok(added));
        }),
    },
    {
      method: "PATCH",
      pattern: "/v2/memory-stores/:id/pinned/:memory_id",
      handler: ({ params, body }) =>
        withPinned(store, params, (record, pinned) => {
          const memory = memoryOf(body);
          if (typeof memory !== "string") return memory;
          pinned.memory = memory;
          return touched(store, record, ok(pinned));
        }),
    },
    {
      method: "DELETE",
      pattern: "/v2/memory-stores/:id/pinned/:memory_id",
      handler: ({ params }) =>
        withPinned(store, params, (record, pinned) => {
          record.pinned_memories = record.pinned_memories.filter((m) => m !== pinned);
          return touched(store, record, empty(204));
        }),
    },
  ];
}

/**
 * `POST /__emulator/memory-stores/:id/learned {memory}`: what a conversation
 * would teach the store, for tests that show learned memories never drift.
 */
export function learnedMemoryRoutes({ store }: RouteDeps): Route[] {
  return [
    {
      method: "POST",
      pattern: "/__emulator/memory-stores/:id/learned",
      handler: ({ params, body }) =>
        withStore(store, params, (record) => {
          const memory = memoryOf(body);
          if (typeof memory !== "string") return memory;
          record.learned_memories.push(newMemory(memory));
          return touched(store, record, ok(record));
        }),
    },
  ];
}

function create(store: Store, body: unknown, policy: Parameters<typeof checkFields>[3]): Reply {
  if (!isRecord(body)) return error(400, "The body must be a JSON object");
  for (const required of ["pal_id", "participant_tag"])
    if (body[required] === undefined) return error(400, `${required} is required`);
  const problem = checkFields(body, STORE_CHECKS, "", policy);
  if (problem !== undefined) return error(400, problem);
  const fields = knownFields(body, STORE_CHECKS) as {
    pal_id: string;
    participant_tag: string;
    pinned_memories?: string[];
  };
  const pal = store.personas.get(fields.pal_id);
  if (pal === undefined) return error(400, "Invalid pal_id");
  const taken = [...store.memoryStores.values()].some(
    (s) => s.pal_id === fields.pal_id && s.participant_tag === fields.participant_tag,
  );
  // Only one active store per PAL and tag (Create Memory Store page).
  if (taken) return error(409, "A memory store already exists for this pal_id and participant_tag");
  const now = nowTimestamp();
  const record: MemoryStoreRecord = {
    memory_store_id: newId("ms", (id) => store.has(id)),
    pal_id: fields.pal_id,
    participant_tag: fields.participant_tag,
    pinned_memories: (fields.pinned_memories ?? []).map(newMemory),
    learned_memories: [],
    created_at: now,
    updated_at: now,
  };
  store.memoryStores.set(record.memory_store_id, record);
  store.commit();
  return ok(record);
}

function withStore(
  store: Store,
  params: Record<string, string>,
  then: (record: MemoryStoreRecord) => Reply,
): Reply {
  const record = store.memoryStores.get(params["id"] ?? "");
  return record === undefined ? error(404, NOT_FOUND) : then(record);
}

function withPinned(
  store: Store,
  params: Record<string, string>,
  then: (record: MemoryStoreRecord, pinned: MemoryWire) => Reply,
): Reply {
  return withStore(store, params, (record) => {
    const pinned = record.pinned_memories.find((m) => m.memory_id === params["memory_id"]);
    return pinned === undefined ? error(404, "Memory not found") : then(record, pinned);
  });
}

/** The `memory` of a `{memory}` body, or the 400 reply. */
function memoryOf(body: unknown): string | Reply {
  if (!isRecord(body)) return error(400, "The body must be a JSON object");
  const problem = checkFields(body, { memory: string });
  if (problem !== undefined) return error(400, problem);
  return typeof body.memory === "string" && body.memory.length > 0
    ? body.memory
    : error(400, "memory is required");
}

function newMemory(memory: string): MemoryWire {
  return { memory_id: newId("mem"), memory, created_at: nowTimestamp() };
}

function touched(store: Store, record: MemoryStoreRecord, reply: Reply): Reply {
  record.updated_at = nowTimestamp();
  store.commit();
  return reply;
}
