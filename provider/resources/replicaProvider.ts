/**
 * ReplicaProvider: the CRUD of {@link Replica}, as a module (see
 * personaProvider.ts for why a module: a tiny `__provider` in state).
 */
import type * as pulumi from "@pulumi/pulumi";
import { isGone } from "../client";
import { configureFromStack, tavusClient } from "../config";
import { containsUnknown } from "../diff";
import { toWire } from "../mapping";
import { schemas } from "../schema/validate";
import type { CreateReplicaRequest, ReplicaWire } from "../wire";
import { checkResult, hardDeleteFor, omit, optionFailures, schemaFailures } from "./checks";
import { createOnce } from "./createOnce";
import { createdButFailed, resourceError } from "./errors";

export interface ReplicaInputs {
  trainVideoUrl?: string;
  trainImageUrl?: string;
  voiceName?: string;
  consentVideoUrl?: string;
  replicaName?: string;
  callbackUrl?: string;
  modelName?: string;
  properties?: { gazeCorrection?: boolean; backgroundGreenScreen?: boolean };
  hardDelete?: boolean;
  waitForTraining?: boolean;
  trainingTimeoutSeconds?: number;
}

export interface ReplicaOutputs extends ReplicaInputs {
  replicaId: string;
  status: string;
  trainingProgress?: string;
  errorMessage?: string;
  thumbnailVideoUrl?: string;
  createdAt?: string;
  updatedAt?: string;
}

/** Training inputs: a change trains a new replica. */
export const REPLACE_ON_CHANGES = ["trainVideoUrl", "trainImageUrl", "voiceName", "consentVideoUrl", "callbackUrl", "modelName", "properties"] as const;
/** Changed in place through PATCH /v2/replicas/{id}/name. */
const RENAMEABLE = "replicaName";
/** Provider options: changing them calls no API, only records the new value. */
const PROVIDER_OPTIONS = { hardDelete: "boolean", waitForTraining: "boolean", trainingTimeoutSeconds: "positiveNumber" } as const;
const OUTPUT_FIELDS = ["replicaId", "status", "trainingProgress", "errorMessage", "thumbnailVideoUrl", "createdAt", "updatedAt"];

const DEFAULT_TRAINING_TIMEOUT_SECONDS = 3600;
/** Statuses of a replica still training (`training` is an old spec's word). */
const TRAINING = new Set<string>(["started", "training"]);
const POLL_FIRST_MS = 500;
const POLL_MAX_MS = 15_000;

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  configureFromStack(req.config);
}

export async function check(_olds: ReplicaInputs, news: ReplicaInputs): Promise<pulumi.dynamic.CheckResult<ReplicaInputs>> {
  const failures = [...schemaFailures(schemas.replica, requestBody(news)), ...optionFailures(news as Record<string, unknown>, PROVIDER_OPTIONS)];
  const hasVideo = news.trainVideoUrl !== undefined;
  const hasImage = news.trainImageUrl !== undefined;
  if (hasVideo && hasImage) {
    failures.push({ property: "trainImageUrl", reason: "trainVideoUrl and trainImageUrl are exclusive: keep one" });
  } else if (!hasVideo && !hasImage) {
    failures.push({ property: "trainVideoUrl", reason: "is required: set trainVideoUrl, or trainImageUrl with voiceName" });
  }
  if (hasImage && news.voiceName === undefined) {
    failures.push({ property: "voiceName", reason: 'is required with trainImageUrl: a stock voice slug such as "anna"' });
  }
  return checkResult(news, failures);
}

export async function diff(_id: string, olds: ReplicaOutputs, news: ReplicaInputs): Promise<pulumi.dynamic.DiffResult> {
  const changed = (key: keyof ReplicaInputs) => JSON.stringify(olds[key] ?? null) !== JSON.stringify(news[key] ?? null);
  const replaces = REPLACE_ON_CHANGES.filter(changed);
  // An unset name is not managed: the server's own name is not drift.
  const renamed = news.replicaName !== undefined && changed(RENAMEABLE);
  const inPlace = Object.keys(PROVIDER_OPTIONS).filter((k) => changed(k as keyof ReplicaInputs));
  if (renamed) inPlace.push(RENAMEABLE);
  return { changes: replaces.length > 0 || inPlace.length > 0 || containsUnknown(news), replaces: [...replaces], deleteBeforeReplace: false };
}

/** POST; with `waitForTraining`, polls until training ends. A failed training keeps the id in state. */
export async function create(inputs: ReplicaInputs): Promise<pulumi.dynamic.CreateResult<ReplicaOutputs>> {
  const client = tavusClient();
  const body = requestBody(inputs);
  let replicaId: string;
  try {
    ({ id: replicaId } = await createOnce({
      kind: "replica",
      body,
      post: () => client.replicas.create(body),
      idOf: (answer) => answer.replica_id,
      // The API does not return training URLs: a recent replica with our name (and model) is ours.
      lookup: {
        listPage: (page) => client.replicas.list({ page, limit: 100, replicaType: "user" }),
        id: (r) => r.replica_id,
        createdAt: (r) => r.created_at,
        matches: (r) =>
          r.status !== "deleted" &&
          (r.replica_name ?? null) === (body.replica_name ?? r.replica_name ?? null) &&
          (!body.model_name || !r.model_name || r.model_name === body.model_name),
      },
      clock: client,
    }));
  } catch (e) {
    throw resourceError("replica", undefined, "create", e);
  }
  return { id: replicaId, outs: await settle(replicaId, inputs) };
}

/**
 * Get Replica; gone or soft-deleted means an empty id. A status we do not know is
 * recorded as the API said it (only waiting for training needs to understand it).
 */
export async function read(id: string, props: ReplicaOutputs): Promise<pulumi.dynamic.ReadResult<ReplicaOutputs>> {
  let replica: ReplicaWire;
  try {
    replica = await tavusClient().replicas.retrieve(id);
  } catch (e) {
    if (isGone(e, "replica")) return { id: "" };
    throw resourceError("replica", id, "read", e);
  }
  if (replica.status === "deleted") return { id: "" };
  const outs = outputsFrom(replica, props);
  // Only the name can be read back and drift; training inputs are not returned by the API.
  return { id, props: outs, inputs: omit(outs, OUTPUT_FIELDS) as unknown as ReplicaOutputs };
}

/** Renames with one PATCH when the name changed; options are just recorded. */
export async function update(id: string, olds: ReplicaOutputs, news: ReplicaInputs): Promise<pulumi.dynamic.UpdateResult<ReplicaOutputs>> {
  if (news.replicaName !== undefined && news.replicaName !== olds.replicaName) {
    try {
      await tavusClient().replicas.rename(id, news.replicaName);
    } catch (e) {
      throw resourceError("replica", id, "rename", e);
    }
  }
  const outs: ReplicaOutputs = { ...pickOutputs(olds), ...news };
  // A replica whose training had not finished (or failed) is waited for again.
  if (news.waitForTraining && !isTrained(olds.status)) return { outs: await settle(id, outs) };
  return { outs };
}

/** DELETE ?hard=<flag in state, else stack default>; already gone counts as done. */
async function delete_(id: string, props: ReplicaOutputs): Promise<void> {
  try {
    await tavusClient().replicas.delete(id, { hard: hardDeleteFor(props) });
  } catch (e) {
    if (isGone(e, "replica")) return;
    throw resourceError("replica", id, "delete", e);
  }
}
export { delete_ as delete };

// ------------------------------------------------------------ helpers

/** Reads the replica back, waiting for training when asked; failures keep the id. */
async function settle(replicaId: string, inputs: ReplicaInputs): Promise<ReplicaOutputs> {
  let replica: ReplicaWire;
  try {
    replica = inputs.waitForTraining
      ? await waitForTraining(replicaId, inputs.trainingTimeoutSeconds ?? DEFAULT_TRAINING_TIMEOUT_SECONDS)
      : await tavusClient().replicas.retrieve(replicaId);
  } catch (e) {
    throw createdButFailed("replica", replicaId, { ...inputs, replicaId, status: "unknown" }, (e as Error).message);
  }
  const outs = outputsFrom(replica, inputs);
  if (replica.status === "error") {
    throw createdButFailed("replica", replicaId, outs, `its training failed: ${replica.error_message ?? "no reason given"}`);
  }
  return outs;
}

/** Polls Get Replica with capped exponential backoff until training ends or time runs out. */
async function waitForTraining(replicaId: string, timeoutSeconds: number): Promise<ReplicaWire> {
  const client = tavusClient();
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (let delay = POLL_FIRST_MS; ; delay = Math.min(delay * 2, POLL_MAX_MS)) {
    const replica = await client.replicas.retrieve(replicaId);
    if (isTrained(replica.status) || replica.status === "error") return replica;
    if (!TRAINING.has(replica.status)) {
      throw new Error(
        `Tavus answered an unknown replica status "${String(replica.status)}" (expected started, completed, ready or error); check the replica in the Tavus dashboard`,
      );
    }
    if (Date.now() + delay > deadline) {
      throw new Error(
        `training did not finish within ${timeoutSeconds} s (status "${replica.status}", progress ${replica.training_progress ?? "unknown"}); raise trainingTimeoutSeconds or run "pulumi up" again to keep waiting`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** `ready` (training callback wording) means the same as `completed`. */
function isTrained(status: string | undefined): boolean {
  return status === "completed" || status === "ready";
}

function requestBody(inputs: ReplicaInputs): CreateReplicaRequest {
  return toWire<CreateReplicaRequest>(omit(inputs, [...Object.keys(PROVIDER_OPTIONS), ...OUTPUT_FIELDS, "__provider"]));
}

function outputsFrom(replica: ReplicaWire, inputs: ReplicaInputs): ReplicaOutputs {
  const outs: ReplicaOutputs = { ...(omit(inputs, [...OUTPUT_FIELDS, "__provider"]) as ReplicaInputs), replicaId: replica.replica_id, status: replica.status };
  if (replica.replica_name) outs.replicaName = replica.replica_name;
  if (replica.training_progress) outs.trainingProgress = replica.training_progress;
  if (replica.error_message) outs.errorMessage = replica.error_message;
  if (replica.thumbnail_video_url) outs.thumbnailVideoUrl = replica.thumbnail_video_url;
  if (replica.created_at) outs.createdAt = replica.created_at;
  if (replica.updated_at) outs.updatedAt = replica.updated_at;
  return outs;
}

function pickOutputs(olds: ReplicaOutputs): ReplicaOutputs {
  const outs: Record<string, unknown> = {};
  for (const key of OUTPUT_FIELDS)
    if ((olds as unknown as Record<string, unknown>)[key] !== undefined) outs[key] = (olds as unknown as Record<string, unknown>)[key];
  return outs as unknown as ReplicaOutputs;
}
