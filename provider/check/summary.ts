/**
 * `pulumi-tavus check - --summary <out.md>`: what a `pulumi preview --json`
 * changes, in words, for a merge request's review comment. The people who
 * review a persona often write prompts rather than code: a prompt shows as a
 * word diff, a list (objectives, guardrails, documents, tools, origins) as what
 * it gains and loses, by name. Per persona, with what it points at folded in;
 * other resources on their own. No secret: the kinds' secret and write-only
 * fields say only that they changed, and a value the CLI masks stays masked.
 */
import type { DefinitionTable } from "../definitions/table";
import { camelCase, toWire } from "../mapping";
import { isPlainObject, valueAt } from "../objects";
import { kindOfType, nameOfUrn, previewSteps, UNKNOWN, type PreviewStep } from "./fromPreview";
import { clip } from "./rules/references";
import { stepsOf, type Step } from "./rules/objectiveGraph";
import { wordDiff } from "./wordDiff";

/** Steps that change a resource; a replacement's own create and delete steps are the `replace` step's. */
const CHANGES = new Set(["create", "update", "replace", "delete", "import"]);
/** Free text: shown as a word diff. */
const TEXT = new Set([
  "persona_name",
  "system_prompt",
  "greeting",
  "context",
  "guardrail_prompt",
  "description",
  "name",
]);
/** Reference lists and fields, by the kind they name: shown by the names of what they point at. */
const REFERENCES: Record<string, string> = {
  objectives_id: "objectives",
  guardrail_ids: "guardrails",
  guardrails_id: "guardrail set",
  document_ids: "documents",
  tool_ids: "tools",
  pal_id: "persona",
};

interface Change {
  step: PreviewStep;
  kind: DefinitionTable;
  name: string;
  old: Record<string, unknown>;
  now: Record<string, unknown>;
}

/** The Markdown summary of `preview` (a `pulumi preview --json` document). */
export function previewSummary(preview: unknown): string {
  const changes = previewSteps(preview).flatMap((step): Change[] => {
    const kind = kindOfType(step.newState?.type ?? step.oldState?.type);
    if (!kind || !CHANGES.has(step.op)) return [];
    return [
      {
        step,
        kind,
        name: nameOfUrn(step.urn),
        old: step.op === "create" ? {} : wireInputs(kind, step.oldState?.inputs),
        now: step.op === "delete" ? {} : wireInputs(kind, step.newState?.inputs),
      },
    ];
  });
  const names = nameIndex(previewSteps(preview));
  const told = new Set<Change>();
  const sections: string[] = [];
  for (const persona of changes.filter((c) => c.kind.typeName === "Persona")) {
    told.add(persona);
    const lines = [...opLine(persona), ...fieldLines(persona, names)];
    // What it points at, changed in the same preview: folded into its section.
    for (const other of changes.filter(
      (c) => c !== persona && !told.has(c) && pointsAt(persona, c),
    )) {
      told.add(other);
      // A guardrail the persona no longer lists and that goes: the persona's line says it.
      if (other.step.op === "delete" && lines.some((l) => l.includes(`\`${other.name}\``)))
        continue;
      lines.push(...nestedLines(other, names));
    }
    sections.push(section(persona, lines));
  }
  for (const other of changes.filter((c) => !told.has(c)))
    sections.push(section(other, [...opLine(other), ...fieldLines(other, names)]));
  return `${[
    "### Tavus changes in this preview",
    ...(sections.length ? sections : ["No Tavus resource changes."]),
  ].join("\n\n")}\n`;
}

function section(change: Change, lines: string[]): string {
  const label = displayName(change);
  return [
    `**${change.kind.typeName} \`${change.name}\`**${label ? ` (${label})` : ""}`,
    ...lines.map((l) => `- ${l}`),
  ].join("\n");
}

function opLine(change: Change): string[] {
  if (change.step.op === "create") return ["new"];
  if (change.step.op === "delete") return ["deleted"];
  if (change.step.op === "replace")
    return ["replaced (a new object is made, then the old one deleted)"];
  return [];
}

/** A changed object that `persona` points at, in its old or new inputs. */
function pointsAt(persona: Change, other: Change): boolean {
  const ids = new Set(idsOf(other.step));
  const deps = Object.values(persona.step.newState?.propertyDependencies ?? {}).flat();
  const refs = (c: Change) =>
    Object.keys(REFERENCES)
      .flatMap((f) => [c.old[f], c.now[f]])
      .flat();
  // The persona names it (objectives, guardrails…), or it names the persona (a deployment's pal_id).
  const personaIds = new Set(idsOf(persona.step));
  return (
    deps.includes(other.step.urn) ||
    refs(persona).some((r) => typeof r === "string" && ids.has(r)) ||
    refs(other).some((r) => typeof r === "string" && personaIds.has(r))
  );
}

/** Lines of an object that a persona points at: its kind and name lead. */
function nestedLines(change: Change, names: Map<string, string>): string[] {
  const head = `${change.kind.kind} \`${change.name}\``;
  const op = opLine(change)[0];
  const fields = fieldLines(change, names);
  if (op) return [`${head}: ${op}`];
  return fields.map((l) => `${head}: ${l}`);
}

function fieldLines(change: Change, names: Map<string, string>): string[] {
  if (change.step.op === "create" || change.step.op === "delete") return [];
  const { old, now } = change;
  if (change.kind.typeName === "Objectives") return objectiveLines(old, now);
  const secret = secretPaths(change.kind);
  const lines: string[] = [];
  for (const key of [...new Set([...Object.keys(old), ...Object.keys(now)])].sort(byInterest)) {
    const a = old[key];
    const b = now[key];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (key in REFERENCES) lines.push(referenceLine(key, a, b, change, names));
    else if (TEXT.has(key) && typeof a === "string" && typeof b === "string")
      lines.push(`${label(key)}: ${wordDiff(a, b)}`);
    else if (Array.isArray(a) || Array.isArray(b))
      lines.push(listLine(label(key), a, b, (v) => `\`${String(v)}\``));
    else if (isPlainObject(a) || isPlainObject(b))
      for (const path of leafChanges(a, b, [key]))
        lines.push(
          secret.some((s) => s === path.join(".")) ||
            isMasked(valueAt(a, path.slice(1))) ||
            isMasked(valueAt(b, path.slice(1)))
            ? `${path.join(".")}: changed (secret, not shown)`
            : `${path.join(".")}: ${shown(valueAt(a, path.slice(1)))} → ${shown(valueAt(b, path.slice(1)))}`,
        );
    else if (secret.includes(key) || isMasked(a) || isMasked(b))
      lines.push(`${key}: changed (secret, not shown)`);
    else lines.push(`${label(key)}: ${shown(a)} → ${shown(b)}`);
  }
  return lines;
}

/** Names and text first (what a prompt writer reviews), then what it points at, then the rest. */
function byInterest(a: string, b: string): number {
  const rank = (k: string) => (TEXT.has(k) ? 0 : k in REFERENCES ? 1 : 2);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** Objectives by name: added, removed, and each kept one's prompt and next steps. */
function objectiveLines(old: Record<string, unknown>, now: Record<string, unknown>): string[] {
  const before = new Map(stepsOf(old).map((s) => [s.name, s]));
  const after = new Map(stepsOf(now).map((s) => [s.name, s]));
  const lines: string[] = [];
  const added = [...after.keys()].filter((n) => !before.has(n));
  const removed = [...before.keys()].filter((n) => !after.has(n));
  // An objective added or removed brings the edges to it: said with it, not as edits of its neighbours.
  const comesAfter = (name: string, steps: Map<string, Step>) =>
    [...steps.values()]
      .filter((s) => s.next.some((e) => e.to === name))
      .map((s) => `\`${s.name}\``);
  for (const n of added) {
    const from = comesAfter(n, after);
    lines.push(`added objective \`${n}\`${from.length ? ` (after ${from.join(", ")})` : ""}`);
  }
  for (const n of removed) lines.push(`removed objective \`${n}\``);
  const moved = new Set([...added, ...removed]);
  for (const [name, a] of before) {
    const b = after.get(name);
    if (!b) continue;
    if (a.prompt !== b.prompt)
      lines.push(`objective \`${name}\` prompt: ${wordDiff(a.prompt, b.prompt)}`);
    const edges = (s: Step) =>
      s.next
        .filter((e) => !moved.has(e.to))
        .map((e) => (e.condition === undefined ? e.to : `${e.to} when "${e.condition}"`));
    if (JSON.stringify(edges(a)) !== JSON.stringify(edges(b)))
      lines.push(listLine(`objective \`${name}\` next`, edges(a), edges(b), (e) => `\`${e}\``));
  }
  return lines;
}

function referenceLine(
  key: string,
  a: unknown,
  b: unknown,
  change: Change,
  names: Map<string, string>,
): string {
  const oldDeps = change.step.oldState?.propertyDependencies?.[camelCase(key)] ?? [];
  const newDeps = change.step.newState?.propertyDependencies?.[camelCase(key)] ?? [];
  // An id not known yet names the resources it depends on: by their names.
  const named = (v: unknown, deps: string[]): string[] =>
    (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((id) =>
      id === UNKNOWN ? deps.map((u) => nameOfUrn(u)) : [names.get(String(id)) ?? String(id)],
    );
  const before = named(a, oldDeps);
  const after = [...new Set(named(b, newDeps))];
  return listLine(REFERENCES[key]!, before, after, (n) => `\`${n}\``);
}

function listLine(what: string, a: unknown, b: unknown, show: (v: unknown) => string): string {
  const before = (Array.isArray(a) ? a : a === undefined ? [] : [a]).map(String);
  const after = (Array.isArray(b) ? b : b === undefined ? [] : [b]).map(String);
  const added = after.filter((v) => !before.includes(v));
  const removed = before.filter((v) => !after.includes(v));
  const parts = [
    added.length && `added ${added.map(show).join(", ")}`,
    removed.length && `removed ${removed.map(show).join(", ")}`,
  ].filter(Boolean);
  return `${what}: ${parts.length ? parts.join("; ") : "reordered"}`;
}

/** Leaf paths where two plain objects differ. */
function leafChanges(a: unknown, b: unknown, at: string[]): string[][] {
  if (!isPlainObject(a) || !isPlainObject(b))
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [at];
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((k) =>
    leafChanges(a[k], b[k], [...at, k]),
  );
}

/** The dotted wire paths of a kind's secret and write-only fields. */
function secretPaths(kind: DefinitionTable): string[] {
  return [
    ...Object.values(kind.secretOutputs ?? {}).flatMap((s) =>
      s.paths.map((p) => [s.under, ...p].join(".")),
    ),
    ...(kind.writeOnly ?? []),
  ];
}

/** A value the CLI printed masked (`[secret]`) or as a secret envelope. */
function isMasked(v: unknown): boolean {
  return v === "[secret]" || (isPlainObject(v) && "4dabf18193072939515e22adb298388d" in v);
}

function shown(v: unknown): string {
  if (v === undefined) return "(none)";
  if (v === UNKNOWN) return "(known after the update)";
  return `\`${clip(typeof v === "string" ? v : JSON.stringify(v), 80)}\``;
}

function label(key: string): string {
  return key.replace(/_/g, " ");
}

function wireInputs(
  kind: DefinitionTable,
  inputs: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const { __provider: _provider, ...rest } = inputs ?? {};
  return toWire(rest, kind.schema);
}

/** Id → a readable name (`no_prices`), from every step's states. */
function nameIndex(steps: PreviewStep[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const step of steps) for (const id of idsOf(step)) names.set(id, nameOfUrn(step.urn));
  return names;
}

/** The ids a step's resource had or will have: its state id and its kind's id output. */
function idsOf(step: PreviewStep): string[] {
  const kind = kindOfType(step.newState?.type ?? step.oldState?.type);
  const idOutput = kind ? camelCase(kind.idOutput ?? kind.idField) : "";
  return [step.oldState, step.newState].flatMap((s) =>
    [s?.id, idOutput ? s?.outputs?.[idOutput] : undefined].filter(
      (id): id is string => typeof id === "string" && id !== "" && id !== UNKNOWN,
    ),
  );
}

/** The object's own name, when it has one besides the resource's (`Clinic receptionist`). */
function displayName(change: Change): string {
  const doc = Object.keys(change.now).length ? change.now : change.old;
  const n = change.kind.nameOf(doc);
  return n && n !== change.name ? n : "";
}
