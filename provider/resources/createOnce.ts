/**
 * Creates an object at most once, even when a POST's outcome is unknown.
 *
 * Tavus has no idempotency keys. A POST that timed out, was reset, or got a
 * 5xx may or may not have created the object, so blindly retrying risks a
 * duplicate (and an orphan Pulumi never learns about). Instead: look for
 * objects created since just before the first attempt that match what we sent;
 * adopt a single match, POST again only when there is none, and stop with the
 * candidates named when there are several.
 */
import { isTavusApiError } from "../client";
import type { ResourceKind } from "./errors";

/** How far back (ms) before our first attempt an object may be dated: clock skew between us and the API. */
const CLOCK_SKEW_MS = 60_000;
/** POST attempts at most, lookups in between. */
const MAX_ATTEMPTS = 4;

/** Ids this process has created or adopted: never handed out twice (parallel identical creates). */
const claimed = new Set<string>();

export interface CreateOnceOptions<T> {
  kind: ResourceKind;
  /** The POST. */
  post: () => Promise<T>;
  /** The id in the POST's answer. */
  idOf: (answer: T) => string;
  /**
   * Ids of objects matching the request, created at or after `since` (epoch ms).
   * Called only after a POST whose outcome is unknown.
   */
  findMatches: (since: number) => Promise<string[]>;
}

/** The id of the created (or found) object; `answer` when it came from our POST. */
export interface CreateOnceResult<T> {
  id: string;
  answer?: T;
}

export async function createOnce<T>(options: CreateOnceOptions<T>): Promise<CreateOnceResult<T>> {
  const since = Date.now() - CLOCK_SKEW_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      const answer = await options.post();
      const id = options.idOf(answer);
      claimed.add(id);
      return { id, answer };
    } catch (e) {
      if (!isOutcomeUnknown(e)) throw e;
      // Look even after the last attempt: the object may exist, and must not be orphaned.
      const matches = (await options.findMatches(since)).filter((id) => !claimed.has(id));
      if (matches.length === 1) {
        claimed.add(matches[0]!);
        return { id: matches[0]! };
      }
      if (matches.length > 1) {
        throw new Error(
          `the create's outcome is unknown (${(e as Error).message}) and ${matches.length} matching ${options.kind}s were created since: ${matches.join(", ")}. ` +
            `Keep one with adoptId (or delete the extras) and run "pulumi up" again.`,
        );
      }
      // Certainly not created: trying again cannot duplicate it.
      if (attempt >= MAX_ATTEMPTS) throw e;
    }
  }
}

/** True for a POST failure that may have reached the server (set by the transport). */
function isOutcomeUnknown(e: unknown): boolean {
  return isTavusApiError(e) && e.outcomeUnknown === true;
}

/** How to read one kind's list items. */
export interface RecentScan<T> {
  /** One page of the newest-first list. */
  listPage: (page: number) => Promise<{ data: T[]; total_count: number }>;
  id: (item: T) => string;
  createdAt: (item: T) => string | undefined;
  /** Whether the item is what our POST would have created. */
  matches: (item: T) => boolean | Promise<boolean>;
}

/**
 * Pages through a newest-first list until items are older than `since`,
 * returning the ids of those that match.
 * @param maxPages a bound, in case the API does not sort newest first.
 */
export async function scanRecent<T>(scan: RecentScan<T>, since: number, maxPages = 5): Promise<string[]> {
  const found: string[] = [];
  let seen = 0;
  for (let page = 1; page <= maxPages; page++) {
    const { data, total_count } = await scan.listPage(page);
    let older = false;
    for (const item of data) {
      const at = Date.parse(scan.createdAt(item) ?? "");
      if (!Number.isNaN(at) && at < since) older = true;
      else if (await scan.matches(item)) found.push(scan.id(item));
    }
    seen += data.length;
    if (older || data.length === 0 || seen >= total_count) break;
  }
  return found;
}
