/**
 * A resource given in place of its id: `pal` for a Deployment's or a
 * MemoryStore's `palId`, `persona` for a Conversation's `personaId`. Passing the
 * resource lets Pulumi create it first and delete it last; the args then carry
 * its id, never both.
 */
import type * as pulumi from "@pulumi/pulumi";

/**
 * The args with `resourceField` replaced by `idField` set to that resource's id.
 * The resource id, not its id output: an id stays known while the other
 * resource is updated, so a preview shows no spurious replacement.
 * @param kind the kind's name in messages, e.g. "Deployment".
 * @param name the Pulumi resource name.
 * @param args the program's args.
 * @param resourceField the member holding the resource, e.g. "pal".
 * @param idField the member holding its id, e.g. "palId".
 * @throws naming both members when both are given: which one to keep is the program's choice.
 */
export function idFromResource<Args extends object, R extends keyof Args & string>(
  kind: string,
  name: string,
  args: Args,
  resourceField: R,
  idField: Exclude<keyof Args & string, R>,
): Omit<Args, R> {
  const { [resourceField]: resource, ...rest } = args as Record<string, unknown>;
  if (resource === undefined) return rest as Omit<Args, R>;
  if (rest[idField] !== undefined)
    throw new Error(`${kind} ${name}: give ${resourceField} or ${idField}, not both`);
  return { ...rest, [idField]: (resource as pulumi.CustomResource).id } as Omit<Args, R>;
}
