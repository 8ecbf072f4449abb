/**
 * Waiting for a crawl slot (provider/resources/crawlSlot.ts): the concurrent
 * limit's 429 waits and tries again; any other failure, the 100-document quota
 * included, fails at once; the wait ends at its deadline with the refusal.
 */
import { tavusApiError } from "../../provider/client/errors";
import { isConcurrentCrawlLimit, whenCrawlSlotFree } from "../../provider/resources/crawlSlot";

const refusal = (message: string) =>
  tavusApiError({
    status: 429,
    apiMessage: message,
    method: "POST",
    endpoint: "/v2/documents",
    code: undefined,
    requestId: undefined,
    attempts: 1,
  });
const CONCURRENT = "Concurrent crawl limit reached (5). Wait for a crawl to finish and try again.";
const QUOTA = "Crawl document limit reached (100)";

/** A create refused `refusals` times, then answering; with the waits it was asked to make. */
function scripted(refusals: number, message = CONCURRENT) {
  let calls = 0;
  const waits: number[] = [];
  return {
    create: async () => {
      calls++;
      if (calls <= refusals) throw refusal(message);
      return { id: "d1" };
    },
    sleep: async (ms: number) => {
      waits.push(ms);
    },
    calls: () => calls,
    waits,
  };
}

test("tells the concurrent limit from the quota", () => {
  expect(isConcurrentCrawlLimit(refusal(CONCURRENT))).toBe(true);
  expect(isConcurrentCrawlLimit(refusal(QUOTA))).toBe(false);
  expect(isConcurrentCrawlLimit(new Error(CONCURRENT))).toBe(false);
});

test("waits and tries again while five crawls run, then creates", async () => {
  const run = scripted(3);
  await expect(whenCrawlSlotFree(run.create, 60, run.sleep)).resolves.toEqual({ id: "d1" });
  expect(run.calls()).toBe(4);
  expect(run.waits).toHaveLength(3);
  // Full jitter under a doubling ceiling: 2 s, 4 s, 8 s.
  run.waits.forEach((ms, i) => expect(ms).toBeLessThanOrEqual(2000 * 2 ** i));
});

test("the quota fails at once: waiting would not help", async () => {
  const run = scripted(1, QUOTA);
  await expect(whenCrawlSlotFree(run.create, 60, run.sleep)).rejects.toThrow(
    /limit reached \(100\)/,
  );
  expect(run.calls()).toBe(1);
  expect(run.waits).toEqual([]);
});

test("past the deadline, the last refusal is the error", async () => {
  const run = scripted(99);
  await expect(whenCrawlSlotFree(run.create, 0, run.sleep)).rejects.toThrow(/Concurrent crawl/);
  expect(run.calls()).toBe(1);
});
