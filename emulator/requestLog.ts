/**
 * The request log: what each `/v2` request asked and how it was answered, for
 * tests to assert on ("did the provider send hard=true?", "one POST, not two").
 * It must never hold secrets, so bodies are redacted on the way in.
 */
import { TOOL_AUTH_SECRET_FIELDS } from "../provider/wire";
import type { FaultKind } from "./faults";

/** One logged request. */
export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The status sent; 0 when the socket was reset or the request hung. */
  status: number;
  /** The parsed JSON body, redacted; absent when there was no (valid) body. */
  body?: unknown;
  /** The `If-Match` header (a deployment's PATCH), if any. */
  ifMatch?: string;
  /** The fault injected into this request, if any. */
  fault?: FaultKind;
  /** Request members the docs do not list, let through because `strict` was off. */
  unknownFields?: string[];
}

/** What replaces a secret in the log. */
export const REDACTED = "[redacted]";

/**
 * A deep copy of `value` where every member named `api_key`, `password` (a
 * deployment's) or `headers` (LLM
 * request headers carry credentials), at any depth, is replaced by
 * {@link REDACTED}. JSON Patch operations whose `path` (or `from`) ends in
 * `/api_key` or `/password` or goes through `/headers` get their `value` redacted too: there the secret sits under
 * the name `value`. Inside a member named `auth` (a tool's `delivery.api.auth`),
 * the secret members (`token`, `password`, `value`, `secret`, `client_secret`)
 * are redacted too, while `type`, `name` and the like stay readable.
 */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value !== "object" || value === null) return value;
  const source = value as Record<string, unknown>;
  const patchesSecret = [source["path"], source["from"]].some(
    (p) => typeof p === "string" && /(^|\/)api_key$|(^|\/)password$|(^|\/)headers(\/|$)/.test(p),
  );
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(source)) {
    const secret =
      key === "api_key" ||
      key === "password" ||
      key === "headers" ||
      (patchesSecret && key === "value");
    const redacted = secret ? REDACTED : key === "auth" ? redactAuth(member) : redact(member);
    Object.defineProperty(copy, key, {
      value: redacted,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/** A tool's `auth` object with its secret members redacted; anything else as {@link redact} does. */
function redactAuth(auth: unknown): unknown {
  const copy = redact(auth);
  if (typeof copy !== "object" || copy === null || Array.isArray(copy)) return copy;
  const members = copy as Record<string, unknown>;
  for (const key of TOOL_AUTH_SECRET_FIELDS)
    if (Object.hasOwn(members, key)) members[key] = REDACTED;
  return members;
}

/** The in-memory request log. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  append(entry: RequestLogEntry): void {
    this.entries.push(entry);
  }

  /** A copy of the entries, oldest first. */
  list(): RequestLogEntry[] {
    return structuredClone(this.entries);
  }

  clear(): void {
    this.entries = [];
  }
}
