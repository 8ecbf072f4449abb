/**
 * `check` for every kind, as its definition's table decides: schema failures
 * of the request body and type failures of the options and hints.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { DefinitionTable } from "../definitions/table";
import { catalogueWarnings, pulumiPath, validateDocument } from "../definitions/validate";
import { containsUnknown, UNKNOWN } from "../diff";
import { camelCase } from "../mapping";
import { isPlainObject, valueAt } from "../objects";
import { requestBody } from "./documents";

type Props = Record<string, unknown>;

/**
 * Schema failures of the document and type failures of the options, with
 * properties in Pulumi's names; values unknown during preview are never judged.
 * @param own the kind's own failures; a property they name is not reported twice.
 */
export function checkInputs<Inputs>(
  def: DefinitionTable,
  news: Inputs,
  own: pulumi.dynamic.CheckFailure[] = [],
): pulumi.dynamic.CheckResult<Inputs> {
  const document = requestBody(def, news as object);
  const ownProperties = new Set(own.map((f) => f.property));
  const failures = [
    ...own,
    ...validateDocument(def.schema, document, "pulumi")
      .filter((problem) => !containsUnknown(valueAt(document, problem.path)))
      .map((problem) => ({
        property: pulumiPath(problem.path, def.schema),
        reason: problem.reason,
      }))
      .filter((f) => !ownProperties.has(f.property)),
    ...optionFailures(def, news as Props),
  ];
  warnAboutCatalogueValues(def, document);
  return failures.length ? { inputs: news, failures } : { inputs: news };
}

/**
 * Writes a warning for each catalogue value we do not know. Dynamic providers
 * cannot return warnings from `check`, and `pulumi.log.warn` is not connected
 * in the dynamic-provider host (pulumi/pulumi#6065); what a provider process
 * writes to stderr, the CLI shows under the resource (dynamic host and plugin
 * alike), so that is where it goes.
 */
function warnAboutCatalogueValues(def: DefinitionTable, document: Props): void {
  const name = def.nameOf(document);
  for (const warning of catalogueWarnings(def.schema, document)) {
    process.stderr.write(
      `warning: Tavus ${def.kind}${name ? ` "${name}"` : ""}: ${pulumiPath(warning.path, def.schema)}: ${warning.reason}\n`,
    );
  }
}

function optionFailures(def: DefinitionTable, inputs: Props): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  for (const [field, kind] of Object.entries({ ...def.options, ...def.checkHints })) {
    const property = camelCase(field);
    const value = inputs[property];
    if (value === undefined || value === UNKNOWN) continue;
    if (kind === "boolean" && typeof value !== "boolean") {
      failures.push({ property, reason: `must be true or false, not ${JSON.stringify(value)}` });
    } else if (
      kind === "positiveNumber" &&
      !(typeof value === "number" && Number.isFinite(value) && value > 0)
    ) {
      failures.push({
        property,
        reason: `must be a positive number, not ${JSON.stringify(value)}`,
      });
    } else if (kind === "number" && !(typeof value === "number" && Number.isFinite(value))) {
      failures.push({ property, reason: `must be a number, not ${JSON.stringify(value)}` });
    } else if (kind === "string" && typeof value !== "string") {
      failures.push({ property, reason: `must be a string, not ${JSON.stringify(value)}` });
    } else if (
      kind === "stringArray" &&
      !(Array.isArray(value) && value.every((item) => typeof item === "string" || item === UNKNOWN))
    ) {
      failures.push({
        property,
        reason: `must be a list of strings, not ${JSON.stringify(value)}`,
      });
    } else if (kind === "object" && !isPlainObject(value)) {
      failures.push({ property, reason: `must be a map, not ${JSON.stringify(value)}` });
    }
  }
  return failures;
}
