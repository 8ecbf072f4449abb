/**
 * Guardrail: one individual Tavus guardrail, a rule a persona keeps to
 * (`guardrailName`, `guardrailPrompt`, `modality`, `callbackUrl`, `tags`, `appMessage`).
 * A persona points at guardrails by id (`guardrailIds`) or tag (`guardrailTags`); a
 * TypeScript program may pass the resources instead (`guardrails: [g1, g2]`).
 * Fields and their rules: ../definitions/guardrail.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  guardrailDefinition,
  type GuardrailInputs,
  type GuardrailOutputs,
} from "../definitions/guardrail";
import type { ArgsOf, OutputPropertiesOf } from "../definitions/table";
import * as GuardrailProvider from "./guardrailProvider";
import { providerModule, TavusResource } from "./tavusResource";

/** The inputs of a {@link Guardrail}: the API's fields in camelCase. */
export type GuardrailArgs = ArgsOf<GuardrailInputs>;

/** The output properties, typed from the definition (declaration merging with the class). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Guardrail extends OutputPropertiesOf<GuardrailOutputs> {}

/** A Tavus Guardrail. Type token `pulumi-nodejs:dynamic/tavus:Guardrail`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Guardrail extends TavusResource {
  constructor(name: string, args: GuardrailArgs, opts: pulumi.CustomResourceOptions = {}) {
    const provider = providerModule<GuardrailInputs, GuardrailOutputs>(GuardrailProvider);
    super(guardrailDefinition, provider, name, args, opts);
  }
}
