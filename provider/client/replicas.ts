/** Endpoint group `/v2/replicas` (docs/tavus-api/replicas.md). */
import type {
  CreateReplicaRequest,
  CreateReplicaResponse,
  ListResponse,
  ReplicaWire,
} from "../wire";
import { expectList, expectObjectWithId } from "./answers";
import type { Transport } from "./transport";

/** `client.replicas`: create, retrieve, rename, delete, list. */
export class Replicas {
  constructor(private readonly transport: Transport) {}

  /** POST /v2/replicas: starts training. */
  async create(body: CreateReplicaRequest): Promise<CreateReplicaResponse> {
    const { body: answer } = await this.transport.request("POST", "/v2/replicas", { body });
    return expectObjectWithId<CreateReplicaResponse>(answer, "replica_id", "POST /v2/replicas");
  }

  /** GET /v2/replicas/{id}. */
  async retrieve(replicaId: string, options: { verbose?: boolean } = {}): Promise<ReplicaWire> {
    const path = `/v2/replicas/${encodeURIComponent(replicaId)}`;
    const { body } = await this.transport.request("GET", path, {
      query: { verbose: options.verbose },
    });
    return expectObjectWithId<ReplicaWire>(body, "replica_id", `GET ${path}`, ["status"]);
  }

  /** PATCH /v2/replicas/{id}/name. Documented 200, 204 also seen: any 2xx is success. */
  async rename(replicaId: string, replicaName: string): Promise<void> {
    await this.transport.request("PATCH", `/v2/replicas/${encodeURIComponent(replicaId)}/name`, {
      body: { replica_name: replicaName },
    });
  }

  /** DELETE /v2/replicas/{id}?hard=…; `hard` is sent exactly as given. */
  async delete(replicaId: string, options: { hard: boolean }): Promise<void> {
    await this.transport.request("DELETE", `/v2/replicas/${encodeURIComponent(replicaId)}`, {
      query: { hard: options.hard },
    });
  }

  /** GET /v2/replicas, one page. */
  async list(
    query: {
      page?: number;
      limit?: number;
      replicaType?: "user" | "system";
      verbose?: boolean;
    } = {},
  ): Promise<ListResponse<ReplicaWire>> {
    const { body } = await this.transport.request("GET", "/v2/replicas", {
      query: {
        page: query.page,
        limit: query.limit,
        replica_type: query.replicaType,
        verbose: query.verbose,
      },
    });
    return expectList<ReplicaWire>(body, "GET /v2/replicas");
  }
}
