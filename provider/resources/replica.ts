/**
 * Replica: a Tavus replica (the video face), trained from a video, or from an
 * image with a stock voice. Only `replicaName` changes in place; every other
 * training input trains a new replica (created before the old one is deleted).
 */
import * as pulumi from "@pulumi/pulumi";
import * as ReplicaProvider from "./replicaProvider";

/** The inputs of a {@link Replica}. */
export interface ReplicaArgs {
  /** Training video (.mp4, H.264, ≥ 1 min). Exclusive with `trainImageUrl`. */
  trainVideoUrl?: pulumi.Input<string>;
  /** Training image; needs `voiceName`. Exclusive with `trainVideoUrl`. */
  trainImageUrl?: pulumi.Input<string>;
  /** Stock voice slug (e.g. `"anna"`), required with `trainImageUrl`. */
  voiceName?: pulumi.Input<string>;
  /** Consent video, required for a personal replica unless the training video opens with the consent statement. */
  consentVideoUrl?: pulumi.Input<string>;
  /** Display name; the only input that changes in place. */
  replicaName?: pulumi.Input<string>;
  /** Tavus calls this URL when training ends. */
  callbackUrl?: pulumi.Input<string>;
  /** @default "phoenix-4" (server side) */
  modelName?: pulumi.Input<string>;
  properties?: pulumi.Input<{ gazeCorrection?: pulumi.Input<boolean>; backgroundGreenScreen?: pulumi.Input<boolean> }>;
  /** Delete with `?hard=true` (irrevocable: training footage too). @default the stack's `tavus:hardDelete`, else false */
  hardDelete?: pulumi.Input<boolean>;
  /** Wait in `create` until training completes or fails. @default false */
  waitForTraining?: pulumi.Input<boolean>;
  /** Limit of that wait, in seconds. @default 3600 */
  trainingTimeoutSeconds?: pulumi.Input<number>;
}

/** A Tavus replica. Type token `pulumi-nodejs:dynamic/tavus:Replica`. */
export class Replica extends pulumi.dynamic.Resource {
  declare readonly replicaId: pulumi.Output<string>;
  /** `started`, `completed` (or `ready`), `error`. */
  declare readonly status: pulumi.Output<string>;
  /** e.g. `"100/100"`. */
  declare readonly trainingProgress: pulumi.Output<string | undefined>;
  /** Why training failed, in the API's words. */
  declare readonly errorMessage: pulumi.Output<string | undefined>;
  declare readonly thumbnailVideoUrl: pulumi.Output<string | undefined>;
  declare readonly replicaName: pulumi.Output<string | undefined>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: ReplicaArgs, opts: pulumi.CustomResourceOptions = {}) {
    const outputs = {
      replicaId: undefined,
      status: undefined,
      trainingProgress: undefined,
      errorMessage: undefined,
      thumbnailVideoUrl: undefined,
      createdAt: undefined,
      updatedAt: undefined,
    };
    super(ReplicaProvider, name, { ...args, ...outputs }, opts, "tavus", "Replica");
  }
}
