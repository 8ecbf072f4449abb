/**
 * Read-or-gone and delete-ignoring-gone for every kind: an object the API no
 * longer has (an "Invalid <x>_id" answer, or a gone status) is dropped from
 * state on read and counts as deleted on delete.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isGone } from "../client";
import type { DefinitionTable } from "../definitions/table";
import { fromWire } from "../mapping";
import { documentFields, liveDocument } from "./documents";
import { resourceError } from "./errors";
import { inputsOf, outputsFrom } from "./outputs";

type Props = Record<string, unknown>;

/** The word an "Invalid <x>_id" answer names: `persona`, `guardrail` (of `guardrail_id`, `guardrails_id`)… */
function goneWord(def: DefinitionTable): string {
  return (def.idOutput ?? def.idField).replace(/s?_(id|uuid)$/, "");
}

/**
 * Get, then outputs; gone (an API "not found", or a gone status) means an
 * empty id, so `pulumi refresh` drops it from state.
 * @param retrieve the kind's Get call.
 */
export async function readOrGone<Outputs>(
  def: DefinitionTable,
  id: string,
  props: object | undefined,
  retrieve: (id: string) => Promise<object>,
): Promise<pulumi.dynamic.ReadResult<Outputs>> {
  let live: object;
  try {
    live = await retrieve(id);
  } catch (e) {
    if (isGone(e, goneWord(def))) return { id: "" };
    throw resourceError(def.kind, id, "read", e);
  }
  const status = (live as Props).status;
  if (typeof status === "string" && def.goneStatuses?.includes(status)) return { id: "" };
  // First sight (`pulumi import`): no state to carry what Get does not compare
  // (a document's URL), so every field Get shows is taken as the object's own.
  const firstSight = !props || Object.keys(props).length === 0;
  const previous = firstSight
    ? fromWire<Props>(liveDocument(def, live, documentFields(def)) ?? {}, def.schema)
    : props;
  const outs = outputsFrom<Outputs>(def, live, previous);
  // Returning inputs rewrites the stored inputs, so the next diff against the program shows the drift.
  return { id, props: outs, inputs: inputsOf<Outputs>(def, outs as object) };
}

/**
 * Runs the kind's delete; an object already gone counts as deleted.
 * @param remove the kind's DELETE (and whatever must precede it).
 */
export async function deleteIgnoringGone(
  def: DefinitionTable,
  id: string,
  remove: () => Promise<void>,
): Promise<void> {
  try {
    await remove();
  } catch (e) {
    if (isGone(e, goneWord(def))) return;
    throw resourceError(def.kind, id, "delete", e);
  }
}
