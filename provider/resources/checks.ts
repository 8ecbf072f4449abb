/**
 * Check helpers shared by the three providers: schema validation of the wire
 * document, and the provider's own options (`hardDelete`, …), which the API
 * never sees. Values unknown during preview are never judged.
 */
import type * as pulumi from "@pulumi/pulumi";
import { currentSettings } from "../config";
import { containsUnknown, UNKNOWN } from "../diff";
import { isPlainObject } from "../mapping";
import { pulumiPath, validateDocument } from "../schema/validate";

/** Schema failures of a wire document, with properties in Pulumi's camelCase. */
export function schemaFailures(schema: object, document: unknown): pulumi.dynamic.CheckFailure[] {
  return validateDocument(schema, document, "pulumi")
    .filter((problem) => !containsUnknown(valueAtPath(document, problem.path)))
    .map((problem) => ({ property: pulumiPath(problem.path), reason: problem.reason }));
}

/** The kinds of provider-only options. */
export type OptionKind = "boolean" | "positiveNumber";

/** Failures for provider-only options of the wrong kind. */
export function optionFailures(inputs: Record<string, unknown>, options: Record<string, OptionKind>): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  for (const [name, kind] of Object.entries(options)) {
    const value = inputs[name];
    if (value === undefined || value === UNKNOWN) continue;
    if (kind === "boolean" && typeof value !== "boolean") {
      failures.push({ property: name, reason: `must be true or false, not ${JSON.stringify(value)}` });
    }
    if (kind === "positiveNumber" && !(typeof value === "number" && Number.isFinite(value) && value > 0)) {
      failures.push({ property: name, reason: `must be a positive number, not ${JSON.stringify(value)}` });
    }
  }
  return failures;
}

/** The `hard` flag in force at delete time: the resource's own value, else the stack default. */
export function hardDeleteFor(props: { hardDelete?: boolean }): boolean {
  return typeof props.hardDelete === "boolean" ? props.hardDelete : currentSettings().hardDelete;
}

/** Copy of `inputs` without the named keys. */
export function omit(inputs: object, keys: readonly string[]): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...inputs };
  for (const key of keys) delete rest[key];
  return rest;
}

/** Builds a check result: inputs pass through; failures only when there are any. */
export function checkResult<T>(inputs: T, failures: pulumi.dynamic.CheckFailure[]): pulumi.dynamic.CheckResult<T> {
  return failures.length ? { inputs, failures } : { inputs };
}

function valueAtPath(document: unknown, path: string[]): unknown {
  let node = document;
  for (const segment of path) {
    if (node === UNKNOWN) return UNKNOWN;
    if (!isPlainObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}
