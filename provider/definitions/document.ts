/**
 * The Document definition: a knowledge-base document, a file or a crawled
 * website that personas and conversations answer from
 * (docs/tavus-api/documents.md), and its table.
 */
import { DOCUMENT_LIMITS } from "../apiValues";
import { httpUrl, stringArray, stringField } from "./common";
import { defineResource, type InputsOf, type OutputsOf } from "./table";

/** JSON Schema of POST /v2/documents. */
export const documentSchema = {
  $id: "tavus:document",
  type: "object",
  additionalProperties: false,
  required: ["document_url"],
  properties: {
    document_url: { ...httpUrl, "x-hint": "an http(s) URL of a file (at most 50 MB) or a website" },
    document_name: { type: "string", minLength: 1 },
    callback_url: httpUrl,
    tags: stringArray,
    crawl: {
      type: "object",
      additionalProperties: false,
      properties: {
        depth: {
          type: "integer",
          minimum: DOCUMENT_LIMITS.crawlDepthMin,
          maximum: DOCUMENT_LIMITS.crawlDepthMax,
          "x-hint": "link levels from the start page, 1 to 10",
        },
        max_pages: {
          type: "integer",
          minimum: DOCUMENT_LIMITS.crawlMaxPagesMin,
          maximum: DOCUMENT_LIMITS.crawlMaxPagesMax,
          "x-hint": "pages crawled, 1 to 100",
        },
      },
    },
  },
} as const;

/** The Document definition: schema and table. */
export const documentDefinition = defineResource({
  schema: documentSchema,
  kind: "document",
  typeName: "Document",
  idField: "document_id",
  // POST answers the document (docs/tavus-api/documents.md#create).
  createAnswer: "whole",
  setLike: ["tags"],
  // Merge PATCH takes only document_name and tags: anything else is a new document (created first).
  replaceOnChanges: ["document_url", "callback_url", "crawl"],
  // Get returns the crawl settings as crawl_config: the two it can change are compared.
  readBack: ["document_name", "tags"],
  serverDefaulted: ["document_name"],
  options: {
    wait_for_ready: "boolean",
    ready_timeout_seconds: "positiveNumber",
    recrawl_trigger: "string",
    adopt_id: "string",
  },
  collection: "documents",
  listing: {},
  // Get does not show the URL as a managed field: compared on its own.
  createdBy: (body, live, sameDocument) =>
    live.document_url === body.document_url && sameDocument(),
  nameOf: stringField("document_name"),
  folder: { name: "documents", sampleId: "d0000000000" },
  serverOutputs: {
    status: "string",
    progress: "number",
    error_message: "string",
    crawled_urls: "stringArray",
    last_crawled_at: "string",
    crawl_count: "number",
    created_at: "string",
    updated_at: "string",
  },
});

/** Plain inputs of a Document, as the engine passes them. */
export type DocumentInputs = InputsOf<typeof documentDefinition>;
/** A Document's outputs in state. */
export type DocumentOutputs = OutputsOf<typeof documentDefinition>;
