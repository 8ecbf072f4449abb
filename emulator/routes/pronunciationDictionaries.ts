/**
 * `/v2/pronunciation-dictionaries` (docs/tavus-api/pronunciation-dictionaries.md): create, list, get, JSON-Patch update of `/name` and `/rules`
 * only, delete. Saving rules re-writes the provider data of every persona using
 * the dictionary; deleting one removes it from them (`references.ts`).
 */
import { randomBytes } from "node:crypto";
import {
  GROUP_API_ERRORS,
  GROUP_LIMITS,
  PRONUNCIATION_RULE_TYPES,
  type PronunciationDictionaryWire,
  type PronunciationRuleWire,
} from "../../provider/wire";
import { newId, nowTimestamp } from "../ids";
import { applyPatch, deepEqual, parsePointer } from "../jsonPatch";
import { refreshDictionaryUsers, stripDictionary } from "../references";
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
import type { PronunciationDictionaryRecord, Store } from "../store";
import {
  boolean,
  checkFields,
  isRecord,
  oneOf,
  strictPolicy,
  type Check,
  type FieldChecks,
  type FieldPolicy,
} from "../validate";

/** `pd_` + 14 characters, as in the docs' `pd_abc123def456gh`. */
const ID_DIGITS = 14;

const text: Check = (v) =>
  typeof v === "string" && v !== "" ? undefined : "must be a non-empty string";

const RULE_CHECKS: FieldChecks<PronunciationRuleWire> = {
  text,
  pronunciation: text,
  type: oneOf(PRONUNCIATION_RULE_TYPES),
  case_sensitive: boolean,
  word_boundaries: boolean,
};

/** The only members a patch may change (the docs' "Supported paths"). */
const MUTABLE = ["name", "rules"];
/** Server members: operations on them are silently dropped, as documented. */
const READ_ONLY = ["pronunciation_dictionary_id", "created_at", "updated_at", "rules_count"];

/** The dictionary routes. */
export function pronunciationDictionaryRoutes({ store }: RouteDeps): Route[] {
  return [
    {
      method: "POST",
      pattern: "/v2/pronunciation-dictionaries",
      handler: ({ body, fields }) => {
        if (!isRecord(body)) return error(400, "Request body must be a JSON object");
        for (const unknown of Object.keys(body).filter((key) => !MUTABLE.includes(key))) {
          if (fields.strict)
            return error(
              400,
              `Unknown field "${unknown}"; allowed fields are: ${MUTABLE.join(", ")}`,
            );
          fields.unknown.push(unknown);
        }
        // normalize() keeps only the documented rule members, so lenient extras go no further.
        const problem = checkDictionary(body["name"], body["rules"], fields);
        if (problem !== undefined) return error(400, problem);
        const now = nowTimestamp();
        const rules = normalize(body["rules"]);
        const record: PronunciationDictionaryRecord = {
          pronunciation_dictionary_id: newId("pd_", (id) => store.has(id), ID_DIGITS),
          name: body["name"] as string,
          rules,
          rules_count: rules.length,
          created_at: now,
          updated_at: now,
          provider: {
            cartesia_dict_id: providerId("cartesia"),
            elevenlabs_dictionary_id: providerId("elevenlabs"),
            elevenlabs_version_id: providerId("version"),
          },
        };
        store.pronunciationDictionaries.set(record.pronunciation_dictionary_id, record);
        store.commit();
        return ok(view(record));
      },
    },
    {
      method: "GET",
      pattern: "/v2/pronunciation-dictionaries",
      handler: ({ query, fields }) =>
        paginate(newestFirst(store.pronunciationDictionaries.values()).map(view), query, fields),
    },
    {
      method: "GET",
      pattern: "/v2/pronunciation-dictionaries/:id",
      handler: ({ params }) => {
        const record = store.pronunciationDictionaries.get(params["id"] ?? "");
        return record === undefined ? notFound() : ok(view(record));
      },
    },
    {
      method: "PATCH",
      pattern: "/v2/pronunciation-dictionaries/:id",
      handler: ({ params, body }) => {
        const record = store.pronunciationDictionaries.get(params["id"] ?? "");
        return record === undefined ? notFound() : patchDictionary(store, record, body);
      },
    },
    {
      method: "DELETE",
      pattern: "/v2/pronunciation-dictionaries/:id",
      handler: ({ params }) => {
        const record = store.pronunciationDictionaries.get(params["id"] ?? "");
        if (record === undefined) return notFound();
        store.pronunciationDictionaries.delete(record.pronunciation_dictionary_id);
        stripDictionary(store, record);
        store.commit();
        return empty(204);
      },
    },
  ];
}

function notFound(): Reply {
  return error(404, GROUP_API_ERRORS.pronunciationDictionaryNotFound);
}

/** The wire view: the record without its provider ids. */
function view(record: PronunciationDictionaryRecord): PronunciationDictionaryWire {
  const { provider: _provider, ...wire } = record;
  return structuredClone(wire);
}

/** An id for a provider-side copy; visibly the emulator's own, since the real ones are Tavus-managed. */
function providerId(kind: string): string {
  return `emulator-${kind}-${randomBytes(6).toString("hex")}`;
}

/**
 * PATCH: operations on `/name` and `/rules` apply (rules as a whole: deeper
 * paths are refused), operations on read-only members are dropped, `test` may
 * look anywhere, anything else is 400. Nothing changed (or only dropped
 * operations) → 304; otherwise 200 with the dictionary, and the personas using
 * it get the new provider data.
 */
function patchDictionary(
  store: Store,
  record: PronunciationDictionaryRecord,
  operations: unknown,
): Reply {
  if (!Array.isArray(operations)) return error(400, GROUP_API_ERRORS.invalidPatchOperation);
  const kept: unknown[] = [];
  for (const operation of operations) {
    if (!isRecord(operation) || typeof operation["path"] !== "string")
      return error(400, GROUP_API_ERRORS.invalidPatchOperation);
    let first: string | undefined;
    let depth: number;
    try {
      const tokens = parsePointer(operation["path"]);
      first = tokens[0];
      depth = tokens.length;
    } catch {
      return error(400, GROUP_API_ERRORS.invalidPatchOperation);
    }
    if (operation["op"] === "test") kept.push(operation);
    else if (first !== undefined && READ_ONLY.includes(first)) continue;
    else if (first !== undefined && MUTABLE.includes(first) && depth === 1) kept.push(operation);
    else
      return error(
        400,
        `${GROUP_API_ERRORS.invalidPatchOperation}: only /name and /rules can be changed, and rules only as a whole`,
      );
  }
  const result = applyPatch(view(record), kept);
  if (!result.ok || !isRecord(result.document))
    return error(400, GROUP_API_ERRORS.invalidPatchOperation);
  const name = result.document["name"];
  const rules = result.document["rules"] ?? [];
  const problem = checkDictionary(name, rules);
  if (problem !== undefined) return error(400, problem);
  const normalized = normalize(rules);
  if (name === record.name && deepEqual(normalized, record.rules)) return empty(304);
  const rulesChanged = !deepEqual(normalized, record.rules);
  const updated: PronunciationDictionaryRecord = {
    ...record,
    name: name as string,
    rules: normalized,
    rules_count: normalized.length,
    updated_at: nowTimestamp(),
    // An ElevenLabs dictionary gets a new version when its rules change; the Cartesia id stays.
    provider: rulesChanged
      ? { ...record.provider, elevenlabs_version_id: providerId("version") }
      : record.provider,
  };
  store.pronunciationDictionaries.set(record.pronunciation_dictionary_id, updated);
  if (rulesChanged) refreshDictionaryUsers(store);
  store.commit();
  return ok(view(updated));
}

/** @returns what is wrong with a name and rules list, or `undefined`. */
function checkDictionary(
  name: unknown,
  rules: unknown,
  policy: FieldPolicy = strictPolicy(),
): string | undefined {
  if (
    typeof name !== "string" ||
    name.trim() === "" ||
    name.length > GROUP_LIMITS.pronunciationDictionaryNameLength
  ) {
    return `name must be a non-empty string of at most ${GROUP_LIMITS.pronunciationDictionaryNameLength} characters`;
  }
  if (rules === undefined) return undefined;
  if (!Array.isArray(rules)) return "rules must be an array of rules";
  const texts = new Set<string>();
  for (const [index, rule] of rules.entries()) {
    if (!isRecord(rule)) return `rules[${index}] must be an object`;
    for (const required of ["text", "pronunciation", "type"])
      if (rule[required] === undefined) return `rules[${index}].${required} is required`;
    const problem = checkFields(rule, RULE_CHECKS, `rules[${index}].`, policy);
    if (problem !== undefined) return problem;
    const ruleText = rule["text"] as string;
    if (texts.has(ruleText))
      return `rules[${index}].text "${ruleText}" is a duplicate; each text may appear once`;
    texts.add(ruleText);
  }
  return undefined;
}

/** Rules with the documented defaults filled in, as the answers show them. */
function normalize(rules: unknown): Required<PronunciationRuleWire>[] {
  return (Array.isArray(rules) ? (rules as PronunciationRuleWire[]) : []).map((rule) => ({
    text: rule.text,
    pronunciation: rule.pronunciation,
    type: rule.type,
    case_sensitive: rule.case_sensitive ?? false,
    word_boundaries: rule.word_boundaries ?? true,
  }));
}
