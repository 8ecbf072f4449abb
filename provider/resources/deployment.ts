/**
 * Deployment: a PAL (persona) published on a website widget, an embed or a
 * landing page (`channel`), with its `customization`, `limits`,
 * `allowedOrigins` and an optional `password` (write-only, kept encrypted in
 * state). Another PAL or channel replaces it, the new one first. A web page
 * needs its `deploymentId` (the public `init` and `start` endpoints take it).
 * Fields and their rules: ../definitions/deployment.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  deploymentDefinition,
  type DeploymentInputs,
  type DeploymentOutputs,
} from "../definitions/deployment";
import type { ArgsOf, OutputPropertiesOf } from "../definitions/table";
import * as DeploymentProvider from "./deploymentProvider";
import { idFromResource } from "./idFromResource";
import type { Persona } from "./persona";
import { providerModule, TavusResource } from "./tavusResource";

/** The inputs of a {@link Deployment}: the API's fields in camelCase; `palId`, or `pal`. */
export type DeploymentArgs = ArgsOf<DeploymentInputs> & {
  /** A Persona resource: sets `palId`. */
  pal?: Persona;
};

/** The output properties, typed from the definition (declaration merging with the class). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Deployment extends OutputPropertiesOf<DeploymentOutputs> {}

/** A Tavus deployment. Type token `pulumi-nodejs:dynamic/tavus:Deployment`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Deployment extends TavusResource {
  constructor(name: string, args: DeploymentArgs, opts: pulumi.CustomResourceOptions = {}) {
    const withPal = idFromResource("Deployment", name, args, "pal", "palId");
    const inputs = {
      ...withPal,
      // Write-only: encrypted in state, never shown in a preview.
      ...(withPal.password === undefined ? {} : { password: pulumi.secret(withPal.password) }),
    };
    const provider = providerModule<DeploymentInputs, DeploymentOutputs>(DeploymentProvider);
    super(deploymentDefinition, provider, name, inputs, {
      ...opts,
      additionalSecretOutputs: [...(opts.additionalSecretOutputs ?? []), "password"],
    });
  }
}
