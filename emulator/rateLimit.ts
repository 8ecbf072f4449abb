/**
 * A token bucket for the optional `rateLimitPerSecond` setting. Tavus documents
 * no rate limit (docs/tavus-api/decisions.md#rate-limits-and-retries), so this
 * only exists to exercise a client's
 * 429 + `Retry-After` handling on purpose.
 */

/** Token bucket that refills `perSecond` tokens a second, holding at most `perSecond`. */
export class RateLimiter {
  private tokens = 0;
  private updatedMs = 0;
  private rate = 0;

  /**
   * Takes one token if the limit allows the request.
   * @param perSecond The current limit; 0 means no limit.
   * @param nowMs Epoch milliseconds.
   * @returns 0 when allowed, else the whole seconds to wait (for `Retry-After`).
   */
  take(perSecond: number, nowMs: number = Date.now()): number {
    if (perSecond <= 0) return 0;
    if (perSecond !== this.rate) {
      // A new limit starts with a full bucket, so changing the setting mid-test is predictable.
      this.rate = perSecond;
      this.tokens = perSecond;
      this.updatedMs = nowMs;
    }
    this.tokens = Math.min(perSecond, this.tokens + ((nowMs - this.updatedMs) / 1000) * perSecond);
    this.updatedMs = nowMs;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - this.tokens) / perSecond));
  }

  /** Forgets all state; the next request starts a full bucket. */
  reset(): void {
    this.rate = 0;
  }
}
