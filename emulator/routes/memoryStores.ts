/**
 * `/v2/memory-stores` (docs/tavus-api/memory-stores.md): a PAL's memory
 * stores, one active store per PAL and participant tag, and the pinned
 * memories inside one, each addressed by its `memory_id`. Learned memories are
 * what conversations teach; the admin route below stands in for them.
 */
import type { MemoryWire } from "../../provider/wire";
import { bodyProblem, collectionRoutes, withRecord, type Collection } from "../collection";
import { newId, nowTimestamp } from "../ids";
import { empty, error, ok, type Reply, type Route, type RouteDeps } from "../routing";
import type { EmulatorSettings } from "../settings";
import type { MemoryStoreRecord, Store } from "../store";
import { knownFields, string, stringArray, type Check } from "../validate";

const nonEmpty: Check = (v) =>
  typeof v === "string" && v.length > 0 ? undefined : "must be a non-empty string";

const STORE_CHECKS: Record<string, Check> = {
  pal_id: nonEmpty,
  participant_tag: nonEmpty,
  pinned_memories: stringArray,
};

const NOT_OWNER = "The caller does not own this memory store";
/** Create on a zero-data-retention account (Create Memory Store page: 403; the message is ours [G]). */
const ZERO_DATA_RETENTION = "Memory stores are not available on zero-data-retention accounts";

/** The stores as a collection (collection.ts): the routes every plain group answers alike. */
function storesOf(store: Store, settings: EmulatorSettings): Collection<MemoryStoreRecord> {
  return {
    path: "/v2/memory-stores",
    records: store.memoryStores,
    notFound: "Memory store not found",
    required: ["pal_id", "participant_tag"],
    checks: STORE_CHECKS,
    create: (body) =>
      settings.zeroDataRetention ? error(403, ZERO_DATA_RETENTION) : create(store, body),
    get: (record) => ok(record),
    // A list page shows each store without its memories (decision: memory-stores.md#list).
    listItem: ({ pinned_memories: _p, learned_memories: _l, ...item }) => item,
    // The list shows the stores the caller owns (List Memory Stores page).
    listed: (record, query) => {
      const pal = query.get("pal_id");
      const tag = query.get("participant_tag");
      return (
        record.owner === undefined &&
        (pal === null || record.pal_id === pal) &&
        (tag === null || record.participant_tag === tag)
      );
    },
    // Get Memory Store: 403 "The caller does not own this memory store"; the other routes alike [G].
    forbidden: (record) => (record.owner === undefined ? undefined : NOT_OWNER),
  };
}

/** The memory-store routes. */
export function memoryStoreRoutes({ store, settings }: RouteDeps): Route[] {
  const stores = storesOf(store, settings);
  return [
    ...collectionRoutes(store, stores),
    {
      method: "POST",
      pattern: "/v2/memory-stores/:id/pinned",
      handler: ({ params, body }) =>
        withRecord(stores, params, (record) => {
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
        withPinned(stores, params, (record, pinned) => {
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
        withPinned(stores, params, (record, pinned) => {
          record.pinned_memories = record.pinned_memories.filter((m) => m !== pinned);
          return touched(store, record, empty(204));
        }),
    },
  ];
}

/**
 * Admin routes standing in for what the API key cannot do:
 * `POST /__emulator/memory-stores/:id/learned {memory}`, what a conversation
 * would teach the store (learned memories never drift), and
 * `POST /__emulator/memory-stores/another-owner {pal_id, participant_tag}`, a
 * store another owner made (its routes answer 403 to the caller).
 */
export function learnedMemoryRoutes({ store, settings }: RouteDeps): Route[] {
  return [
    {
      method: "POST",
      pattern: "/__emulator/memory-stores/:id/learned",
      handler: ({ params, body }) =>
        withRecord(storesOf(store, settings), params, (record) => {
          const memory = memoryOf(body);
          if (typeof memory !== "string") return memory;
          record.learned_memories.push(newMemory(memory));
          return touched(store, record, ok(record));
        }),
    },
    {
      method: "POST",
      pattern: "/__emulator/memory-stores/another-owner",
      handler: ({ body }) => {
        const refused = bodyProblem(body, ["pal_id", "participant_tag"], STORE_CHECKS);
        if (refused !== undefined) return refused;
        const { pal_id, participant_tag } = body as Record<string, string>;
        const record: MemoryStoreRecord = {
          ...newStore(store, pal_id!, participant_tag!, []),
          owner: "another",
        };
        store.memoryStores.set(record.memory_store_id, record);
        store.commit();
        return ok({ memory_store_id: record.memory_store_id });
      },
    },
  ];
}

/** Stores a memory store from a checked body (collection.ts): a known PAL, a free PAL and tag pair. */
function create(store: Store, body: Record<string, unknown>): Reply {
  const fields = knownFields(body, STORE_CHECKS) as {
    pal_id: string;
    participant_tag: string;
    pinned_memories?: string[];
  };
  const pal = store.personas.get(fields.pal_id);
  if (pal === undefined) return error(400, "Invalid pal_id");
  // Only one active store per PAL and tag (Create Memory Store page), among the caller's own.
  if (ownStoreOf(store, fields.pal_id, fields.participant_tag))
    return error(409, "A memory store already exists for this pal_id and participant_tag");
  const record = newStore(store, fields.pal_id, fields.participant_tag, fields.pinned_memories);
  store.memoryStores.set(record.memory_store_id, record);
  store.commit();
  return ok(record);
}

/**
 * The caller's store of a PAL and participant tag, made empty if there is none: what a
 * conversation passing that tag in `participant_tags` does (Create Memory Store page).
 */
export function ensureMemoryStore(store: Store, pal_id: string, participant_tag: string): void {
  if (ownStoreOf(store, pal_id, participant_tag)) return;
  const record = newStore(store, pal_id, participant_tag);
  store.memoryStores.set(record.memory_store_id, record);
}

/** The caller's store of the pair, if any (another owner's does not count). */
function ownStoreOf(
  store: Store,
  pal_id: string,
  participant_tag: string,
): MemoryStoreRecord | undefined {
  return [...store.memoryStores.values()].find(
    (s) => s.owner === undefined && s.pal_id === pal_id && s.participant_tag === participant_tag,
  );
}

/** A new store record of the pair, its pinned memories given ids. */
function newStore(
  store: Store,
  pal_id: string,
  participant_tag: string,
  pinned: readonly string[] = [],
): MemoryStoreRecord {
  const now = nowTimestamp();
  return {
    memory_store_id: newId("ms", (id) => store.has(id)),
    pal_id,
    participant_tag,
    pinned_memories: pinned.map(newMemory),
    learned_memories: [],
    created_at: now,
    updated_at: now,
  };
}

function withPinned(
  stores: Collection<MemoryStoreRecord>,
  params: Record<string, string>,
  then: (record: MemoryStoreRecord, pinned: MemoryWire) => Reply,
): Reply {
  return withRecord(stores, params, (record) => {
    const pinned = record.pinned_memories.find((m) => m.memory_id === params["memory_id"]);
    return pinned === undefined ? error(404, "Memory not found") : then(record, pinned);
  });
}

/** The `memory` of a `{memory}` body, or the 400 reply. */
function memoryOf(body: unknown): string | Reply {
  const refused = bodyProblem(body, [], { memory: string });
  if (refused !== undefined) return refused;
  const { memory } = body as { memory?: string };
  return typeof memory === "string" && memory.length > 0
    ? memory
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
