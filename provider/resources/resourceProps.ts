/**
 * From a program's args to what a `dynamic.Resource` registers, for every kind:
 * the output placeholders, the secret split of the definition's `secretOutputs`,
 * and the secret options. Also the compile-time contract of provider modules.
 */
import * as pulumi from "@pulumi/pulumi";
import type { DefinitionTable } from "../definitions/table";
import { camelCase, fromWire, propertySchema, toWire } from "../mapping";
import { isPlainObject } from "../objects";
import { serverOutputNames, splitSecrets } from "./tableOperations";

/**
 * Checks at compile time that a provider module has every method of the
 * dynamic provider contract with the kind's own types (a misspelt `updat`
 * fails `tsc`), and returns it unchanged.
 */
export function providerModule<Inputs, Outputs>(
  module: Required<pulumi.dynamic.ResourceProvider<Inputs, Outputs>>,
): pulumi.dynamic.ResourceProvider<Inputs, Outputs> {
  return module;
}

/**
 * The props a resource registers: the args, each secret part of a field moved
 * into its encrypted output, and a placeholder for every server output (so
 * Pulumi creates an Output property for it).
 */
export function resourceProps(def: DefinitionTable, args: object): Record<string, unknown> {
  const props: Record<string, unknown> = { ...args };
  for (const [output, { under, paths }] of Object.entries(def.secretOutputs ?? {})) {
    const field = camelCase(under);
    if ((args as Record<string, unknown>)[field] === undefined) continue;
    const value = pulumi.output((args as Record<string, pulumi.Input<object>>)[field]!);
    const split = (v: unknown) => splitSecrets(def, { [under]: toWire(v, propertySchema(def.schema, under)) });
    // `unsecret`: a secret key would otherwise mark the whole field secret and hide every diff.
    props[field] = pulumi.unsecret(value.apply((v) => fromWire(split(v).document[under], propertySchema(def.schema, under))));
    // Only when there may be secrets: an always-present secret(undefined)
    // shows as "+ layerSecrets: [secret]" in every preview after a refresh.
    if (mayHoldSecrets((args as Record<string, unknown>)[field], paths)) {
      props[camelCase(output)] = pulumi.secret(value.apply((v) => split(v).secrets[camelCase(output)]));
    }
  }
  for (const name of serverOutputNames(def)) props[name] = undefined;
  return props;
}

/** Resource options with the definition's always-secret outputs added. */
export function withSecretOutputs(def: DefinitionTable, opts: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions {
  const secret = [...Object.keys(def.secretOutputs ?? {}), ...(def.secretServerOutputs ?? [])].map(camelCase);
  return secret.length ? { ...opts, additionalSecretOutputs: [...(opts.additionalSecretOutputs ?? []), ...secret] } : opts;
}

/** False only when `value` is plain data holding none of the secret paths: known without waiting for Outputs. */
function mayHoldSecrets(value: unknown, paths: readonly (readonly string[])[]): boolean {
  return paths.some((path) => {
    let node = value;
    for (const segment of path.map(camelCase)) {
      if (!isPlain(node)) return true;
      if (!(segment in node)) return false;
      node = (node as Record<string, unknown>)[segment];
    }
    return true;
  });
}

function isPlain(value: unknown): value is object {
  return isPlainObject(value) && !pulumi.Output.isInstance(value) && !(value instanceof Promise);
}
