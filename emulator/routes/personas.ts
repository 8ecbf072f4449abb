/**
 * `/v2/personas` (docs/tavus-api/personas.md): create, list, get, JSON-Patch update, delete.
 * The stored document is exactly what the client sent plus `persona_id`,
 * `created_at` and `updated_at`; server defaults are never written into it.
 */
import {
  API_ERRORS,
  CONFERENCING,
  GROUP_LIMITS,
  PIPELINE_MODES,
  type CreatePersonaResponse,
  type PersonaFieldsWire,
  type PersonaLayersWire,
  type PersonaWire,
} from "../../provider/wire";
import { nowTimestamp, newId } from "../ids";
import { applyPatch, deepEqual } from "../jsonPatch";
import { reconcilePronunciation } from "../references";
import {
  empty,
  error,
  message,
  newestFirst,
  ok,
  paginate,
  queryFlag,
  type Reply,
  type Route,
  type RouteDeps,
} from "../routing";
import type { Store } from "../store";
import {
  checkFields,
  isRecord,
  knownFields,
  nullable,
  object,
  oneOf,
  string,
  stringArray,
  type Check,
  type FieldChecks,
  type FieldPolicy,
} from "../validate";

/** `guardrail_ids`: a PAL field (docs/tavus-api/names-and-clients.md#new-persona-fields). */
const guardrailIds: Check = (v) =>
  Array.isArray(v) &&
  v.length <= GROUP_LIMITS.personaGuardrailIds &&
  v.every((id) => typeof id === "string")
    ? undefined
    : `must be an array of at most ${GROUP_LIMITS.personaGuardrailIds} strings`;

const PERSONA_CHECKS: FieldChecks<PersonaFieldsWire> = {
  persona_name: nullable(string),
  system_prompt: nullable(string),
  context: nullable(string),
  pipeline_mode: nullable(oneOf(PIPELINE_MODES)),
  default_replica_id: nullable(string),
  document_ids: nullable(stringArray),
  document_tags: nullable(stringArray),
  objectives_id: nullable(string),
  guardrails_id: nullable(string),
  guardrail_ids: nullable(guardrailIds),
  guardrail_tags: nullable(stringArray),
  greeting: nullable(string),
  layers: nullable(object),
};

// Layer contents are not checked member by member: the docs add fields every
// few months (docs/tavus-api/personas.md#layers), and rejecting them would make the emulator stricter than Tavus.
const LAYER_CHECKS: FieldChecks<PersonaLayersWire> = {
  llm: nullable(object),
  tts: nullable(object),
  stt: nullable(object),
  perception: nullable(object),
  conversational_flow: nullable(object),
  transport: nullable(object),
  vqa: nullable(object),
  conferencing: nullable(object),
};

/** Members the server owns: a patch that changes them is rejected with 422. */
const READ_ONLY = [
  "persona_id",
  "created_at",
  "updated_at",
  "persona_type",
  "conferencing_email",
] as const;

/** The persona routes. */
export function personaRoutes({ store, settings }: RouteDeps): Route[] {
  return [
    {
      method: "POST",
      pattern: "/v2/personas",
      handler: ({ body, fields }) => {
        if (!isRecord(body)) return error(400, "Request body must be a JSON object");
        const invalid = checkPersonaFields(body, store, fields);
        if (invalid !== undefined) return invalid;
        const now = nowTimestamp();
        // Stored as sent (less what a lenient check let through: ignored, as
        // the live API is seen to do), plus what Tavus writes back for a
        // pronunciation dictionary (references.ts).
        const persona = withConferencingEmail(
          reconcilePronunciation(store, {
            ...structuredClone(knownPersonaFields(body, [])),
            persona_id: newId("p", (id) => store.has(id)),
            created_at: now,
            updated_at: now,
          } as PersonaWire),
        );
        store.personas.set(persona.persona_id, persona);
        store.commit();
        const reply: CreatePersonaResponse = { persona_id: persona.persona_id, created_at: now };
        if (persona.persona_name !== undefined) reply.persona_name = persona.persona_name;
        if (persona.conferencing_email !== undefined)
          reply.conferencing_email = persona.conferencing_email;
        return ok(reply);
      },
    },
    {
      method: "GET",
      pattern: "/v2/personas",
      handler: ({ query, fields }) => {
        // Without persona_type the list holds the account's own personas only;
        // stock ones need persona_type=system (README "Documented choices").
        const type = query.get("persona_type") ?? "user";
        if (type !== "user" && type !== "system")
          return error(400, "Invalid persona_type: must be user or system");
        const personas = [...store.personas.values()].filter(
          (p) => (p.persona_type ?? "user") === type,
        );
        return paginate(newestFirst(personas), query, fields);
      },
    },
    {
      method: "GET",
      pattern: "/v2/personas/:id",
      handler: ({ params }) => {
        const persona = store.personas.get(params["id"] ?? "");
        if (persona === undefined) return error(400, API_ERRORS.invalidPersonaId);
        return ok(settings.personaGetEnvelope === "data" ? { data: [persona] } : persona);
      },
    },
    {
      method: "PATCH",
      pattern: "/v2/personas/:id",
      handler: ({ params, body, fields, query }) =>
        patchPersona(store, params["id"] ?? "", body, fields, queryFlag(query, "force")),
    },
    {
      method: "DELETE",
      pattern: "/v2/personas/:id",
      handler: ({ params }) => {
        const persona = ownPersona(store, params["id"] ?? "");
        if (persona === undefined) return error(400, API_ERRORS.invalidPersonaId);
        store.personas.delete(persona.persona_id);
        // Its attached tools and skills go with it: they live beside the record, not in it.
        store.palTools.delete(persona.persona_id);
        store.palSkills.delete(persona.persona_id);
        store.commit();
        return empty(204);
      },
    },
  ];
}

/**
 * PATCH: applies the RFC 6902 patch atomically to a copy. Any failing operation,
 * or a change to a server-owned member, is 422 and leaves the persona as it was;
 * a result equal to the original is 304 (no body); otherwise the new document
 * is stored, `updated_at` bumped, and returned with 200.
 * A change of `layers.conferencing` with any other field is 400 (it must be sent
 * alone); while a PAL Maker draft is open, a change of other fields is 409
 * `maker_changes` unless `force` discards the draft
 * (docs/tavus-api/live-api.md#pal-maker-drafts).
 */
function patchPersona(
  store: Store,
  id: string,
  operations: unknown,
  policy: FieldPolicy,
  force: boolean,
): Reply {
  const persona = ownPersona(store, id);
  if (persona === undefined) return error(400, API_ERRORS.invalidPersonaId);
  const result = applyPatch(persona, operations);
  if (!result.ok || !isRecord(result.document)) return message(422, API_ERRORS.invalidJsonPatch);
  const original = persona as unknown as Record<string, unknown>;
  if (
    READ_ONLY.some(
      (key) => !deepEqual((result.document as Record<string, unknown>)[key], original[key]),
    )
  ) {
    return message(422, API_ERRORS.invalidJsonPatch);
  }
  // The dictionary write-back is applied before the no-change test: a patch
  // that only removes written-back fields changes nothing once they are re-written.
  // Lenient, unknown members are ignored, so a patch that only adds them
  // changes nothing (304); strict, they stay and the check below refuses them.
  const document = policy.strict
    ? (result.document as Record<string, unknown>)
    : knownPersonaFields(result.document as Record<string, unknown>, SERVER_FIELDS, policy);
  const patched = reconcilePronunciation(
    store,
    document as unknown as PersonaWire,
  ) as unknown as Record<string, unknown>;
  if (deepEqual(patched, original)) return empty(304);
  const changed = changedFields(original, patched);
  const conferencing = changed.includes("layers.conferencing");
  if (conferencing && changed.length > 1) return error(400, API_ERRORS.conferencingAlone);
  const draftOpen = store.makerDrafts.has(id) && !conferencing;
  if (draftOpen && !force)
    return {
      status: 409,
      body: { conflict: "maker_changes", message: API_ERRORS.makerChanges },
    };
  const fields = Object.fromEntries(
    Object.entries(patched).filter(([key]) => !(READ_ONLY as readonly string[]).includes(key)),
  );
  const invalid = checkPersonaFields(fields, store, policy, id);
  if (invalid !== undefined) return invalid;
  const updated = withConferencingEmail({
    ...patched,
    updated_at: nowTimestamp(),
  } as unknown as PersonaWire);
  store.personas.set(id, updated);
  if (draftOpen) store.makerDrafts.delete(id);
  store.commit();
  return ok(draftOpen ? { ...updated, discarded_maker_changes: true } : updated);
}

/** Top-level fields, and `layers.<layer>` for layers, that differ (server members aside). */
function changedFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const differs = (x: unknown, y: unknown, prefix: string): string[] =>
    [...new Set([...Object.keys(isRecord(x) ? x : {}), ...Object.keys(isRecord(y) ? y : {})])]
      .filter((key) => !SERVER_FIELDS.includes(key))
      .filter(
        (key) =>
          !deepEqual((x as Record<string, unknown>)?.[key], (y as Record<string, unknown>)?.[key]),
      )
      .map((key) => `${prefix}${key}`);
  return differs(a, b, "").flatMap((field) =>
    field === "layers" ? differs(a["layers"], b["layers"], "layers.") : [field],
  );
}

/** The persona with `conferencing_email` made from its conferencing username (or without one). */
function withConferencingEmail(persona: PersonaWire): PersonaWire {
  const { conferencing_email: _old, ...rest } = persona;
  const username = persona.layers?.conferencing?.username;
  return typeof username === "string"
    ? { ...rest, conferencing_email: `${username.toLowerCase()}@${CONFERENCING.domain}` }
    : rest;
}

/**
 * The documented rules of `layers.conferencing`: the username's pattern, the
 * reserved `botN` names, one owner per username (case-insensitive), and a
 * default face to meet with.
 */
function conferencingProblem(
  fields: Record<string, unknown>,
  store: Store,
  selfId: string | undefined,
): string | undefined {
  const layers = fields["layers"];
  const conferencing = isRecord(layers) ? layers["conferencing"] : undefined;
  if (!isRecord(conferencing)) return undefined;
  const username = conferencing["username"];
  if (username !== undefined) {
    if (typeof username !== "string" || !new RegExp(CONFERENCING.usernamePattern).test(username))
      return "Invalid layers.conferencing.username: letters, digits, '.', '_' or '-', starting and ending with a letter or digit";
    if (CONFERENCING.reserved.test(username))
      return `layers.conferencing.username "${username}" is reserved`;
    const taken = [...store.personas.values()].some(
      (p) =>
        p.persona_id !== selfId &&
        p.layers?.conferencing?.username?.toLowerCase() === username.toLowerCase(),
    );
    if (taken) return `layers.conferencing.username "${username}" is already taken`;
  }
  const allowlist = conferencing["allowlist"];
  if (allowlist !== undefined && stringArray(allowlist) !== undefined)
    return "layers.conferencing.allowlist must be an array of strings";
  if (typeof fields["default_replica_id"] !== "string")
    return "layers.conferencing requires default_face_id";
  return undefined;
}

/** A persona the account owns: stock personas are read-only, like someone else's. */
function ownPersona(store: Store, id: string): PersonaWire | undefined {
  const persona = store.personas.get(id);
  return persona?.persona_type === "system" ? undefined : persona;
}

/**
 * Checks the client-set members of a persona (a create body, or a patched
 * document without its server members).
 * @returns a 400 naming what is wrong, or `undefined` when valid.
 */
function checkPersonaFields(
  fields: Record<string, unknown>,
  store: Store,
  policy: FieldPolicy,
  selfId?: string,
): Reply | undefined {
  const layers = fields["layers"];
  const problem =
    checkFields(fields, PERSONA_CHECKS, "", policy) ??
    (isRecord(layers) ? checkFields(layers, LAYER_CHECKS, "layers.", policy) : undefined);
  if (problem !== undefined) return error(400, problem);
  const conferencing = conferencingProblem(fields, store, selfId);
  if (conferencing !== undefined) return error(400, conferencing);
  const prompt = fields["system_prompt"];
  if (fields["pipeline_mode"] !== "echo" && (typeof prompt !== "string" || prompt === "")) {
    return error(400, 'system_prompt is required unless pipeline_mode is "echo"');
  }
  const replicaId = fields["default_replica_id"];
  if (typeof replicaId === "string") {
    const replica = store.replicas.get(replicaId);
    if (replica === undefined || replica.deleted_at !== undefined)
      return error(400, API_ERRORS.invalidReplicaUuid);
  }
  return undefined;
}

/** Server-owned members a stored persona keeps besides the client's fields. */
const SERVER_FIELDS: readonly string[] = [...READ_ONLY, "is_published"];

/**
 * A copy of a persona document without the top-level members and layers the
 * docs do not list.
 * @param keep Server members to keep (a stored document's; none in a create body).
 * @param policy When given, the names dropped are noted in it.
 */
function knownPersonaFields(
  document: Record<string, unknown>,
  keep: readonly string[],
  policy?: FieldPolicy,
): Record<string, unknown> {
  const known = knownFields(document, PERSONA_CHECKS, keep);
  const layers = known["layers"];
  if (isRecord(layers)) known["layers"] = knownFields(layers, LAYER_CHECKS);
  if (policy !== undefined) {
    const note = (name: string): void => {
      if (!policy.unknown.includes(name)) policy.unknown.push(name);
    };
    for (const key of Object.keys(document)) if (!(key in known)) note(key);
    const sent = document["layers"];
    if (isRecord(sent) && isRecord(layers))
      for (const key of Object.keys(sent))
        if (!Object.hasOwn(LAYER_CHECKS, key)) note(`layers.${key}`);
  }
  return known;
}
