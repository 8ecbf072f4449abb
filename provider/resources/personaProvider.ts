/**
 * PersonaProvider: the CRUD of {@link Persona}, as a module.
 *
 * The provider is this module's exports object on purpose: Pulumi serializes a
 * module that lives under `node_modules` as a bare `require("pulumi-tavus/…")`,
 * so each resource's `__provider` is a few hundred bytes, captures no key and no
 * client, and an upgrade of the package reaches existing resources.
 *
 * The table (../definitions/persona.ts) gives check, diff, outputs and read;
 * what is Persona's own: PATCH against the live document, guarded against lost
 * updates, and adoption of an existing persona.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isDeepStrictEqual } from "node:util";
import { isTavusApiError } from "../client";
import { personaDefinition as definition, type PersonaInputs, type PersonaOutputs } from "../definitions/persona";
import { applyOperations, patchOperations, touchedFields, withPreconditions } from "../diff";
import { configureFromStack, tavusClient } from "../settings";
import type { JsonPatchOperation, PersonaWire } from "../wire";
import { createOnce } from "./createOnce";
import { createdButFailed, resourceError } from "./errors";
import { checkInputs, deleteIgnoringGone, desiredDocument, diffInputs, liveDocument, outputsFrom, readOrGone } from "./tableOperations";

export type { PersonaInputs, PersonaOutputs } from "../definitions/persona";

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  configureFromStack(req.config);
}

/** Validates before any API call; failures name the property and the fix. */
export async function check(_olds: PersonaInputs, news: PersonaInputs): Promise<pulumi.dynamic.CheckResult<PersonaInputs>> {
  const own =
    "hardDelete" in news
      ? [
          {
            property: "hardDelete",
            reason: "personas have no hard delete in the Tavus API (DELETE /v2/personas/{id} takes no hard flag): remove hardDelete",
          },
        ]
      : [];
  return checkInputs(definition, news, own);
}

/** Changes are the JSON Patch between what state holds and what the program wants. */
export async function diff(id: string, olds: PersonaOutputs, news: PersonaInputs): Promise<pulumi.dynamic.DiffResult> {
  const { changes, deleteBeforeReplace } = diffInputs(definition, olds, news);
  // Adopting another persona than the one managed is a replacement; dropping adoptId is not.
  const replaces = news.adoptId && news.adoptId !== id ? ["adoptId"] : [];
  return { changes, replaces, deleteBeforeReplace };
}

/** POST, then read back; with `adoptId`, takes over the existing persona instead. */
export async function create(inputs: PersonaInputs): Promise<pulumi.dynamic.CreateResult<PersonaOutputs>> {
  if (inputs.adoptId) return { id: inputs.adoptId, outs: await patchToDesired(inputs.adoptId, inputs, "adopt") };
  const client = tavusClient();
  const desired = desiredDocument(definition, inputs) ?? {};
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
          isDeepStrictEqual(liveDocument(definition, p), desired) ||
          (!("system_prompt" in p) &&
            (p.persona_name ?? null) === (desired.persona_name ?? null) &&
            isDeepStrictEqual(liveDocument(definition, await client.personas.retrieve(p.persona_id)), desired)),
      },
      clock: client,
    }));
  } catch (e) {
    throw resourceError("persona", undefined, "create", e);
  }
  try {
    const persona = await client.personas.retrieve(personaId);
    return { id: personaId, outs: outputsFrom<PersonaOutputs>(definition, persona, inputs) };
  } catch (e) {
    throw createdButFailed("persona", personaId, { ...inputs, personaId }, `reading it back failed: ${(e as Error).message}`);
  }
}

/** Get Persona; gone means an empty id, so `pulumi refresh` drops it. */
export async function read(id: string, props?: PersonaOutputs): Promise<pulumi.dynamic.ReadResult<PersonaOutputs>> {
  return readOrGone<PersonaOutputs>(definition, id, props, (personaId) => tavusClient().personas.retrieve(personaId));
}

/** One GET (to patch the live shape), then one PATCH with only what differs. */
export async function update(id: string, _olds: PersonaOutputs, news: PersonaInputs): Promise<pulumi.dynamic.UpdateResult<PersonaOutputs>> {
  return { outs: await patchToDesired(id, news, "update") };
}

/** DELETE (personas have no hard flag); already gone counts as done. */
async function delete_(id: string): Promise<void> {
  await deleteIgnoringGone(definition, id, () => tavusClient().personas.delete(id));
}
export { delete_ as delete };

// ------------------------------------------------------------ helpers

/** Read-patch rounds before giving up on a persona that keeps changing under us. */
const PATCH_ROUNDS = 3;

/** The JSON Patch from the live persona to the desired one, in the live document's paths. */
function operationsAgainstLive(live: PersonaWire, inputs: PersonaInputs): JsonPatchOperation[] {
  return patchOperations(liveDocument(definition, live), desiredDocument(definition, inputs));
}

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
    const operations = operationsAgainstLive(live, inputs);
    if (refused && isDeepStrictEqual(refused, live)) {
      // Nothing changed, so the 422 was not a race: retrying would only repeat it.
      throw new Error(
        `Tavus persona ${id}: ${action} failed: the API refused the patch (HTTP 422) although the persona had not changed since it was read, ` +
          `so the operations do not fit its document (paths ${operations.map((op) => op.path).join(", ")}). This is a pulumi-tavus bug: please report it`,
      );
    }
    if (operations.length === 0) return outputsFrom<PersonaOutputs>(definition, live, inputs);
    try {
      const result = await client.personas.update(id, withPreconditions(live, operations));
      const after = result.persona ?? applyOperations(live, operations);
      return outputsFrom<PersonaOutputs>(definition, after, inputs);
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
