/**
 * Document: a knowledge-base document of Tavus, a file or a crawled website
 * (`documentUrl`, `documentName`, `tags`, `callbackUrl`, `crawl {depth, maxPages}`).
 * Processed asynchronously: `waitForReady` waits for it. `recrawlTrigger`: any
 * new value asks for a recrawl. Personas and conversations point at documents by
 * id (`documentIds`) or tag (`documentTags`); a TypeScript program may pass the
 * resources instead (`documents: [d]`).
 * Fields and their rules: ../definitions/document.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  documentDefinition,
  type DocumentInputs,
  type DocumentOutputs,
} from "../definitions/document";
import type { ArgsOf, OutputPropertiesOf } from "../definitions/table";
import * as DocumentProvider from "./documentProvider";
import { providerModule, TavusResource } from "./tavusResource";

/**
 * The inputs of a {@link Document}: the API's fields in camelCase, and the
 * options `waitForReady` (@default false), `readyTimeoutSeconds` (@default
 * 3600; it also bounds the wait for a crawl slot when five crawls run) and
 * `recrawlTrigger` (any string; a change recrawls, once an hour at most).
 */
export type DocumentArgs = ArgsOf<DocumentInputs>;

/** The output properties, typed from the definition (declaration merging with the class). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Document extends OutputPropertiesOf<DocumentOutputs> {}

/** A Tavus document. Type token `pulumi-nodejs:dynamic/tavus:Document`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Document extends TavusResource {
  constructor(name: string, args: DocumentArgs, opts: pulumi.CustomResourceOptions = {}) {
    const provider = providerModule<DocumentInputs, DocumentOutputs>(DocumentProvider);
    super(documentDefinition, provider, name, args, opts);
  }
}
