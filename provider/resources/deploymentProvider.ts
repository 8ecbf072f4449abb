/**
 * DeploymentProvider: the CRUD of {@link Deployment}, as a module (see
 * personaProvider.ts for why a module). Everything comes from the definition
 * and the shared JSON Patch kind: the update is one GET and one PATCH guarded
 * by the GET's ETag (`ifMatch`), and the password is write-only (`writeOnly`):
 * sent when it changes from what state last sent, never compared with Get.
 */
import {
  deploymentDefinition,
  type DeploymentInputs,
  type DeploymentOutputs,
} from "../definitions/deployment";
import { jsonPatchProvider } from "./jsonPatchKind";

export type { DeploymentInputs, DeploymentOutputs } from "../definitions/deployment";

const provider = jsonPatchProvider<DeploymentInputs, DeploymentOutputs>(
  deploymentDefinition,
  (client) => client.deployments as never,
);
/** The provider functions, from the definition (see jsonPatchKind.ts). */
export const { configure, check, diff, create, update } = provider;

/**
 * Get Deployment. Get shows no password, only `has_password`: when it says
 * there is none although state holds one (removed outside Pulumi), the
 * password is dropped from what was read, so the next diff sends it again.
 */
export async function read(
  id: string,
  props?: DeploymentOutputs,
): Promise<Awaited<ReturnType<typeof provider.read>>> {
  const result = await provider.read(id, props);
  const outs = result.props as DeploymentOutputs | undefined;
  if (outs?.hasPassword === false && outs.password !== undefined) {
    const { password: _dropped, ...rest } = outs;
    const { password: _also, ...inputs } = (result.inputs ?? rest) as DeploymentOutputs;
    return { ...result, props: rest, inputs };
  }
  return result;
}

const delete_ = provider.delete;
/** DELETE, as the engine calls it (`delete` is a reserved word for a function name). */
export { delete_ as delete };
