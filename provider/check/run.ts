/**
 * Runs the rules over a model and turns findings into lines and an exit code.
 */
import type { CheckModel, Finding, Rule } from "./model";
import { RULES } from "./rules";

/** Every finding of `rules` in `model`, in rule order. */
export function runRules(model: CheckModel, rules: readonly Rule[] = RULES): Finding[] {
  return rules.flatMap((r) => r.check(model));
}

/**
 * The exit code: 0 clean (notices only), 1 an error (or, with `strict`, a
 * warning), 2 warnings only.
 */
export function exitCodeOf(findings: readonly Finding[], strict = false): 0 | 1 | 2 {
  if (findings.some((f) => f.severity === "error")) return 1;
  if (findings.some((f) => f.severity === "warning")) return strict ? 1 : 2;
  return 0;
}

/** One finding as printed: `file: field: severity [rule] what is wrong. Fix: …`. */
export function formatFinding(f: Finding, strict = false): string {
  const severity = strict && f.severity === "warning" ? "error" : f.severity;
  return `${f.where}${f.field ? `: ${f.field}` : ""}: ${severity} [${f.rule}] ${f.message}${f.fix ? `\n  fix: ${f.fix}` : ""}`;
}

/** The closing line: counts by severity. */
export function tally(findings: readonly Finding[], objects: number): string {
  const count = (s: Finding["severity"]) => findings.filter((f) => f.severity === s).length;
  return `${objects} object${objects === 1 ? "" : "s"} checked: ${count("error")} error(s), ${count("warning")} warning(s), ${count("notice")} notice(s)`;
}
