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
import { applyOperations, containsUnknown, patchOperations, touchedFields, withPreconditions } from "../diff";
import { toWire } from "../mapping";
import { schemas } from "../schema/validate";
import type { PersonaWire } from "../wire";
import { checkResult, omit, schemaFailures } from "./checks";
import { createOnce } from "./createOnce";
import { createdButFailed, resourceError } from "./errors";
import {
  desiredDocument,
  liveDocument,
  mergeLayerSecrets,
  operationsAgainstLive,
  outputsFrom,
  PROVIDER_ONLY_INPUTS,
  type PersonaInputs,
  type PersonaOutputs,
} from "./personaDocument";

export type { PersonaInputs, PersonaOutputs } from "./personaDocument";

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
      body: desired,
      post: () => client.personas.create(desired),
      idOf: (answer) => answer.persona_id,
      lookup: {
        listPage: (page) => client.personas.list({ page, limit: 100, personaType: "user" }),
        id: (p) => p.persona_id,
        createdAt: (p) => p.created_at,
        // The managed document, normalized, is what we sent. A list item may be
        // abridged (no system_prompt): then, same name, compare the full persona.
        matches: async (p) =>
          isDeepStrictEqual(liveDocument(p), desired) ||
          (!("system_prompt" in p) &&
            (p.persona_name ?? null) === (desired.persona_name ?? null) &&
            isDeepStrictEqual(liveDocument(await client.personas.retrieve(p.persona_id)), desired)),
      },
      clock: client,
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
 * GET the live persona, PATCH the difference guarded by `test` ops (see
 * `withPreconditions` in ../diff.ts: only the paths being replaced or removed
 * are tested, so the common case stays one GET and one PATCH). When the guard
 * fails (422: someone changed it in between), read again and recompute.
 */
async function patchToDesired(id: string, inputs: PersonaInputs, action: string): Promise<PersonaOutputs> {
  const client = tavusClient();
  let refused: PersonaWire | undefined;
  for (let round = 1; ; round++) {
    let live: PersonaWire;
    try {
      live = await client.personas.retrieve(id);
    } catch (e) {
      throw resourceError("persona", id, `${action} (reading the live persona)`, e);
    }
    if (refused && isDeepStrictEqual(refused, live)) {
      // Nothing changed, so the 422 was not a race: retrying would only repeat it.
      throw new Error(
        `Tavus persona ${id}: ${action} failed: the API refused the patch (HTTP 422) although the persona had not changed since it was read, ` +
          `so the operations do not fit its document (paths ${operationsAgainstLive(live, inputs)
            .map((op) => op.path)
            .join(", ")}). This is a pulumi-tavus bug: please report it`,
      );
    }
    const operations = operationsAgainstLive(live, inputs);
    if (operations.length === 0) return outputsFrom(live, inputs);
    try {
      const result = await client.personas.update(id, withPreconditions(live, operations));
      const after = result.persona ?? applyOperations(live, operations);
      return outputsFrom(after, inputs);
    } catch (e) {
      const raced = isTavusApiError(e) && e.status === 422;
      if (raced && round < PATCH_ROUNDS) {
        refused = live;
        continue;
      }
      const doing = `${action} (patching ${touchedFields(operations).join(", ")}${raced ? `; it changed under us in each of ${round} rounds` : ""})`;
      throw resourceError("persona", id, doing, e);
    }
  }
}
