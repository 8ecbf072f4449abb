import { createLimiter } from "../../provider/client/limiter";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("no more than maxConcurrent tasks run at once", async () => {
  const limiter = createLimiter({ maxConcurrent: 3 });
  let running = 0;
  let peak = 0;
  await Promise.all(
    Array.from({ length: 12 }, () =>
      limiter.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(10);
        running--;
      }),
    ),
  );
  expect(peak).toBe(3);
});

test("requestsPerSecond spaces out starts after the first second's burst", async () => {
  const limiter = createLimiter({ maxConcurrent: 100, requestsPerSecond: 20 });
  const started: number[] = [];
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: 30 }, () => limiter.run(async () => void started.push(Date.now() - t0))),
  );
  // 20 at once (the burst), the other 10 at 20/s (one every 50 ms): the last near 500 ms.
  const early = started.filter((t) => t < 100).length;
  expect(early).toBeGreaterThanOrEqual(20);
  expect(early).toBeLessThanOrEqual(22);
  expect(Math.max(...started)).toBeGreaterThanOrEqual(400);
});

test("a failing task frees its slot and its error reaches the caller", async () => {
  const limiter = createLimiter({ maxConcurrent: 1 });
  await expect(limiter.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  await expect(limiter.run(async () => "next")).resolves.toBe("next");
});

test("both limits hold together: never more than maxConcurrent in flight, and starts past the burst spaced by the rate", async () => {
  const limiter = createLimiter({ maxConcurrent: 2, requestsPerSecond: 10 });
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: 14 }, () =>
      limiter.run(async () => {
        started.push(Date.now() - t0);
        running++;
        peak = Math.max(peak, running);
        await sleep(5);
        running--;
      }),
    ),
  );
  expect(peak).toBeLessThanOrEqual(2);
  // A burst of 10, then 10/s: the 14th start comes about 400 ms in.
  expect(Math.max(...started)).toBeGreaterThanOrEqual(300);
});
