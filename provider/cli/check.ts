/**
 * `pulumi-tavus check [DIR | -]`: the offline review of what a Tavus
 * configuration means, before it merges (issue #25). Reads an account folder
 * (the loader of `accountFromFolder`: file problems first) or, with `-`, the
 * `pulumi preview --json` of a program on stdin; runs the rules of
 * ../check/rules/; with `--summary` writes the preview's change in words, with
 * `--graph` a picture of each persona's flow. Makes no API request.
 */
import * as fs from "node:fs";
import { checkModelFromFolder } from "../check/fromFolder";
import { checkModelFromPreview } from "../check/fromPreview";
import type { CheckModel, Finding } from "../check/model";
import { renderGraph } from "../check/render";
import { exitCodeOf, formatFinding, runRules, tally } from "../check/run";
import { previewSummary } from "../check/summary";

/** Options of {@link check}. */
export interface CheckOptions {
  /** An account folder, or `-` for `pulumi preview --json` on stdin. @default "." */
  source?: string;
  /** Warnings fail the check (exit 1). @default false */
  strict?: boolean;
  /** The stack whose overlays apply to a folder. */
  stack?: string;
  /** Where to write the preview's change in words (Markdown); needs `-`. */
  summary?: string;
  /** Where to write the picture of each persona (`.svg` or `.html`). */
  graph?: string;
  /** The preview document when `source` is `-` (read from stdin when absent). */
  input?: string;
}

/** What the command prints and its exit code. */
export interface CheckResult {
  code: number;
  /** Findings and the tally, one line each. */
  out: string[];
  /** Notes: files written, usage problems. */
  err: string[];
  findings: Finding[];
}

/**
 * Runs the check.
 * @returns 0 clean, 1 errors (or warnings under `strict`, or a usage problem), 2 warnings only.
 */
export async function check(options: CheckOptions): Promise<CheckResult> {
  const source = options.source ?? ".";
  const err: string[] = [];
  const fromPreview = source === "-";
  if (options.summary && !fromPreview)
    return usageProblem(
      '--summary describes a preview\'s changes: run "pulumi preview --json | pulumi-tavus check - --summary <out.md>"',
    );
  if (options.graph && !/\.(svg|html)$/i.test(options.graph))
    return usageProblem(`--graph writes .svg or .html: got "${options.graph}"`);
  let model: CheckModel;
  let preview: unknown;
  if (fromPreview) {
    const text = options.input ?? fs.readFileSync(0, "utf8");
    try {
      preview = JSON.parse(text);
    } catch (e) {
      return usageProblem(
        `stdin is no JSON (${(e as Error).message}): pipe "pulumi preview --json" into "pulumi-tavus check -"`,
      );
    }
    model = checkModelFromPreview(preview);
  } else {
    const read = checkModelFromFolder(source, options.stack ? { stack: options.stack } : {});
    if ("findings" in read)
      return {
        code: 1,
        out: [...read.findings.map((f) => formatFinding(f)), tally(read.findings, 0)],
        err: ["the files have problems: fix them first, then the rules run"],
        findings: read.findings,
      };
    model = read.model;
  }
  const findings = runRules(model);
  if (options.summary) {
    fs.writeFileSync(options.summary, previewSummary(preview));
    err.push(`wrote ${options.summary}`);
  }
  if (options.graph) {
    fs.writeFileSync(options.graph, await renderGraph(model, findings, options.graph));
    err.push(`wrote ${options.graph}`);
  }
  const strict = options.strict ?? false;
  return {
    code: exitCodeOf(findings, strict),
    out: [...findings.map((f) => formatFinding(f, strict)), tally(findings, model.objects.length)],
    err,
    findings,
  };
}

function usageProblem(message: string): CheckResult {
  // 1, not the other commands' 2: here 2 means "warnings only".
  return { code: 1, out: [], err: [message], findings: [] };
}
