/**
 * A persona's skills (docs/tavus-api/skills.md): `skills` maps a skill id to
 * its config (`internetSearch: {}`, `presentation: {documentIds, slidesTrigger,
 * prompt}`, `magicCanvas: {components}`). Only managed when the program sets
 * `skills`: then the attached set is what the program says, drift in it shows
 * on refresh, and each change touches one skill — attach (PUT) a new one,
 * merge (PATCH) a changed config, detach (DELETE) a removed one. The
 * whole-set PUT is never used: a one-skill change must not rewrite the rest.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isDeepStrictEqual } from "node:util";
import { SKILL_IDS, SLIDES_TRIGGERS } from "../apiValues";
import { containsUnknown } from "../diff";
import { camelCase, snakeCase } from "../mapping";
import { isPlainObject } from "../objects";
import { tavusClient } from "../settings";
import { resourceError } from "./errors";

/** Skills in Pulumi's names: skill id (camelCase) → config (camelCase keys). */
export type Skills = Record<string, Record<string, unknown>>;

const SKILL_NAMES = SKILL_IDS.map(camelCase);

/** `check` failures of `skills`: unknown skill ids, a presentation without documents, a bad trigger. */
export function skillFailures(skills: unknown): pulumi.dynamic.CheckFailure[] {
  if (!isPlainObject(skills) || containsUnknown(skills)) return [];
  const failures: pulumi.dynamic.CheckFailure[] = [];
  for (const [name, config] of Object.entries(skills)) {
    const property = `skills.${name}`;
    if (!SKILL_NAMES.includes(camelCase(name))) {
      failures.push({
        property,
        reason: `unknown skill "${name}": the skills are ${SKILL_NAMES.join(", ")}`,
      });
    } else if (!isPlainObject(config)) {
      failures.push({ property, reason: `must be the skill's config, e.g. {}` });
    } else if (camelCase(name) === "presentation") {
      const ids = config.documentIds ?? config.document_ids;
      if (!Array.isArray(ids) || ids.length === 0)
        failures.push({
          property: `${property}.documentIds`,
          reason:
            "a presentation needs the documents it presents: set documentIds to at least one document id",
        });
      const trigger = config.slidesTrigger ?? config.slides_trigger;
      if (trigger !== undefined && !(SLIDES_TRIGGERS as readonly unknown[]).includes(trigger))
        failures.push({
          property: `${property}.slidesTrigger`,
          reason: `must be one of ${SLIDES_TRIGGERS.join(", ")}, not ${JSON.stringify(trigger)}`,
        });
    }
  }
  return failures;
}

/** The skills attached to a persona, in Pulumi's names (`attached_at`, `updated_at` left out: the server's). */
export async function attachedSkills(personaId: string): Promise<Skills> {
  const attached = await tavusClient().palSkills.list(personaId);
  return Object.fromEntries(
    Object.values(attached).map((skill) => [
      camelCase(skill.skill_id),
      keysWith(skill.config ?? {}, camelCase),
    ]),
  );
}

/**
 * Makes the attached skills `desired`, from `current` (what state says is
 * attached): one request per skill that differs, none when they agree.
 * @throws the API error, naming the persona and the skill.
 */
export async function syncSkills(
  personaId: string,
  current: Skills,
  desired: Skills,
): Promise<void> {
  const api = tavusClient().palSkills;
  const step = async (name: string, verb: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (e) {
      throw resourceError("persona", personaId, `${verb} skill ${snakeCase(name)}`, e);
    }
  };
  for (const [name, config] of Object.entries(desired)) {
    const before = current[name];
    if (before === undefined) {
      await step(name, "attach", () => api.attach(personaId, snakeCase(name), wire(config)));
    } else if (!isDeepStrictEqual(wire(before), wire(config))) {
      await step(name, "update", () =>
        api.update(personaId, snakeCase(name), mergePatch(wire(before), wire(config))),
      );
    }
  }
  for (const name of Object.keys(current))
    if (!(name in desired))
      await step(name, "detach", () => api.detach(personaId, snakeCase(name)));
}

/**
 * A read's result with the attached skills, when the program manages them: a
 * skill detached by hand then shows as drift, and the next update reattaches it.
 */
export async function withAttachedSkills<R extends pulumi.dynamic.ReadResult>(
  id: string,
  props: { skills?: unknown } | undefined,
  result: R,
): Promise<R> {
  if (!result.id || props?.skills === undefined) return result;
  let skills: Skills;
  try {
    skills = await attachedSkills(id);
  } catch (e) {
    throw resourceError("persona", id, "read (listing its skills)", e);
  }
  return { ...result, props: { ...result.props, skills }, inputs: { ...result.inputs, skills } };
}

/** A config in the API's names (top-level keys only: a canvas's component names are the user's). */
function wire(config: Record<string, unknown>): Record<string, unknown> {
  return keysWith(config, snakeCase);
}

/** The merge PATCH from one config to another: changed fields, and `null` for removed ones. */
function mergePatch(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after))
    if (!isDeepStrictEqual(before[key], value)) patch[key] = value;
  for (const key of Object.keys(before)) if (!(key in after)) patch[key] = null;
  return patch;
}

function keysWith(config: Record<string, unknown>, rename: (key: string) => string) {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [rename(k), v]));
}
