/**
 * The objective graph of each Objectives: the flow a conversation walks
 * (docs/tavus-api/objectives.md). The first objective is where it starts;
 * `next_required_objectives` and `next_conditional_objectives` are its edges;
 * an objective with neither ends the flow. docs/check-rules.md#objective-graph.
 */
import { closest } from "../../definitions/validate";
import { isPlainObject } from "../../objects";
import {
  finding,
  objectsOf,
  type CheckModel,
  type CheckObject,
  type Finding,
  type Rule,
} from "../model";

/** One objective as the rule reads it. */
export interface Step {
  index: number;
  name: string;
  prompt: string;
  outputs: string[];
  callback: boolean;
  /** Edges out, in the order written. */
  next: Edge[];
}

/** An edge of the flow: to `to`, under `condition` when conditional. */
export interface Edge {
  to: string;
  /** The field path of the edge inside the objectives' document. */
  path: (string | number)[];
  condition?: string;
}

const RULE = "objective-graph";

/** The objectives of an Objectives document, as steps (non-objects skipped: the schema reports them). */
export function stepsOf(document: Record<string, unknown>): Step[] {
  const data = Array.isArray(document.data) ? document.data : [];
  return data.flatMap((o: unknown, index): Step[] => {
    if (!isPlainObject(o) || typeof o.objective_name !== "string") return [];
    const next: Edge[] = [];
    const required = Array.isArray(o.next_required_objectives) ? o.next_required_objectives : [];
    required.forEach((to, j) => {
      if (typeof to === "string")
        next.push({ to, path: ["data", index, "next_required_objectives", j] });
    });
    if (isPlainObject(o.next_conditional_objectives))
      for (const [to, condition] of Object.entries(o.next_conditional_objectives))
        next.push({
          to,
          path: ["data", index, "next_conditional_objectives", to],
          condition: typeof condition === "string" ? condition : "",
        });
    return [
      {
        index,
        name: o.objective_name,
        prompt: typeof o.objective_prompt === "string" ? o.objective_prompt : "",
        outputs: Array.isArray(o.output_variables)
          ? o.output_variables.filter((v): v is string => typeof v === "string")
          : [],
        callback: typeof o.callback_url === "string" && o.callback_url !== "",
        next,
      },
    ];
  });
}

/** The objective graph rule. */
export const objectiveGraph: Rule = {
  id: RULE,
  title:
    "each Objectives' flow: names, reachability, dead ends, cycles, empty conditions, unused output variables, duplicate prompts",
  check: (model) => objectsOf(model, "Objectives").flatMap((o) => checkFlow(model, o)),
};

function checkFlow(model: CheckModel, object: CheckObject): Finding[] {
  const steps = stepsOf(object.document);
  const out: Finding[] = [];
  const add = (
    severity: Finding["severity"],
    path: (string | number)[],
    message: string,
    fix: string,
  ) => out.push(finding(model, RULE, severity, object, path, message, fix));
  const byName = new Map<string, Step>();
  for (const s of steps) {
    const first = byName.get(s.name);
    if (first)
      add(
        "error",
        ["data", s.index, "objective_name"],
        `"${s.name}" names two objectives (data[${first.index}] too): an edge to it is ambiguous`,
        "give each objective its own name",
      );
    else byName.set(s.name, s);
  }
  const names = [...byName.keys()];
  for (const s of steps)
    for (const e of s.next) {
      if (!byName.has(e.to)) {
        const guess = closest(e.to, names);
        add(
          "error",
          e.path,
          `names "${e.to}", which is no objective of this list`,
          guess ? `did you mean "${guess}"?` : `name one of: ${names.join(", ")}`,
        );
      }
      if (e.condition !== undefined && e.condition.trim() === "")
        add(
          "error",
          e.path,
          `the branch to "${e.to}" has an empty condition: the LLM cannot tell when to take it`,
          `say in words when the conversation goes to "${e.to}", e.g. "the caller is a new patient"`,
        );
    }
  const first = steps[0];
  if (!first) return out;
  const reached = reachable(first, byName);
  for (const s of steps)
    if (!reached.has(s.name) && byName.get(s.name) === s)
      add(
        "error",
        ["data", s.index, "objective_name"],
        `"${s.name}" cannot be reached from the first objective "${first.name}"`,
        `list "${s.name}" in next_required_objectives or next_conditional_objectives of an objective before it, or remove it`,
      );
  // Ends belong at the end of the list: an objective with no next step that comes
  // before one with a next step is taken for a flow that stops by mistake.
  const lastWithNext = Math.max(-1, ...steps.filter((s) => s.next.length).map((s) => s.index));
  for (const s of steps)
    if (s.next.length === 0 && s.index < lastWithNext && reached.has(s.name))
      add(
        "warning",
        ["data", s.index],
        `"${s.name}" has no next objective, so the flow ends there, but objectives after it in the list go on`,
        `give "${s.name}" next_required_objectives (or conditional ones); if the flow is meant to end there, move it after the objectives that go on`,
      );
  for (const cycle of cycles(steps, byName))
    add(
      "warning",
      cycle.edge.path,
      `the flow loops: ${cycle.names.join(" → ")}`,
      "make sure the loop can be left (a conditional branch out of it), or point the edge at a later objective",
    );
  for (const s of steps)
    for (const v of s.outputs)
      if (!usedAfter(v, s, byName))
        add(
          "notice",
          ["data", s.index, "output_variables"],
          `"${v}" is collected, but no later condition and no callback_url uses it: only the app's events carry it`,
          `name it in a later branch's condition, or give this objective (or a later one) a callback_url, or stop collecting it`,
        );
  const prompts = new Map<string, Step>();
  for (const s of steps) {
    const key = s.prompt.trim().toLowerCase().replace(/\s+/g, " ");
    const earlier = prompts.get(key);
    if (!key) continue;
    if (earlier)
      add(
        "warning",
        ["data", s.index, "objective_prompt"],
        `"${s.name}" has the same prompt as "${earlier.name}": the LLM cannot tell the steps apart`,
        "say what is different about this step, or merge the two",
      );
    else prompts.set(key, s);
  }
  return out;
}

/** The names reachable from `start` (itself included). */
function reachable(start: Step, byName: ReadonlyMap<string, Step>): Set<string> {
  const seen = new Set([start.name]);
  const todo = [start];
  for (let s = todo.pop(); s; s = todo.pop())
    for (const e of s.next) {
      const t = byName.get(e.to);
      if (t && !seen.has(t.name)) {
        seen.add(t.name);
        todo.push(t);
      }
    }
  return seen;
}

/** Each cycle once, by the edge that closes it (depth-first, from the list's order). */
function cycles(
  steps: readonly Step[],
  byName: ReadonlyMap<string, Step>,
): { names: string[]; edge: Edge }[] {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const found: { names: string[]; edge: Edge }[] = [];
  const visit = (s: Step): void => {
    state.set(s.name, "open");
    stack.push(s.name);
    for (const e of s.next) {
      const t = byName.get(e.to);
      if (!t) continue;
      if (state.get(t.name) === "open")
        found.push({ names: [...stack.slice(stack.indexOf(t.name)), t.name], edge: e });
      else if (!state.has(t.name)) visit(t);
    }
    stack.pop();
    state.set(s.name, "done");
  };
  for (const s of steps) if (!state.has(s.name)) visit(s);
  return found;
}

/**
 * Whether output variable `v` of `from` is used: a callback_url on `from` or
 * an objective after it receives it, or a condition of `from` or after it names
 * it (as written, or its words: `is_new_patient` is named by "a new patient").
 */
function usedAfter(v: string, from: Step, byName: ReadonlyMap<string, Step>): boolean {
  const words = v
    .toLowerCase()
    .split(/[_\s-]+/)
    .filter((w) => w.length > 2);
  const names = (text: string) => {
    const t = text.toLowerCase();
    return t.includes(v.toLowerCase()) || (words.length > 0 && words.every((w) => t.includes(w)));
  };
  const seen = new Set<string>();
  const todo = [from];
  for (let s = todo.pop(); s; s = todo.pop()) {
    if (seen.has(s.name)) continue;
    seen.add(s.name);
    if (s.callback || s.next.some((e) => e.condition !== undefined && names(e.condition)))
      return true;
    for (const e of s.next) {
      const t = byName.get(e.to);
      if (t) todo.push(t);
    }
  }
  return false;
}
