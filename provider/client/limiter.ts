/**
 * A limit on concurrent requests and on requests per second, shared by every
 * resource the provider process handles, so that a `pulumi up` of hundreds of
 * personas stays inside the account's rate limit instead of collecting 429s.
 */

/** Limits of a {@link RequestLimiter}. */
export interface LimiterOptions {
  /** Requests in flight at once. @default 8 */
  maxConcurrent?: number;
  /** Requests started per second (a token bucket with a burst of one second). @default unlimited */
  requestsPerSecond?: number;
}

/** The shared limit; both of its limits apply to every HTTP attempt, retries included. */
export interface RequestLimiter {
  /**
   * Waits for a slot and a token, and resolves with the function that gives the
   * slot back (calling it again does nothing). The transport takes one per attempt
   * in got's `beforeRequest` hook and gives it back when the attempt ends.
   */
  acquire(): Promise<() => void>;
  /** Runs `task` holding a slot: {@link RequestLimiter.acquire}, then release when it settles. */
  run<T>(task: () => Promise<T>): Promise<T>;
}

/** Builds a limiter; both limits apply together. */
export function createLimiter(options: LimiterOptions = {}): RequestLimiter {
  const maxConcurrent = Math.max(1, options.maxConcurrent ?? 8);
  const rate = options.requestsPerSecond;
  let inFlight = 0;
  const waiting: Array<() => void> = [];
  let tokens = rate ?? 0;
  let refilledAt = Date.now();

  const acquireSlot = async (): Promise<void> => {
    if (inFlight < maxConcurrent) {
      inFlight++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const releaseSlot = (): void => {
    const next = waiting.shift();
    if (next) next();
    else inFlight--;
  };
  const acquireToken = async (): Promise<void> => {
    if (!rate) return;
    for (;;) {
      const now = Date.now();
      tokens = Math.min(rate, tokens + ((now - refilledAt) / 1000) * rate);
      refilledAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(((1 - tokens) / rate) * 1000)));
    }
  };

  const acquire = async (): Promise<() => void> => {
    await acquireSlot();
    await acquireToken();
    let held = true;
    return () => {
      if (held) releaseSlot();
      held = false;
    };
  };

  return {
    acquire,
    async run<T>(task: () => Promise<T>): Promise<T> {
      const release = await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
