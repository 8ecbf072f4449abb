/**
 * The picture of each persona (`check --graph`), as Graphviz DOT: its
 * objective flow (the start, each objective with what it collects, required
 * next steps as solid arrows, conditional ones dashed with their condition,
 * the end) and what it points at (guardrails, documents, tools, skills,
 * deployments). A node where a finding lies is drawn red (error) or orange
 * (warning) with the count, and its tooltip says what was found.
 * ./render.ts lays it out.
 */
import { isPlainObject, valueAt } from "../objects";
import type { CheckModel, CheckObject, Finding } from "./model";
import { objectsOf } from "./model";
import { UNKNOWN } from "./fromPreview";
import { referenceFields, referencePaths } from "./rules/references";
import { stepsOf } from "./rules/objectiveGraph";

/** Width, in characters, a label line wraps at. */
const WRAP = 34;
const COLOR = { error: "#c62828", warning: "#e65100", notice: "#546e7a" } as const;

/** The DOT id of an objective node: stable, so a test can find it. */
export function objectiveNodeId(objectives: CheckObject, name: string): string {
  return `objective:${objectives.name}:${name}`;
}

/** What one picture shows. */
export interface GraphPart {
  /** The personas drawn. @default every persona of the model */
  personas?: readonly CheckObject[];
  /** Draw the objectives no persona uses. @default true */
  orphans?: boolean;
}

/**
 * The pictures an HTML page shows one under the other: one a persona, then
 * the objectives no persona uses. One graph of a whole account is a row as wide
 * as the account, which a browser shrinks past reading (seen in Chromium).
 */
export function graphParts(model: CheckModel): { title: string; part: GraphPart }[] {
  const personas = objectsOf(model, "Persona");
  const orphans = orphanObjectives(model);
  return [
    ...personas.map((p) => ({
      title: `Persona ${p.name}`,
      part: { personas: [p], orphans: false },
    })),
    ...(orphans.length
      ? [{ title: "Objectives no persona uses", part: { personas: [], orphans: true } }]
      : []),
  ];
}

/** The objectives no persona of `model` points at. */
function orphanObjectives(model: CheckModel): CheckObject[] {
  const used = new Set(
    objectsOf(model, "Persona").flatMap((p) => {
      if (p.document.objectives_id === undefined) return [];
      const t = model.target(p, ["objectives_id"], p.document.objectives_id);
      return "object" in t ? [t.object] : "unknown" in t ? t.unknown : [];
    }),
  );
  return objectsOf(model, "Objectives").filter((o) => !used.has(o));
}

/** The DOT graph of the personas of `part` (and of objectives no persona uses). */
export function graphDot(
  model: CheckModel,
  findings: readonly Finding[],
  part: GraphPart = {},
): string {
  const lines: string[] = [
    "digraph tavus {",
    // Each persona is a component of its own: packed in a grid, not a row as wide as the account.
    '  graph [rankdir=TB, fontname="Helvetica", fontsize=12, nodesep=0.4, ranksep=0.5];',
    '  node [fontname="Helvetica", fontsize=11, shape=box, style="rounded,filled", fillcolor="#ffffff", color="#455a64"];',
    '  edge [fontname="Helvetica", fontsize=10, color="#455a64"];',
  ];
  const drawn = new Set<CheckObject>();
  const marks = findingsByNode(findings);
  const node = (id: string, label: string, attrs: Record<string, string>) => {
    const found = marks.get(id) ?? [];
    const worst =
      found.find((f) => f.severity === "error") ??
      found.find((f) => f.severity === "warning") ??
      found[0];
    const extra: Record<string, string> = worst
      ? {
          color: COLOR[worst.severity],
          penwidth: "2.5",
          tooltip: found
            .map((f) => `${f.severity}: ${f.field ? `${f.field}: ` : ""}${f.message}`)
            .join("\n"),
        }
      : {};
    // A screenshot or a printout has no tooltip: the first finding is written on the
    // node, in its colour and set apart from what the node says.
    const badge = worst
      ? `<br/><font point-size="10" color="${COLOR[worst.severity]}">${html(
          `${worst.severity === "notice" ? "ℹ" : "⚠"} ${worst.severity}: ${wrap(worst.message, WRAP + 6)}${found.length > 1 ? `\n(+${found.length - 1} more)` : ""}`,
        )}</font>`
      : "";
    const [title = "", ...body] = label.split("\n");
    const text = `<b>${html(title)}</b>${body.length ? `<br/>${html(body.join("\n"))}` : ""}${badge}`;
    lines.push(`  ${q(id)} [label=<${text}>, ${attributes({ ...attrs, ...extra })}];`);
  };
  (part.personas ?? objectsOf(model, "Persona")).forEach((persona, i) => {
    drawn.add(persona);
    lines.push(
      `  subgraph ${q(`cluster_persona_${i}`)} {`,
      `    label=${q(`Persona ${persona.name}`)}; style="rounded"; color="#90a4ae";`,
    );
    const personaId = nodeId(persona);
    node(
      personaId,
      `${persona.kind.nameOf(persona.document) || persona.name}\n(persona ${persona.name})`,
      {
        shape: "box",
        fillcolor: "#e3f2fd",
        style: "filled,bold",
      },
    );
    const linked = new Set<CheckObject>();
    for (const { pattern, expected } of referenceFields(persona))
      for (const path of pathsOf(persona.document, pattern)) {
        const value = valueAt(persona.document, path) ?? UNKNOWN;
        const t = model.target(persona, path, value);
        // A list of ids not known yet depends on all its resources: each is drawn once.
        const targets = ("object" in t ? [t.object] : "unknown" in t ? t.unknown : []).filter(
          (o) => (!expected || o.kind === expected) && !linked.has(o),
        );
        targets.forEach((o) => linked.add(o));
        if ("literal" in t) {
          // An id the check does not see: drawn as the id, so the picture still shows the link.
          const id = `literal:${persona.name}:${path.join(".")}`;
          node(id, `${path[0]}\n${String(value)}`, { shape: "note", fillcolor: "#eceff1" });
          lines.push(`  ${q(personaId)} -> ${q(id)} [style=dotted];`);
        }
        for (const target of targets) {
          if (target.kind.typeName === "Objectives") {
            if (!drawn.has(target)) flow(target);
            drawn.add(target);
            const first = stepsOf(target.document)[0];
            if (first)
              lines.push(
                `  ${q(personaId)} -> ${q(startId(target))} [label="objectives", style=bold];`,
              );
            continue;
          }
          drawn.add(target);
          node(
            nodeId(target),
            `${target.kind.kind}\n${wrap(target.kind.nameOf(target.document) || target.name)}`,
            shapeOf(target),
          );
          lines.push(`  ${q(personaId)} -> ${q(nodeId(target))} [style=dotted, arrowhead=open];`);
        }
      }
    const skills = persona.document.skills;
    if (isPlainObject(skills))
      for (const skill of Object.keys(skills)) {
        const id = `skill:${persona.name}:${skill}`;
        node(id, `skill\n${skill}`, { shape: "component", fillcolor: "#f3e5f5" });
        lines.push(`  ${q(personaId)} -> ${q(id)} [style=dotted, arrowhead=open];`);
      }
    for (const d of objectsOf(model, "Deployment")) {
      const t = model.target(d, ["pal_id"], d.document.pal_id);
      const targets = "object" in t ? [t.object] : "unknown" in t ? t.unknown : [];
      if (!targets.includes(persona)) continue;
      drawn.add(d);
      const origins = Array.isArray(d.document.allowed_origins)
        ? d.document.allowed_origins.join("\n")
        : "any origin";
      node(
        nodeId(d),
        `${String(d.document.channel ?? "")} deployment\n${typeof d.document.name === "string" ? d.document.name : d.name}\norigins: ${origins}`,
        {
          shape: "house",
          fillcolor: "#e8f5e9",
        },
      );
      lines.push(`  ${q(nodeId(d))} -> ${q(personaId)} [label="publishes", style=dashed];`);
    }
    lines.push("  }");
  });
  // Objectives no persona uses are still a flow to review.
  if (part.orphans ?? true) {
    for (const o of orphanObjectives(model).filter((o) => !drawn.has(o))) flow(o);
  }
  lines.push("}");
  return lines.join("\n");

  function flow(objectives: CheckObject): void {
    const steps = stepsOf(objectives.document);
    const start = startId(objectives);
    const end = `end:${objectives.name}`;
    lines.push(
      `  subgraph ${q(`cluster_objectives_${objectives.name}`)} {`,
      `    label=${q(`Objectives ${objectives.name}`)}; style="rounded,dashed"; color="#b0bec5"; labelloc="b";`,
    );
    lines.push(
      `    ${q(start)} [label="start", shape=circle, style=filled, fillcolor="#263238", fontcolor="#ffffff", width=0.6, fixedsize=true];`,
    );
    steps.forEach((s, i) => {
      const collects = s.outputs.length ? `\ncollects: ${s.outputs.join(", ")}` : "";
      node(
        objectiveNodeId(objectives, s.name),
        `${i + 1}. ${s.name}\n${wrap(s.prompt)}${collects}`,
        {
          fillcolor: "#fffde7",
        },
      );
    });
    const names = new Set(steps.map((s) => s.name));
    if (steps[0]) lines.push(`  ${q(start)} -> ${q(objectiveNodeId(objectives, steps[0].name))};`);
    let ends = 0;
    for (const s of steps) {
      if (s.next.length === 0) {
        ends += 1;
        lines.push(`  ${q(objectiveNodeId(objectives, s.name))} -> ${q(end)};`);
      }
      for (const e of s.next) {
        const to = names.has(e.to)
          ? objectiveNodeId(objectives, e.to)
          : `missing:${objectives.name}:${e.to}`;
        if (!names.has(e.to))
          node(to, `no objective\n${e.to}`, {
            shape: "octagon",
            color: COLOR.error,
            fillcolor: "#ffebee",
          });
        lines.push(
          `  ${q(objectiveNodeId(objectives, s.name))} -> ${q(to)} [${attributes(
            e.condition === undefined
              ? { label: "required next", style: "bold" }
              : {
                  label: e.condition.trim() ? wrap(e.condition, 26) : "(empty condition)",
                  style: "dashed",
                  ...(e.condition.trim() ? {} : { color: COLOR.error, fontcolor: COLOR.error }),
                },
          )}];`,
        );
      }
    }
    if (ends)
      lines.push(
        `    ${q(end)} [label="end", shape=doublecircle, style=filled, fillcolor="#263238", fontcolor="#ffffff", width=0.5, fixedsize=true];`,
      );
    lines.push("  }");
  }
}

/**
 * The paths of a reference pattern in `document`; when a part of the way is
 * not known yet (a preview's whole `layers` holding an output), the pattern
 * itself, so its `propertyDependencies` still say what it points at.
 */
function pathsOf(document: Record<string, unknown>, pattern: readonly string[]): string[][] {
  const found = referencePaths(document, pattern);
  if (found.length) return found;
  const unknownAt = pattern.findIndex(
    (_, i) => valueAt(document, pattern.slice(0, i + 1)) === UNKNOWN,
  );
  return unknownAt >= 0 ? [pattern.map((p) => (p === "*" ? "0" : p))] : [];
}

function startId(objectives: CheckObject): string {
  return `start:${objectives.name}`;
}

/** The node a finding is drawn on: an objective for `data[i]…` of an Objectives, else its object. */
function findingsByNode(findings: readonly Finding[]): Map<string, Finding[]> {
  const map = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!f.object) continue;
    let id = nodeId(f.object);
    if (f.object.kind.typeName === "Objectives") {
      const index = /^data\[(\d+)\]/.exec(f.field)?.[1];
      const step =
        index === undefined
          ? undefined
          : stepsOf(f.object.document).find((s) => s.index === Number(index));
      id = step ? objectiveNodeId(f.object, step.name) : startId(f.object);
    }
    map.set(id, [...(map.get(id) ?? []), f]);
  }
  return map;
}

function nodeId(object: CheckObject): string {
  return `${object.kind.typeName}:${object.name}`;
}

function shapeOf(object: CheckObject): Record<string, string> {
  switch (object.kind.typeName) {
    case "Guardrail":
    case "GuardrailSet":
      return { shape: "octagon", fillcolor: "#fff3e0" };
    case "Document":
      return { shape: "note", fillcolor: "#e0f7fa" };
    case "Tool":
      return { shape: "component", fillcolor: "#f3e5f5" };
    default:
      return { shape: "box", fillcolor: "#f5f5f5" };
  }
}

/** Words wrapped at `width` characters a line, cut after four lines. */
export function wrap(text: string, width = WRAP): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.replace(/\s+/g, " ").trim().split(" ")) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.length > 4 ? [...lines.slice(0, 4), "…"].join("\n") : lines.join("\n");
}

/** Text for an HTML-like label: escaped, lines as <br/>. */
function html(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\n/g, "<br/>");
}

function q(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

function attributes(attrs: Record<string, string>): string {
  return Object.entries(attrs)
    .map(([k, v]) => `${k}=${q(v)}`)
    .join(", ");
}
