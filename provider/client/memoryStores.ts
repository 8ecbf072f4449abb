/**
 * `/v2/memory-stores` (docs/tavus-api/memory-stores.md): stores, and the
 * pinned memories inside one, each its own object with a `memory_id`.
 */
import type { CreateMemoryStoreRequest, MemoryStoreWire, MemoryWire } from "../wire";
import { expectObjectWithId } from "./answers";
import { EndpointGroup } from "./endpointGroup";
import type { Transport } from "./transport";

/**
 * A store as the provider reads it: `pinned_memories` the texts (the shape a
 * create sends, so a store compares with its document), `pinned` the memories
 * with their ids (what the pinned routes address). Learned memories are left
 * out: the server writes them, and they are the participants' data.
 */
export interface MemoryStoreView extends Omit<
  MemoryStoreWire,
  "pinned_memories" | "learned_memories"
> {
  pinned_memories: string[];
  /**
   * Each pinned memory's text by its `memory_id` (kept in state, so an update
   * needs no GET). A map, not a list beside `pinned_memories`: that list's
   * order carries no meaning and is not kept.
   */
  pinned_memory_ids: Record<string, string>;
  pinned: MemoryWire[];
}

/** The memory-store endpoint group; `pinned` edits one pinned memory of a store. */
export class MemoryStores extends EndpointGroup<
  CreateMemoryStoreRequest,
  MemoryStoreView,
  MemoryStoreView
> {
  constructor(transport: Transport) {
    super(transport, {
      path: "/v2/memory-stores",
      idField: "memory_store_id",
      normalizeAnswer: (body) => storeView(body),
    });
  }

  /** POST: not retried once it may have reached the server; the answer is the store. */
  override async create(body: CreateMemoryStoreRequest): Promise<MemoryStoreView> {
    return storeView(await super.create(body));
  }

  /** POST {store}/pinned `{memory}`: adds one pinned memory. */
  async addPinned(storeId: string, memory: string): Promise<MemoryWire> {
    const path = this.pinnedPath(storeId);
    const { body } = await this.transport.request("POST", path, { body: { memory } });
    return expectObjectWithId<MemoryWire>(body, "memory_id", `POST ${path}`);
  }

  /** PATCH {store}/pinned/{memory_id} `{memory}`: rewrites one pinned memory. */
  async updatePinned(storeId: string, memoryId: string, memory: string): Promise<void> {
    await this.transport.request("PATCH", this.pinnedPath(storeId, memoryId), {
      body: { memory },
    });
  }

  /** DELETE {store}/pinned/{memory_id}: removes one pinned memory. */
  async deletePinned(storeId: string, memoryId: string): Promise<void> {
    await this.transport.request("DELETE", this.pinnedPath(storeId, memoryId));
  }

  private pinnedPath(storeId: string, memoryId?: string): string {
    const store = `/v2/memory-stores/${encodeURIComponent(storeId)}/pinned`;
    return memoryId === undefined ? store : `${store}/${encodeURIComponent(memoryId)}`;
  }
}

/** The provider's view of a store answer; other shapes pass through for the id check to refuse. */
function storeView(body: unknown): MemoryStoreView {
  if (typeof body !== "object" || body === null) return body as MemoryStoreView;
  const { pinned_memories, learned_memories: _learned, ...rest } = body as Partial<MemoryStoreWire>;
  const pinned = Array.isArray(pinned_memories) ? pinned_memories : [];
  return {
    ...(rest as MemoryStoreWire),
    pinned_memories: pinned.map((m) => m.memory),
    pinned_memory_ids: Object.fromEntries(pinned.map((m) => [m.memory_id, m.memory])),
    pinned,
  };
}
