/**
 * Errors as the Pulumi engine should show them: which resource, which id, what
 * failed, the API's own message, and what to do about it.
 */
import { isTavusApiError } from "../client";
import type { DefinitionTable } from "../definitions/table";

/** A kind as messages name it: a definition's `kind` ("persona", "guardrail set"). */
type ResourceKind = DefinitionTable["kind"];

/**
 * Wraps a failure of `action` on a Tavus object.
 * @param kind the resource kind.
 * @param id the Tavus id, when there is one yet.
 * @param action what we were doing, e.g. "update".
 * @param cause the underlying error.
 * @param ownHint what to do, when the kind knows better than the status alone (a quota's 429).
 */
export function resourceError(
  kind: ResourceKind,
  id: string | undefined,
  action: string,
  cause: unknown,
  ownHint?: string,
): Error {
  const subject = id ? `Tavus ${kind} ${id}` : `Tavus ${kind}`;
  const detail = cause instanceof Error ? cause.message : String(cause);
  const hint = ownHint ?? hintFor(kind, cause);
  const error = new Error(`${subject}: ${action} failed: ${detail}${hint ? `. ${hint}` : ""}`);
  return Object.assign(error, { cause });
}

/**
 * An error that tells the engine the object exists but is not healthy (the
 * host turns `id`, `properties` and `reasons` into ErrorResourceInitFailed):
 * Pulumi keeps it in state, so it is neither orphaned nor created twice, and the
 * next `pulumi up` retries it as an update.
 * @param properties what state records (outputs as far as known).
 * @param inputs the create's inputs: their `__provider` goes into the properties.
 *   The SDK adds it to what a successful create returns, not to an init
 *   failure's properties; without it, refresh and destroy of the failed object
 *   cannot load the provider ("code must be a string").
 */
export function createdButFailed(
  kind: ResourceKind,
  id: string,
  properties: object,
  reason: string,
  inputs: object,
): Error & { id: string; properties: object; reasons: string[] } {
  const subject = `Tavus ${kind} ${id}`;
  const error = new Error(`${subject} was created, but ${reason}`);
  const provider = (inputs as { __provider?: unknown }).__provider;
  return Object.assign(error, {
    id,
    properties: provider === undefined ? properties : { ...properties, __provider: provider },
    // The engine prints the reasons, not the message: name the object there too.
    reasons: [`${subject} was created, but ${reason}`],
  });
}

/** What to do about a failed request, keyed by its last status (or network failure). */
function hintFor(kind: ResourceKind, cause: unknown): string | undefined {
  if (!isTavusApiError(cause)) return undefined;
  switch (cause.status) {
    case 401:
      return 'Check the API key: "pulumi config set --secret tavus:apiKey <key>" or TAVUS_API_KEY';
    case 402:
      return "The account is out of conversational credits: add credits, or use testMode: true";
    case 403:
      return "The API key is not allowed to do this (keys can be limited to some IP addresses): check the key in the Tavus dashboard";
    case 422:
      return `The ${kind} changed since it was read; run "pulumi refresh" and try again`;
    case 429:
      return "Rate limited even after retries: lower tavus:requestsPerSecond or tavus:maxConcurrentRequests";
    case undefined:
      return cause.code === "ETIMEDOUT"
        ? "The API did not answer in time; run the command again, or raise tavus:timeoutMs if the API is slow"
        : "The API did not answer; check tavus:baseUrl and the network, then run the command again";
    default:
      return cause.status >= 500 || cause.status === 408
        ? "The Tavus API failed; run the command again later"
        : undefined;
  }
}
