/**
 * Small request-body checks. Each check returns `undefined` when the value is
 * fine, or the end of a sentence saying what is wrong ("must be a string"), so
 * that error bodies name the field and the fix.
 */

/** A check of one value: `undefined` if fine, else what it must be. */
export type Check = (value: unknown) => string | undefined;

/** One check per field of the wire type `T`, no more and no fewer: the mapped
 * type makes the compiler flag a field added to `provider/wire.ts` but not here. */
export type FieldChecks<T> = { [K in keyof Required<T>]: Check };

/** A plain JSON object (not an array, not null). */
/** True for a string that is an absolute http(s) URL. */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== "string") return false;
  try {
    const { protocol } = new URL(value);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string. */
export const string: Check = (v) => (typeof v === "string" ? undefined : "must be a string");
/** A boolean (not the string "true": the API's JSON types are kept exact). */
export const boolean: Check = (v) => (typeof v === "boolean" ? undefined : "must be a boolean");
/** A JSON object. */
export const object: Check = (v) => (isRecord(v) ? undefined : "must be an object");
/** An array of strings. */
export const stringArray: Check = (v) =>
  Array.isArray(v) && v.every((item) => typeof item === "string")
    ? undefined
    : "must be an array of strings";

/** An integer no smaller than `min`. */
export function integer(min: number): Check {
  return (v) =>
    Number.isInteger(v) && (v as number) >= min ? undefined : `must be an integer >= ${min}`;
}

/** One of the listed strings. */
export function oneOf(values: readonly string[]): Check {
  return (v) =>
    typeof v === "string" && values.includes(v)
      ? undefined
      : `must be one of: ${values.join(", ")}`;
}

/** `null` or whatever `check` accepts: unset fields may arrive as null (docs/tavus-api/personas.md#document). */
export function nullable(check: Check): Check {
  return (v) => (v === null ? undefined : check(v));
}

/**
 * What to do with a request member the docs do not list (settings `strict`):
 * refuse it, or let it through and note its name. One per request.
 */
export interface FieldPolicy {
  /** Refuse unknown members (400 `Unknown field "…"`). */
  strict: boolean;
  /** Unknown members let through so far, full names such as `layers.conferencing`. */
  unknown: string[];
}

/** The policy of code that is always strict (admin routes, settings, fault rules). */
export function strictPolicy(): FieldPolicy {
  return { strict: true, unknown: [] };
}

/**
 * Checks every member of `body` against `checks`: bad values are reported by
 * name, and so are unknown members unless `policy` is lenient, which notes
 * them in `policy.unknown` instead. Returns the first problem, or `undefined`.
 * @param body The request body, already known to be an object.
 * @param checks The allowed members and how to check each.
 * @param prefix Prepended to member names in messages, e.g. `"layers."`.
 * @param policy Strict (the default) or lenient about unknown members.
 */
export function checkFields(
  body: Record<string, unknown>,
  checks: Record<string, Check>,
  prefix = "",
  policy: FieldPolicy = strictPolicy(),
): string | undefined {
  for (const [key, value] of Object.entries(body)) {
    const check = Object.hasOwn(checks, key) ? checks[key] : undefined;
    if (check === undefined && !policy.strict) {
      if (!policy.unknown.includes(prefix + key)) policy.unknown.push(prefix + key);
      continue;
    }
    if (check === undefined) {
      return `Unknown field "${prefix}${key}"; allowed fields are: ${Object.keys(checks)
        .map((k) => prefix + k)
        .join(", ")}`;
    }
    const problem = check(value);
    if (problem !== undefined) return `${prefix}${key} ${problem}`;
  }
  return undefined;
}

/**
 * A copy of `body` without the members `checks` does not know: what a lenient
 * server keeps of a request (the live API ignores unknown fields [G]).
 * @param keep Further members to keep (server-owned ones such as `persona_id`).
 */
export function knownFields(
  body: Record<string, unknown>,
  checks: Record<string, Check>,
  keep: readonly string[] = [],
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body).filter(([key]) => Object.hasOwn(checks, key) || keep.includes(key)),
  );
}
