/**
 * `check --graph`: the SVG of examples/account's persona (from the preview the
 * real CLI printed for it) holds one node per objective and one edge per next
 * step, each conditional edge labelled with its condition, the start and the
 * end; and a finding is drawn on the node it lies in.
 */
import { checkModelFromPreview } from "../../provider/check/fromPreview";
import { objectiveNodeId } from "../../provider/check/graph";
import { renderGraph } from "../../provider/check/render";
import { stepsOf } from "../../provider/check/rules/objectiveGraph";
import { runRules } from "../../provider/check/run";
import { toWire } from "../../provider/mapping";
import { accountPreview } from "./helpers";

/** Graphviz's SVG: each node's and edge's <title> and the text drawn in it. */
function svgElements(svg: string, cls: "node" | "edge"): Map<string, string> {
  const found = new Map<string, string>();
  const unescape = (s: string) =>
    s
      .replace(/&#45;/g, "-")
      .replace(/&gt;/g, ">")
      .replace(/&lt;/g, "<")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&");
  for (const m of svg.matchAll(
    new RegExp(`<g id="[^"]+" class="${cls}">\\s*<title>([^<]*)</title>([\\s\\S]*?)</g>`, "g"),
  )) {
    const text = [...m[2]!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)]
      .map((t) => unescape(t[1]!))
      .join(" ");
    found.set(unescape(m[1]!), text);
  }
  return found;
}

describe("check --graph", () => {
  test("examples/account: every objective a node, every next step an edge, conditions on the edges", async () => {
    const preview = accountPreview();
    const model = checkModelFromPreview(preview);
    const svg = await renderGraph(model, runRules(model), "out.svg");
    const nodes = svgElements(svg, "node");
    const edges = svgElements(svg, "edge");
    // What the program declared, read from the preview independently of the model.
    const intakeStep = preview.steps.find((s) => s.urn.endsWith("::intake"))!;
    const objectives = model.objects.find((o) => o.name === "intake")!;
    const steps = stepsOf(toWire(intakeStep.newState!.inputs, objectives.kind.schema));
    expect(steps.map((s) => s.name)).toEqual([
      "ask_if_new_patient",
      "collect_details",
      "confirm_appointment",
    ]);
    for (const s of steps) {
      const id = objectiveNodeId(objectives, s.name);
      expect(nodes.get(id)).toContain(s.name);
      for (const e of s.next) {
        const label = edges.get(`${id}->${objectiveNodeId(objectives, e.to)}`);
        expect(label).toBeDefined();
        // Labels wrap over lines: compare words.
        expect(label!.replace(/\s+/g, " ")).toContain(e.condition ?? "required next");
      }
    }
    const flowEdges = [...edges.keys()].filter(
      (k) => k.startsWith("objective:") && k.includes("->objective:"),
    );
    expect(flowEdges).toHaveLength(steps.reduce((n, s) => n + s.next.length, 0));
    expect(edges.has(`start:intake->${objectiveNodeId(objectives, "ask_if_new_patient")}`)).toBe(
      true,
    );
    expect(edges.has(`${objectiveNodeId(objectives, "confirm_appointment")}->end:intake`)).toBe(
      true,
    );
    // The persona points at its objectives, guardrails, set and dictionary (the dictionary
    // through propertyDependencies: its whole `layers` is unknown in a first preview).
    const fromPersona = [...edges.keys()]
      .filter((k) => k.startsWith("Persona:receptionist->"))
      .sort();
    expect(fromPersona).toEqual([
      "Persona:receptionist->Guardrail:no-medical-advice",
      "Persona:receptionist->Guardrail:no-prices",
      "Persona:receptionist->GuardrailSet:privacy",
      "Persona:receptionist->PronunciationDictionary:names",
      "Persona:receptionist->start:intake",
    ]);
    // The notice on collect_details (its variables reach no condition) is drawn on that node.
    expect(nodes.get(objectiveNodeId(objectives, "collect_details"))).toContain("notice:");
    expect(nodes.get(objectiveNodeId(objectives, "ask_if_new_patient"))).not.toContain("notice:");
  });

  test("the HTML page holds one picture a persona and lists the findings", async () => {
    const model = checkModelFromPreview(accountPreview());
    const html = await renderGraph(model, runRules(model), "out.html");
    expect(html.match(/<svg /g)).toHaveLength(1);
    expect(html).toContain("<h2>Persona receptionist</h2>");
    expect(html).toMatch(
      /<li class="notice">Objectives intake: data\[1\]\.outputVariables: notice/,
    );
  });
});
