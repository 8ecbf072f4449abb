/**
 * The Replica definition: the JSON Schema of POST /v2/replicas (docs/tavus-api/replicas.md#create; a training video, or an image with a stock voice, never both) and its table.
 */
import { httpUrl, stringField } from "./common";
import { defineResource, type InputsOf, type OutputsOf } from "./table";

/** JSON Schema of POST /v2/replicas. */
export const replicaSchema = {
  $id: "tavus:replica",
  type: "object",
  additionalProperties: false,
  properties: {
    train_video_url: httpUrl,
    train_image_url: httpUrl,
    voice_name: { type: "string", minLength: 1, "x-hint": 'a stock voice slug such as "anna"' },
    consent_video_url: httpUrl,
    replica_name: { type: "string", minLength: 1, maxLength: 200 },
    callback_url: httpUrl,
    model_name: {
      type: "string",
      minLength: 1,
      "x-hint": 'e.g. "phoenix-4" (the default) or "phoenix-3"',
    },
    properties: {
      type: "object",
      additionalProperties: false,
      properties: {
        gaze_correction: { type: "boolean" },
        background_green_screen: { type: "boolean" },
      },
    },
  },
} as const;

/** The Replica definition: schema and table. */
export const replicaDefinition = defineResource({
  schema: replicaSchema,
  kind: "replica",
  typeName: "Replica",
  idField: "replica_id",
  // POST answers the id and status (docs/tavus-api/replicas.md#create).
  createAnswer: "partial",
  // Training inputs: a change trains a new replica, created before the old one is deleted.
  // replica_name, the only other field, changes in place (PATCH /v2/replicas/{id}/name).
  replaceOnChanges: [
    "train_video_url",
    "train_image_url",
    "voice_name",
    "consent_video_url",
    "callback_url",
    "model_name",
    "properties",
  ],
  // Get Replica returns the name, not the training inputs.
  readBack: ["replica_name"],
  // Tavus names a replica the program did not name: that name is not drift.
  serverDefaulted: ["replica_name"],
  options: {
    hard_delete: "boolean",
    wait_for_training: "boolean",
    training_timeout_seconds: "positiveNumber",
    adopt_id: "string",
  },
  collection: "replicas",
  listing: { query: { replica_type: "user" }, own: (r) => r.status !== "deleted" },
  // Get does not return training URLs: name and model are what is visible.
  createdBy: (body, r) =>
    (r.replica_name ?? null) === (body.replica_name ?? r.replica_name ?? null) &&
    (!body.model_name || !r.model_name || r.model_name === body.model_name),
  nameOf: stringField("replica_name"),
  folder: {
    name: "replicas",
    aliases: [
      { legacy: ["replica_id"], current: ["face_id"] },
      { legacy: ["replica_name"], current: ["face_name"] },
    ],
    sampleId: "r0000000000",
  },
  serverOutputs: {
    status: "string",
    training_progress: "string",
    error_message: "string",
    thumbnail_video_url: "string",
    created_at: "string",
    updated_at: "string",
  },
  goneStatuses: ["deleted"],
});

/** Plain inputs of a Replica, as the engine passes them. */
export type ReplicaInputs = InputsOf<typeof replicaDefinition>;
/** A Replica's outputs in state. */
export type ReplicaOutputs = OutputsOf<typeof replicaDefinition>;
