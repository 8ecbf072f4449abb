/**
 * Legacy guardrail sets on `/v2/guardrails` (docs: guardrails/legacy-guardrail-sets):
 * create, JSON Patch with uuid rotation, delete, and the mirrors that make every
 * item addressable as an individual guardrail. `guardrails.ts` routes here.
 */
import {
  GROUP_API_ERRORS,
  GROUP_LIMITS,
  MODALITIES,
  type CreateGuardrailSetResponse,
  type GuardrailSetItemWire,
} from "../../provider/wire";
import { newId, nowTimestamp } from "../ids";
import { applyPatch, deepEqual } from "../jsonPatch";
import { stripGuardrailSet } from "../references";
import { empty, error, ok, type Reply } from "../routing";
import type { GuardrailRecord, GuardrailSetRecord, Store } from "../store";
import {
  checkFields,
  isRecord,
  knownFields,
  oneOf,
  strictPolicy,
  type Check,
  type FieldChecks,
  type FieldPolicy,
} from "../validate";

/** Individual guardrails (mirrors included) get `g` + 12 hex (the docs' `g1234567890ab`), sets `g` + 11 hex. */
const UUID_DIGITS = 12;
const SET_DIGITS = 11;

/** A string of at most `max` characters. */
export const maxString =
  (max: number): Check =>
  (v) =>
    typeof v === "string" && v.length <= max
      ? undefined
      : `must be a string of at most ${max} characters`;
/** Letters, digits and `_`, at most 100 characters (create-guardrails). */
export const guardrailName: Check = (v) =>
  typeof v === "string" && /^[A-Za-z0-9_]+$/.test(v) && v.length <= GROUP_LIMITS.guardrailNameLength
    ? undefined
    : `must be 1 to ${GROUP_LIMITS.guardrailNameLength} letters, digits or underscores`;
/** Non-empty, at most 1,000 characters (create-guardrails). */
export const guardrailPrompt: Check = (v) =>
  typeof v === "string" && v.trim() !== "" && v.length <= GROUP_LIMITS.guardrailPromptLength
    ? undefined
    : `must be a non-empty string of at most ${GROUP_LIMITS.guardrailPromptLength} characters`;

const SET_ITEM_CHECKS: FieldChecks<GuardrailSetItemWire> = {
  guardrail_name: guardrailName,
  guardrail_prompt: guardrailPrompt,
  modality: oneOf(MODALITIES),
  callback_url: maxString(GROUP_LIMITS.guardrailCallbackUrlLength),
};

/** The item fields a set shares with its mirrors. */
const ITEM_FIELDS = Object.keys(SET_ITEM_CHECKS) as (keyof GuardrailSetItemWire)[];
const SET_READ_ONLY = ["guardrails_id", "created_at", "updated_at"] as const;

/**
 * A new individual guardrail uuid.
 * @param claimed Uuids handed out during this request and not stored yet; the new one joins them.
 */
export function newUuid(store: Store, claimed: Set<string> = new Set()): string {
  const uuid = newId("g", (id) => store.has(id) || claimed.has(id), UUID_DIGITS);
  claimed.add(uuid);
  return uuid;
}

/** The set whose items include the mirror `uuid`, if any. */
export function setOf(store: Store, uuid: string): GuardrailSetRecord | undefined {
  return [...store.guardrailSets.values()].find((set) =>
    set.data.some((item) => item.uuid === uuid),
  );
}

/** Deletes a set with its mirrors and scrubs it from the personas that reference it. Callers commit. */
export function deleteSet(store: Store, set: GuardrailSetRecord): void {
  for (const item of set.data) store.guardrails.delete(item.uuid);
  store.guardrailSets.delete(set.guardrails_id);
  stripGuardrailSet(store, set.guardrails_id);
}

/** A mirror was patched: its item in the set takes the fields the patch changed. Callers commit. */
export function followMirror(store: Store, before: GuardrailRecord, after: GuardrailRecord): void {
  const owner = setOf(store, before.uuid);
  if (owner === undefined) return;
  // Only what changed is copied, so the set item does not gain the mirror's defaults.
  const data = owner.data.map((item) =>
    item.uuid === before.uuid
      ? (copyChangedFields(before, after, item) as unknown as typeof item)
      : item,
  );
  store.guardrailSets.set(owner.guardrails_id, { ...owner, data, updated_at: after.updated_at });
}

/** A mirror was deleted: its item leaves the set. Callers commit. */
export function dropMirror(store: Store, uuid: string): void {
  const owner = setOf(store, uuid);
  if (owner === undefined) return;
  store.guardrailSets.set(owner.guardrails_id, {
    ...owner,
    data: owner.data.filter((item) => item.uuid !== uuid),
    updated_at: nowTimestamp(),
  });
}

/** A mirror record for a set item: the documented defaults (`verbal`, `app_message: true`) filled in. */
function mirror(uuid: string, item: GuardrailSetItemWire, now: string): GuardrailRecord {
  const fields = Object.fromEntries(
    ITEM_FIELDS.filter((key) => item[key] !== undefined).map((key) => [key, item[key]]),
  );
  return {
    uuid,
    modality: "verbal",
    app_message: true,
    ...(fields as unknown as GuardrailSetItemWire),
    created_at: now,
    updated_at: now,
  };
}

/** `into` with each item field that differs between `before` and `after` set (or removed) as in `after`. */
function copyChangedFields(
  before: Partial<GuardrailSetItemWire>,
  after: Partial<GuardrailSetItemWire>,
  into: object,
): Record<string, unknown> {
  const next: Record<string, unknown> = { ...into };
  for (const key of ITEM_FIELDS) {
    if (deepEqual(after[key], before[key])) continue;
    if (after[key] === undefined) delete next[key];
    else next[key] = after[key];
  }
  return next;
}

function checkSet(
  fields: Record<string, unknown>,
  policy: FieldPolicy = strictPolicy(),
): string | undefined {
  const name = fields["name"];
  if (typeof name !== "string" || name.trim() === "") return "name must be a non-empty string";
  const data = fields["data"];
  if (!Array.isArray(data) || data.length === 0)
    return "data must be a non-empty array of guardrails";
  for (const [index, item] of data.entries()) {
    if (!isRecord(item)) return `data[${index}] must be an object`;
    const { uuid: _uuid, ...rest } = item;
    for (const required of ["guardrail_name", "guardrail_prompt"])
      if (rest[required] === undefined) return `data[${index}].${required} is required`;
    const problem = checkFields(rest, SET_ITEM_CHECKS, `data[${index}].`, policy);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/**
 * `POST /v2/guardrails` with `{name, data}`: the set and one mirror per item.
 * @param policy Strict refuses unknown members; lenient ignores and notes them.
 */
export function createSet(
  store: Store,
  body: Record<string, unknown>,
  policy: FieldPolicy = strictPolicy(),
): Reply {
  for (const unknown of Object.keys(body).filter((key) => key !== "name" && key !== "data")) {
    if (policy.strict)
      return error(400, `Unknown field "${unknown}"; a legacy set has: name, data`);
    policy.unknown.push(unknown);
  }
  const problem =
    checkSet(body, policy) ??
    (asItems(body["data"]).some((item) => item.uuid !== undefined)
      ? "data[].uuid is set by the server"
      : undefined);
  if (problem !== undefined) return error(400, problem);
  const now = nowTimestamp();
  const claimed = new Set<string>();
  const set: GuardrailSetRecord = {
    guardrails_id: newId("g", (id) => store.has(id) || claimed.has(id), SET_DIGITS),
    name: body["name"] as string,
    data: asItems(body["data"]).map(
      (item) =>
        ({
          ...structuredClone(knownFields(item, SET_ITEM_CHECKS)),
          uuid: newUuid(store, claimed),
        }) as GuardrailSetRecord["data"][number],
    ),
    created_at: now,
    updated_at: now,
  };
  store.guardrailSets.set(set.guardrails_id, set);
  for (const item of set.data) store.guardrails.set(item.uuid, mirror(item.uuid, item, now));
  store.commit();
  const reply: CreateGuardrailSetResponse = {
    guardrails_id: set.guardrails_id,
    guardrails_name: set.name,
    status: "active",
    created_at: now,
  };
  return ok(reply);
}

/**
 * PATCH on the set document, one operation at a time so that a whole-object
 * `add`/`replace`/`copy` at `/data/<i>` can give that item a new uuid (the
 * docs: it "rotates the underlying individual UUID"); field edits, moves and
 * removes keep uuids. Afterwards every item must carry a distinct uuid of this
 * set (or a fresh one): editing a uuid is an invalid patch. Mirrors follow.
 */
export function patchSet(store: Store, set: GuardrailSetRecord, operations: unknown): Reply {
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
  if (
    SET_READ_ONLY.some((key) => !deepEqual(patched[key], original[key])) ||
    Object.keys(patched).some((key) => !members.has(key))
  ) {
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
    if (
      typeof item.uuid !== "string" ||
      seen.has(item.uuid) ||
      !(old.has(item.uuid) || fresh.has(item.uuid))
    ) {
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
    const next = copyChangedFields(
      set.data.find((old) => old.uuid === item.uuid) ?? {},
      item,
      existing,
    );
    if (!deepEqual(next, existing))
      store.guardrails.set(item.uuid, { ...(next as unknown as GuardrailRecord), updated_at: now });
  }
  store.commit();
  return ok({ message: GROUP_API_ERRORS.guardrailsUpdated });
}

function asItems(data: unknown): (GuardrailSetItemWire & { uuid?: unknown })[] {
  return Array.isArray(data)
    ? (data.filter(isRecord) as unknown as (GuardrailSetItemWire & { uuid?: unknown })[])
    : [];
}
