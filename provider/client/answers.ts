/**
 * Guards for successful answers whose shape is not what the contract promises
 * (a 200 without an id, an HTML page, an empty body): they become clear errors
 * here instead of `undefined` ids further on, which would corrupt state.
 */
import type { ListResponse } from "../wire";
import { tavusApiError } from "./errors";

/**
 * Checks that a 2xx answer is an object carrying a non-empty string `idField`.
 * @param alsoStrings other fields that must be strings (a `status` we branch on).
 */
export function expectObjectWithId<T>(
  body: unknown,
  idField: string,
  request: string,
  alsoStrings: readonly string[] = [],
): T {
  if (typeof body === "object" && body !== null && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    const id = record[idField];
    if (typeof id === "string" && id !== "") {
      const missing = alsoStrings.filter((field) => typeof record[field] !== "string");
      if (missing.length === 0) return body as T;
      throw unexpected(
        request,
        `expected "${missing.join('", "')}" to be a string in ${idField} ${id}, got ${missing.map((f) => JSON.stringify(record[f]) ?? "nothing").join(", ")}`,
      );
    }
  }
  throw unexpected(request, `expected a JSON object with "${idField}", got ${describe(body)}`);
}

/** Checks the list envelope `{"data":[…],"total_count":N}`. */
export function expectList<T>(body: unknown, request: string): ListResponse<T> {
  if (
    typeof body === "object" &&
    body !== null &&
    Array.isArray((body as { data?: unknown }).data)
  ) {
    const { data, total_count } = body as { data: T[]; total_count?: unknown };
    return { data, total_count: typeof total_count === "number" ? total_count : data.length };
  }
  throw unexpected(request, `expected {"data":[…]}, got ${describe(body)}`);
}

/** Checks a map envelope `{"data":{<id>: …}}` (a PAL's skills by id). */
export function expectDataMap<T>(body: unknown, request: string): Record<string, T> {
  const data = (body as { data?: unknown } | null)?.data;
  if (typeof data === "object" && data !== null && !Array.isArray(data))
    return data as Record<string, T>;
  throw unexpected(request, `expected {"data":{…}}, got ${describe(body)}`);
}

function unexpected(request: string, what: string) {
  const [method = "GET", endpoint = request] = request.split(" ");
  const error = tavusApiError({
    status: 200,
    apiMessage: `unexpected answer: ${what}`,
    method,
    endpoint,
    code: undefined,
    requestId: undefined,
    attempts: 1,
  });
  // A POST answered 2xx without what we need may still have created the object.
  if (method === "POST") error.outcomeUnknown = true;
  return error;
}

function describe(body: unknown): string {
  if (body === undefined) return "an empty body";
  if (Array.isArray(body)) return "an array";
  if (typeof body !== "object" || body === null) return JSON.stringify(body);
  const keys = Object.keys(body);
  return keys.length ? `an object with keys ${keys.slice(0, 6).join(", ")}` : "an empty object";
}
