/**
 * The base class of every resource: from a program's args to what a dynamic
 * resource registers (output placeholders, the secret split of the
 * definition's `secretOutputs`, secret options, the `__provider` reference),
 * and the compile-time contract of provider modules.
 */
import * as pulumi from "@pulumi/pulumi";
import type { DefinitionTable } from "../definitions/table";
import { DYNAMIC_TYPE_PREFIX } from "../kinds";
import { camelCase, fromWire, propertySchema, toWire } from "../mapping";
import { isPlainObject } from "../objects";
import { serverOutputNames, splitSecrets } from "./documents";
import { providerReference } from "./providerReference";

/**
 * A Tavus object as a Pulumi dynamic resource, registered from its definition:
 * type token `pulumi-nodejs:dynamic/tavus:<typeName>`, which the engine routes
 * to the SDK's dynamic-provider host, and `__provider` a bare `require` of the
 * kind's provider module by package name (providerReference.ts says why this
 * is not `pulumi.dynamic.Resource`, whose only addition is serializing the
 * provider object).
 */
export abstract class TavusResource extends pulumi.CustomResource {
  /**
   * @param def the kind's definition.
   * @param provider the kind's provider module (see {@link providerModule}),
   *   type-checked here; at run time the host loads the same module through
   *   `__provider`, by its package specifier.
   * @param name the Pulumi resource name.
   * @param args the program's args (plain values or Pulumi inputs).
   * @param opts resource options; the definition's secret outputs are added.
   * @param argsAsWritten the args before the subclass added references to other
   *   resources (Outputs of ids, never secret): tells whether secrets may be present.
   */
  protected constructor(
    def: DefinitionTable,
    provider: pulumi.dynamic.ResourceProvider,
    name: string,
    args: object,
    opts: pulumi.CustomResourceOptions,
    argsAsWritten: object = args,
  ) {
    super(
      `${DYNAMIC_TYPE_PREFIX}${def.typeName}`,
      name,
      { ...resourceProps(def, args, argsAsWritten), __provider: providerReference(def) },
      withSecretOutputs(def, opts),
    );
  }
}

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
export function resourceProps(
  def: DefinitionTable,
  args: object,
  argsAsWritten: object = args,
): Record<string, unknown> {
  const props: Record<string, unknown> = { ...args };
  for (const [output, { under, paths }] of Object.entries(def.secretOutputs ?? {})) {
    const field = camelCase(under);
    if ((args as Record<string, unknown>)[field] === undefined) continue;
    const value = pulumi.output((args as Record<string, pulumi.Input<object>>)[field]!);
    const split = (v: unknown) =>
      splitSecrets(def, { [under]: toWire(v, propertySchema(def.schema, under)) });
    // `unsecret`: a secret key would otherwise mark the whole field secret and hide every diff.
    props[field] = pulumi.unsecret(
      value.apply((v) => fromWire(split(v).document[under], propertySchema(def.schema, under))),
    );
    // Only when there may be secrets: an always-present secret(undefined)
    // shows as "+ layerSecrets: [secret]" in every preview after a refresh.
    if (mayHoldSecrets((argsAsWritten as Record<string, unknown>)[field], paths)) {
      props[camelCase(output)] = pulumi.secret(
        value.apply((v) => split(v).secrets[camelCase(output)]),
      );
    }
  }
  for (const name of serverOutputNames(def)) props[name] = undefined;
  return props;
}

/** Resource options with the definition's always-secret outputs added. */
export function withSecretOutputs(
  def: DefinitionTable,
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResourceOptions {
  const secret = [...Object.keys(def.secretOutputs ?? {}), ...(def.secretServerOutputs ?? [])].map(
    camelCase,
  );
  return secret.length
    ? { ...opts, additionalSecretOutputs: [...(opts.additionalSecretOutputs ?? []), ...secret] }
    : opts;
}

/** False only when `value` is plain data holding none of the secret paths: known without waiting for Outputs. */
function mayHoldSecrets(value: unknown, paths: readonly (readonly string[])[]): boolean {
  return paths.some((path) => {
    let node = value;
    for (const segment of path.map(camelCase)) {
      if (!isPlain(node)) return true;
      if (!(segment in node) || (node as Record<string, unknown>)[segment] === undefined)
        return false;
      node = (node as Record<string, unknown>)[segment];
    }
    return true;
  });
}

function isPlain(value: unknown): value is object {
  return isPlainObject(value) && !pulumi.Output.isInstance(value) && !(value instanceof Promise);
}
