/**
 * ReplicaProvider: the CRUD of {@link Replica}, as a module (see
 * personaProvider.ts for why a module: a tiny `__provider` in state).
 *
 * The table (../definitions/replica.ts) gives check, diff, outputs and read;
 * what is Replica's own: the exclusive training sources, the training wait,
 * the rename endpoint and the hard flag.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  replicaDefinition as definition,
  type ReplicaInputs,
  type ReplicaOutputs,
} from "../definitions/replica";
import { hardDeleteInForce, tavusClient } from "../settings";
import type { CreateReplicaRequest, ReplicaWire } from "../wire";
import { recentScan } from "./createdBy";
import { createOnce } from "./createOnce";
import { createdButFailed, resourceError } from "./errors";
import { waitFor } from "./waitFor";
import { checkInputs } from "./checkInputs";
import { diffInputs } from "./diffInputs";
import { requestBody, serverOutputNames } from "./documents";
import { outputsFrom } from "./outputs";
import { deleteIgnoringGone, readOrGone } from "./readOrGone";

export type { ReplicaInputs, ReplicaOutputs } from "../definitions/replica";

const DEFAULT_TRAINING_TIMEOUT_SECONDS = 3600;
/** Statuses of a replica still training (`training` is an old spec's word). */
const TRAINING = new Set<string>(["started", "training"]);

export { configure } from "../settings";

/** The table's checks, plus the training sources: a video, or an image with a voice. */
export async function check(
  olds: ReplicaInputs,
  news: ReplicaInputs,
): Promise<pulumi.dynamic.CheckResult<ReplicaInputs>> {
  const own: pulumi.dynamic.CheckFailure[] = [];
  const hasVideo = news.trainVideoUrl !== undefined;
  const hasImage = news.trainImageUrl !== undefined;
  // A replica imported (or adopted) has no training source in state, Get never
  // shows one, and none is needed to keep it: only a create needs one.
  const keptWithoutSource =
    olds?.trainVideoUrl === undefined &&
    olds?.trainImageUrl === undefined &&
    Object.keys(olds ?? {}).length > 0;
  if (hasVideo && hasImage) {
    own.push({
      property: "trainImageUrl",
      reason: "trainVideoUrl and trainImageUrl are exclusive: keep one",
    });
  } else if (!hasVideo && !hasImage && news.adoptId === undefined && !keptWithoutSource) {
    own.push({
      property: "trainVideoUrl",
      reason: "is required: set trainVideoUrl, or trainImageUrl with voiceName",
    });
  }
  if (hasImage && news.voiceName === undefined) {
    own.push({
      property: "voiceName",
      reason: 'is required with trainImageUrl: a stock voice slug such as "anna"',
    });
  }
  return checkInputs(definition, news, own);
}

/** Training inputs replace (new replica first); the name changes in place; options are recorded. */
export async function diff(
  id: string,
  olds: ReplicaOutputs,
  news: ReplicaInputs,
): Promise<pulumi.dynamic.DiffResult> {
  return diffInputs(definition, olds, news, id);
}

/** POST; with `waitForTraining`, polls until training ends. A failed training keeps the id in state. */
export async function create(
  inputs: ReplicaInputs,
): Promise<pulumi.dynamic.CreateResult<ReplicaOutputs>> {
  if (inputs.adoptId) return { id: inputs.adoptId, outs: await adopt(inputs.adoptId, inputs) };
  const client = tavusClient();
  const body = requestBody(definition, inputs) as CreateReplicaRequest;
  let replicaId: string;
  try {
    ({ id: replicaId } = await createOnce({
      kind: "replica",
      body,
      post: () => client.replicas.create(body),
      idOf: (answer) => answer.replica_id,
      lookup: recentScan(client, definition, body),
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
export async function read(
  id: string,
  props?: ReplicaOutputs,
): Promise<pulumi.dynamic.ReadResult<ReplicaOutputs>> {
  return readOrGone<ReplicaOutputs>(definition, id, props, (replicaId) =>
    tavusClient().replicas.retrieve(replicaId),
  );
}

/** Renames with one PATCH when the name changed; options are just recorded. */
export async function update(
  id: string,
  olds: ReplicaOutputs,
  news: ReplicaInputs,
): Promise<pulumi.dynamic.UpdateResult<ReplicaOutputs>> {
  if (news.replicaName !== undefined && news.replicaName !== olds.replicaName) {
    try {
      await tavusClient().replicas.rename(id, news.replicaName);
    } catch (e) {
      throw resourceError("replica", id, "rename", e);
    }
  }
  // Server fields stay as they were; an unset name keeps the server's (it is not managed).
  const kept = Object.entries(olds).filter(
    ([name]) => name === "replicaName" || serverOutputNames(definition).includes(name),
  );
  const outs = { ...Object.fromEntries(kept), ...news } as ReplicaOutputs;
  // A replica whose training had not finished (or failed) is waited for again.
  if (news.waitForTraining && !isTrained(olds.status)) return { outs: await settle(id, outs) };
  return { outs };
}

/** DELETE ?hard=<flag in state, else stack default>; already gone counts as done. */
async function delete_(id: string, props: ReplicaOutputs): Promise<void> {
  await deleteIgnoringGone(definition, id, () =>
    tavusClient().replicas.delete(id, { hard: hardDeleteInForce(props) }),
  );
}
/** DELETE, as the engine calls it (`delete` is a reserved word for a function name). */
export { delete_ as delete };

// ------------------------------------------------------------ helpers

/**
 * Takes an existing replica over: one GET, and a rename only if the name
 * differs. Training inputs are not returned by the API: they are recorded as
 * the program gives them, never sent (a trained replica cannot be retrained).
 */
async function adopt(id: string, inputs: ReplicaInputs): Promise<ReplicaOutputs> {
  const client = tavusClient();
  let live: ReplicaWire;
  try {
    live = await client.replicas.retrieve(id);
  } catch (e) {
    throw resourceError("replica", id, "adopt (reading the live replica)", e);
  }
  if (inputs.replicaName !== undefined && inputs.replicaName !== live.replica_name) {
    try {
      await client.replicas.rename(id, inputs.replicaName);
    } catch (e) {
      throw resourceError("replica", id, "adopt (renaming)", e);
    }
    live = { ...live, replica_name: inputs.replicaName };
  }
  return outputsFrom<ReplicaOutputs>(definition, live, inputs);
}

/** Reads the replica back, waiting for training when asked; failures keep the id. */
async function settle(replicaId: string, inputs: ReplicaInputs): Promise<ReplicaOutputs> {
  let replica: ReplicaWire;
  try {
    replica = inputs.waitForTraining
      ? await waitForTraining(
          replicaId,
          inputs.trainingTimeoutSeconds ?? DEFAULT_TRAINING_TIMEOUT_SECONDS,
        )
      : await tavusClient().replicas.retrieve(replicaId);
  } catch (e) {
    throw createdButFailed(
      "replica",
      replicaId,
      { ...inputs, replicaId, status: "unknown" },
      (e as Error).message,
      inputs,
    );
  }
  const outs = outputsFrom<ReplicaOutputs>(definition, replica, inputs);
  if (replica.status === "error") {
    throw createdButFailed(
      "replica",
      replicaId,
      outs,
      `its training failed: ${replica.error_message ?? "no reason given"}`,
      inputs,
    );
  }
  return outs;
}

/** Polls Get Replica until training ends or time runs out. */
function waitForTraining(replicaId: string, timeoutSeconds: number): Promise<ReplicaWire> {
  const client = tavusClient();
  return waitFor({
    read: () => client.replicas.retrieve(replicaId),
    status: (replica) => replica.status,
    settled: ["completed", "ready", "error"],
    pending: [...TRAINING],
    timeoutSeconds,
    what: "training",
    kind: "replica",
    timeoutInput: "trainingTimeoutSeconds",
    progress: (replica) => replica.training_progress,
  });
}

/** `ready` (training callback wording) means the same as `completed`. */
function isTrained(status: string | undefined): boolean {
  return status === "completed" || status === "ready";
}
