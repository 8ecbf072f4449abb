/**
 * Fault injection: rules that make matching `/v2` requests fail the way real
 * networks and gateways do (an error status, a reset socket, a hang, a slow
 * answer), so the provider's timeouts, retries and idempotency can be tested.
 * Rules come from `options.faults` or `POST /__emulator/faults`.
 */
import { STATUS_CODES } from "node:http";
import { checkFields, integer, isRecord, oneOf, string, type FieldChecks } from "./validate";

/** What a fault does to a request. */
export const FAULT_KINDS = ["status", "reset-before", "reset-after", "hang", "delay"] as const;
/** One of {@link FAULT_KINDS}. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** One fault rule. */
export interface FaultRule {
  /** Only requests with this method (any case); omitted → any method. */
  method?: string;
  /**
   * Only requests with this path: segments with `:name` wildcards
   * (`/v2/personas/:id`), or a prefix when it ends in `*` (`/v2/replicas*`).
   * Omitted → any `/v2` path.
   */
  path?: string;
  /**
   * - `status`: answer `status` (and `body`) without running the handler.
   * - `reset-before`: destroy the socket without running the handler.
   * - `reset-after`: run the handler (the store changes), then destroy the socket
   *   instead of answering: the client cannot know its request took effect.
   * - `hang`: never answer (until the emulator closes or the client gives up).
   * - `delay`: run the handler, answer after `delayMs`.
   */
  kind: FaultKind;
  /** The status of a `status` fault. @default 500 */
  status?: number;
  /** Seconds, sent as a `Retry-After` header by a `status` fault. */
  retryAfter?: number;
  /**
   * The raw body of a `status` fault (an HTML error page, `""` for none).
   * Omitted → `{"message": "<reason phrase>"}`.
   */
  body?: string;
  /** Content-Type of `body`. @default text/html when it starts with "<", else application/json if it parses, else text/plain */
  contentType?: string;
  /** Milliseconds to wait before a `delay` (or `status`) fault answers. @default 0 */
  delayMs?: number;
  /** How many requests the rule hits before it is spent. @default unlimited */
  times?: number;
  /**
   * Hit one in every `every` matching requests: the 1st, the (every+1)th, …, so
   * a client that retries once sees the fault and then a success.
   * @default 1 (every matching request)
   */
  every?: number;
}

/** A rule as the registry holds it, with its counters. */
export interface FaultEntry extends FaultRule {
  id: string;
  /** Matching requests seen while the rule was live. */
  seen: number;
  /** Requests the rule actually faulted. */
  hits: number;
}

const RULE_CHECKS: FieldChecks<FaultRule> = {
  method: string,
  path: string,
  kind: oneOf(FAULT_KINDS),
  status: (v) =>
    Number.isInteger(v) && (v as number) >= 200 && (v as number) <= 599
      ? undefined
      : "must be an HTTP status from 200 to 599",
  retryAfter: integer(0),
  body: string,
  contentType: string,
  delayMs: integer(0),
  times: integer(1),
  every: integer(1),
};

/**
 * Checks a rule from options or an admin request.
 * @returns what is wrong, naming the field, or `undefined` if valid.
 */
export function checkFaultRule(raw: unknown): string | undefined {
  if (!isRecord(raw)) return "a fault rule must be a JSON object";
  if (!Object.hasOwn(raw, "kind")) return `kind is required: one of ${FAULT_KINDS.join(", ")}`;
  return checkFields(raw, RULE_CHECKS);
}

/**
 * Whether a rule's `path` pattern matches a request path.
 * @param pattern `/v2/personas/:id`-style, or a prefix ending in `*`.
 * @param path The request path, without query.
 */
export function faultPathMatches(pattern: string, path: string): boolean {
  if (pattern.endsWith("*")) return path.startsWith(pattern.slice(0, -1));
  const want = pattern.split("/");
  const got = path.split("/");
  return (
    want.length === got.length &&
    want.every((segment, i) => segment === got[i] || (segment.startsWith(":") && got[i] !== ""))
  );
}

/** The live fault rules, in the order they were added. */
export class FaultRegistry {
  private entries: FaultEntry[] = [];
  private nextId = 1;

  /** Adds an already-checked rule; returns it with its id and counters. */
  add(rule: FaultRule): FaultEntry {
    const entry: FaultEntry = { ...rule, id: `f${this.nextId++}`, seen: 0, hits: 0 };
    this.entries.push(entry);
    return entry;
  }

  /** Copies of every rule with its counters. */
  list(): FaultEntry[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  /** Removes one rule; false when there is no such id. */
  remove(id: string): boolean {
    const before = this.entries.length;
    this.entries = this.entries.filter((entry) => entry.id !== id);
    return this.entries.length < before;
  }

  clear(): void {
    this.entries = [];
  }

  /**
   * The fault to inject into a request, if any, counting it. Rules are tried in
   * order; the first that hits wins and later rules do not see the request.
   */
  take(method: string, path: string): FaultEntry | undefined {
    for (const entry of this.entries) {
      if (entry.times !== undefined && entry.hits >= entry.times) continue;
      if (entry.method !== undefined && entry.method.toUpperCase() !== method) continue;
      if (entry.path !== undefined && !faultPathMatches(entry.path, path)) continue;
      entry.seen += 1;
      if ((entry.seen - 1) % (entry.every ?? 1) !== 0) continue;
      entry.hits += 1;
      return { ...entry };
    }
    return undefined;
  }
}

/** The status, headers and raw body a `status` fault answers with. */
export function faultResponse(rule: FaultRule): {
  status: number;
  headers: Record<string, string>;
  body: string;
} {
  const status = rule.status ?? 500;
  const headers: Record<string, string> = {};
  if (rule.retryAfter !== undefined) headers["retry-after"] = String(rule.retryAfter);
  if (rule.body === undefined) {
    const reason =
      status === 429 ? "Too many requests" : (STATUS_CODES[status] ?? "Injected fault");
    headers["content-type"] = "application/json";
    return { status, headers, body: JSON.stringify({ message: reason }) };
  }
  if (rule.body !== "") headers["content-type"] = rule.contentType ?? guessContentType(rule.body);
  return { status, headers, body: rule.body };
}

function guessContentType(body: string): string {
  if (body.trimStart().startsWith("<")) return "text/html; charset=utf-8";
  try {
    JSON.parse(body);
    return "application/json";
  } catch {
    return "text/plain; charset=utf-8";
  }
}
