/**
 * GuardrailProvider: the CRUD of {@link Guardrail}, as a module (see
 * personaProvider.ts for why a module). Everything comes from the definition
 * and the shared JSON Patch kind.
 */
import {
  guardrailDefinition,
  type GuardrailInputs,
  type GuardrailOutputs,
} from "../definitions/guardrail";
import { jsonPatchProvider } from "./jsonPatchKind";

export type { GuardrailInputs, GuardrailOutputs } from "../definitions/guardrail";

const provider = jsonPatchProvider<GuardrailInputs, GuardrailOutputs>(
  guardrailDefinition,
  (client) => client.guardrails as never,
);
/** The provider functions, from the definition (see jsonPatchKind.ts). */
export const { configure, check, diff, create, read, update } = provider;
const delete_ = provider.delete;
/** DELETE, as the engine calls it (`delete` is a reserved word for a function name). */
export { delete_ as delete };
