/** Endpoint group `/v2/conversations` (docs/tavus-api/conversations.md). */
import type {
  ConversationWire,
  CreateConversationRequest,
  CreateConversationResponse,
  ListResponse,
} from "../wire";
import { expectList, expectObjectWithId } from "./answers";
import type { Transport } from "./transport";

/** `client.conversations`: create, retrieve, end, delete, list. */
export class Conversations {
  constructor(private readonly transport: Transport) {}

  /** POST /v2/conversations. Costs money unless `test_mode`; never retried blindly. */
  async create(body: CreateConversationRequest): Promise<CreateConversationResponse> {
    const { body: answer } = await this.transport.request("POST", "/v2/conversations", { body });
    return expectObjectWithId<CreateConversationResponse>(
      answer,
      "conversation_id",
      "POST /v2/conversations",
    );
  }

  /** GET /v2/conversations/{id}. */
  async retrieve(conversationId: string): Promise<ConversationWire> {
    const path = `/v2/conversations/${encodeURIComponent(conversationId)}`;
    const { body } = await this.transport.request("GET", path);
    return expectObjectWithId<ConversationWire>(body, "conversation_id", `GET ${path}`, ["status"]);
  }

  /** POST /v2/conversations/{id}/end. Safe to retry: ending twice changes nothing. */
  async end(conversationId: string): Promise<void> {
    await this.transport.request(
      "POST",
      `/v2/conversations/${encodeURIComponent(conversationId)}/end`,
      { idempotent: true },
    );
  }

  /** DELETE /v2/conversations/{id}?hard=…; `hard` is sent exactly as given. */
  async delete(conversationId: string, options: { hard: boolean }): Promise<void> {
    await this.transport.request(
      "DELETE",
      `/v2/conversations/${encodeURIComponent(conversationId)}`,
      {
        query: { hard: options.hard },
      },
    );
  }

  /** GET /v2/conversations, one page. */
  async list(
    query: { page?: number; limit?: number; status?: "active" | "ended" } = {},
  ): Promise<ListResponse<ConversationWire>> {
    const { body } = await this.transport.request("GET", "/v2/conversations", {
      query: { page: query.page, limit: query.limit, status: query.status },
    });
    return expectList<ConversationWire>(body, "GET /v2/conversations");
  }
}
