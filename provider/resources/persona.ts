/**
 * Persona: a Tavus persona (system prompt, context and the layers that shape
 * the replica's LLM, voice, hearing and turn-taking), managed by Pulumi.
 *
 * Secrets inside layers (`llm.apiKey`, `llm.headers`, `tts.apiKey`) are moved to
 * the separate output `layerSecrets`, which Pulumi encrypts in state; the rest
 * of `layers` stays readable so `pulumi preview --diff` can show what changes.
 */
import * as pulumi from "@pulumi/pulumi";
import { splitLayerSecrets } from "./personaDocument";
import * as PersonaProvider from "./personaProvider";
import type { PersonaLayers, PersonaLayerSecrets } from "./personaLayers";

/** The inputs of a {@link Persona}. Field names are the API's, in camelCase. */
export interface PersonaArgs {
  /** Display name. */
  personaName?: pulumi.Input<string>;
  /** The LLM's system prompt. Required unless `pipelineMode` is `"echo"`. */
  systemPrompt?: pulumi.Input<string>;
  /** Extra context appended to the prompt. */
  context?: pulumi.Input<string>;
  /** `"full"` (the whole pipeline) or `"echo"` (you drive speech). @default "full" (server side) */
  pipelineMode?: pulumi.Input<"full" | "echo">;
  /** Replica used when a conversation names none. */
  defaultReplicaId?: pulumi.Input<string>;
  /** Knowledge-base documents. Order does not matter. */
  documentIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Knowledge-base document tags. Order does not matter. */
  documentTags?: pulumi.Input<pulumi.Input<string>[]>;
  objectivesId?: pulumi.Input<string>;
  guardrailsId?: pulumi.Input<string>;
  greeting?: pulumi.Input<string>;
  /** LLM, TTS, STT, perception, conversational flow and transport settings. */
  layers?: pulumi.Input<PersonaLayers>;
  /**
   * Take over an existing persona (made in the dashboard, say) instead of
   * creating one: the first `pulumi up` patches it to this desired state. Without
   * it, nothing that already exists is ever touched.
   */
  adoptId?: pulumi.Input<string>;
}

/** A Tavus persona. Type token `pulumi-nodejs:dynamic/tavus:Persona`. */
export class Persona extends pulumi.dynamic.Resource {
  declare readonly personaId: pulumi.Output<string>;
  declare readonly personaName: pulumi.Output<string | undefined>;
  declare readonly systemPrompt: pulumi.Output<string | undefined>;
  declare readonly context: pulumi.Output<string | undefined>;
  declare readonly pipelineMode: pulumi.Output<"full" | "echo" | undefined>;
  declare readonly defaultReplicaId: pulumi.Output<string | undefined>;
  declare readonly documentIds: pulumi.Output<string[] | undefined>;
  declare readonly documentTags: pulumi.Output<string[] | undefined>;
  declare readonly objectivesId: pulumi.Output<string | undefined>;
  declare readonly guardrailsId: pulumi.Output<string | undefined>;
  declare readonly greeting: pulumi.Output<string | undefined>;
  declare readonly layers: pulumi.Output<PersonaLayers | undefined>;
  /** Always a Pulumi secret. */
  declare readonly layerSecrets: pulumi.Output<PersonaLayerSecrets | undefined>;
  declare readonly adoptId: pulumi.Output<string | undefined>;
  /** ISO-8601 UTC, set by Tavus. */
  declare readonly createdAt: pulumi.Output<string>;
  /** ISO-8601 UTC, set by Tavus on every change. */
  declare readonly updatedAt: pulumi.Output<string>;

  constructor(name: string, args: PersonaArgs, opts: pulumi.CustomResourceOptions = {}) {
    const layers = pulumi.output(args.layers);
    const props = {
      ...args,
      // Strip the secret fields; `unsecret` because a secret apiKey would
      // otherwise mark the whole of `layers` secret and hide every diff.
      layers: pulumi.unsecret(layers.apply((l) => splitLayerSecrets(l).layers)),
      // Only when there may be secrets: an always-present secret(undefined)
      // shows as "+ layerSecrets: [secret]" in every preview after a refresh.
      layerSecrets: mayHoldSecrets(args.layers) ? pulumi.secret(layers.apply((l) => splitLayerSecrets(l).secrets)) : undefined,
      personaId: undefined,
      createdAt: undefined,
      updatedAt: undefined,
    };
    const secretOutputs = [...(opts.additionalSecretOutputs ?? []), "layerSecrets"];
    super(PersonaProvider, name, props, { ...opts, additionalSecretOutputs: secretOutputs }, "tavus", "Persona");
  }
}

/** False only when `layers` is plain data with no secret field: known without waiting for Outputs. */
function mayHoldSecrets(layers: PersonaArgs["layers"]): boolean {
  if (layers === undefined) return false;
  if (!isPlain(layers)) return true;
  const { llm, tts } = layers as { llm?: unknown; tts?: unknown };
  if (llm !== undefined && (!isPlain(llm) || "apiKey" in llm || "headers" in llm)) return true;
  return tts !== undefined && (!isPlain(tts) || "apiKey" in tts);
}

function isPlain(value: unknown): value is object {
  return typeof value === "object" && value !== null && !pulumi.Output.isInstance(value) && !(value instanceof Promise);
}
