/**
 * Replica: a Tavus replica (the video face), trained from a video, or from an
 * image with a stock voice. Only `replicaName` changes in place; every other
 * training input trains a new replica (created before the old one is deleted).
 * Fields and their rules: ../definitions/replica.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import { replicaDefinition, type ReplicaInputs, type ReplicaOutputs } from "../definitions/replica";
import type { ArgsOf, OutputPropertiesOf } from "../definitions/table";
import * as ReplicaProvider from "./replicaProvider";
import { providerModule, TavusResource } from "./tavusResource";

/**
 * The inputs of a {@link Replica}: `trainVideoUrl` (or `trainImageUrl` with
 * `voiceName`), `consentVideoUrl`, `replicaName`, `callbackUrl`, `modelName`,
 * `properties`; and the options `hardDelete` (@default the stack's
 * `tavus:hardDelete`, else false), `waitForTraining` (@default false) and
 * `trainingTimeoutSeconds` (@default 3600).
 */
export type ReplicaArgs = ArgsOf<ReplicaInputs>;

/** The output properties, typed from the definition (declaration merging with the class). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Replica extends OutputPropertiesOf<ReplicaOutputs> {}

/** A Tavus replica. Type token `pulumi-nodejs:dynamic/tavus:Replica`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Replica extends TavusResource {
  constructor(name: string, args: ReplicaArgs, opts: pulumi.CustomResourceOptions = {}) {
    const provider = providerModule<ReplicaInputs, ReplicaOutputs>(ReplicaProvider);
    super(replicaDefinition, provider, name, args, opts);
  }
}
