/**
 * The live settings of the documents group, kept apart from settings.ts so
 * that group's own switches stay in one place; {@link EmulatorSettings}
 * includes them.
 */
import { DOCUMENT_LIMITS } from "../provider/wire";
import { integer, type FieldChecks } from "./validate";

/** Settings of the knowledge-base routes (`/v2/documents`). */
export interface KnowledgeBaseSettings {
  /**
   * How long a document's processing run (create or recrawl) takes before it is
   * `ready` (or `error`), in milliseconds. Fixed per run when it starts.
   * @default 2000
   */
  documentProcessingMs: number;
  /**
   * Minimum time between two recrawls of one document, in milliseconds; a
   * recrawl sooner answers 429. The API's is one hour.
   * @default 3600000
   */
  recrawlCooldownMs: number;
}

/** The defaults documented on {@link KnowledgeBaseSettings}. */
export const DEFAULT_KNOWLEDGE_BASE_SETTINGS: Readonly<KnowledgeBaseSettings> = Object.freeze({
  documentProcessingMs: 2000,
  recrawlCooldownMs: DOCUMENT_LIMITS.recrawlCooldownMs,
});

/** How each knowledge-base setting is checked. */
export const KNOWLEDGE_BASE_SETTING_CHECKS: FieldChecks<KnowledgeBaseSettings> = {
  documentProcessingMs: integer(0),
  recrawlCooldownMs: integer(0),
};
