/**
 * The tools attached to a PAL (persona): `POST /v2/pals/{pal_id}/tools`
 * attaches, `GET` lists, `DELETE …/tools/{tool_id}` detaches
 * (docs/tavus-api/tools.md#pal-tools).
 */
import type { ToolWire } from "../wire";
import { expectList } from "./answers";
import type { Transport } from "./transport";

/** `client.palTools`: attach, list and detach a persona's tools. */
export class PalTools {
  constructor(private readonly transport: Transport) {}

  /** POST /v2/pals/{id}/tools `{tool_ids}`: attaching a tool already attached changes nothing. */
  async attach(personaId: string, toolIds: string[]): Promise<void> {
    await this.transport.request("POST", this.pathOf(personaId), {
      body: { tool_ids: toolIds },
      idempotent: true,
    });
  }

  /** GET /v2/pals/{id}/tools. */
  async list(personaId: string): Promise<ToolWire[]> {
    const { body } = await this.transport.request("GET", this.pathOf(personaId));
    return expectList<ToolWire>(body, `GET ${this.pathOf(personaId)}`).data;
  }

  /** DELETE /v2/pals/{id}/tools/{tool_id}. */
  async detach(personaId: string, toolId: string): Promise<void> {
    await this.transport.request(
      "DELETE",
      `${this.pathOf(personaId)}/${encodeURIComponent(toolId)}`,
    );
  }

  private pathOf(personaId: string): string {
    return `/v2/pals/${encodeURIComponent(personaId)}/tools`;
  }
}
