/**
 * Document processing (the knowledge base's crawl and indexing), computed
 * lazily from the clock like replica training (training.ts): a run is
 * `started` for its first half, `processing` for the second, then `ready`, or
 * `error` when its URL cannot be fetched. A recrawl run reports `recrawling`
 * until it ends. Nothing runs in the background, so a restarted emulator
 * (`--data`) carries on where it was.
 */
import type { DocumentStatus } from "../provider/wire";

/** The message of a document whose URL cannot be fetched (an emulator choice: README "Documents"). */
export const DOCUMENT_UNREACHABLE_MESSAGE = "Failed to fetch document_url: the host is unreachable";

/** A URL containing this (any case) fails processing. */
export const UNREACHABLE_URL_MARKER = "unreachable";

/**
 * Whether fetching `url` fails: the rule is that it contains `unreachable` or
 * its host ends in `.invalid`, the TLD RFC 2606 reserves for names that never
 * resolve. Tests and demos use it to reach the `error` state on purpose.
 */
export function documentWillFail(url: string): boolean {
  if (url.toLowerCase().includes(UNREACHABLE_URL_MARKER)) return true;
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host === "invalid" || host.endsWith(".invalid");
  } catch {
    return true;
  }
}

/** The processing facts a document record keeps about its latest run. */
export interface ProcessingRun {
  /** Epoch milliseconds when the run started (the create or the recrawl). */
  run_started_ms: number;
  /** Run length in milliseconds, fixed when the run starts. */
  run_ms: number;
  run_fails: boolean;
  /** Whether the run is a recrawl, which reports `recrawling` until it ends. */
  recrawl: boolean;
}

/** Where a run stands at a given moment. */
export interface ProcessingState {
  status: DocumentStatus;
  /** `null` while `started`, a whole percent while processing, 100 once `ready`. */
  progress: number | null;
  /** Epoch milliseconds when the run finished, once it has. */
  finished_ms?: number;
}

/**
 * State of `run` at `nowMs`.
 * @param run The document's latest run.
 * @param nowMs Epoch milliseconds; defaults to now.
 */
export function processingState(run: ProcessingRun, nowMs: number = Date.now()): ProcessingState {
  const finishedMs = run.run_started_ms + run.run_ms;
  if (nowMs >= finishedMs) {
    return run.run_fails
      ? { status: "error", progress: null, finished_ms: finishedMs }
      : { status: "ready", progress: 100, finished_ms: finishedMs };
  }
  const percent = Math.max(
    0,
    Math.min(99, Math.floor(((nowMs - run.run_started_ms) / run.run_ms) * 100)),
  );
  if (run.recrawl) return { status: "recrawling", progress: percent };
  return percent < 50
    ? { status: "started", progress: null }
    : { status: "processing", progress: percent };
}

/** Whether the run still counts toward the concurrent-crawl limit at `nowMs`. */
export function isCrawling(run: ProcessingRun, nowMs: number = Date.now()): boolean {
  return nowMs < run.run_started_ms + run.run_ms;
}
