/**
 * ObjectivesProvider: the CRUD of {@link Objectives}, as a module (see
 * personaProvider.ts for why a module: a tiny `__provider` in state). All of it
 * comes from the definition and the shared JSON Patch kind; what is its own:
 * the rules between objectives of one set, checked before any call.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  objectivesDefinition,
  type ObjectivesInputs,
  type ObjectivesOutputs,
} from "../definitions/objectives";
import { jsonPatchProvider } from "./jsonPatchKind";

export type { ObjectivesInputs, ObjectivesOutputs } from "../definitions/objectives";

/** Names must be unique, and the objectives that come next must be of this set. */
function objectiveRules(news: ObjectivesInputs): pulumi.dynamic.CheckFailure[] {
  if (!Array.isArray(news.data)) return [];
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const names = news.data
    .map((o) => o?.objectiveName)
    .filter((n): n is string => typeof n === "string");
  const known = new Set(names);
  news.data.forEach((objective, i) => {
    if (
      typeof objective?.objectiveName === "string" &&
      names.indexOf(objective.objectiveName) !== i
    ) {
      failures.push({
        property: `data[${i}].objectiveName`,
        reason: `"${objective.objectiveName}" is the name of an earlier objective: names must be unique within the set`,
      });
    }
    (objective?.nextRequiredObjectives ?? []).forEach((next, j) => {
      if (typeof next === "string" && !known.has(next)) {
        failures.push({
          property: `data[${i}].nextRequiredObjectives[${j}]`,
          reason: `names no objective of this set ("${next}"); known: ${names.join(", ")}`,
        });
      }
    });
    for (const next of Object.keys(objective?.nextConditionalObjectives ?? {})) {
      if (!known.has(next)) {
        failures.push({
          property: `data[${i}].nextConditionalObjectives.${next}`,
          reason: `names no objective of this set; known: ${names.join(", ")}`,
        });
      }
    }
  });
  return failures;
}

const provider = jsonPatchProvider<ObjectivesInputs, ObjectivesOutputs>(
  objectivesDefinition,
  (client) => client.objectives as never,
  objectiveRules,
);
/** The provider functions, from the definition (see jsonPatchKind.ts). */
export const { configure, check, diff, create, read, update } = provider;
const delete_ = provider.delete;
/** DELETE, as the engine calls it (`delete` is a reserved word for a function name). */
export { delete_ as delete };
