/**
 * `pulumi-tavus recover`, writing: the state entry of each adopted object
 * and the deployment without its pending operations, secrets handled in the
 * checkpoint's form (`plaintext` as `--show-secrets` writes it). The why of
 * recovery: recover.ts.
 */
import { camelCase } from "../mapping";
import { outputsFrom } from "../resources/outputs";
import { isSecretValue, SECRET_SIGNATURE, SECRET_SIGNATURE_KEY } from "../secretSignature";
import type { DefinitionTable } from "../definitions/table";
import type { PendingOperation, PlanStep, StateResource } from "./recoverMatch";

type Props = Record<string, unknown>;

/**
 * A copy with Pulumi's secret wrappers (`plaintext` form, as `--show-secrets`
 * writes) replaced by their values.
 * @param options.encrypted `"drop"`: an encrypted secret becomes undefined; by default it is refused.
 */
export function revealSecrets(value: unknown, options: { encrypted?: "drop" } = {}): unknown {
  if (Array.isArray(value)) return value.map((v) => revealSecrets(v, options));
  if (value === null || typeof value !== "object") return value;
  const object = value as Props;
  if (object[SECRET_SIGNATURE_KEY] === SECRET_SIGNATURE) {
    if (typeof object.plaintext === "string")
      return revealSecrets(JSON.parse(object.plaintext), options);
    if (options.encrypted === "drop") return undefined;
    throw new Error("the stack export holds encrypted secrets: export with --show-secrets");
  }
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, revealSecrets(v, options)]));
}

/** Whether a secret is anywhere inside: the engine then keeps the whole output of that name secret. */
function containsSecret(value: unknown): boolean {
  if (isSecretValue(value)) return true;
  if (value === null || typeof value !== "object") return false;
  return Object.values(value).some(containsSecret);
}

function secret(value: unknown): Props {
  return { [SECRET_SIGNATURE_KEY]: SECRET_SIGNATURE, plaintext: JSON.stringify(value) };
}

/**
 * The state entry of an adopted object: the pending resource with its id and
 * the outputs its provider's create would have returned (outputsFrom of the
 * live object), `__provider` kept so refresh, update and delete can run.
 * Outputs whose input held a secret, and the kind's secret outputs, stay secret.
 */
export function adoptedResource(
  kind: DefinitionTable,
  pending: StateResource,
  id: string,
  live: object,
): StateResource {
  const inputs = pending.inputs ?? {};
  const plain = revealSecrets(inputs) as Props;
  const outputs: Props = outputsFrom<Props>(kind, live, plain);
  const secretNames = new Set([
    ...Object.keys(inputs).filter((name) => containsSecret(inputs[name])),
    ...Object.keys(kind.secretOutputs ?? {}).map(camelCase),
    ...(kind.secretServerOutputs ?? []).map(camelCase),
  ]);
  for (const name of Object.keys(outputs))
    if (secretNames.has(name) && !isSecretValue(outputs[name]))
      outputs[name] = secret(outputs[name]);
  outputs.__provider = inputs.__provider;
  return { ...pending, id, custom: true, outputs };
}

/**
 * The deployment after the plan: adopted resources appended (a replacement's
 * old resource, same URN, marked for deletion by the next `up`, as the engine
 * leaves it after a create-before-delete), no pending operation (an import
 * drops them anyway; {@link recover} writes nothing while the plan keeps one).
 */
export function applyPlan(
  deployment: { resources?: StateResource[]; pending_operations?: PendingOperation[] },
  steps: PlanStep[],
  adopted: ReadonlyMap<string, StateResource>,
): typeof deployment {
  const resources = [...(deployment.resources ?? [])];
  for (const step of steps) {
    if (step.action !== "adopt") continue;
    const entry = adopted.get(step.urn)!;
    const old = resources.findIndex((r) => r.urn === step.urn && !r.delete);
    if (old >= 0) {
      resources[old] = { ...resources[old]!, delete: true };
      resources.splice(old + 1, 0, entry);
    } else resources.push(entry);
  }
  return { ...deployment, resources, pending_operations: [] };
}
