/**
 * The request log: what each `/v2` request asked and how it was answered, for
 * tests to assert on ("did the provider send hard=true?", "one POST, not two").
 * It must never hold secrets, so bodies are redacted on the way in.
 */
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
  /** The fault injected into this request, if any. */
  fault?: FaultKind;
}

/** What replaces a secret in the log. */
export const REDACTED = "[redacted]";

/**
 * A deep copy of `value` where every member named `api_key` or `headers` (LLM
 * request headers carry credentials), at any depth, is replaced by
 * {@link REDACTED}. JSON Patch operations whose `path` (or `from`) ends in
 * `/api_key` or goes through `/headers` get their `value` redacted too: there the secret sits under
 * the name `value`.
 */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value !== "object" || value === null) return value;
  const source = value as Record<string, unknown>;
  const patchesSecret = [source["path"], source["from"]].some(
    (p) => typeof p === "string" && /(^|\/)api_key$|(^|\/)headers(\/|$)/.test(p),
  );
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(source)) {
    const secret = key === "api_key" || key === "headers" || (patchesSecret && key === "value");
    Object.defineProperty(copy, key, {
      value: secret ? REDACTED : redact(member),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
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
