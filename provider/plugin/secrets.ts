/**
 * Secrets between the engine and the plugin. The plugin tells the engine it
 * does not accept secrets, so values arrive plain (as in the dynamic-provider
 * host, and as the provider modules expect); on the way back it marks secret
 * what the definition says is secret. The engine keeps those marks: without
 * them `pulumi import`, which runs no program, would store an LLM key in plain
 * text (the schema's `secret: true` only reaches programs; docs/pulumi/plugin.md#secrets-and-the-schema).
 */
import type { DefinitionTable } from "../definitions/table";
import { camelCase, fromWirePath } from "../mapping";
import { isPlainObject, removeAt, setAt, valueAt } from "../objects";
import { isSecretValue, SECRET_SIGNATURE, SECRET_SIGNATURE_KEY } from "../secretSignature";

type Props = Record<string, unknown>;

/** `value` marked secret, as the engine reads it on the protocol. */
export function secret(value: unknown): Props {
  return { [SECRET_SIGNATURE_KEY]: SECRET_SIGNATURE, value };
}

/**
 * The inputs as the provider modules take them: each secret path a program
 * wrote where the API has it (`layers.llm.apiKey`) moved into the
 * definition's secret output (`layerSecrets`), as the TypeScript classes do
 * before registering; that output is marked secret. A program may also write
 * the secret output itself (what `pulumi import` generates).
 */
export function splitSecretInputs(def: DefinitionTable, news: Props): Props {
  const inputs: Props = { ...news };
  for (const [output, { under, paths }] of Object.entries(def.secretOutputs ?? {})) {
    const name = camelCase(output);
    let secrets: Props = isPlainObject(inputs[name]) ? { ...inputs[name] } : {};
    for (const path of paths) {
      const [field, ...inside] = fromWirePath([under, ...path], def.schema);
      const value = valueAt(inputs, [field!, ...inside]);
      if (value === undefined) continue;
      removeAt(inputs, [field!, ...inside]);
      secrets = { ...secrets };
      setAt(secrets, inside, value);
    }
    if (Object.keys(secrets).length) inputs[name] = secret(secrets);
  }
  return inputs;
}

/** Outputs (or inputs) with the definition's secret outputs, secret server fields and write-only fields marked secret. */
export function markSecretOutputs(def: DefinitionTable, props: Props): Props {
  const marked: Props = { ...props };
  const names = [
    ...Object.keys(def.secretOutputs ?? {}),
    ...(def.secretServerOutputs ?? []),
    ...(def.writeOnly ?? []),
  ];
  for (const name of names.map(camelCase)) {
    if (marked[name] !== undefined && !isSecretValue(marked[name]))
      marked[name] = secret(marked[name]);
  }
  return marked;
}
