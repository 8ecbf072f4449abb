/**
 * The Tavus API client: one object per endpoint group, as in
 * `client.personas.retrieve(id)`. It knows nothing of Pulumi.
 */
import { Conversations } from "./conversations";
import { Personas } from "./personas";
import { Replicas } from "./replicas";
import { Transport, type TransportOptions } from "./transport";

export class TavusClient {
  readonly personas: Personas;
  readonly replicas: Replicas;
  readonly conversations: Conversations;
  private readonly transport: Transport;

  constructor(options: TransportOptions) {
    this.transport = new Transport(options);
    this.personas = new Personas(this.transport);
    this.replicas = new Replicas(this.transport);
    this.conversations = new Conversations(this.transport);
  }

  /**
   * A lower bound of (server clock − local clock) in ms, from the latest
   * answer's `Date` header; `undefined` before any answer. Lets a caller turn
   * "just before my request" into the server's `created_at` terms.
   */
  get clockOffsetMs(): number | undefined {
    return this.transport.clockOffsetMs;
  }
}

export { DEFAULT_BASE_URL, type TransportOptions } from "./transport";
export { isGone, isTavusApiError, type TavusApiError } from "./errors";
export { createLimiter, type LimiterOptions, type RequestLimiter } from "./limiter";
