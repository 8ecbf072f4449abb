/**
 * The skills attached to a PAL (persona): `GET /v2/pals/{pal_id}/skills`
 * lists them, `PUT …/skills/{skill_id}` attaches one, `PATCH …/skills/{skill_id}`
 * merges into one's config, `DELETE …/skills/{skill_id}` detaches one
 * (docs/tavus-api/skills.md). The whole-set `PUT …/skills` is left out on
 * purpose: a one-skill change must never rewrite the others.
 */
import type { PalSkillWire } from "../wire";
import { expectDataMap } from "./answers";
import type { Transport } from "./transport";

/** `client.palSkills`: list, attach, merge and detach a persona's skills. */
export class PalSkills {
  constructor(private readonly transport: Transport) {}

  /** GET /v2/pals/{id}/skills: the attached skills by id. */
  async list(personaId: string): Promise<Record<string, PalSkillWire>> {
    const path = this.pathOf(personaId);
    const { body } = await this.transport.request("GET", path);
    return expectDataMap<PalSkillWire>(body, `GET ${path}`);
  }

  /** PUT /v2/pals/{id}/skills/{skill_id} `{config}`: attaches it, or overwrites its config. */
  async attach(personaId: string, skillId: string, config: object): Promise<void> {
    await this.transport.request("PUT", this.pathOf(personaId, skillId), {
      body: { config },
      idempotent: true,
    });
  }

  /** PATCH /v2/pals/{id}/skills/{skill_id} `{config}`: a merge; `null` removes a field. */
  async update(personaId: string, skillId: string, config: object): Promise<void> {
    await this.transport.request("PATCH", this.pathOf(personaId, skillId), { body: { config } });
  }

  /** DELETE /v2/pals/{id}/skills/{skill_id}. */
  async detach(personaId: string, skillId: string): Promise<void> {
    await this.transport.request("DELETE", this.pathOf(personaId, skillId));
  }

  private pathOf(personaId: string, skillId?: string): string {
    const base = `/v2/pals/${encodeURIComponent(personaId)}/skills`;
    return skillId === undefined ? base : `${base}/${encodeURIComponent(skillId)}`;
  }
}
