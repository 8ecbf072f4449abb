/**
 * What each object points at (docs/check-rules.md#references): every
 * reference field names an object of the right kind (a file of the account
 * folder or a literal id; in a preview, the resource an id comes from), and a
 * persona's guardrails, by id, by tag and from a legacy set, stay within the
 * API's count and say nothing twice. The loader already refuses a `$ref:` to
 * no file; this rule sees what only the whole account shows.
 */
import { GROUP_LIMITS } from "../../apiValues";
import { kindInFolder } from "../../kinds";
import { isPlainObject, valueAt } from "../../objects";
import {
  finding,
  objectsOf,
  type CheckModel,
  type CheckObject,
  type Finding,
  type Rule,
} from "../model";

const RULE = "references";

/** The references rule. */
export const references: Rule = {
  id: RULE,
  title:
    "references name objects of the right kind; a persona's guardrails: count, tags that select one, no prompt twice",
  check: (model) => [
    ...model.objects.flatMap((o) => wrongKinds(model, o)),
    ...objectsOf(model, "Persona").flatMap((p) => guardrailsOf(model, p)),
  ],
};

/** Every concrete path of a reference pattern in `document` (`guardrail_ids.*` → `guardrail_ids.0`, …). */
export function referencePaths(document: unknown, pattern: readonly string[]): string[][] {
  const [head, ...rest] = pattern;
  if (head === undefined) return [[]];
  if (head === "*")
    return Array.isArray(document)
      ? document.flatMap((item, i) => referencePaths(item, rest).map((p) => [String(i), ...p]))
      : [];
  if (!isPlainObject(document) || !(head in document)) return [];
  return referencePaths(document[head], rest).map((p) => [head, ...p]);
}

/** The reference fields of `object`'s kind, each with the kind it must name. */
export function referenceFields(object: CheckObject) {
  const folder = object.kind.folder;
  return (folder && "references" in folder ? (folder.references ?? []) : []).map((r) => ({
    pattern: r.path,
    expected: kindInFolder(r.folder),
  }));
}

function wrongKinds(model: CheckModel, object: CheckObject): Finding[] {
  const out: Finding[] = [];
  for (const { pattern, expected } of referenceFields(object))
    for (const path of referencePaths(object.document, pattern)) {
      const value = valueAt(object.document, path);
      const target = model.target(object, path, value);
      const named =
        "object" in target ? [target.object] : "unknown" in target ? target.unknown : [];
      const wrong = named.filter((t) => expected && t.kind !== expected);
      // A list's unknown ids come from several resources: only a list of no right kind is wrong.
      if (wrong.length && wrong.length === named.length)
        out.push(
          finding(
            model,
            RULE,
            "error",
            object,
            path,
            `takes the id of a ${expected?.kind}, but gets the id of ${wrong.map((t) => `${t.kind.kind} ${t.name}`).join(", ")}`,
            `pass a ${expected?.typeName} resource (or its id) here`,
          ),
        );
    }
  return out;
}

function guardrailsOf(model: CheckModel, persona: CheckObject): Finding[] {
  const out: Finding[] = [];
  const doc = persona.document;
  const all = objectsOf(model, "Guardrail");
  /** Each guardrail the persona gets, with the field that gives it. */
  const got: { guardrail: CheckObject | undefined; prompt?: string; path: (string | number)[] }[] =
    [];
  const ids = Array.isArray(doc.guardrail_ids) ? doc.guardrail_ids : [];
  ids.forEach((id, i) => {
    const target = model.target(persona, ["guardrail_ids", String(i)], id);
    const g = "object" in target ? target.object : undefined;
    got.push({ guardrail: g, ...promptOf(g), path: ["guardrail_ids", i] });
  });
  const tags = Array.isArray(doc.guardrail_tags) ? doc.guardrail_tags : [];
  tags.forEach((tag, i) => {
    const tagged = all.filter(
      (g) => Array.isArray(g.document.tags) && g.document.tags.includes(tag),
    );
    // Only when guardrails are declared here: a tag may select guardrails made elsewhere.
    if (all.length && tagged.length === 0)
      out.push(
        finding(
          model,
          RULE,
          "warning",
          persona,
          ["guardrail_tags", i],
          `the tag "${tag}" selects none of the guardrails declared here`,
          `add "${tag}" to the tags of the guardrails it should select, or remove it`,
        ),
      );
    for (const g of tagged)
      if (!got.some((x) => x.guardrail === g))
        got.push({ guardrail: g, ...promptOf(g), path: ["guardrail_tags", i] });
  });
  if (got.length > GROUP_LIMITS.personaGuardrailIds)
    out.push(
      finding(
        model,
        RULE,
        "error",
        persona,
        tags.length ? ["guardrail_tags"] : ["guardrail_ids"],
        `gets ${got.length} guardrails (by id and by tag); a persona takes at most ${GROUP_LIMITS.personaGuardrailIds}`,
        "merge guardrails that say the same, or split the persona",
      ),
    );
  const set = doc.guardrails_id;
  if (typeof set === "string") {
    const target = model.target(persona, ["guardrails_id"], set);
    const items = "object" in target ? target.object.document.data : undefined;
    if (Array.isArray(items))
      for (const item of items)
        if (isPlainObject(item) && typeof item.guardrail_prompt === "string")
          got.push({
            guardrail: undefined,
            prompt: item.guardrail_prompt,
            path: ["guardrails_id"],
          });
  }
  const seen = new Map<string, (string | number)[]>();
  for (const g of got) {
    const key = g.prompt?.trim().toLowerCase().replace(/\s+/g, " ");
    if (!key) continue;
    const first = seen.get(key);
    if (first)
      out.push(
        finding(
          model,
          RULE,
          "warning",
          persona,
          g.path,
          `gives the guardrail prompt "${clip(g.prompt!)}" twice (also through ${model.fieldName(persona, first)})`,
          "keep one of the two guardrails",
        ),
      );
    else seen.set(key, g.path);
  }
  return out;
}

function promptOf(g: CheckObject | undefined): { prompt?: string } {
  const p = g?.document.guardrail_prompt;
  return typeof p === "string" ? { prompt: p } : {};
}

/** Text cut to a length a finding can quote. */
export function clip(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
