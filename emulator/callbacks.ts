/**
 * Outgoing callbacks: where a request carried a `callback_url`, Tavus POSTs
 * JSON events to it (docs.tavus.io `sections/webhooks-and-callbacks`, S16 in
 * docs/tavus-api/sources.md). The emulator sends the documented ones:
 * - replica training: `{replica_id, status:"ready"}` when training ends, or
 *   `{replica_id, status:"error", error_message}` (no progress event is
 *   documented, so none is sent);
 * - conversation lifecycle: `system.replica_joined` once created (not in
 *   `test_mode`, where the replica never joins) and `system.shutdown` with its
 *   `shutdown_reason` when it ends, in the documented envelope
 *   `{properties, conversation_id, webhook_url, event_type, message_type, timestamp}`.
 *
 * Delivery is fire and forget, off the request path: a failure (network error,
 * timeout, non-2xx) is retried `callbackRetries` times with doubling delays,
 * then given up. `close()` cancels everything pending.
 */
import type { EmulatorSettings } from "./settings";
import { isHttpUrl } from "./validate";

/** One callback the emulator sent or is sending, as `GET /__emulator/callbacks` lists it. */
export interface CallbackDelivery {
  url: string;
  /** The JSON body sent. */
  body: unknown;
  /** Attempts made so far. */
  attempts: number;
  /** Status of the last answer; 0 before the first or after a network error or timeout. */
  status: number;
  state: "pending" | "delivered" | "failed";
}

/** How long one attempt may take before it counts as failed, in milliseconds. */
const ATTEMPT_TIMEOUT_MS = 5000;
/** Delay before the first retry; each further retry waits twice as long. */
const FIRST_RETRY_MS = 100;

/** Sends callbacks and remembers what it sent. */
export class CallbackSender {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private deliveries: CallbackDelivery[] = [];
  private closed = false;

  /** @param settings The live settings (`callbacks`, `callbackRetries`). */
  constructor(private readonly settings: EmulatorSettings) {}

  /**
   * Sends a callback after `delayMs`, if callbacks are on then and `url` is an
   * http(s) URL.
   * @param url The request's `callback_url` (empty or absent: nothing is sent).
   * @param payload Builds the body when it is time to send; `undefined` sends
   *   nothing (the object is gone by then).
   * @param delayMs Milliseconds to wait first (a replica's training time).
   */
  send(url: string | undefined, payload: () => object | undefined, delayMs = 0): void {
    if (url === undefined || !isHttpUrl(url) || this.closed) return;
    this.later(delayMs, () => {
      if (!this.settings.callbacks) return;
      const body = payload();
      if (body === undefined) return;
      const delivery: CallbackDelivery = { url, body, attempts: 0, status: 0, state: "pending" };
      this.deliveries.push(delivery);
      void this.attempt(delivery);
    });
  }

  /** A copy of every delivery since the start or the last {@link clear}, oldest first. */
  list(): CallbackDelivery[] {
    return structuredClone(this.deliveries);
  }

  /** Forgets past deliveries (pending ones still run). */
  clear(): void {
    this.deliveries = [];
  }

  /** Cancels every pending callback and aborts the ones in flight. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
    this.inFlight.clear();
  }

  private async attempt(delivery: CallbackDelivery): Promise<void> {
    delivery.attempts += 1;
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), ATTEMPT_TIMEOUT_MS);
    try {
      const response = await fetch(delivery.url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "tavus-emulator" },
        body: JSON.stringify(delivery.body),
        signal: controller.signal,
      });
      delivery.status = response.status;
      await response.arrayBuffer().catch(() => undefined); // free the connection
    } catch {
      delivery.status = 0;
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
    if (delivery.status >= 200 && delivery.status < 300) {
      delivery.state = "delivered";
      return;
    }
    if (this.closed || delivery.attempts > this.settings.callbackRetries) {
      delivery.state = "failed";
      return;
    }
    this.later(FIRST_RETRY_MS * 2 ** (delivery.attempts - 1), () => void this.attempt(delivery));
  }

  /** A timer that `close()` cancels and that never keeps the process alive by itself. */
  private later(ms: number, run: () => void): void {
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        run();
      },
      Math.max(0, ms),
    );
    timer.unref();
    this.timers.add(timer);
  }
}
