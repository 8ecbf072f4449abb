/**
 * Lays the check's picture out with Graphviz compiled to WebAssembly
 * (`@hpcc-js/wasm-graphviz`): the same layout as the `dot` program, with no
 * system binary to install on a runner or a laptop. An `.html` file wraps the
 * SVG with the findings listed under it, for a reviewer's browser.
 */
import type { CheckModel, Finding } from "./model";
import { graphDot, graphParts } from "./graph";
import { formatFinding } from "./run";

/** The SVG (or, for a name ending in `.html`, a page holding it) of `model`'s personas. */
export async function renderGraph(
  model: CheckModel,
  findings: readonly Finding[],
  fileName: string,
): Promise<string> {
  // ESM-only package: loaded when a picture is asked for, never by the provider.
  const { Graphviz } = await import("@hpcc-js/wasm-graphviz");
  const graphviz = await Graphviz.load();
  if (!/\.html$/i.test(fileName)) return graphviz.dot(graphDot(model, findings));
  const pictures = graphParts(model)
    .map(
      ({ title, part }) =>
        `<h2>${escape(title)}</h2>\n${graphviz.dot(graphDot(model, findings, part))}`,
    )
    .join("\n");
  const listed = findings.length
    ? `<ul>${findings.map((f) => `<li class="${f.severity}">${escape(formatFinding(f))}</li>`).join("")}</ul>`
    : "<p>No findings.</p>";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>pulumi-tavus check</title>
<style>
body { font-family: Helvetica, Arial, sans-serif; margin: 24px; color: #263238; }
svg { max-width: 100%; height: auto; }
li { white-space: pre-wrap; margin-bottom: 6px; }
li.error { color: #c62828; } li.warning { color: #e65100; } li.notice { color: #546e7a; }
.legend { font-size: 13px; color: #546e7a; }
</style></head><body>
<h1>pulumi-tavus check</h1>
<p class="legend">Solid arrows: required next objective. Dashed arrows: conditional branch, labelled with its condition. Dotted arrows: what the persona points at. Red or orange border: a finding lies there (hover for it).</p>
${pictures || "<p>No persona and no objectives to draw.</p>"}
<h2>Findings</h2>
${listed}
</body></html>
`;
}

function escape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
