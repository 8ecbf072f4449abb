/**
 * Objectives: one objectives object of the Tavus API, the steps a conversation
 * goes through (`data`: `objectiveName`, `objectivePrompt`, `confirmationMode`,
 * `outputVariables`, `modality`, `nextConditionalObjectives`, `nextRequiredObjectives`,
 * `callbackUrl`). A persona points at it by id (`objectivesId`); a TypeScript
 * program may pass the resource instead (`objectives: <Objectives>`).
 * Fields and their rules: ../definitions/objectives.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  objectivesDefinition,
  type ObjectivesInputs,
  type ObjectivesOutputs,
} from "../definitions/objectives";
import type { ArgsOf, OutputPropertiesOf } from "../definitions/table";
import * as ObjectivesProvider from "./objectivesProvider";
import { providerModule, TavusResource } from "./tavusResource";

/** The inputs of a {@link Objectives}: the API's fields in camelCase. */
export type ObjectivesArgs = ArgsOf<ObjectivesInputs>;

/** The output properties, typed from the definition (declaration merging with the class). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Objectives extends OutputPropertiesOf<ObjectivesOutputs> {}

/** A Tavus Objectives. Type token `pulumi-nodejs:dynamic/tavus:Objectives`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Objectives extends TavusResource {
  constructor(name: string, args: ObjectivesArgs, opts: pulumi.CustomResourceOptions = {}) {
    const provider = providerModule<ObjectivesInputs, ObjectivesOutputs>(ObjectivesProvider);
    super(objectivesDefinition, provider, name, args, opts);
  }
}
