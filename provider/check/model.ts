/**
 * What `pulumi-tavus check` reads, whatever it came from: the objects of an
 * account folder (./fromFolder.ts) or the planned inputs of a `pulumi preview
 * --json` (./fromPreview.ts), each in the API's field names, with a way to
 * follow a reference field to the object it names. The rules (./rules/) see
 * only this, so each rule holds for both sources.
 */
import type { DefinitionTable } from "../definitions/table";

/**
 * How bad a finding is: an error fails the check (exit 1), a warning exits 2
 * (1 under `--strict`). A notice is printed and changes no exit code: a fact a
 * reviewer should see that is often meant (docs/check-rules.md says which).
 */
export type Severity = "error" | "warning" | "notice";

/** One thing the check found. */
export interface Finding {
  severity: Severity;
  /** The rule's id (docs/check-rules.md has a section of that name). */
  rule: string;
  /** The file, or the resource as `<Type> <name>` (preview), the finding lies in. */
  where: string;
  /** The field path as the source writes it (`data[2].next_required_objectives`, `systemPrompt`); "" for the whole object. */
  field: string;
  /** What is wrong. */
  message: string;
  /** How to fix it; "" when the message already says it (the loader's reasons). */
  fix: string;
  /** The object it lies in, for the picture (./graph.ts). */
  object?: CheckObject;
}

/** One Tavus object to check. */
export interface CheckObject {
  kind: DefinitionTable;
  /** The file name without extension, or the resource's name. */
  name: string;
  /** The file, or the resource as `<Type> <name>` with its URN after it in previews. */
  where: string;
  /** The object's fields in the API's names (options such as `tool_ids` and `skills` too). */
  document: Record<string, unknown>;
}

/** What a reference field's value stands for. */
export type Target =
  /** An object being checked. */
  | { object: CheckObject }
  /** An id of an object the check does not see (a stock replica, an object no file or step declares). */
  | { literal: string }
  /** A value the preview does not know yet, pointing at these objects (may be several for a list). */
  | { unknown: CheckObject[] };

/** The objects to check and how their references resolve. */
export interface CheckModel {
  /** Where they came from: names in findings follow it (wire names for files, Pulumi's for previews). */
  source: "folder" | "preview";
  objects: CheckObject[];
  /**
   * What the value of a reference field of `from` names.
   * @param path the field's wire path (`["guardrail_ids", "1"]`).
   */
  target(from: CheckObject, path: readonly string[], value: unknown): Target;
  /** A wire path as findings name it: `data[0].objective_name` (folder), `data[0].objectiveName` (preview). */
  fieldName(object: CheckObject, path: readonly (string | number)[]): string;
}

/** A rule: one kind of fault, one module (./rules/). */
export interface Rule {
  /** The id findings carry, and the section of docs/check-rules.md. */
  id: string;
  /** One line: what it checks. */
  title: string;
  /** The findings of this rule in `model`; none when all is well. */
  check(model: CheckModel): Finding[];
}

/** The objects of the kind named `typeName` (`Persona`, `Objectives`, …). */
export function objectsOf(model: CheckModel, typeName: string): CheckObject[] {
  return model.objects.filter((o) => o.kind.typeName === typeName);
}

/** A finding's first fields, filled in from the object and the model. */
export function finding(
  model: CheckModel,
  rule: string,
  severity: Severity,
  object: CheckObject,
  path: readonly (string | number)[],
  message: string,
  fix: string,
): Finding {
  return {
    severity,
    rule,
    where: object.where,
    field: model.fieldName(object, path),
    message,
    fix,
    object,
  };
}

/** Renders a path as `a.b[0].c`. */
export function renderPath(path: readonly (string | number)[]): string {
  return path
    .map((p, i) =>
      typeof p === "number" || /^\d+$/.test(p) ? `[${p}]` : `${i === 0 ? "" : "."}${p}`,
    )
    .join("");
}
