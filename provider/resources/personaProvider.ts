/**
 * PersonaProvider: the CRUD of {@link Persona}, as a module.
 *
 * The provider is this module's exports object on purpose: Pulumi serializes a
 * module that lives under `node_modules` as a bare `require("pulumi-tavus/…")`,
 * so each resource's `__provider` is a few hundred bytes, captures no key and no
 * client, and an upgrade of the package reaches existing resources.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isDeepStrictEqual } from "node:util";
import { isGone, isTavusApiError } from "../client";
import { configureFromStack, tavusClient } from "../config";
import { applyOperations, containsUnknown, normalize, patchOperations, touchedFields, withPreconditions } from "../diff";
import { fromWire, isPlainObject, toWire } from "../mapping";
import { schemas } from "../schema/validate";
import { checkResult, omit, schemaFailures } from "./checks";
import { createOnce, scanRecent } from "./createOnce";
import type { JsonPatchOperation, PersonaFieldsWire, PersonaWire } from "../wire";
import { createdButFailed, resourceError } from "./errors";
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
const PROVIDER_ONLY_INPUTS = ["__provider", "layerSecrets", "adoptId", "personaId", "createdAt", "updatedAt"];

/** No API field forces a replacement (PATCH can change every one); only adopting another persona does. */
export const REPLACE_ON_CHANGES: readonly string[] = ["adoptId"];

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  configureFromStack(req.config);
}

/** Validates before any API call; failures name the property and the fix. */
export async function check(_olds: PersonaInputs, news: PersonaInputs): Promise<pulumi.dynamic.CheckResult<PersonaInputs>> {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  if ("hardDelete" in news) {
    failures.push({
      property: "hardDelete",
      reason: "personas have no hard delete in the Tavus API (DELETE /v2/personas/{id} takes no hard flag): remove hardDelete",
    });
  }
  const layers = mergeLayerSecrets(news.layers, news.layerSecrets);
  const document = toWire<Record<string, unknown>>({ ...omit(news, [...PROVIDER_ONLY_INPUTS, "hardDelete"]), ...(layers ? { layers } : {}) });
  failures.push(...schemaFailures(schemas.persona, document));
  return checkResult(news, failures);
}

/** Changes are the JSON Patch between what state holds and what the program wants. */
export async function diff(id: string, olds: PersonaOutputs, news: PersonaInputs): Promise<pulumi.dynamic.DiffResult> {
  if (containsUnknown(news)) return { changes: true };
  const operations = patchOperations(desiredDocument(olds), desiredDocument(news));
  const adoptChanged = (olds.adoptId ?? "") !== (news.adoptId ?? "");
  // Adopting another persona than the one managed is a replacement; dropping adoptId is not.
  const replaces = news.adoptId && news.adoptId !== id ? ["adoptId"] : [];
  return { changes: operations.length > 0 || adoptChanged, replaces };
}

/** POST, then read back; with `adoptId`, takes over the existing persona instead. */
export async function create(inputs: PersonaInputs): Promise<pulumi.dynamic.CreateResult<PersonaOutputs>> {
  if (inputs.adoptId) return adopt(inputs.adoptId, inputs);
  const client = tavusClient();
  const desired = desiredDocument(inputs) ?? {};
  let personaId: string;
  try {
    ({ id: personaId } = await createOnce({
      kind: "persona",
      post: () => client.personas.create(desired),
      idOf: (answer) => answer.persona_id,
      findMatches: (since) =>
        scanRecent(
          {
            listPage: (page) => client.personas.list({ page, limit: 100, personaType: "user" }),
            id: (p) => p.persona_id,
            createdAt: (p) => p.created_at,
            // A list item may be abridged (no system_prompt): then, same name, compare the full persona.
            matches: async (p) =>
              isDeepStrictEqual(liveDocument(p), desired) ||
              (!("system_prompt" in p) &&
                (p.persona_name ?? null) === (desired.persona_name ?? null) &&
                isDeepStrictEqual(liveDocument(await client.personas.retrieve(p.persona_id)), desired)),
          },
          since,
        ),
    }));
  } catch (e) {
    throw resourceError("persona", undefined, "create", e);
  }
  try {
    const persona = await client.personas.retrieve(personaId);
    return { id: personaId, outs: outputsFrom(persona, inputs) };
  } catch (e) {
    throw createdButFailed("persona", personaId, { ...inputs, personaId }, `reading it back failed: ${(e as Error).message}`);
  }
}

/** Get Persona; gone means an empty id, so `pulumi refresh` drops it. */
export async function read(id: string, props: PersonaOutputs): Promise<pulumi.dynamic.ReadResult<PersonaOutputs>> {
  let persona: PersonaWire;
  try {
    persona = await tavusClient().personas.retrieve(id);
  } catch (e) {
    if (isGone(e, "persona")) return { id: "" };
    throw resourceError("persona", id, "read", e);
  }
  const outs = outputsFrom(persona, props);
  const { personaId: _, createdAt: __, updatedAt: ___, ...inputs } = outs;
  // Returning inputs rewrites the stored inputs, so the next diff against the
  // program shows the drift.
  return { id, props: outs, inputs: inputs as PersonaOutputs };
}

/** One GET (to patch the live shape), then one PATCH with only what differs. */
export async function update(id: string, _olds: PersonaOutputs, news: PersonaInputs): Promise<pulumi.dynamic.UpdateResult<PersonaOutputs>> {
  return { outs: await patchToDesired(id, news, "update") };
}

/** DELETE; already gone counts as done. */
async function delete_(id: string): Promise<void> {
  try {
    await tavusClient().personas.delete(id);
  } catch (e) {
    if (isGone(e, "persona")) return;
    throw resourceError("persona", id, "delete", e);
  }
}
export { delete_ as delete };

// ------------------------------------------------------------ helpers

async function adopt(personaId: string, inputs: PersonaInputs): Promise<pulumi.dynamic.CreateResult<PersonaOutputs>> {
  return { id: personaId, outs: await patchToDesired(personaId, inputs, "adopt") };
}

/** Read-patch rounds before giving up on a persona that keeps changing under us. */
const PATCH_ROUNDS = 3;

/**
 * GET the live persona, PATCH the difference guarded by `test` ops; when the
 * guard fails (someone changed it in between: 422), read again and recompute.
 */
async function patchToDesired(id: string, inputs: PersonaInputs, action: string): Promise<PersonaOutputs> {
  const client = tavusClient();
  for (let round = 1; ; round++) {
    let live: PersonaWire;
    try {
      live = await client.personas.retrieve(id);
    } catch (e) {
      throw resourceError("persona", id, `${action} (reading the live persona)`, e);
    }
    const operations = operationsAgainstLive(live, inputs);
    if (operations.length === 0) return outputsFrom(live, inputs);
    try {
      const result = await client.personas.update(id, withPreconditions(live, operations));
      const after = result.persona ?? applyOperations(live, operations);
      return outputsFrom(after, inputs);
    } catch (e) {
      if (isTavusApiError(e) && e.status === 422 && round < PATCH_ROUNDS) continue;
      throw resourceError("persona", id, `${action} (patching ${touchedFields(operations).join(", ")}${round > 1 ? `, round ${round}` : ""})`, e);
    }
  }
}

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
  if (llmKey !== undefined || headers !== undefined) secrets.llm = { ...(llmKey === undefined ? {} : { apiKey: llmKey }), ...(headers === undefined ? {} : { headers }) };
  if (ttsKey !== undefined) secrets.tts = { apiKey: ttsKey };
  return { layers: plain, ...(Object.keys(secrets).length ? { secrets } : {}) };
}

function mergeLayerSecrets(layers: PersonaLayers | undefined, secrets: PersonaLayerSecrets | undefined): PersonaLayers | undefined {
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

