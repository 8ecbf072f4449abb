/**
 * The Deployment definition: a PAL (persona) published on a channel, a
 * website widget, an embed or a landing page (docs/tavus-api/deployments.md),
 * and its table.
 */
import { stringArray, stringField } from "./common";
import { defineResource, type InputsOf, type OutputsOf } from "./table";

/** The channels a deployment publishes a PAL on. */
export const DEPLOYMENT_CHANNELS = ["widget", "embed", "landing-page"] as const;

/** JSON Schema of POST /v2/deployments. */
export const deploymentSchema = {
  $id: "tavus:deployment",
  type: "object",
  additionalProperties: false,
  required: ["pal_id", "channel"],
  properties: {
    pal_id: { type: "string", minLength: 1, "x-hint": 'a persona id, e.g. "p1234567890a"' },
    channel: { enum: DEPLOYMENT_CHANNELS },
    name: { type: "string", minLength: 1 },
    // Write-only: Get shows only has_password (see the table's writeOnly).
    password: {
      type: "string",
      minLength: 1,
      "x-hint": "a secret visitors must give: pass it from secret config",
    },
    // The docs list no members of these two: kept as written, keys and all.
    customization: { type: "object", "x-opaque": true },
    limits: { type: "object", "x-opaque": true },
    allowed_origins: {
      ...stringArray,
      "x-hint": 'the web origins that may embed it, e.g. ["https://example.com"]',
    },
  },
} as const;

/** The Deployment definition: schema and table. */
export const deploymentDefinition = defineResource({
  schema: deploymentSchema,
  kind: "deployment",
  typeName: "Deployment",
  idField: "deployment_id",
  // POST answers the deployment (docs/tavus-api/deployments.md#create).
  createAnswer: "whole",
  setLike: ["allowed_origins"],
  // Another PAL or another channel is another deployment: the new one is made first.
  replaceOnChanges: ["pal_id", "channel"],
  // Everything but the password comes back as sent.
  readBack: ["pal_id", "channel", "name", "customization", "limits", "allowed_origins"],
  writeOnly: ["password"],
  // PATCH carries If-Match with the GET's ETag; a stale one answers 412.
  ifMatch: true,
  patchConflictStatus: 412,
  options: { adopt_id: "string" },
  collection: "deployments",
  listing: {},
  nameOf: stringField("name"),
  folder: {
    name: "deployments",
    references: [{ path: ["pal_id"], folder: "personas" }],
    sampleId: "d0000000000",
  },
  // Counters and thumbnails move with use, never drift.
  serverOutputs: {
    has_password: "boolean",
    usage_total: "number",
    usage_today: "number",
    thumbnail_url: "string",
    created_at: "string",
    updated_at: "string",
  },
});

/** Plain inputs of a Deployment, as the engine passes them. */
export type DeploymentInputs = InputsOf<typeof deploymentDefinition>;
/** A Deployment's outputs in state. */
export type DeploymentOutputs = OutputsOf<typeof deploymentDefinition>;
