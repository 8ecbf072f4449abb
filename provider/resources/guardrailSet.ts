/**
 * GuardrailSet: a legacy Tavus guardrail set (`name`, `data` list of guardrails),
 * which personas point at by id (`guardrailsId`); a TypeScript program may pass
 * the resource instead (`guardrailSet: <GuardrailSet>`).
 * Fields and their rules: ../definitions/guardrailSet.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  guardrailSetDefinition,
  type GuardrailSetInputs,
  type GuardrailSetOutputs,
} from "../definitions/guardrailSet";
import type { ArgsOf, OutputPropertiesOf } from "../definitions/table";
import * as GuardrailSetProvider from "./guardrailSetProvider";
import { providerModule, TavusResource } from "./tavusResource";

/** The inputs of a {@link GuardrailSet}: the API's fields in camelCase. */
export type GuardrailSetArgs = ArgsOf<GuardrailSetInputs>;

/** The output properties, typed from the definition (declaration merging with the class). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface GuardrailSet extends OutputPropertiesOf<GuardrailSetOutputs> {}

/** A Tavus GuardrailSet. Type token `pulumi-nodejs:dynamic/tavus:GuardrailSet`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class GuardrailSet extends TavusResource {
  constructor(name: string, args: GuardrailSetArgs, opts: pulumi.CustomResourceOptions = {}) {
    const provider = providerModule<GuardrailSetInputs, GuardrailSetOutputs>(GuardrailSetProvider);
    super(guardrailSetDefinition, provider, name, args, opts);
  }
}
