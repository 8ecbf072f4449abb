/**
 * State outputs from a live object, as its definition's table decides, and
 * the inputs part of outputs (what `read` returns as inputs, so the next diff
 * shows drift).
 */
import type { DefinitionTable } from "../definitions/table";
import { camelCase, fromWire } from "../mapping";
import { omit } from "../objects";
import { idOutputOf, liveDocument, serverOutputNames, splitSecrets } from "./documents";

type Props = Record<string, unknown>;

/**
 * State outputs from a live object: the fields Get returns, the rest of the
 * inputs carried over from `previous` (what Get cannot show: training URLs,
 * options), and the server fields. A server field the answer does not carry
 * keeps its previous value (a meeting token is only in the create answer).
 */
export function outputsFrom<Outputs>(
  def: DefinitionTable,
  live: object,
  previous: object,
): Outputs {
  const wire = live as Props;
  const carried = omit(previous, ["__provider", ...serverOutputNames(def)]);
  let outs: Props;
  if (def.readBack === "all") {
    const { document, secrets } = splitSecrets(def, liveDocument(def, live) ?? {});
    // Options, hints and write-only secrets (masked by Get) are what state last held.
    const writeOnly = Object.entries(def.secretOutputs ?? {}).filter(
      ([, entry]) => entry.writeOnly,
    );
    const ours = [
      ...Object.keys(def.options),
      ...Object.keys(def.checkHints ?? {}),
      ...writeOnly.map(([output]) => output),
    ].map(camelCase);
    outs = { ...fromWire<Props>(document, def.schema), ...secrets };
    for (const name of ours) if (carried[name] !== undefined) outs[name] = carried[name];
  } else {
    outs = carried;
    const readBack = fromWire<Props>(liveDocument(def, live) ?? {}, def.schema);
    for (const field of def.readBack) {
      const name = camelCase(field);
      if (readBack[name] === undefined) delete outs[name];
      else outs[name] = readBack[name];
    }
  }
  for (const field of Object.keys(def.serverOutputs)) {
    const name = camelCase(field);
    if (field in wire) {
      if (wire[field] === null || wire[field] === undefined) continue;
      outs[name] = wire[field];
    } else if ((previous as Props)[name] !== undefined) {
      outs[name] = (previous as Props)[name];
    }
  }
  outs[idOutputOf(def)] = wire[def.idField];
  return outs as Outputs;
}

/** The inputs part of outputs: what `read` returns as inputs, so the next diff shows drift. */
export function inputsOf<Inputs>(def: DefinitionTable, outputs: object): Inputs {
  return omit(outputs, ["__provider", ...serverOutputNames(def)]) as Inputs;
}
