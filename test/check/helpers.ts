/** Test helpers of `pulumi-tavus check`: account folders written from a map of files. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { checkModelFromFolder } from "../../provider/check/fromFolder";
import type { PreviewStep } from "../../provider/check/fromPreview";
import type { CheckModel, Finding } from "../../provider/check/model";
import { runRules } from "../../provider/check/run";

/** Writes `files` (path → object, written as YAML, or text) under a new temporary folder. */
export function writeAccount(files: Record<string, unknown>, into?: string): string {
  const dir = into ?? fs.mkdtempSync(path.join(os.tmpdir(), "check-"));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(
      path.join(dir, name),
      typeof content === "string" ? content : stringify(content),
    );
  }
  return dir;
}

/** The model of an account folder made of `files`; fails the test when the loader finds problems. */
export function modelOf(files: Record<string, unknown>): CheckModel {
  const read = checkModelFromFolder(writeAccount(files));
  if ("findings" in read)
    throw new Error(read.findings.map((f) => `${f.where}: ${f.field}: ${f.message}`).join("\n"));
  return read.model;
}

/** `rule: field: severity` of each finding of `rule` in the folder made of `files`. */
export function findingsOf(rule: string, files: Record<string, unknown>): string[] {
  return runRules(modelOf(files))
    .filter((f: Finding) => f.rule === rule)
    .map((f) => `${path.basename(f.where)}: ${f.field}: ${f.severity}`);
}

/** An objective as a preview shows it (Pulumi's names). */
export type PreviewObjective = Record<string, unknown> & {
  objectiveName: string;
  nextRequiredObjectives?: string[];
  nextConditionalObjectives?: Record<string, string>;
};

/** The objectives of the step named `name` of a preview. */
export function previewObjectives(steps: PreviewStep[], name: string): PreviewObjective[] {
  return steps.find((s) => s.urn.endsWith(`::${name}`))!.newState!.inputs!
    .data as PreviewObjective[];
}

/** The preview `pulumi preview --json` printed for examples/account (test/fixtures/check/README.md). */
export function accountPreview(): { steps: PreviewStep[] } {
  return JSON.parse(
    fs.readFileSync(path.join(__dirname, "../fixtures/check/account-preview.json"), "utf8"),
  );
}
