/**
 * Identifiers and timestamps in the shapes the live API uses
 * (docs/tavus-api/errors-and-conventions.md#identifiers and
 * docs/tavus-api/errors-and-conventions.md#timestamps):
 * `p|r|c` + 11 lowercase hex digits, and ISO-8601 UTC with microseconds and `Z`
 * (`"2025-03-21T20:57:47.868278Z"`), which Airbyte parses with `%S.%fZ`.
 * The newer groups follow their docs' examples (docs/tavus-api/objectives.md#create,
 * docs/tavus-api/guardrails.md#create, docs/tavus-api/pronunciation-dictionaries.md#create):
 * objectives `o…`, guardrails `g…`, pronunciation dictionaries `pd_…`.
 */
import { randomBytes } from "node:crypto";

/** The prefixes of the object kinds the emulator serves. */
export type IdPrefix = "p" | "r" | "c" | "o" | "g" | "pd_" | "ms" | "mem" | "d";

/**
 * A new identifier: the prefix plus random lowercase hex digits.
 * @param prefix `p` persona, `r` replica, `c` conversation, `o` objectives,
 *   `g` guardrail or guardrail set, `pd_` pronunciation dictionary, `d` deployment.
 * @param taken Ids already in use; a (very unlikely) collision is retried.
 * @param digits How many hex digits follow the prefix.
 * @default digits 11, the length of persona, replica and conversation ids
 */
export function newId(
  prefix: IdPrefix,
  taken: (id: string) => boolean = () => false,
  digits = 11,
): string {
  for (;;) {
    const id =
      prefix +
      randomBytes(Math.ceil(digits / 2))
        .toString("hex")
        .slice(0, digits);
    if (!taken(id)) return id;
  }
}

let lastMicros = 0;

/**
 * Microseconds since the epoch, strictly increasing within this process.
 * Strictness matters: a PATCH must visibly bump `updated_at` even when it lands
 * in the same millisecond as the create, and tests assert exactly that.
 */
export function nowMicros(): number {
  // Date.now() gives the wall-clock millisecond; hrtime supplies sub-millisecond
  // digits so timestamps look like the live ones rather than always ending in 000.
  const subMs = Number((process.hrtime.bigint() / 1000n) % 1000n);
  lastMicros = Math.max(Date.now() * 1000 + subMs, lastMicros + 1);
  return lastMicros;
}

/**
 * Formats microseconds since the epoch as `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
 * @param micros Microseconds since the epoch (a safe integer until year 2255).
 */
export function formatTimestamp(micros: number): string {
  const whole = new Date(Math.floor(micros / 1000)).toISOString(); // ...:SS.mmmZ
  const fraction = String(Math.floor(micros) % 1_000_000).padStart(6, "0");
  return `${whole.slice(0, 19)}.${fraction}Z`;
}

/** The current time as an API timestamp. */
export function nowTimestamp(): string {
  return formatTimestamp(nowMicros());
}
