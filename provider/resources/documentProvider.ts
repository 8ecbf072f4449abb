/**
 * DocumentProvider: the CRUD of {@link Document}, as a module (see
 * personaProvider.ts for why a module: a tiny `__provider` in state).
 *
 * The table (../definitions/document.ts) gives check, diff, outputs and read;
 * what is Document's own: the crawl processed asynchronously (waited for like
 * a replica's training, when asked), the merge PATCH of name and tags, the
 * recrawl on request, and quotas that must not become retry storms.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isTavusApiError } from "../client";
import {
  documentDefinition as definition,
  type DocumentInputs,
  type DocumentOutputs,
} from "../definitions/document";
import { tavusClient } from "../settings";
import type { CreateDocumentRequest, DocumentWire } from "../wire";
import { recentScan } from "./createdBy";
import { createOnce, type CreateOnceResult } from "./createOnce";
import { isConcurrentCrawlLimit, whenCrawlSlotFree } from "./crawlSlot";
import { createdButFailed, resourceError } from "./errors";
import { checkInputs } from "./checkInputs";
import { diffInputs } from "./diffInputs";
import { desiredDocument, liveDocument, requestBody } from "./documents";
import { mergePatchBetween, mergePatchBody } from "./mergePatch";
import { outputsFrom } from "./outputs";
import { deleteIgnoringGone, readOrGone } from "./readOrGone";
import { waitFor } from "./waitFor";

export type { DocumentInputs, DocumentOutputs } from "../definitions/document";
export { configure } from "../settings";

const DEFAULT_READY_TIMEOUT_SECONDS = 3600;

/** The table's checks (the URL, the crawl limits, the options); a recrawl needs a crawl. */
export async function check(
  _olds: DocumentInputs,
  news: DocumentInputs,
): Promise<pulumi.dynamic.CheckResult<DocumentInputs>> {
  const own =
    news.recrawlTrigger !== undefined && news.crawl === undefined
      ? [
          {
            property: "recrawlTrigger",
            reason:
              "a recrawl reads a website again: set crawl ({depth, maxPages}) too, or remove recrawlTrigger",
          },
        ]
      : [];
  return checkInputs(definition, news, own);
}

/** Name and tags change in place; a new URL, callback or crawl setting is a new document (created first). */
export async function diff(
  id: string,
  olds: DocumentOutputs,
  news: DocumentInputs,
): Promise<pulumi.dynamic.DiffResult> {
  return diffInputs(definition, olds, news, id);
}

/**
 * POST (created at most once): its answer is the document (`createAnswer`), so
 * no read-back; with `waitForReady`, polls until `ready` or `error`, the answer
 * counting as the first poll. A crawl that fails keeps the id in state, created
 * but unhealthy.
 */
export async function create(
  inputs: DocumentInputs,
): Promise<pulumi.dynamic.CreateResult<DocumentOutputs>> {
  if (inputs.adoptId) return { id: inputs.adoptId, outs: await adopt(inputs.adoptId, inputs) };
  const client = tavusClient();
  const body = requestBody(definition, inputs) as CreateDocumentRequest;
  let created: CreateOnceResult<DocumentWire>;
  try {
    // Five crawls run at once at most: a website waits for a slot (crawlSlot.ts).
    created = await whenCrawlSlotFree(
      () =>
        createOnce({
          kind: "document",
          body,
          post: () => client.documents.create(body),
          idOf: (answer) => answer.document_id,
          lookup: recentScan(client, definition, body),
          clock: client,
        }),
      inputs.readyTimeoutSeconds ?? DEFAULT_READY_TIMEOUT_SECONDS,
    );
  } catch (e) {
    throw resourceError("document", undefined, "create", e, quotaHint(e));
  }
  // A lookup's find has no answer of ours: settle reads it back.
  const answer = definition.createAnswer === "whole" ? created.answer : undefined;
  return { id: created.id, outs: await settle(created.id, inputs, answer) };
}

/** Get Document; gone (404) means an empty id, so `pulumi refresh` drops it. */
export async function read(
  id: string,
  props?: DocumentOutputs,
): Promise<pulumi.dynamic.ReadResult<DocumentOutputs>> {
  return readOrGone<DocumentOutputs>(definition, id, props, (documentId) =>
    tavusClient().documents.retrieve(documentId),
  );
}

/**
 * One merge PATCH of what changed (`tags` whole: they overwrite), a recrawl
 * when `recrawlTrigger` changed, and the wait when asked and not yet ready.
 */
export async function update(
  id: string,
  olds: DocumentOutputs,
  news: DocumentInputs,
): Promise<pulumi.dynamic.UpdateResult<DocumentOutputs>> {
  const client = tavusClient();
  const patch = mergePatchBody(definition, olds, news);
  let live: DocumentWire | undefined;
  if (Object.keys(patch).length > 0) {
    try {
      live = (await client.documents.update(id, patch)).document;
    } catch (e) {
      throw resourceError("document", id, `update (patching ${Object.keys(patch).join(", ")})`, e);
    }
  }
  if (news.recrawlTrigger !== undefined && news.recrawlTrigger !== olds.recrawlTrigger) {
    try {
      await client.documents.recrawl(id);
    } catch (e) {
      throw resourceError("document", id, "recrawl", e, recrawlHint(e));
    }
    live = undefined;
  }
  if (news.waitForReady && (live === undefined || !isSettled(live.status))) {
    return { outs: await settle(id, news) };
  }
  const previous = { ...olds, ...news } as DocumentOutputs;
  return {
    outs: live
      ? outputsFrom<DocumentOutputs>(definition, live, news)
      : keepServerFields(previous, news),
  };
}

/** DELETE; already gone counts as done. */
async function delete_(id: string): Promise<void> {
  await deleteIgnoringGone(definition, id, () => tavusClient().documents.delete(id));
}
/** DELETE, as the engine calls it (`delete` is a reserved word for a function name). */
export { delete_ as delete };

// ------------------------------------------------------------ helpers

/**
 * Takes an existing document over: one GET, and one merge PATCH of its name
 * and tags only if they differ. The URL and crawl cannot change in place, so a
 * different one is refused rather than silently kept.
 */
async function adopt(id: string, inputs: DocumentInputs): Promise<DocumentOutputs> {
  const client = tavusClient();
  let live: DocumentWire;
  try {
    live = await client.documents.retrieve(id);
  } catch (e) {
    throw resourceError("document", id, "adopt (reading the live document)", e);
  }
  if (live.document_url !== inputs.documentUrl) {
    throw new Error(
      `Tavus document ${id}: adopt refused before any change: its URL is ${live.document_url}, not ${inputs.documentUrl}; a document's URL cannot change, so set documentUrl to it or drop adoptId`,
    );
  }
  const patch = mergePatchBetween(
    definition,
    liveDocument(definition, live),
    liveDocument(definition, desiredDocument(definition, inputs) ?? {}),
  );
  if (Object.keys(patch).length > 0) {
    try {
      live = (await client.documents.update(id, patch)).document ?? live;
    } catch (e) {
      throw resourceError("document", id, `adopt (patching ${Object.keys(patch).join(", ")})`, e);
    }
  }
  return outputsFrom<DocumentOutputs>(definition, live, inputs);
}

/**
 * The document's outputs, waiting for the crawl when asked; failures keep the id.
 * @param known the document as the API last answered it (a create's answer): no
 *   GET without a wait, and the wait's first poll.
 */
async function settle(
  id: string,
  inputs: DocumentInputs,
  known?: DocumentWire,
): Promise<DocumentOutputs> {
  const client = tavusClient();
  let document: DocumentWire;
  try {
    document = inputs.waitForReady
      ? await waitFor({
          read: () => client.documents.retrieve(id),
          ...(known ? { first: known } : {}),
          status: (d) => d.status,
          settled: ["ready", "error"],
          pending: ["started", "processing", "recrawling"],
          timeoutSeconds: inputs.readyTimeoutSeconds ?? DEFAULT_READY_TIMEOUT_SECONDS,
          what: "processing",
          kind: "document",
          timeoutInput: "readyTimeoutSeconds",
          progress: (d) =>
            d.progress === undefined || d.progress === null ? undefined : `${d.progress}%`,
        })
      : (known ?? (await client.documents.retrieve(id)));
  } catch (e) {
    throw createdButFailed(
      "document",
      id,
      { ...inputs, documentId: id, status: "unknown" },
      (e as Error).message,
      inputs,
    );
  }
  const outs = outputsFrom<DocumentOutputs>(definition, document, inputs);
  if (document.status === "error") {
    throw createdButFailed(
      "document",
      id,
      outs,
      `its processing failed: ${document.error_message ?? "no reason given"}`,
      inputs,
    );
  }
  return outs;
}

function isSettled(status: string | undefined): boolean {
  return status === "ready" || status === "error";
}

/** Outputs after an update the API answered without the document: the new inputs, the old server fields. */
function keepServerFields(olds: DocumentOutputs, news: DocumentInputs): DocumentOutputs {
  return { ...olds, ...news };
}

/** The crawl quota (429 "Crawl document limit reached (100)") is not a rate limit. */
function quotaHint(e: unknown): string | undefined {
  if (isConcurrentCrawlLimit(e))
    return "Five crawls were running for the whole of readyTimeoutSeconds: raise readyTimeoutSeconds, or run pulumi up again once crawls have finished";
  return isTavusApiError(e) && e.status === 429
    ? "This is the account's quota of crawled documents, not a rate limit: delete documents you no longer need (or ask Tavus for a higher limit), then run pulumi up again"
    : undefined;
}

/** Recrawl is allowed once an hour, and only for a document that finished processing. */
function recrawlHint(e: unknown): string | undefined {
  if (!isTavusApiError(e)) return undefined;
  if (e.status === 429)
    return "A document may be recrawled once an hour: run pulumi up again later (recrawlTrigger keeps its new value only once the recrawl is sent)";
  if (e.status === 409)
    return "Only a document that is ready (or failed) can be recrawled: wait for its processing to end";
  return undefined;
}
