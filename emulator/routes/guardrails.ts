/**
 * `/v2/guardrails` (docs/tavus-api/guardrails.md): individual guardrails
 * and legacy guardrail sets on the same paths. POST tells them apart by body
 * shape (`guardrail_name` at the top → individual; `name` + `data` → set);
 * GET, PATCH and DELETE by which kind the id belongs to. Every item of a set is
 * mirrored as an individual guardrail with its own `uuid`, and the two views
 * stay in step (README "Guardrails").
 */
import {
  GROUP_API_ERRORS,
  GROUP_LIMITS,
  MODALITIES,
  type GuardrailFieldsWire,
} from "../../provider/wire";
import { nowTimestamp } from "../ids";
import { applyPatch, deepEqual } from "../jsonPatch";
import {
  empty,
  error,
  newestFirst,
  ok,
  paginate,
  type Reply,
  type Route,
  type RouteDeps,
} from "../routing";
import type { GuardrailRecord, GuardrailSetRecord, Store } from "../store";
import {
  boolean,
  checkFields,
  isRecord,
  knownFields,
  oneOf,
  strictPolicy,
  type Check,
  type FieldChecks,
  type FieldPolicy,
} from "../validate";
import {
  createSet,
  deleteSet,
  dropMirror,
  followMirror,
  guardrailName,
  guardrailPrompt,
  maxString,
  newUuid,
  patchSet,
} from "./guardrailSets";

/** The shape of a guardrail or set id (`g12345`, `g1234567890ab` in the docs); anything else is 400, not 404. */
const GUARDRAILS_ID = /^g[0-9a-z]+$/;

const tags: Check = (v) =>
  Array.isArray(v) &&
  v.length <= GROUP_LIMITS.guardrailTags &&
  v.every((t) => typeof t === "string" && t.length <= GROUP_LIMITS.guardrailTagLength)
    ? undefined
    : `must be an array of at most ${GROUP_LIMITS.guardrailTags} strings of at most ${GROUP_LIMITS.guardrailTagLength} characters`;

const GUARDRAIL_CHECKS: FieldChecks<GuardrailFieldsWire> = {
  guardrail_name: guardrailName,
  guardrail_prompt: guardrailPrompt,
  modality: oneOf(MODALITIES),
  callback_url: maxString(GROUP_LIMITS.guardrailCallbackUrlLength),
  tags,
  app_message: boolean,
};

const GUARDRAIL_READ_ONLY = ["uuid", "created_at", "updated_at"] as const;

/** The guardrail routes. */
export function guardrailRoutes({ store }: RouteDeps): Route[] {
  return [
    {
      method: "POST",
      pattern: "/v2/guardrails",
      handler: ({ body, fields }) => {
        if (isRecord(body) && Object.hasOwn(body, "guardrail_name"))
          return createGuardrail(store, body, fields);
        if (isRecord(body) && Object.hasOwn(body, "name") && Object.hasOwn(body, "data"))
          return createSet(store, body, fields);
        return error(
          400,
          "The body must be an individual guardrail (guardrail_name, guardrail_prompt, ...) or a legacy set (name, data)",
        );
      },
    },
    {
      method: "GET",
      pattern: "/v2/guardrails",
      handler: ({ query, fields }) => {
        // legacy=true is the default: the set list; legacy=false the flat list of individual ones.
        const legacy = (query.get("legacy") ?? "true").toLowerCase();
        if (legacy !== "true" && legacy !== "false")
          return error(400, "Invalid legacy: must be true or false");
        return legacy === "true"
          ? paginate(newestFirst(store.guardrailSets.values()), query, fields)
          : paginate(newestFirst(store.guardrails.values()), query, fields);
      },
    },
    {
      method: "GET",
      pattern: "/v2/guardrails/:id",
      handler: ({ params }) => {
        const found = lookup(store, params["id"] ?? "");
        return "status" in found ? found : ok(found.set ?? found.guardrail);
      },
    },
    {
      method: "PATCH",
      pattern: "/v2/guardrails/:id",
      handler: ({ params, body }) => {
        const found = lookup(store, params["id"] ?? "");
        if ("status" in found) return found;
        return found.set !== undefined
          ? patchSet(store, found.set, body)
          : patchGuardrail(store, found.guardrail, body);
      },
    },
    {
      method: "DELETE",
      pattern: "/v2/guardrails/:id",
      handler: ({ params }) => {
        const found = lookup(store, params["id"] ?? "");
        if ("status" in found) return found;
        if (found.set !== undefined) {
          // The set goes with its mirrors, and personas that pointed at it are scrubbed.
          deleteSet(store, found.set);
        } else {
          // A mirror is also an item of its set: deleting one removes the other.
          store.guardrails.delete(found.guardrail.uuid);
          dropMirror(store, found.guardrail.uuid);
        }
        store.commit();
        return empty(204);
      },
    },
  ];
}

type Found =
  | { set: GuardrailSetRecord; guardrail?: undefined }
  | { set?: undefined; guardrail: GuardrailRecord };

/** 400 for an id that cannot be a guardrails id, 404 for a well-formed one of neither kind. */
function lookup(store: Store, id: string): Found | Reply {
  if (!GUARDRAILS_ID.test(id)) return error(400, GROUP_API_ERRORS.invalidGuardrailsId);
  const set = store.guardrailSets.get(id);
  if (set !== undefined) return { set };
  const guardrail = store.guardrails.get(id);
  return guardrail === undefined ? error(404, GROUP_API_ERRORS.guardrailsNotFound) : { guardrail };
}

// ------------------------------------------------------------------ individual guardrails

function checkGuardrail(
  fields: Record<string, unknown>,
  policy: FieldPolicy = strictPolicy(),
): string | undefined {
  for (const required of ["guardrail_name", "guardrail_prompt"])
    if (fields[required] === undefined) return `${required} is required`;
  return checkFields(fields, GUARDRAIL_CHECKS, "", policy);
}

function createGuardrail(store: Store, body: Record<string, unknown>, policy: FieldPolicy): Reply {
  const problem = checkGuardrail(body, policy);
  if (problem !== undefined) return error(400, problem);
  const now = nowTimestamp();
  // The documented defaults appear in the answer (create example), so they are stored.
  const record = {
    uuid: newUuid(store),
    modality: "verbal",
    app_message: true,
    ...structuredClone(knownFields(body, GUARDRAIL_CHECKS)),
    created_at: now,
    updated_at: now,
  } as GuardrailRecord;
  store.guardrails.set(record.uuid, record);
  store.commit();
  return ok(record);
}

/** PATCH on the flat document; answers the updated guardrail. A mirror's item in its set follows. */
function patchGuardrail(store: Store, record: GuardrailRecord, operations: unknown): Reply {
  const checked = applyChecked(record, operations, GUARDRAIL_READ_ONLY);
  if ("status" in checked) return checked;
  const patched = checked.document;
  if (deepEqual(patched, record)) return empty(304);
  const fields = Object.fromEntries(
    Object.entries(patched).filter(
      ([key]) => !(GUARDRAIL_READ_ONLY as readonly string[]).includes(key),
    ),
  );
  const problem = checkGuardrail(fields);
  if (problem !== undefined) return error(400, problem);
  const now = nowTimestamp();
  const updated = { ...patched, updated_at: now } as unknown as GuardrailRecord;
  store.guardrails.set(record.uuid, updated);
  followMirror(store, record, updated);
  store.commit();
  return ok(updated);
}

/**
 * Applies a patch atomically and refuses changes to server members.
 * @returns the patched document, or the 400 "Invalid patch operation" reply.
 */
function applyChecked(
  record: object,
  operations: unknown,
  readOnly: readonly string[],
): { document: Record<string, unknown> } | Reply {
  const result = applyPatch(record, operations);
  if (!result.ok || !isRecord(result.document))
    return error(400, GROUP_API_ERRORS.invalidPatchOperation);
  const patched = result.document;
  const original = record as Record<string, unknown>;
  if (readOnly.some((key) => !deepEqual(patched[key], original[key])))
    return error(400, GROUP_API_ERRORS.invalidPatchOperation);
  return { document: patched };
}
