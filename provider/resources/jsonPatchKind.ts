/**
 * The whole provider of a kind that is created by POST, read by GET, changed
 * by JSON Patch and deleted by DELETE, with nothing else of its own but extra
 * checks: objectives, guardrails, guardrail sets, pronunciation dictionaries.
 * Everything comes from the definition's table (documents.ts, checkInputs.ts,
 * diffInputs.ts, outputs.ts, readOrGone.ts) and the
 * shared JSON Patch update (patchToDesired.ts).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { TavusClient } from "../client";
import type { EndpointGroup } from "../client/endpointGroup";
import type { DefinitionTable } from "../definitions/table";
import { normalize } from "../diff";
import { configure, tavusClient } from "../settings";
import { recentScan } from "./createdBy";
import { createOnce, type CreateOnceResult } from "./createOnce";
import { createdButFailed, resourceError } from "./errors";
import { patchToDesired } from "./patchToDesired";
import { checkInputs } from "./checkInputs";
import { diffInputs } from "./diffInputs";
import { idOutputOf, requestBody } from "./documents";
import { outputsFrom } from "./outputs";
import { deleteIgnoringGone, readOrGone } from "./readOrGone";

/**
 * Builds the provider functions of a JSON Patch kind.
 * @param def the kind's definition.
 * @param endpoints picks the kind's endpoint group from the client.
 * @param ownChecks failures only this kind knows (cross-field rules), before any call.
 */
export function jsonPatchProvider<Inputs extends object, Outputs extends object>(
  def: DefinitionTable,
  endpoints: (client: TavusClient) => EndpointGroup<never, object, object>,
  ownChecks: (news: Inputs) => pulumi.dynamic.CheckFailure[] = () => [],
): Required<pulumi.dynamic.ResourceProvider<Inputs, Outputs>> {
  const api = () => endpoints(tavusClient());
  const idOf = (item: object) => String((item as Record<string, unknown>)[def.idField]);
  return {
    configure,

    async check(_olds, news) {
      return checkInputs(def, news, ownChecks(news));
    },

    async diff(id, olds, news) {
      return diffInputs(def, olds, news, id);
    },

    /**
     * POST (created at most once); a read-back GET only where the answer is not
     * the whole object (`createAnswer`), or the object was found by lookup; or adoption.
     */
    async create(inputs) {
      // Take an existing object over: one GET, and one PATCH only if it differs.
      const adoptId = (inputs as { adoptId?: string }).adoptId;
      if (adoptId) {
        return {
          id: adoptId,
          outs: await patchToDesired<object, Outputs>(def, api(), adoptId, inputs, "adopt"),
        };
      }
      const client = tavusClient();
      const group = endpoints(client);
      const body = normalize(requestBody(def, inputs)) ?? {};
      let created: CreateOnceResult<object>;
      try {
        created = await createOnce({
          kind: def.kind,
          body,
          post: () => group.create(body as never),
          idOf,
          lookup: recentScan(client, def, body),
          clock: client,
        });
      } catch (e) {
        throw resourceError(def.kind, undefined, "create", e);
      }
      const { id, answer } = created;
      // A lookup's find has no answer of ours (its list item need not be what Get shows): read it back.
      if (def.createAnswer === "whole" && answer) {
        return { id, outs: outputsFrom<Outputs>(def, answer, inputs) };
      }
      try {
        return { id, outs: outputsFrom<Outputs>(def, await group.retrieve(id), inputs) };
      } catch (e) {
        throw createdButFailed(
          def.kind,
          id,
          { ...inputs, [idOutputOf(def)]: id },
          `reading it back failed: ${(e as Error).message}`,
          inputs,
        );
      }
    },

    async read(id, props) {
      return readOrGone<Outputs>(def, id, props, (objectId) => api().retrieve(objectId));
    },

    /** One GET (to patch the live shape), then one PATCH with only what differs. */
    async update(id, olds, news) {
      return { outs: await patchToDesired<object, Outputs>(def, api(), id, news, "update", olds) };
    },

    /** DELETE; already gone counts as done. */
    async delete(id) {
      await deleteIgnoringGone(def, id, () => api().delete(id));
    },
  };
}
