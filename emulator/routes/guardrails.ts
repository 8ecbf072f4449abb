/**
 * `/v2/guardrails` (tavus-api-groups.md "Guardrails"): individual guardrails
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
  type CreateGuardrailSetResponse,
  type GuardrailFieldsWire,
  type GuardrailSetItemWire,
} from "../../provider/wire";
import { newId, nowTimestamp } from "../ids";
import { applyPatch, deepEqual } from "../jsonPatch";
import { stripGuardrailSet } from "../references";
import { empty, error, newestFirst, ok, paginate, type Reply, type Route, type RouteDeps } from "../routing";
import type { GuardrailRecord, GuardrailSetRecord, Store } from "../store";
import { boolean, checkFields, isRecord, oneOf, type Check, type FieldChecks } from "../validate";

/** The shape of a guardrail or set id (`g12345`, `g1234567890ab` in the docs); anything else is 400, not 404. */
const GUARDRAILS_ID = /^g[0-9a-z]+$/;
/** Individual guardrails get `g` + 12 hex (the docs' `g1234567890ab`), sets `g` + 11 hex. */
const UUID_DIGITS = 12;
const SET_DIGITS = 11;

const maxString =
  (max: number): Check =>
  (v) =>
    typeof v === "string" && v.length <= max ? undefined : `must be a string of at most ${max} characters`;
const guardrailName: Check = (v) =>
  typeof v === "string" && /^[A-Za-z0-9_]+$/.test(v) && v.length <= GROUP_LIMITS.guardrailNameLength
    ? undefined
    : `must be 1 to ${GROUP_LIMITS.guardrailNameLength} letters, digits or underscores`;
const guardrailPrompt: Check = (v) =>
  typeof v === "string" && v.trim() !== "" && v.length <= GROUP_LIMITS.guardrailPromptLength
    ? undefined
    : `must be a non-empty string of at most ${GROUP_LIMITS.guardrailPromptLength} characters`;
const tags: Check = (v) =>
  Array.isArray(v) && v.length <= GROUP_LIMITS.guardrailTags && v.every((t) => typeof t === "string" && t.length <= GROUP_LIMITS.guardrailTagLength)
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

const SET_ITEM_CHECKS: FieldChecks<GuardrailSetItemWire> = {
  guardrail_name: guardrailName,
  guardrail_prompt: guardrailPrompt,
  modality: oneOf(MODALITIES),
  callback_url: maxString(GROUP_LIMITS.guardrailCallbackUrlLength),
};

/** The item fields a set shares with its mirrors. */
const ITEM_FIELDS = Object.keys(SET_ITEM_CHECKS) as (keyof GuardrailSetItemWire)[];
const GUARDRAIL_READ_ONLY = ["uuid", "created_at", "updated_at"] as const;
const SET_READ_ONLY = ["guardrails_id", "created_at", "updated_at"] as const;

/** The guardrail routes. */
export function guardrailRoutes({ store }: RouteDeps): Route[] {
  return [
    {
      method: "POST",
      pattern: "/v2/guardrails",
      handler: ({ body }) => {
        if (isRecord(body) && Object.hasOwn(body, "guardrail_name")) return createGuardrail(store, body);
        if (isRecord(body) && Object.hasOwn(body, "name") && Object.hasOwn(body, "data")) return createSet(store, body);
        return error(400, "The body must be an individual guardrail (guardrail_name, guardrail_prompt, ...) or a legacy set (name, data)");
      },
    },
    {
      method: "GET",
      pattern: "/v2/guardrails",
      handler: ({ query }) => {
        // legacy=true is the default: the set list; legacy=false the flat list of individual ones.
        const legacy = (query.get("legacy") ?? "true").toLowerCase();
        if (legacy !== "true" && legacy !== "false") return error(400, "Invalid legacy: must be true or false");
        return legacy === "true" ? paginate(newestFirst(store.guardrailSets.values()), query) : paginate(newestFirst(store.guardrails.values()), query);
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
        return found.set !== undefined ? patchSet(store, found.set, body) : patchGuardrail(store, found.guardrail, body);
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
          for (const item of found.set.data) store.guardrails.delete(item.uuid);
          store.guardrailSets.delete(found.set.guardrails_id);
          stripGuardrailSet(store, found.set.guardrails_id);
        } else {
          store.guardrails.delete(found.guardrail.uuid);
          // A mirror is also an item of its set: deleting one removes the other.
          const owner = setOf(store, found.guardrail.uuid);
          if (owner !== undefined) {
            store.guardrailSets.set(owner.guardrails_id, {
              ...owner,
              data: owner.data.filter((item) => item.uuid !== found.guardrail.uuid),
              updated_at: nowTimestamp(),
            });
          }
        }
        store.commit();
        return empty(204);
      },
    },
  ];
}

type Found = { set: GuardrailSetRecord; guardrail?: undefined } | { set?: undefined; guardrail: GuardrailRecord };

/** 400 for an id that cannot be a guardrails id, 404 for a well-formed one of neither kind. */
function lookup(store: Store, id: string): Found | Reply {
  if (!GUARDRAILS_ID.test(id)) return error(400, GROUP_API_ERRORS.invalidGuardrailsId);
  const set = store.guardrailSets.get(id);
  if (set !== undefined) return { set };
  const guardrail = store.guardrails.get(id);
  return guardrail === undefined ? error(404, GROUP_API_ERRORS.guardrailsNotFound) : { guardrail };
}

/** The set whose items include the mirror `uuid`, if any. */
function setOf(store: Store, uuid: string): GuardrailSetRecord | undefined {
  return [...store.guardrailSets.values()].find((set) => set.data.some((item) => item.uuid === uuid));
}

function newUuid(store: Store, claimed: Set<string> = new Set()): string {
  const uuid = newId("g", (id) => store.has(id) || claimed.has(id), UUID_DIGITS);
  claimed.add(uuid);
  return uuid;
}

/** A mirror record for a set item: the documented defaults (`verbal`, `app_message: true`) filled in. */
function mirror(uuid: string, item: GuardrailSetItemWire, now: string): GuardrailRecord {
  return { uuid, modality: "verbal", app_message: true, ...pick(item), created_at: now, updated_at: now };
}

function pick(item: GuardrailSetItemWire): GuardrailSetItemWire {
  return Object.fromEntries(ITEM_FIELDS.filter((key) => item[key] !== undefined).map((key) => [key, item[key]])) as unknown as GuardrailSetItemWire;
}

// ------------------------------------------------------------------ individual

function checkGuardrail(fields: Record<string, unknown>): string | undefined {
  for (const required of ["guardrail_name", "guardrail_prompt"]) if (fields[required] === undefined) return `${required} is required`;
  return checkFields(fields, GUARDRAIL_CHECKS);
}

function createGuardrail(store: Store, body: Record<string, unknown>): Reply {
  const problem = checkGuardrail(body);
  if (problem !== undefined) return error(400, problem);
  const now = nowTimestamp();
  // The documented defaults appear in the answer (create example), so they are stored.
  const record = { uuid: newUuid(store), modality: "verbal", app_message: true, ...structuredClone(body), created_at: now, updated_at: now } as GuardrailRecord;
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
  const fields = Object.fromEntries(Object.entries(patched).filter(([key]) => !(GUARDRAIL_READ_ONLY as readonly string[]).includes(key)));
  const problem = checkGuardrail(fields);
  if (problem !== undefined) return error(400, problem);
  const now = nowTimestamp();
  const updated = { ...patched, updated_at: now } as unknown as GuardrailRecord;
  store.guardrails.set(record.uuid, updated);
  const owner = setOf(store, record.uuid);
  if (owner !== undefined) {
    const data = owner.data.map((item) => {
      if (item.uuid !== record.uuid) return item;
      const next: Record<string, unknown> = { ...item };
      // Only what this patch changed is copied back, so the set does not gain the mirror's defaults.
      for (const key of ITEM_FIELDS) {
        if (deepEqual(updated[key], record[key])) continue;
        if (updated[key] === undefined) delete next[key];
        else next[key] = updated[key];
      }
      return next as unknown as GuardrailSetRecord["data"][number];
    });
    store.guardrailSets.set(owner.guardrails_id, { ...owner, data, updated_at: now });
  }
  store.commit();
  return ok(updated);
}

// ------------------------------------------------------------------ legacy sets

function checkSet(fields: Record<string, unknown>): string | undefined {
  const name = fields["name"];
  if (typeof name !== "string" || name.trim() === "") return "name must be a non-empty string";
  const data = fields["data"];
  if (!Array.isArray(data) || data.length === 0) return "data must be a non-empty array of guardrails";
  for (const [index, item] of data.entries()) {
    if (!isRecord(item)) return `data[${index}] must be an object`;
    const { uuid: _uuid, ...rest } = item;
    for (const required of ["guardrail_name", "guardrail_prompt"]) if (rest[required] === undefined) return `data[${index}].${required} is required`;
    const problem = checkFields(rest, SET_ITEM_CHECKS, `data[${index}].`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function createSet(store: Store, body: Record<string, unknown>): Reply {
  const unknown = Object.keys(body).find((key) => key !== "name" && key !== "data");
  if (unknown !== undefined) return error(400, `Unknown field "${unknown}"; a legacy set has: name, data`);
  const problem = checkSet(body) ?? (asItems(body["data"]).some((item) => item.uuid !== undefined) ? "data[].uuid is set by the server" : undefined);
  if (problem !== undefined) return error(400, problem);
  const now = nowTimestamp();
  const claimed = new Set<string>();
  const set: GuardrailSetRecord = {
    guardrails_id: newId("g", (id) => store.has(id) || claimed.has(id), SET_DIGITS),
    name: body["name"] as string,
    data: asItems(body["data"]).map((item) => ({ ...structuredClone(item), uuid: newUuid(store, claimed) }) as GuardrailSetRecord["data"][number]),
    created_at: now,
    updated_at: now,
  };
  store.guardrailSets.set(set.guardrails_id, set);
  for (const item of set.data) store.guardrails.set(item.uuid, mirror(item.uuid, item, now));
  store.commit();
  const reply: CreateGuardrailSetResponse = { guardrails_id: set.guardrails_id, guardrails_name: set.name, status: "active", created_at: now };
  return ok(reply);
}

/**
 * PATCH on the set document, one operation at a time so that a whole-object
 * `add`/`replace`/`copy` at `/data/<i>` can give that item a new uuid (the
 * docs: it "rotates the underlying individual UUID"); field edits, moves and
 * removes keep uuids. Afterwards every item must carry a distinct uuid of this
 * set (or a fresh one): editing a uuid is an invalid patch. Mirrors follow.
 */
function patchSet(store: Store, set: GuardrailSetRecord, operations: unknown): Reply {
  if (!Array.isArray(operations)) return error(400, GROUP_API_ERRORS.invalidPatchOperation);
  const fresh = new Set<string>();
  let document: unknown = set;
  for (const operation of operations) {
    const result = applyPatch(document, [operation]);
    if (!result.ok) return error(400, GROUP_API_ERRORS.invalidPatchOperation);
    document = result.document;
    const op = isRecord(operation) ? operation : {};
    const target = typeof op["path"] === "string" ? /^\/data\/(\d+|-)$/.exec(op["path"]) : null;
    if (target !== null && (op["op"] === "add" || op["op"] === "replace" || op["op"] === "copy")) {
      const data = isRecord(document) && Array.isArray(document["data"]) ? document["data"] : [];
      const item: unknown = data[target[1] === "-" ? data.length - 1 : Number(target[1])];
      if (isRecord(item)) item["uuid"] = newUuid(store, fresh);
    }
  }
  if (!isRecord(document)) return error(400, GROUP_API_ERRORS.invalidPatchOperation);
  const patched = document;
  const original = set as unknown as Record<string, unknown>;
  const members = new Set<string>([...SET_READ_ONLY, "name", "data"]);
  if (SET_READ_ONLY.some((key) => !deepEqual(patched[key], original[key])) || Object.keys(patched).some((key) => !members.has(key))) {
    return error(400, GROUP_API_ERRORS.invalidPatchOperation);
  }
  const problem = checkSet(patched);
  if (problem !== undefined) return error(400, problem);
  const items = asItems(patched["data"]);
  const old = new Set(set.data.map((item) => item.uuid));
  const seen = new Set<string>();
  for (const item of items) {
    // An item without a uuid (e.g. from a whole-array replace) is new; one with
    // a uuid must be an existing item of this set or one rotated above.
    if (item.uuid === undefined) item.uuid = newUuid(store, fresh);
    if (typeof item.uuid !== "string" || seen.has(item.uuid) || !(old.has(item.uuid) || fresh.has(item.uuid))) {
      return error(400, GROUP_API_ERRORS.invalidPatchOperation);
    }
    seen.add(item.uuid);
  }
  if (deepEqual(patched, original)) return empty(304);

  const now = nowTimestamp();
  const updated = { ...(patched as unknown as GuardrailSetRecord), updated_at: now };
  store.guardrailSets.set(set.guardrails_id, updated);
  for (const uuid of old) if (!seen.has(uuid)) store.guardrails.delete(uuid);
  for (const item of updated.data) {
    const existing = store.guardrails.get(item.uuid);
    if (existing === undefined) {
      store.guardrails.set(item.uuid, mirror(item.uuid, item, now));
      continue;
    }
    const before = set.data.find((old) => old.uuid === item.uuid);
    const next: Record<string, unknown> = { ...existing };
    for (const key of ITEM_FIELDS) {
      if (deepEqual(item[key], before?.[key])) continue;
      if (item[key] === undefined) delete next[key];
      else next[key] = item[key];
    }
    if (!deepEqual(next, existing)) store.guardrails.set(item.uuid, { ...(next as unknown as GuardrailRecord), updated_at: now });
  }
  store.commit();
  return ok({ message: GROUP_API_ERRORS.guardrailsUpdated });
}

function asItems(data: unknown): (GuardrailSetItemWire & { uuid?: unknown })[] {
  return Array.isArray(data) ? (data.filter(isRecord) as unknown as (GuardrailSetItemWire & { uuid?: unknown })[]) : [];
}

/**
 * Applies a patch atomically and refuses changes to server members.
 * @returns the patched document, or the 400 "Invalid patch operation" reply.
 */
function applyChecked(record: object, operations: unknown, readOnly: readonly string[]): { document: Record<string, unknown> } | Reply {
  const result = applyPatch(record, operations);
  if (!result.ok || !isRecord(result.document)) return error(400, GROUP_API_ERRORS.invalidPatchOperation);
  const patched = result.document;
  const original = record as Record<string, unknown>;
  if (readOnly.some((key) => !deepEqual(patched[key], original[key]))) return error(400, GROUP_API_ERRORS.invalidPatchOperation);
  return { document: patched };
}
