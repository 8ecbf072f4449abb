/**
 * `/v2/objectives` (docs/tavus-api/objectives.md): create, list, get,
 * JSON-Patch update, delete. One objectives object holds a list of objectives;
 * it is stored and shown as `{objectives_id, data: [...], created_at,
 * updated_at}`, so the documented patch paths (`/data/0/objective_name`) address
 * exactly what GET shows (README "Objectives").
 */
import {
  CONFIRMATION_MODES,
  GROUP_API_ERRORS,
  MODALITIES,
  type CreateObjectivesResponse,
  type ObjectiveWire,
} from "../../provider/wire";
import { newId, nowTimestamp } from "../ids";
import { applyPatch, deepEqual } from "../jsonPatch";
import {
  empty,
  error,
  message,
  newestFirst,
  ok,
  paginate,
  type Reply,
  type Route,
  type RouteDeps,
} from "../routing";
import type { ObjectivesRecord, Store } from "../store";
import {
  checkFields,
  isRecord,
  knownFields,
  object,
  oneOf,
  strictPolicy,
  string,
  stringArray,
  type Check,
  type FieldChecks,
  type FieldPolicy,
} from "../validate";

/** The shape of an objectives id (`o12345` in the docs, `o` + 11 hex here); anything else is 400, not 404. */
const OBJECTIVES_ID = /^o[0-9a-z]+$/;

/** What the docs' create example answers for `objective_name`: the API takes no name for the object. */
const CREATED_NAME = "New Objectives";

const noSpaces: Check = (v) =>
  typeof v === "string" && v !== "" && !/\s/.test(v)
    ? undefined
    : "must be a non-empty string without spaces";
const nonEmpty: Check = (v) =>
  typeof v === "string" && v.trim() !== "" ? undefined : "must be a non-empty string";
const stringMap: Check = (v) =>
  object(v) ??
  (Object.values(v as object).every((c) => typeof c === "string")
    ? undefined
    : "must map objective names to condition strings");

const OBJECTIVE_CHECKS: FieldChecks<ObjectiveWire> = {
  objective_name: noSpaces,
  objective_prompt: nonEmpty,
  confirmation_mode: oneOf(CONFIRMATION_MODES),
  output_variables: stringArray,
  modality: oneOf(MODALITIES),
  next_conditional_objectives: stringMap,
  next_required_objectives: stringArray,
  callback_url: string,
};

/** Members of the stored object that only the server sets. */
const READ_ONLY = ["objectives_id", "created_at", "updated_at"] as const;

/** The objectives routes. */
export function objectivesRoutes({ store }: RouteDeps): Route[] {
  return [
    {
      method: "POST",
      pattern: "/v2/objectives",
      handler: ({ body, fields }) => {
        // The reference page sends {"data":[...]}, a newer guide a bare array: both are accepted.
        const items = Array.isArray(body) ? body : isRecord(body) ? body["data"] : undefined;
        for (const unknown of isRecord(body) ? Object.keys(body).filter((k) => k !== "data") : []) {
          if (fields.strict)
            return message(
              400,
              `Unknown field "${unknown}"; the body is {"data": [objective, ...]}`,
            );
          fields.unknown.push(unknown);
        }
        const problem = checkObjectives(items, fields);
        // Create answers its 400 with `message`, unlike the other routes (docs' example).
        if (problem !== undefined) return message(400, problem);
        const now = nowTimestamp();
        const record: ObjectivesRecord = {
          objectives_id: newId("o", (id) => store.has(id)),
          data: structuredClone(
            (items as Record<string, unknown>[]).map((item) => knownFields(item, OBJECTIVE_CHECKS)),
          ) as ObjectiveWire[],
          created_at: now,
          updated_at: now,
        };
        store.objectives.set(record.objectives_id, record);
        store.commit();
        const reply: CreateObjectivesResponse = {
          objectives_id: record.objectives_id,
          objective_name: CREATED_NAME,
          status: "active",
          created_at: now,
        };
        return ok(reply);
      },
    },
    {
      method: "GET",
      pattern: "/v2/objectives",
      handler: ({ query, fields }) =>
        paginate(newestFirst(store.objectives.values()), query, fields),
    },
    {
      method: "GET",
      pattern: "/v2/objectives/:id",
      handler: ({ params }) => {
        const found = lookup(store, params["id"] ?? "");
        return "status" in found ? found : ok(found.record);
      },
    },
    {
      method: "PATCH",
      pattern: "/v2/objectives/:id",
      handler: ({ params, body }) => {
        const found = lookup(store, params["id"] ?? "");
        return "status" in found ? found : patchObjectives(store, found.record, body);
      },
    },
    {
      method: "DELETE",
      pattern: "/v2/objectives/:id",
      handler: ({ params }) => {
        const found = lookup(store, params["id"] ?? "");
        if ("status" in found) return found;
        store.objectives.delete(found.record.objectives_id);
        store.commit();
        return empty(204);
      },
    },
  ];
}

/** 400 for an id that cannot be an objectives id, 404 for a well-formed one that is not stored. */
function lookup(store: Store, id: string): { record: ObjectivesRecord } | Reply {
  if (!OBJECTIVES_ID.test(id)) return error(400, GROUP_API_ERRORS.invalidObjectivesId);
  const record = store.objectives.get(id);
  return record === undefined ? error(404, GROUP_API_ERRORS.objectiveNotFound) : { record };
}

/**
 * PATCH: RFC 6902 against the stored object, atomically. A failing operation,
 * a change to a server member or a new top-level member is 400 "Invalid patch
 * operation"; an empty or no-op patch 304; an invalid resulting objective 400
 * naming it; otherwise 200 with the documented message.
 */
function patchObjectives(store: Store, record: ObjectivesRecord, operations: unknown): Reply {
  const result = applyPatch(record, operations);
  if (!result.ok || !isRecord(result.document))
    return error(400, GROUP_API_ERRORS.invalidPatchOperation);
  const patched = result.document;
  const original = record as unknown as Record<string, unknown>;
  const members = new Set<string>([...READ_ONLY, "data"]);
  if (
    READ_ONLY.some((key) => !deepEqual(patched[key], original[key])) ||
    Object.keys(patched).some((key) => !members.has(key))
  ) {
    return error(400, GROUP_API_ERRORS.invalidPatchOperation);
  }
  if (deepEqual(patched, original)) return empty(304);
  const problem = checkObjectives(patched["data"]);
  if (problem !== undefined) return error(400, problem);
  store.objectives.set(record.objectives_id, {
    ...(patched as unknown as ObjectivesRecord),
    updated_at: nowTimestamp(),
  });
  store.commit();
  return ok({ message: GROUP_API_ERRORS.objectiveUpdated });
}

/**
 * Checks the list of objectives. Messages name the field, plus the item as
 * ` (data[i])` when there is more than one, so the documented single-item
 * message reads exactly "objective_name is required".
 * @returns what is wrong, or `undefined`.
 */
function checkObjectives(items: unknown, policy: FieldPolicy = strictPolicy()): string | undefined {
  if (!Array.isArray(items) || items.length === 0)
    return "data must be a non-empty array of objectives";
  for (const [index, item] of items.entries()) {
    const where = items.length > 1 ? ` (data[${index}])` : "";
    if (!isRecord(item)) return `each objective must be an object${where}`;
    for (const required of ["objective_name", "objective_prompt"]) {
      if (item[required] === undefined) return `${required} is required${where}`;
    }
    const problem = checkFields(item, OBJECTIVE_CHECKS, "", policy);
    if (problem !== undefined) return problem + where;
  }
  return undefined;
}
