/**
 * Replica training, computed lazily from the clock: a replica is `started`
 * until its training time has passed, then `completed`, or `error` when its
 * training footage is "bad". Nothing runs in the background, so there are no
 * timers to leak and a restarted emulator (`--data`) carries on where it was.
 */
import type { ReplicaStatus } from "../provider/wire";

/**
 * The message of a replica whose footage fails training, in the style of the
 * documented limits (at least one minute of video): docs/tavus-api/replicas.md#training-status.
 */
export const TRAINING_ERROR_MESSAGE =
  "The training video does not meet the minimum duration requirement for training";

/** Substrings of a training URL that make training fail (case-insensitive). */
export const FAILING_TRAINING_MARKERS = ["too-short", "fail-training"] as const;

/**
 * Whether training footage at `url` will fail: the rule is that its URL
 * contains `too-short` or `fail-training`. Tests and demos use it to reach the
 * `error` state on purpose.
 */
export function trainingWillFail(url: string): boolean {
  const lower = url.toLowerCase();
  return FAILING_TRAINING_MARKERS.some((marker) => lower.includes(marker));
}

/** The training facts a replica record keeps. */
export interface TrainingPlan {
  /** Epoch milliseconds when training started (the create). */
  training_started_ms: number;
  /** Training length in milliseconds, fixed at create time. */
  training_ms: number;
  training_fails: boolean;
}

/** Where training stands at a given moment. */
export interface TrainingState {
  status: Extract<ReplicaStatus, "started" | "completed" | "error">;
  /** "NN/100", as the API reports it (docs/tavus-api/replicas.md#get). */
  training_progress: string;
  /** Epoch milliseconds when training finished, once it has. */
  finished_ms?: number;
}

/**
 * Training state of `plan` at `nowMs`.
 * @param plan The replica's training facts.
 * @param nowMs Epoch milliseconds; defaults to now.
 */
export function trainingState(plan: TrainingPlan, nowMs: number = Date.now()): TrainingState {
  const finishedMs = plan.training_started_ms + plan.training_ms;
  if (nowMs >= finishedMs) {
    // A failing video is only found bad once processing ends, so progress reaches 100 first.
    return {
      status: plan.training_fails ? "error" : "completed",
      training_progress: "100/100",
      finished_ms: finishedMs,
    };
  }
  const percent = Math.min(
    99,
    Math.floor(((nowMs - plan.training_started_ms) / plan.training_ms) * 100),
  );
  return { status: "started", training_progress: `${Math.max(0, percent)}/100` };
}
