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
import type { Document } from "./document";
import type { Guardrail } from "./guardrail";
import type { GuardrailSet } from "./guardrailSet";
import type { Objectives } from "./objectives";
import * as PersonaProvider from "./personaProvider";
import type { PronunciationDictionary } from "./pronunciationDictionary";
import { providerModule, TavusResource } from "./tavusResource";
import type { Tool } from "./tool";

/** What a persona points at, given as the resources themselves, so Pulumi orders creation and deletion. */
export interface PersonaReferences {
  /** Sets `objectivesId`. */
  objectives?: Objectives;
  /** Sets `guardrailIds` (at most 50). */
  guardrails?: Guardrail[];
  /** A legacy set: sets `guardrailsId`. */
  guardrailSet?: GuardrailSet;
  /** Sets `layers.tts.pronunciationDictionaryId`. */
  pronunciationDictionary?: PronunciationDictionary;
  /** Sets `documentIds`: the knowledge-base documents it answers from. */
  documents?: Document[];
  /** Sets `toolIds`: the tools attached to it (a tool removed from the list is detached, not deleted). */
  tools?: Tool[];
}

/**
 * The inputs of a {@link Persona}: the API's persona fields in camelCase
 * (`personaName`, `systemPrompt`, `layers.conversationalFlow.turnTakingPatience`…),
 * the resources it points at ({@link PersonaReferences}), and `adoptId` to take
 * over an existing persona instead of creating one.
 */
export type PersonaArgs = ArgsOf<Omit<PersonaInputs, "layerSecrets">> & PersonaReferences;

/** The output properties, typed from the definition (declaration merging with the class). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Persona extends OutputPropertiesOf<PersonaOutputs> {}

/** A Tavus persona. Type token `pulumi-nodejs:dynamic/tavus:Persona`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Persona extends TavusResource {
  constructor(name: string, args: PersonaArgs, opts: pulumi.CustomResourceOptions = {}) {
    const {
      objectives,
      guardrails,
      guardrailSet,
      pronunciationDictionary,
      documents,
      tools,
      ...fields
    } = args;
    const both = (resource: unknown, id: unknown, names: string) => {
      if (resource !== undefined && id !== undefined)
        throw new Error(`Persona ${name}: give ${names}, not both`);
    };
    both(objectives, fields.objectivesId, "objectives or objectivesId");
    both(guardrails, fields.guardrailIds, "guardrails or guardrailIds");
    both(guardrailSet, fields.guardrailsId, "guardrailSet or guardrailsId");
    both(documents, fields.documentIds, "documents or documentIds");
    both(tools, fields.toolIds, "tools or toolIds");
    // Resource ids, not id outputs: an id stays known while the other resource
    // is updated, so a preview does not show a spurious change here.
    const withReferences = {
      ...fields,
      ...(objectives ? { objectivesId: objectives.id } : {}),
      ...(guardrails ? { guardrailIds: guardrails.map((g) => g.id) } : {}),
      ...(guardrailSet ? { guardrailsId: guardrailSet.id } : {}),
      ...(documents ? { documentIds: documents.map((d) => d.id) } : {}),
      ...(tools ? { toolIds: tools.map((t) => t.id) } : {}),
      ...(pronunciationDictionary
        ? { layers: withDictionary(fields.layers, pronunciationDictionary, name) }
        : {}),
    };
    const provider = providerModule<PersonaInputs, PersonaOutputs>(PersonaProvider);
    super(personaDefinition, provider, name, withReferences, opts, fields);
  }
}

/** The layers with `tts.pronunciationDictionaryId` set to the dictionary's id. */
function withDictionary(
  layers: PersonaArgs["layers"],
  dictionary: PronunciationDictionary,
  name: string,
) {
  return pulumi.all([layers, dictionary.id]).apply(([plain, id]) => {
    const tts = (plain as { tts?: Record<string, unknown> } | undefined)?.tts;
    if (tts?.pronunciationDictionaryId !== undefined) {
      throw new Error(
        `Persona ${name}: give pronunciationDictionary or layers.tts.pronunciationDictionaryId, not both`,
      );
    }
    return { ...(plain as object), tts: { ...tts, pronunciationDictionaryId: id } };
  });
}
