/**
 * Creates an object at most once, even when a POST's outcome is unknown. The
 * one place the three providers' creates share their recovery.
 *
 * Tavus has no idempotency keys. A POST that timed out, was reset, or got a
 * 5xx may or may not have created the object, so blindly retrying risks a
 * duplicate (and an orphan Pulumi never learns about). Instead: list the
 * newest objects, created since just before our first attempt (in the server's
 * clock), and match them against what we sent; adopt a single match, POST
 * again only when there is certainly none, and stop with the candidates named
 * when there are several or when the lookup cannot be completed.
 */
import { isTavusApiError, type TavusApiError } from "../client";
import type { DefinitionTable } from "../definitions/table";

/** A kind as messages name it: a definition's `kind` ("persona", "guardrail set"). */
type ResourceKind = DefinitionTable["kind"];

/** How far back before our first attempt an object may be dated when the server's clock is unknown (no `Date` header). */
const UNKNOWN_CLOCK_SKEW_MS = 60_000;
/**
 * Slack below the server-clock estimate: the host that stamps `created_at` need
 * not be the one that sent the `Date` header. Kept small, because every second of
 * window is a second in which someone else's identical object could be taken for ours.
 */
const CLOCK_MARGIN_MS = 5_000;
/** POST attempts at most, lookups in between. */
const MAX_ATTEMPTS = 4;
/** List pages a lookup reads at most (100 objects each). */
const MAX_PAGES = 10;

/** Ids this process has created or adopted: never handed out twice. */
const claimed = new Set<string>();
/** The latest create per request body: identical creates run one after another. */
const queues = new Map<string, Promise<unknown>>();

/** How to look for what a POST may have created, in one kind's newest-first list. */
export interface RecentScan<Item> {
  /** One page (1-based) of the list. */
  listPage: (page: number) => Promise<{ data: Item[]; total_count: number }>;
  id: (item: Item) => string;
  createdAt: (item: Item) => string | undefined;
  /** Whether the item is what our POST would have created. */
  matches: (item: Item) => boolean | Promise<boolean>;
}

/** What {@link createOnce} needs from one kind's create. */
export interface CreateOnceOptions<Answer, Item> {
  kind: ResourceKind;
  /** The request body. Creates with equal bodies run one after another in this process, so they cannot be taken for each other. */
  body: unknown;
  /** The POST. */
  post: () => Promise<Answer>;
  /** The id in the POST's answer. */
  idOf: (answer: Answer) => string;
  /** Where to look after a POST whose outcome is unknown. */
  lookup: RecentScan<Item>;
  /** The client, for its reading of the server's clock. */
  clock: { readonly clockOffsetMs: number | undefined };
}

/** The id of the created (or found) object; `answer` when it came from our POST. */
export interface CreateOnceResult<Answer> {
  id: string;
  answer?: Answer;
}

/**
 * POSTs, and when the outcome is unknown finds out before trying again.
 * @throws the POST's error when it certainly created nothing; an error naming the
 * candidates when several objects match; an error saying an object may exist when
 * the lookup fails.
 */
export function createOnce<Answer, Item>(
  options: CreateOnceOptions<Answer, Item>,
): Promise<CreateOnceResult<Answer>> {
  // Two identical creates in flight at once, both unknown, would each find both
  // objects and neither could tell which is its own: queue them instead.
  const key = `${options.kind} ${JSON.stringify(options.body)}`;
  const previous = queues.get(key) ?? Promise.resolve();
  const mine = previous.then(() => attempts(options));
  const settled = mine.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return mine;
}

async function attempts<Answer, Item>(
  options: CreateOnceOptions<Answer, Item>,
): Promise<CreateOnceResult<Answer>> {
  const startedAt = Date.now();
  // Read after the lookup's first answer, so the clock offset is fresh.
  const since = () =>
    startedAt + (options.clock.clockOffsetMs ?? -UNKNOWN_CLOCK_SKEW_MS) - CLOCK_MARGIN_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      const answer = await options.post();
      const id = options.idOf(answer);
      claimed.add(id);
      return { id, answer };
    } catch (e) {
      if (!isOutcomeUnknown(e)) throw e;
      // Look even after the last attempt: the object may exist, and must not be orphaned.
      const found = await lookup(options, since, e, startedAt);
      const matches = found.ids.filter((id) => !claimed.has(id));
      if (matches.length === 1) {
        claimed.add(matches[0]!);
        return { id: matches[0]! };
      }
      if (matches.length > 1) throw ambiguous(options.kind, e, matches);
      if (!found.complete)
        throw unsure(
          options.kind,
          e,
          startedAt,
          `the newest ${MAX_PAGES * 100} were read and none is older than the request`,
        );
      // Certainly not created: trying again cannot duplicate it.
      if (attempt >= MAX_ATTEMPTS) {
        e.outcomeUnknown = false;
        e.message += `; a lookup found no ${options.kind} created by these ${attempt} attempts, so none was left behind`;
        throw e;
      }
    }
  }
}

async function lookup<Item>(
  options: Pick<CreateOnceOptions<unknown, Item>, "kind" | "lookup">,
  since: () => number,
  cause: TavusApiError,
  startedAt: number,
): Promise<{ ids: string[]; complete: boolean }> {
  try {
    return await scanRecent(options.lookup, since);
  } catch (e) {
    throw unsure(options.kind, cause, startedAt, `looking for it failed: ${(e as Error).message}`);
  }
}

/**
 * Pages through the list until it reaches objects older than `since`, returning
 * the ids of those that match. Stopping early relies on newest-first order, so
 * a page that is not in that order never ends the scan.
 * @param since epoch ms in the server's clock, read after the first page arrives.
 * @returns `complete: false` when the scan ran out of pages before reaching older objects.
 */
export async function scanRecent<Item>(
  scan: RecentScan<Item>,
  since: () => number,
  maxPages = MAX_PAGES,
): Promise<{ ids: string[]; complete: boolean }> {
  const ids: string[] = [];
  let seen = 0;
  for (let page = 1; page <= maxPages; page++) {
    const { data, total_count } = await scan.listPage(page);
    const from = since();
    const times = data.map((item) => Date.parse(scan.createdAt(item) ?? ""));
    for (const [i, item] of data.entries()) {
      const at = times[i]!;
      if ((Number.isNaN(at) || at >= from) && (await scan.matches(item))) ids.push(scan.id(item));
    }
    seen += data.length;
    const newestFirst = times.every((t, i) => i === 0 || !(t > times[i - 1]!));
    const reachedOlder = newestFirst && times.some((t) => t < from);
    if (reachedOlder || data.length === 0 || seen >= total_count) return { ids, complete: true };
  }
  return { ids, complete: false };
}

/** True for a POST failure that may have reached the server (set by the client). */
function isOutcomeUnknown(e: unknown): e is TavusApiError {
  return isTavusApiError(e) && e.outcomeUnknown === true;
}

function ambiguous(kind: ResourceKind, cause: Error, candidates: string[]): Error {
  const fix =
    kind === "persona"
      ? `Keep one with adoptId: "<id>" and delete the others`
      : `Pulumi tracks none of them: delete the ones you do not want (or all, and let Pulumi create one)`;
  const error = new Error(
    `the create's outcome is unknown (${cause.message}), and ${candidates.length} matching ${kind}s were created since just before it: ${candidates.join(", ")}. ${fix}, then run "pulumi up" again`,
  );
  return Object.assign(error, { cause, candidates });
}

function unsure(kind: ResourceKind, cause: Error, startedAt: number, why: string): Error {
  const error = new Error(
    `the create's outcome is unknown (${cause.message}), and whether it created a ${kind} could not be settled (${why}). ` +
      `A ${kind} Pulumi does not track may exist: look for one created after ${new Date(startedAt).toISOString()} ("pulumi-tavus audit" lists them), delete it, then run "pulumi up" again`,
  );
  return Object.assign(error, { cause });
}
