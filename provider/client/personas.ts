/** Endpoint group `/v2/personas` (docs/tavus-api/personas.md). */
import type {
  CreatePersonaResponse,
  JsonPatchOperation,
  ListResponse,
  PersonaFieldsWire,
  PersonaWire,
} from "../wire";
import { expectObjectWithId, expectList } from "./answers";
import type { Transport } from "./transport";

/** `client.personas`: create, retrieve, update (JSON Patch), delete, list. */
export class Personas {
  constructor(private readonly transport: Transport) {}

  /** POST /v2/personas. Not retried once it may have reached the server. */
  async create(body: PersonaFieldsWire): Promise<CreatePersonaResponse> {
    const { body: answer } = await this.transport.request("POST", "/v2/personas", { body });
    return expectObjectWithId<CreatePersonaResponse>(answer, "persona_id", "POST /v2/personas");
  }

  /** GET /v2/personas/{id}; accepts the bare object and the documented `{"data":[obj]}`. */
  async retrieve(personaId: string): Promise<PersonaWire> {
    const path = `/v2/personas/${encodeURIComponent(personaId)}`;
    const { body } = await this.transport.request("GET", path);
    const unwrapped = isEnvelope(body) ? body.data[0] : body;
    return expectObjectWithId<PersonaWire>(unwrapped, "persona_id", `GET ${path}`);
  }

  /**
   * PATCH /v2/personas/{id} with RFC 6902 operations.
   * @param options.force `?force=true`: goes through an open PAL Maker draft and
   *   discards it (docs/tavus-api/live-api.md#pal-maker-drafts). @default false
   * @returns `changed: false` on 304 (nothing changed), the persona when the API
   *   sent it back, and whether a Maker draft was discarded.
   */
  async update(
    personaId: string,
    operations: JsonPatchOperation[],
    options: { force?: boolean } = {},
  ): Promise<{ changed: boolean; persona?: PersonaWire; discardedMakerChanges?: boolean }> {
    const path = `/v2/personas/${encodeURIComponent(personaId)}`;
    const { status, body } = await this.transport.request("PATCH", path, {
      body: operations,
      ...(options.force ? { query: { force: true } } : {}),
    });
    if (status === 304) return { changed: false };
    const persona = isPersona(body)
      ? body
      : isEnvelope(body) && isPersona(body.data[0])
        ? body.data[0]
        : undefined;
    const discarded =
      typeof body === "object" &&
      body !== null &&
      (body as { discarded_maker_changes?: unknown }).discarded_maker_changes === true;
    return {
      changed: true,
      ...(persona ? { persona } : {}),
      ...(discarded ? { discardedMakerChanges: true } : {}),
    };
  }

  /** DELETE /v2/personas/{id}. Personas have no hard delete. */
  async delete(personaId: string): Promise<void> {
    await this.transport.request("DELETE", `/v2/personas/${encodeURIComponent(personaId)}`);
  }

  /** GET /v2/personas, one page. */
  async list(
    query: { page?: number; limit?: number; personaType?: "user" | "system" } = {},
  ): Promise<ListResponse<PersonaWire>> {
    const { body } = await this.transport.request("GET", "/v2/personas", {
      query: { page: query.page, limit: query.limit, persona_type: query.personaType },
    });
    return expectList<PersonaWire>(body, "GET /v2/personas");
  }
}

function isEnvelope(body: unknown): body is { data: unknown[] } {
  return (
    typeof body === "object" && body !== null && Array.isArray((body as { data?: unknown }).data)
  );
}

function isPersona(body: unknown): body is PersonaWire {
  return (
    typeof body === "object" &&
    body !== null &&
    typeof (body as { persona_id?: unknown }).persona_id === "string"
  );
}
