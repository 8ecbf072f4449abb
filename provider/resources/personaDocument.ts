/**
 * The mapping between a Persona's Pulumi inputs/outputs (camelCase, secrets in
 * `layerSecrets`) and the API's persona document (snake_case, secrets inside
 * the layers), normalized so that equal meaning compares equal.
 */
import { normalize, patchOperations } from "../diff";
import { fromWire, isPlainObject, toWire } from "../mapping";
import type { JsonPatchOperation, PersonaFieldsWire, PersonaWire } from "../wire";
import { omit } from "./checks";
import type { LlmLayer, PersonaLayers, PersonaLayerSecrets, TtsLayer } from "./personaLayers";

/** Plain inputs as the engine passes them (the resource's args, resolved). */
export interface PersonaInputs {
  personaName?: string;
  systemPrompt?: string;
  context?: string;
  pipelineMode?: "full" | "echo";
  defaultReplicaId?: string;
  documentIds?: string[];
  documentTags?: string[];
  objectivesId?: string;
  guardrailsId?: string;
  greeting?: string;
  layers?: PersonaLayers;
  layerSecrets?: PersonaLayerSecrets;
  adoptId?: string;
}

/** Outputs recorded in state. */
export interface PersonaOutputs extends PersonaInputs {
  personaId: string;
  createdAt?: string;
  updatedAt?: string;
}

/** Wire fields the user manages; everything else the server sets (ids, timestamps). */
const MANAGED_FIELDS = [
  "persona_name",
  "system_prompt",
  "context",
  "pipeline_mode",
  "default_replica_id",
  "document_ids",
  "document_tags",
  "objectives_id",
  "guardrails_id",
  "greeting",
  "layers",
] as const satisfies readonly (keyof PersonaFieldsWire)[];

/** Arrays whose order carries no meaning. */
const SET_LIKE = new Set(["document_ids", "document_tags"]);

/** Inputs that are ours, not the API's. */
export const PROVIDER_ONLY_INPUTS = ["__provider", "layerSecrets", "adoptId", "personaId", "createdAt", "updatedAt"];
/** The JSON Patch from the live persona to the desired one, in the live document's paths. */
export function operationsAgainstLive(live: PersonaWire, inputs: PersonaInputs): JsonPatchOperation[] {
  return patchOperations(liveDocument(live), desiredDocument(inputs));
}

/** The wire document the program asks for, normalized; secrets merged back into layers. */
export function desiredDocument(inputs: PersonaInputs): PersonaFieldsWire | undefined {
  const layers = mergeLayerSecrets(inputs.layers, inputs.layerSecrets);
  const fields = { ...omit(inputs, PROVIDER_ONLY_INPUTS), ...(layers ? { layers } : {}) };
  return normalize(pick(toWire<Record<string, unknown>>(fields)), SET_LIKE);
}

/** The managed part of a live persona, normalized. */
export function liveDocument(persona: PersonaWire): PersonaFieldsWire | undefined {
  return normalize(pick(persona as unknown as Record<string, unknown>), SET_LIKE);
}

/** State outputs from a live persona; provider-only inputs carried over from `previous`. */
export function outputsFrom(persona: PersonaWire, previous: PersonaInputs): PersonaOutputs {
  const managed = fromWire<PersonaInputs>(liveDocument(persona) ?? {});
  const { layers, secrets } = splitLayerSecrets(managed.layers);
  const outs: PersonaOutputs = { ...managed, personaId: persona.persona_id };
  if (layers) outs.layers = layers;
  else delete outs.layers;
  if (secrets) outs.layerSecrets = secrets;
  if (persona.created_at) outs.createdAt = persona.created_at;
  if (persona.updated_at) outs.updatedAt = persona.updated_at;
  if (previous.adoptId) outs.adoptId = previous.adoptId;
  return outs;
}

/** Moves `llm.apiKey`, `llm.headers` and `tts.apiKey` out of the layers. */
export function splitLayerSecrets(layers: PersonaLayers | undefined): { layers?: PersonaLayers; secrets?: PersonaLayerSecrets } {
  if (!isPlainObject(layers)) return {};
  const { llm, tts, ...rest } = layers;
  const { apiKey: llmKey, headers, ...llmRest }: LlmLayer = llm ?? {};
  const { apiKey: ttsKey, ...ttsRest }: TtsLayer = tts ?? {};
  const plain: PersonaLayers = { ...rest };
  if (llm) plain.llm = llmRest;
  if (tts) plain.tts = ttsRest;
  const secrets: PersonaLayerSecrets = {};
  if (llmKey !== undefined || headers !== undefined)
    secrets.llm = { ...(llmKey === undefined ? {} : { apiKey: llmKey }), ...(headers === undefined ? {} : { headers }) };
  if (ttsKey !== undefined) secrets.tts = { apiKey: ttsKey };
  return { layers: plain, ...(Object.keys(secrets).length ? { secrets } : {}) };
}

export function mergeLayerSecrets(layers: PersonaLayers | undefined, secrets: PersonaLayerSecrets | undefined): PersonaLayers | undefined {
  if (!secrets || !isPlainObject(secrets)) return layers;
  const merged: PersonaLayers = { ...(layers ?? {}) };
  if (secrets.llm) merged.llm = { ...(merged.llm ?? {}), ...secrets.llm };
  if (secrets.tts) merged.tts = { ...(merged.tts ?? {}), ...secrets.tts };
  return merged;
}

function pick(document: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of MANAGED_FIELDS) if (document[field] !== undefined) out[field] = document[field];
  return out;
}
