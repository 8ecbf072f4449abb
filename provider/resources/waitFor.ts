/**
 * Waiting for the API's own asynchronous work (a replica's training, a
 * document's crawl): poll Get with capped exponential backoff until the object
 * settles or the deadline passes. `customTimeouts` never reaches a dynamic
 * provider, so the deadline is ours.
 */

/** First wait between two polls, in ms; doubles each time. */
const POLL_FIRST_MS = 500;
/** Longest wait between two polls, in ms. */
const POLL_MAX_MS = 15_000;

/** What to poll and how to read its status. */
export interface WaitOptions<T> {
  /** One Get. */
  read: () => Promise<T>;
  /** The object as already answered (a create's answer): the first poll, so no Get at 0 s. */
  first?: T;
  /** The object's status, as the API says it. */
  status: (object: T) => string;
  /** Statuses that end the wait (success or failure). */
  settled: readonly string[];
  /** Statuses of work still going on. */
  pending: readonly string[];
  /** @default 3600 */
  timeoutSeconds: number;
  /** What is awaited, for messages: "training", "processing". */
  what: string;
  /** The kind, for messages: "replica", "document". */
  kind: string;
  /** The input that sets the limit, for the timeout message: "trainingTimeoutSeconds". */
  timeoutInput: string;
  /** Progress for the timeout message, e.g. "40/100". */
  progress?: (object: T) => string | undefined;
}

/**
 * Polls at 0, 0.5, 1.5, 3.5 s … (doubling, capped at 15 s) until a settled status;
 * with `first`, that object stands for the poll at 0 s.
 * @throws on a status that is neither settled nor pending (the wait cannot
 *   understand it), and when the deadline passes, saying how to go on.
 */
export async function waitFor<T>(options: WaitOptions<T>): Promise<T> {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  let known = options.first;
  for (let delay = POLL_FIRST_MS; ; delay = Math.min(delay * 2, POLL_MAX_MS)) {
    const object = known ?? (await options.read());
    known = undefined;
    const status = options.status(object);
    if (options.settled.includes(status)) return object;
    if (!options.pending.includes(status)) {
      throw new Error(
        `Tavus answered an unknown ${options.kind} status "${String(status)}" (expected ${[...options.pending, ...options.settled].join(", ")}); check the object in the Tavus dashboard`,
      );
    }
    if (Date.now() + delay > deadline) {
      throw new Error(
        `${options.what} did not finish within ${options.timeoutSeconds} s (status "${status}", progress ${options.progress?.(object) ?? "unknown"}); raise ${options.timeoutInput} or run "pulumi up" again to keep waiting`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
