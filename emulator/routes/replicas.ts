/**
 * `/v2/replicas` (docs/tavus-api/replicas.md): create (training starts), list, get,
 * rename, and soft or hard delete. Training state is computed on read.
 */
import {
  API_ERRORS,
  type CreateReplicaRequest,
  type CreateReplicaResponse,
  type ReplicaWire,
} from "../../provider/wire";
import { formatTimestamp, newId, nowTimestamp } from "../ids";
import {
  empty,
  error,
  hardFlag,
  newestFirst,
  ok,
  paginate,
  queryFlag,
  type Reply,
  type Route,
  type RouteDeps,
} from "../routing";
import type { ReplicaRecord, Store } from "../store";
import { TRAINING_ERROR_MESSAGE, trainingState, trainingWillFail } from "../training";
import {
  checkFields,
  isHttpUrl,
  isRecord,
  knownFields,
  object,
  string,
  type FieldChecks,
} from "../validate";

const REPLICA_CHECKS: FieldChecks<CreateReplicaRequest> = {
  train_video_url: string,
  train_image_url: string,
  voice_name: string,
  consent_video_url: string,
  replica_name: string,
  callback_url: string,
  model_name: string,
  properties: object,
};

/** The model a replica trains on when the request names none (the older docs' default). */
const DEFAULT_MODEL = "phoenix-3";

/** The replica routes. */
export function replicaRoutes({ store, settings, callbacks }: RouteDeps): Route[] {
  return [
    {
      method: "POST",
      pattern: "/v2/replicas",
      handler: ({ body, fields }) => {
        if (!isRecord(body)) return error(400, "Request body must be a JSON object");
        const problem = checkFields(body, REPLICA_CHECKS, "", fields);
        if (problem !== undefined) return error(400, problem);
        const request = knownFields(body, REPLICA_CHECKS) as CreateReplicaRequest;
        const footage = trainingFootage(request);
        if (typeof footage !== "string") return footage;
        const now = nowTimestamp();
        const record: ReplicaRecord = {
          replica_id: newId("r", (id) => store.has(id)),
          replica_type: "user",
          model_name: request.model_name ?? DEFAULT_MODEL,
          created_at: now,
          updated_at: now,
          training_started_ms: Date.now(),
          training_ms: settings.replicaTrainingMs,
          training_fails: trainingWillFail(footage),
          request: structuredClone(request),
        };
        if (request.replica_name !== undefined) record.replica_name = request.replica_name;
        store.replicas.set(record.replica_id, record);
        store.commit();
        callbacks.send(
          request.callback_url,
          () => trainingCallback(store, record.replica_id),
          record.training_ms,
        );
        const reply: CreateReplicaResponse = { replica_id: record.replica_id, status: "started" };
        return ok(reply);
      },
    },
    {
      method: "GET",
      pattern: "/v2/replicas",
      handler: ({ query, fields }) => {
        const ids = query
          .get("replica_ids")
          ?.split(",")
          .map((id) => id.trim())
          .filter((id) => id !== "");
        // Without replica_type the list holds the account's own replicas, unless
        // specific replica_ids are asked for, which may name stock ones.
        const type = query.get("replica_type") ?? (ids === undefined ? "user" : undefined);
        if (type !== undefined && type !== "user" && type !== "system") {
          return error(400, "Invalid replica_type: must be user or system");
        }
        const verbose = queryFlag(query, "verbose");
        const replicas = [...store.replicas.values()].filter(
          (r) =>
            r.deleted_at === undefined &&
            (type === undefined || r.replica_type === type) &&
            (ids === undefined || ids.includes(r.replica_id)),
        );
        return paginate(
          newestFirst(replicas).map((r) => replicaView(r, verbose)),
          query,
          fields,
        );
      },
    },
    {
      method: "GET",
      pattern: "/v2/replicas/:id",
      handler: ({ params, query }) => {
        const record = store.replicas.get(params["id"] ?? "");
        if (record === undefined) return error(400, API_ERRORS.invalidReplicaId);
        return ok(replicaView(record, queryFlag(query, "verbose")));
      },
    },
    {
      method: "PATCH",
      pattern: "/v2/replicas/:id/name",
      handler: ({ params, body, fields }) => {
        const record = ownReplica(store, params["id"] ?? "");
        if (record === undefined || record.deleted_at !== undefined)
          return error(400, API_ERRORS.invalidReplicaId);
        if (!isRecord(body))
          return error(400, 'Request body must be a JSON object: {"replica_name": "..."}');
        const problem = checkFields(body, { replica_name: string }, "", fields);
        const name = body["replica_name"];
        if (problem !== undefined) return error(400, problem);
        if (typeof name !== "string" || name === "")
          return error(400, "replica_name is required and must be a non-empty string");
        record.replica_name = name;
        record.updated_at = nowTimestamp();
        store.commit();
        // Documented as 200 with no body schema; one client expects 204 (docs/tavus-api/replicas.md#rename).
        return empty(settings.replicaWriteStatus);
      },
    },
    {
      method: "DELETE",
      pattern: "/v2/replicas/:id",
      handler: ({ params, query }) => {
        const hard = hardFlag(query);
        if (typeof hard !== "boolean") return hard;
        const record = ownReplica(store, params["id"] ?? "");
        if (record === undefined) return error(400, API_ERRORS.invalidReplicaId);
        if (hard) store.replicas.delete(record.replica_id);
        else if (record.deleted_at === undefined)
          record.deleted_at = record.updated_at = nowTimestamp();
        store.commit();
        return empty(settings.replicaWriteStatus); // documented as 200 (docs/tavus-api/replicas.md#delete)
      },
    },
  ];
}

/**
 * Whether a replica can be used by a new conversation: it exists, is not
 * deleted, and has finished training successfully.
 */
export function replicaIsReady(store: Store, id: string): boolean {
  const record = store.replicas.get(id);
  return (
    record !== undefined &&
    record.deleted_at === undefined &&
    trainingState(record).status === "completed"
  );
}

/**
 * The wire view of a replica at this moment (docs/tavus-api/replicas.md#get).
 * @param verbose Adds `replica_type`, which the API only sends with `verbose=true`.
 */
export function replicaView(record: ReplicaRecord, verbose: boolean): ReplicaWire {
  const training = trainingState(record);
  const finishedAt =
    training.finished_ms === undefined ? undefined : formatTimestamp(training.finished_ms * 1000);
  const view: ReplicaWire = {
    replica_id: record.replica_id,
    thumbnail_video_url:
      training.status === "completed"
        ? `https://tavus-emulator.invalid/replicas/${record.replica_id}/thumbnail.mp4`
        : null,
    training_progress: training.training_progress,
    status: record.deleted_at !== undefined ? "deleted" : training.status,
    created_at: record.created_at,
    // Training finishing is itself an update, though no request recorded it.
    updated_at:
      finishedAt !== undefined && finishedAt > record.updated_at ? finishedAt : record.updated_at,
    error_message: training.status === "error" ? TRAINING_ERROR_MESSAGE : null,
    model_name: record.model_name,
  };
  if (record.replica_name !== undefined) view.replica_name = record.replica_name;
  if (verbose) view.replica_type = record.replica_type;
  return view;
}

/**
 * The training callback (S16): `{replica_id, status:"ready"}`, or `status:"error"`
 * with `error_message`; nothing when the replica was hard-deleted meanwhile.
 */
function trainingCallback(store: Store, id: string): object | undefined {
  const record = store.replicas.get(id);
  if (record === undefined) return undefined;
  return record.training_fails
    ? { replica_id: id, status: "error", error_message: TRAINING_ERROR_MESSAGE }
    : { replica_id: id, status: "ready" };
}

/** A replica the account owns: stock replicas cannot be renamed or deleted. */
function ownReplica(store: Store, id: string): ReplicaRecord | undefined {
  const record = store.replicas.get(id);
  return record?.replica_type === "system" ? undefined : record;
}

/**
 * The footage URL to train on: `train_video_url`, or `train_image_url` with a
 * `voice_name` (the two are exclusive: docs/tavus-api/replicas.md#create). Only http(s) URLs are accepted.
 * @returns the URL, or a 400 reply saying which field is wrong.
 */
function trainingFootage(request: CreateReplicaRequest): string | Reply {
  const { train_video_url: video, train_image_url: image } = request;
  if (video !== undefined && image !== undefined) {
    return error(400, "Give either train_video_url or train_image_url (with voice_name), not both");
  }
  if (image !== undefined) {
    if (!isHttpUrl(image)) return error(400, "Invalid train_image_url");
    if (request.voice_name === undefined || request.voice_name === "") {
      return error(400, "voice_name is required when train_image_url is used");
    }
    return image;
  }
  if (video === undefined || !isHttpUrl(video)) return error(400, API_ERRORS.invalidTrainVideoUrl);
  return video;
}
