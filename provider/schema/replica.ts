/**
 * JSON Schema of POST /v2/replicas (tavus-api.md §4.1): a training video, or an
 * image with a stock voice, never both.
 */
import { httpUrl } from "./common";

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
    model_name: { type: "string", minLength: 1, "x-hint": 'e.g. "phoenix-4" (the default) or "phoenix-3"' },
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
