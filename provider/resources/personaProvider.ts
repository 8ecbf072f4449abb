/**
 * PersonaProvider: the CRUD of {@link Persona}, as a module.
 *
 * The provider is this module's exports object on purpose: each resource's
 * `__provider` is a bare `require("pulumi-tavus/providers/persona")` of it
 * (providerReference.ts), so it is a few dozen bytes, captures no key and no
 * client, and an upgrade of the package reaches existing resources.
 *
 * The table (../definitions/persona.ts) gives check, diff, outputs and read;
 * patchToDesired.ts the update every JSON Patch kind shares; what is Persona's
 * own: adoption of an existing persona, and how a lost create is recognized.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  personaDefinition as definition,
  type PersonaInputs,
  type PersonaOutputs,
} from "../definitions/persona";
import { currentSettings, tavusClient } from "../settings";
import type { PersonaWire } from "../wire";
import { recentScan } from "./createdBy";
import { createOnce } from "./createOnce";
import { patchOperations } from "../diff";
import { camelCase } from "../mapping";
import { createdButFailed, resourceError } from "./errors";
import { patchToDesired, type JsonPatchEndpoints } from "./patchToDesired";
import { skillFailures, syncSkills, withAttachedSkills, type Skills } from "./personaSkills";
import { attachedToolIds, syncTools } from "./personaTools";
import {
  isMakerDraftConflict,
  liveApiFailures,
  makerDraftError,
  overwritesMakerDraft,
  splitConferencing,
} from "./personaLiveApi";
import { checkInputs } from "./checkInputs";
import { diffInputs } from "./diffInputs";
import { desiredDocument } from "./documents";
import { outputsFrom } from "./outputs";
import { deleteIgnoringGone, readOrGone } from "./readOrGone";

export type { PersonaInputs, PersonaOutputs } from "../definitions/persona";

export { configure } from "../settings";

/** Validates before any API call; failures name the property and the fix. */
export async function check(
  _olds: PersonaInputs,
  news: PersonaInputs,
): Promise<pulumi.dynamic.CheckResult<PersonaInputs>> {
  const own = [
    ...("hardDelete" in news
      ? [
          {
            property: "hardDelete",
            reason:
              "personas have no hard delete in the Tavus API (DELETE /v2/personas/{id} takes no hard flag): remove hardDelete",
          },
        ]
      : []),
    ...liveApiFailures(news),
    ...skillFailures(news.skills),
  ];
  return checkInputs(definition, news, own);
}

/** Changes are the JSON Patch between what state holds and what the program wants. */
export async function diff(
  id: string,
  olds: PersonaOutputs,
  news: PersonaInputs,
): Promise<pulumi.dynamic.DiffResult> {
  return diffInputs(definition, olds, news, id);
}

/** POST, then read back; with `adoptId`, takes over the existing persona instead. */
export async function create(
  inputs: PersonaInputs,
): Promise<pulumi.dynamic.CreateResult<PersonaOutputs>> {
  if (inputs.adoptId)
    return {
      id: inputs.adoptId,
      outs: await patchToDesired(definition, personaEndpoints(), inputs.adoptId, inputs, "adopt"),
    };
  const client = tavusClient();
  const desired = desiredDocument(definition, inputs) ?? {};
  let personaId: string;
  try {
    ({ id: personaId } = await createOnce({
      kind: "persona",
      body: desired,
      post: () => client.personas.create(desired),
      idOf: (answer) => answer.persona_id,
      lookup: recentScan(client, definition, desired),
      clock: client,
    }));
  } catch (e) {
    throw resourceError("persona", undefined, "create", e);
  }
  try {
    const persona = await client.personas.retrieve(personaId);
    if (inputs.toolIds?.length) await syncTools(personaId, [], inputs.toolIds);
    if (inputs.skills) await syncSkills(personaId, {}, inputs.skills as Skills);
    return { id: personaId, outs: outputsFrom<PersonaOutputs>(definition, persona, inputs) };
  } catch (e) {
    throw createdButFailed(
      "persona",
      personaId,
      { ...inputs, personaId },
      `reading it back failed: ${(e as Error).message}`,
      inputs,
    );
  }
}

/** Get Persona; gone means an empty id. With managed tools, also their list: drift shows. */
export async function read(
  id: string,
  props?: PersonaOutputs,
): Promise<pulumi.dynamic.ReadResult<PersonaOutputs>> {
  const result = await withAttachedSkills(
    id,
    props,
    await readOrGone<PersonaOutputs>(definition, id, props, (personaId) =>
      tavusClient().personas.retrieve(personaId),
    ),
  );
  if (!result.id || props?.toolIds === undefined) return result;
  let toolIds: string[];
  try {
    toolIds = await attachedToolIds(id);
  } catch (e) {
    throw resourceError("persona", id, "read (listing its tools)", e);
  }
  return {
    ...result,
    props: { ...result.props!, toolIds },
    inputs: { ...result.inputs!, toolIds },
  };
}

/**
 * One GET (to patch the live shape), then one PATCH with only what differs;
 * two when conferencing changes with other fields (the API takes it alone).
 * An open PAL Maker draft fails the update unless the user opted in to
 * overwrite it (docs/tavus-api/live-api.md#pal-maker-drafts).
 */
export async function update(
  id: string,
  olds: PersonaOutputs,
  news: PersonaInputs,
): Promise<pulumi.dynamic.UpdateResult<PersonaOutputs>> {
  // Only options changed (tools, adoptId): the persona itself needs no request.
  const documentChanged =
    patchOperations(desiredDocument(definition, olds), desiredDocument(definition, news)).length >
    0;
  const force = overwritesMakerDraft(news, currentSettings().overwriteMakerDrafts);
  let outs: PersonaOutputs;
  try {
    outs = documentChanged
      ? await patchToDesired<PersonaWire, PersonaOutputs>(
          definition,
          personaEndpoints({ force, name: news.personaName }),
          id,
          news,
          "update",
        )
      : withOptionsOf(olds, news);
  } catch (e) {
    const cause = (e as { cause?: unknown }).cause;
    if (isMakerDraftConflict(cause)) throw makerDraftError(id, news.personaName, cause);
    throw e;
  }
  if (news.toolIds !== undefined) {
    try {
      await syncTools(id, olds.toolIds ?? [], news.toolIds);
    } catch (e) {
      throw resourceError("persona", id, "update (attaching and detaching tools)", e);
    }
  }
  if (news.skills !== undefined)
    await syncSkills(id, (olds.skills ?? {}) as Skills, news.skills as Skills);
  return { outs };
}

/** DELETE (personas have no hard flag); already gone counts as done. */
async function delete_(id: string): Promise<void> {
  await deleteIgnoringGone(definition, id, () => tavusClient().personas.delete(id));
}
/** DELETE, as the engine calls it (`delete` is a reserved word for a function name). */
export { delete_ as delete };

// ------------------------------------------------------------ helpers

/** The outputs in state with the program's options (an option it dropped is dropped). */
function withOptionsOf(olds: PersonaOutputs, news: PersonaInputs): PersonaOutputs {
  const outs: Record<string, unknown> = { ...olds, ...news };
  for (const option of Object.keys(definition.options).map(camelCase)) {
    if (!(option in news)) delete outs[option];
  }
  return outs as PersonaOutputs;
}

/**
 * Get and PATCH of personas, as patchToDesired.ts uses them: conferencing goes
 * in a PATCH of its own, after the rest; `force` sends `?force=true`, and a
 * discarded PAL Maker draft is reported on stderr, which the CLI shows.
 */
function personaEndpoints(
  options: { force?: boolean; name?: string | undefined } = {},
): JsonPatchEndpoints<PersonaWire> {
  const client = tavusClient();
  return {
    retrieve: (id) => client.personas.retrieve(id),
    update: async (id, operations) => {
      let changed = false;
      let document: PersonaWire | undefined;
      for (const group of splitConferencing(operations)) {
        const answer = await client.personas.update(id, group, { force: options.force === true });
        changed ||= answer.changed;
        document = answer.persona ?? document;
        if (answer.discardedMakerChanges) {
          process.stderr.write(
            `warning: Tavus persona ${options.name ? `"${options.name}" (${id})` : id}: updated with overwriteMakerDraft: the open PAL Maker draft was discarded\n`,
          );
        }
      }
      return document ? { changed, document } : { changed };
    },
  };
}
