/** Endpoint group `/v2/documents` (docs/tavus-api/documents.md): merge PATCH, 0-based pages, recrawl. */
import type { CreateDocumentRequest, DocumentWire } from "../wire";
import { EndpointGroup } from "./endpointGroup";
import type { Transport } from "./transport";

/** `client.documents`: create, retrieve, update (merge), delete, list, recrawl. */
export class Documents extends EndpointGroup<CreateDocumentRequest, DocumentWire, DocumentWire> {
  constructor(transport: Transport) {
    super(transport, { path: "/v2/documents", idField: "document_id", firstPage: 0 });
  }

  /**
   * POST /v2/documents/{id}/recrawl. Its 429 is the one-hour cooldown, a quota:
   * never retried, so the caller can say when to try again.
   */
  async recrawl(documentId: string): Promise<void> {
    await this.transport.request("POST", `${this.pathOf(documentId)}/recrawl`, {
      quota: true,
      idempotent: true,
    });
  }
}
