/**
 * GuardrailSetProvider: the CRUD of {@link GuardrailSet}, as a module (see
 * personaProvider.ts for why a module). Everything comes from the definition
 * and the shared JSON Patch kind. Deleting a set also removes it from every
 * persona that uses it (the API does): a Persona given `guardrailSet` depends
 * on the set, so Pulumi deletes the persona's reference first.
 */
import {
  guardrailSetDefinition,
  type GuardrailSetInputs,
  type GuardrailSetOutputs,
} from "../definitions/guardrailSet";
import { jsonPatchProvider } from "./jsonPatchKind";

export type { GuardrailSetInputs, GuardrailSetOutputs } from "../definitions/guardrailSet";

const provider = jsonPatchProvider<GuardrailSetInputs, GuardrailSetOutputs>(
  guardrailSetDefinition,
  (client) => client.guardrailSets as never,
);
/** The provider functions, from the definition (see jsonPatchKind.ts). */
export const { configure, check, diff, create, read, update } = provider;
const delete_ = provider.delete;
/** DELETE, as the engine calls it (`delete` is a reserved word for a function name). */
export { delete_ as delete };
