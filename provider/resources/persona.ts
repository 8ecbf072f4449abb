/**
 * Persona: a Tavus persona (system prompt, context and the layers that shape
 * the replica's LLM, voice, hearing and turn-taking), managed by Pulumi.
 *
 * Secrets inside layers (`llm.apiKey`, `llm.headers`, `tts.apiKey`) are moved to
 * the separate output `layerSecrets`, which Pulumi encrypts in state; the rest
 * of `layers` stays readable so `pulumi preview --diff` can show what changes.
 * Fields and their rules: ../definitions/persona.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { personaDefinition, type PersonaInputs, type PersonaOutputs } from "../definitions/persona";
import type { ArgsOf, OutputPropertiesOf } from "../definitions/table";
import * as PersonaProvider from "./personaProvider";
import { providerModule, resourceProps, withSecretOutputs } from "./resourceProps";

/**
 * The inputs of a {@link Persona}: the API's persona fields in camelCase
 * (`personaName`, `systemPrompt`, `layers.conversationalFlow.turnTakingPatience`…),
 * and `adoptId` to take over an existing persona instead of creating one.
 */
export type PersonaArgs = ArgsOf<Omit<PersonaInputs, "layerSecrets">>;

// The class's output properties come from the definition (declaration merging).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Persona extends OutputPropertiesOf<PersonaOutputs> {}

/** A Tavus persona. Type token `pulumi-nodejs:dynamic/tavus:Persona`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Persona extends pulumi.dynamic.Resource {
  constructor(name: string, args: PersonaArgs, opts: pulumi.CustomResourceOptions = {}) {
    const provider = providerModule<PersonaInputs, PersonaOutputs>(PersonaProvider);
    super(provider, name, resourceProps(personaDefinition, args), withSecretOutputs(personaDefinition, opts), "tavus", personaDefinition.typeName);
  }
}
