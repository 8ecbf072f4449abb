/**
 * An endpoint group whose objects are created by POST, read by GET, changed by
 * PATCH (RFC 6902 JSON Patch or a merge, as the group takes it) and deleted by
 * DELETE: objectives, guardrails, legacy guardrail sets, pronunciation
 * dictionaries, documents, tools, deployments (docs/tavus-api/README.md). One class, told
 * apart by path, id field and page numbering, instead of six copies.
 */
import type { JsonPatchOperation, ListResponse } from "../wire";
import { expectList, expectObjectWithId } from "./answers";
import type { Transport } from "./transport";

/** Where a group lives and how its answers name the id. */
export interface EndpointGroupShape {
  /** e.g. `/v2/objectives`. */
  path: string;
  /** The id field of Get answers, e.g. `objectives_id`. */
  idField: string;
  /** The id field of the create answer. @default idField */
  createdIdField?: string;
  /** Fixed query of list calls (guardrails: `legacy=false` lists individual ones). */
  listQuery?: Record<string, string>;
  /** The number of the list's first page: documents count from 0. @default 1 */
  firstPage?: 0 | 1;
  /** Turns a documented variant of a Get answer into the shape the group reads. */
  normalizeAnswer?: (body: unknown, id: string) => unknown;
}

/** One endpoint group: create, retrieve, update, delete, list. */
export class EndpointGroup<Create, Created, Live> {
  constructor(
    protected readonly transport: Transport,
    private readonly shape: EndpointGroupShape,
  ) {}

  /** POST: not retried once it may have reached the server. */
  async create(body: Create): Promise<Created> {
    const { body: answer } = await this.transport.request("POST", this.shape.path, { body });
    return expectObjectWithId<Created>(
      answer,
      this.shape.createdIdField ?? this.shape.idField,
      `POST ${this.shape.path}`,
    );
  }

  /** GET {path}/{id}. */
  async retrieve(id: string): Promise<Live> {
    return (await this.retrieveVersioned(id)).document;
  }

  /** GET {path}/{id}, with the answer's `ETag` where the group versions its objects (deployments). */
  async retrieveVersioned(id: string): Promise<{ document: Live; etag?: string }> {
    const path = this.pathOf(id);
    const { body, etag } = await this.transport.request("GET", path);
    const document = expectObjectWithId<Live>(
      this.shape.normalizeAnswer?.(body, id) ?? body,
      this.shape.idField,
      `GET ${path}`,
    );
    return etag === undefined ? { document } : { document, etag };
  }

  /**
   * PATCH {path}/{id} with RFC 6902 operations, or a merge object where the group takes one.
   * @param ifMatch the ETag of the GET the patch was computed from: a stale one answers 412.
   * @returns `changed: false` on 304; the object when the answer carries it (some groups answer only a message).
   */
  async update(
    id: string,
    patch: JsonPatchOperation[] | Record<string, unknown>,
    ifMatch?: string,
  ): Promise<{ changed: boolean; document?: Live }> {
    const { status, body } = await this.transport.request("PATCH", this.pathOf(id), {
      body: patch,
      ...(ifMatch === undefined ? {} : { headers: { "if-match": ifMatch } }),
    });
    if (status === 304) return { changed: false };
    const isObject =
      typeof body === "object" &&
      body !== null &&
      typeof (body as Record<string, unknown>)[this.shape.idField] === "string";
    return isObject ? { changed: true, document: body as Live } : { changed: true };
  }

  /** DELETE {path}/{id}. */
  async delete(id: string): Promise<void> {
    await this.transport.request("DELETE", this.pathOf(id));
  }

  /** GET {path}, one page; `page` counts from 1 whatever the group's own numbering. */
  async list(query: { page?: number; limit?: number } = {}): Promise<ListResponse<Live>> {
    const page =
      query.page === undefined ? undefined : query.page - 1 + (this.shape.firstPage ?? 1);
    const { body } = await this.transport.request("GET", this.shape.path, {
      query: { ...this.shape.listQuery, page, limit: query.limit },
    });
    return expectList<Live>(body, `GET ${this.shape.path}`);
  }

  protected pathOf(id: string): string {
    return `${this.shape.path}/${encodeURIComponent(id)}`;
  }
}

/**
 * Get Objectives is documented as `{"data":{…one objective…}}` while the patch
 * text addresses `/data/0/…`: a single objective becomes a one-item list, so
 * both readings work (docs/tavus-api/objectives.md#get).
 */
export function objectivesAnswer(body: unknown, id: string): unknown {
  if (typeof body !== "object" || body === null) return body;
  const record = body as Record<string, unknown>;
  const data = record.data;
  if (typeof data !== "object" || data === null || Array.isArray(data)) return body;
  const { created_at, updated_at, ...objective } = data as Record<string, unknown>;
  return {
    objectives_id: id,
    ...record,
    data: [objective],
    created_at: record.created_at ?? created_at,
    updated_at: record.updated_at ?? updated_at,
  };
}
