// A replica trained from a video. Renaming is an in-place PATCH; any other
// training input trains a new replica (created before the old one is deleted).
import * as pulumi from "@pulumi/pulumi";
import { Replica } from "pulumi-tavus";

const config = new pulumi.Config();

const face = new Replica("face", {
  trainVideoUrl: config.get("trainVideoUrl") ?? "https://example.com/videos/training.mp4",
  replicaName: config.get("replicaName") ?? "Rio",
  waitForTraining: true,
  trainingTimeoutSeconds: 600,
  // Irrevocably removes the training footage on destroy.
  hardDelete: config.getBoolean("hardDelete") ?? false,
});

export const replicaId = face.replicaId;
export const status = face.status;
