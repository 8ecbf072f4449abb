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

  constructor(options: TransportOptions) {
    const transport = new Transport(options);
    this.personas = new Personas(transport);
    this.replicas = new Replicas(transport);
    this.conversations = new Conversations(transport);
  }
}

export { DEFAULT_BASE_URL, type TransportOptions } from "./transport";
export { isGone, isTavusApiError, type TavusApiError } from "./errors";
export { createLimiter, type LimiterOptions, type RequestLimiter } from "./limiter";
