/**
 * Waiting for a crawl slot. Tavus runs at most five crawls at once per account
 * (docs/tavus-api/documents.md#limits); a website document created past that
 * is refused with a 429 naming the concurrent limit. Unlike the 100-document
 * quota, waiting helps: a running crawl ends and frees its slot. So an `up`
 * with more websites than slots creates them in turn instead of failing the
 * sixth. A 429 answer means nothing was created, so POSTing again is safe.
 */
import { isTavusApiError } from "../client";

/** First wait after a refusal, in ms; doubles each time (with full jitter). */
const SLOT_FIRST_MS = 2_000;
/** Longest wait between two tries, in ms. */
const SLOT_MAX_MS = 30_000;

/** True for the API's refusal of a crawl because five are already running. */
export function isConcurrentCrawlLimit(e: unknown): boolean {
  return isTavusApiError(e) && e.status === 429 && /concurrent/i.test(e.apiMessage ?? "");
}

/**
 * Runs `create`; while it is refused for the concurrent-crawl limit, waits
 * (random up to 2 s, 4 s, … 30 s, so documents waiting together do not retry
 * in step) and runs it again, until `timeoutSeconds` would pass.
 * @throws the last refusal when the time is up, or any other error at once.
 */
export async function whenCrawlSlotFree<T>(
  create: () => Promise<T>,
  timeoutSeconds: number,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<T> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (let ceiling = SLOT_FIRST_MS; ; ceiling = Math.min(ceiling * 2, SLOT_MAX_MS)) {
    try {
      return await create();
    } catch (e) {
      const wait = Math.max(250, Math.random() * ceiling);
      if (!isConcurrentCrawlLimit(e) || Date.now() + wait > deadline) throw e;
      await sleep(wait);
    }
  }
}
