/**
 * A `pulumi preview --json` as the check reads it: the planned inputs of every
 * Tavus resource the preview creates, updates or replaces, in the API's field
 * names. A reference whose id is not known yet is the Pulumi sentinel; the
 * step's `propertyDependencies` say which resources it comes from. Resources
 * the preview leaves alone are not in its steps: a reference to one is a
 * literal id to the check.
 */
import type { DefinitionTable } from "../definitions/table";
import { kindOfDynamicType } from "../kinds";
import { pluginKindOf } from "../plugin/kinds";
import { camelCase, fromWirePath, toWire } from "../mapping";
import { isPlainObject } from "../objects";
import type { CheckModel, CheckObject, Target } from "./model";
import { renderPath } from "./model";

/** The value `pulumi preview` prints for an input not known until the update runs. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** One step of `pulumi preview --json`, the fields read here. */
export interface PreviewStep {
  op: string;
  urn: string;
  oldState?: ResourceState;
  newState?: ResourceState;
}

/** A resource state of a step. */
export interface ResourceState {
  type?: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  propertyDependencies?: Record<string, string[]>;
}

/** The steps of a preview document, checked for shape. */
export function previewSteps(preview: unknown): PreviewStep[] {
  const steps = isPlainObject(preview) ? preview.steps : undefined;
  if (!Array.isArray(steps))
    throw new Error(
      'the input is no "pulumi preview --json" document (it has no "steps" list): pipe "pulumi preview --json" into "pulumi-tavus check -"',
    );
  return steps.filter(
    (s): s is PreviewStep =>
      isPlainObject(s) && typeof s.urn === "string" && typeof s.op === "string",
  );
}

/**
 * The kind of a step's resource type: a dynamic resource's
 * (`pulumi-nodejs:dynamic/tavus:Persona`) or the plugin's (`tavus:index:Persona`,
 * a Pulumi YAML program's).
 */
export function kindOfType(type: string | undefined): DefinitionTable | undefined {
  return type ? (kindOfDynamicType(type) ?? pluginKindOf(type)?.definition) : undefined;
}

/** The resource name of a URN: its part after the last `::`. */
export function nameOfUrn(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/** Builds the check's model from a `pulumi preview --json` document. */
export function checkModelFromPreview(preview: unknown): CheckModel {
  const objects: CheckObject[] = [];
  const stepOf = new Map<CheckObject, PreviewStep>();
  const byUrn = new Map<string, CheckObject>();
  const byId = new Map<string, CheckObject>();
  for (const step of previewSteps(preview)) {
    const state = step.newState;
    const kind = kindOfType(state?.type ?? step.oldState?.type);
    if (!kind || !state?.inputs || step.op === "delete" || step.op === "discard") continue;
    const { __provider: _provider, ...inputs } = state.inputs;
    const name = nameOfUrn(step.urn);
    const object: CheckObject = {
      kind,
      name,
      where: `${kind.typeName} ${name}`,
      document: toWire(inputs, kind.schema),
    };
    objects.push(object);
    stepOf.set(object, step);
    byUrn.set(step.urn, object);
    for (const id of idsOf(step, kind.idOutput ?? kind.idField)) byId.set(id, object);
  }
  return {
    source: "preview",
    objects,
    target: (from, path, value): Target => {
      if (value === UNKNOWN) {
        const urns = stepOf.get(from)?.newState?.propertyDependencies?.[camelCase(path[0] ?? "")];
        return {
          unknown: (urns ?? []).flatMap((u) => (byUrn.has(u) ? [byUrn.get(u)!] : [])),
        };
      }
      const object = typeof value === "string" ? byId.get(value) : undefined;
      return object ? { object } : { literal: String(value) };
    },
    fieldName: (object, path) => renderPath(fromWirePath(path.map(String), object.kind.schema)),
  };
}

/** The ids a step's resource had or will have: its state id and its id output. */
function idsOf(step: PreviewStep, idOutput: string): string[] {
  return [step.oldState, step.newState].flatMap((s) =>
    [s?.id, s?.outputs?.[camelCase(idOutput)]].filter(
      (id): id is string => typeof id === "string" && id !== "" && id !== UNKNOWN,
    ),
  );
}
