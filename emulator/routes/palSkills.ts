/**
 * `/v2/pals/{pal_id}/skills` (docs/tavus-api/skills.md): the skills attached
 * to a PAL. List, whole-set PUT (absent skills are detached), attach or
 * overwrite one (PUT), get one, merge PATCH of one (`null` removes a field),
 * detach one. `attached_at` and `updated_at` are the server's.
 */
import { SLIDES_TRIGGERS, SKILL_IDS } from "../../provider/apiValues";
import type { PalSkillWire, PalSkillsResponse } from "../../provider/wire";
import { nowTimestamp } from "../ids";
import { empty, error, ok, type Reply, type Route, type RouteDeps } from "../routing";
import type { Store } from "../store";
import { isRecord } from "../validate";

const BASE = "/v2/pals/:id/skills";

/** The PAL-skills routes. */
export function palSkillRoutes({ store }: RouteDeps): Route[] {
  return [
    {
      method: "GET",
      pattern: BASE,
      handler: ({ params }) => withPal(store, params, (skills) => ok(view(skills))),
    },
    {
      method: "PUT",
      pattern: BASE,
      handler: ({ params, body }) =>
        withPal(store, params, (skills, palId) => {
          if (!isRecord(body) || !isRecord(body.skills))
            return error(400, "Bad Request: {'skills': ['Missing data for required field.']}");
          const next: Record<string, PalSkillWire> = {};
          for (const [skillId, config] of Object.entries(body.skills)) {
            const problem = checkSkill(skillId, config);
            if (problem) return problem;
            next[skillId] = attach(skills[skillId], skillId, config as Record<string, unknown>);
          }
          store.palSkills.set(palId, next);
          store.commit();
          return ok(view(next));
        }),
    },
    {
      method: "GET",
      pattern: `${BASE}/:skill`,
      handler: ({ params }) => withSkill(store, params, (_skills, skill) => ok(skill)),
    },
    {
      method: "PUT",
      pattern: `${BASE}/:skill`,
      handler: ({ params, body }) =>
        withPal(store, params, (skills, palId) => {
          const skillId = params["skill"] ?? "";
          const config = isRecord(body) ? (body.config ?? {}) : undefined;
          const problem = checkSkill(skillId, config);
          if (problem) return problem;
          skills[skillId] = attach(skills[skillId], skillId, config as Record<string, unknown>);
          store.palSkills.set(palId, skills);
          store.commit();
          return ok(skills[skillId]);
        }),
    },
    {
      method: "PATCH",
      pattern: `${BASE}/:skill`,
      handler: ({ params, body }) =>
        withSkill(store, params, (_skills, skill) => {
          if (!isRecord(body) || !isRecord(body.config))
            return error(400, "Bad Request: {'config': ['Missing data for required field.']}");
          const merged = { ...skill.config };
          for (const [key, value] of Object.entries(body.config)) {
            if (value === null) delete merged[key];
            else merged[key] = value;
          }
          const problem = checkSkill(skill.skill_id, merged);
          if (problem) return problem;
          skill.config = merged;
          skill.updated_at = nowTimestamp();
          store.commit();
          return ok(skill);
        }),
    },
    {
      method: "DELETE",
      pattern: `${BASE}/:skill`,
      handler: ({ params }) =>
        withSkill(store, params, (skills, skill) => {
          delete skills[skill.skill_id];
          store.commit();
          return empty(204);
        }),
    },
  ];
}

function withPal(
  store: Store,
  params: Record<string, string>,
  then: (skills: Record<string, PalSkillWire>, palId: string) => Reply,
): Reply {
  const palId = params["id"] ?? "";
  const pal = store.personas.get(palId);
  if (pal === undefined || pal.persona_type === "system") return error(404, "PAL not found");
  return then(store.palSkills.get(palId) ?? {}, palId);
}

function withSkill(
  store: Store,
  params: Record<string, string>,
  then: (skills: Record<string, PalSkillWire>, skill: PalSkillWire) => Reply,
): Reply {
  return withPal(store, params, (skills) => {
    const skill = skills[params["skill"] ?? ""];
    return skill === undefined ? error(404, "Skill not attached to this PAL") : then(skills, skill);
  });
}

/** 400 for an unknown skill or a config the skill does not take, as the docs' messages read. */
function checkSkill(skillId: string, config: unknown): Reply | undefined {
  if (!(SKILL_IDS as readonly string[]).includes(skillId))
    return error(400, `Unknown skill '${skillId}'`);
  if (!isRecord(config))
    return error(400, "Bad Request: {'config': ['Not a valid mapping type.']}");
  if (skillId === "presentation") {
    const ids = config.document_ids;
    if (ids === undefined)
      return error(400, "Bad Request: {'document_ids': ['Missing data for required field.']}");
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((d) => typeof d === "string"))
      return error(400, "Bad Request: {'document_ids': ['Not a valid list of document ids.']}");
    const trigger = config.slides_trigger;
    if (trigger !== undefined && !(SLIDES_TRIGGERS as readonly unknown[]).includes(trigger))
      return error(
        400,
        `Bad Request: {'slides_trigger': ['Must be one of: ${SLIDES_TRIGGERS.join(", ")}.']}`,
      );
  }
  if (skillId === "internet_search" && Object.keys(config).length > 0)
    return error(400, "Bad Request: {'config': ['internet_search takes no config.']}");
  return undefined;
}

function attach(
  previous: PalSkillWire | undefined,
  skillId: string,
  config: Record<string, unknown>,
): PalSkillWire {
  const now = nowTimestamp();
  return {
    skill_id: skillId,
    config: structuredClone(config),
    attached_at: previous?.attached_at ?? now,
    updated_at: now,
  };
}

function view(skills: Record<string, PalSkillWire>): PalSkillsResponse {
  return { data: structuredClone(skills) };
}
