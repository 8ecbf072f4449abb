/**
 * The generated SDK trees and how two of them differ: shared by the tests that write the
 * SDKs with scripts/sdkgen (test/e2e/sdks.e2e.test.ts) and with `pulumi package gen-sdk`
 * (test/e2e/genSdk.e2e.test.ts), which both compare their output with the committed sdk/.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { PackageSchema } from "../../provider/plugin/schema";
import { runFile } from "./e2e";

const REPO = path.resolve(__dirname, "../..");

/** The built plugin schema (`npm run build` writes it). */
export const SCHEMA = path.join(REPO, "dist/provider/plugin/schema.json");

/** The SDK languages, each a folder of sdk/. */
export const LANGUAGES = ["go", "python", "nodejs"] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * What `scripts/ensure-sdks.sh <what>` provides (the last line it prints): `--generator` the
 * compiled sdkgen, `--hosts` the folder of gen-sdk's codegen-only Go and Python hosts. Built
 * once (about a minute with Go's module cache warm), then cached; throws with its output if
 * it fails.
 */
export async function ensureSdks(what: "--generator" | "--hosts"): Promise<string> {
  const provided = await runFile("bash", ["scripts/ensure-sdks.sh", what], { cwd: REPO });
  if (provided.code !== 0) {
    throw new Error(`scripts/ensure-sdks.sh ${what} exited ${provided.code}:\n${provided.stderr}`);
  }
  return provided.stdout.trim().split("\n").pop()!;
}

/** Every file under `dir`, relative to it, with its contents. */
export function tree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, full), fs.readFileSync(full, "utf8"));
  }
  return files;
}

/** Files added, removed or changed from `a` to `b`. */
export function changed(a: Map<string, string>, b: Map<string, string>): string[] {
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((name) => a.get(name) !== b.get(name)).sort();
}

/** The files of `out/<language>` that differ from the committed sdk/<language>. */
export function staleFiles(language: Language, out: string): string[] {
  return changed(tree(path.join(REPO, "sdk", language)), tree(path.join(out, language)));
}

/** Where each SDK declares the Guardrail's `tags` field. */
const GUARDRAIL_TAGS: Record<Language, { file: string; field: RegExp }> = {
  go: { file: "tavus/guardrail.go", field: /\bTags\s+pulumi\.StringArray/ },
  python: { file: "pulumi_tavus/guardrail.py", field: /def tags\(/ },
  nodejs: { file: "guardrail.ts", field: /\btags\?: pulumi\.Input/ },
};

/** Writes the built schema with the Guardrail's `tags` removed to `file`. */
export function writeSchemaWithoutGuardrailTags(file: string): void {
  const trimmed = JSON.parse(fs.readFileSync(SCHEMA, "utf8")) as PackageSchema;
  const guardrail = trimmed.resources["tavus:index:Guardrail"]!;
  delete guardrail.inputProperties.tags;
  delete guardrail.properties.tags;
  fs.writeFileSync(file, JSON.stringify(trimmed));
}

/**
 * What the SDK generated into `out/<language>` from that trimmed schema changes from
 * sdk/<language>; expected: `guardrailTagsOnlyRemoved(language)`.
 */
export function guardrailTagsChange(language: Language, out: string) {
  const before = tree(path.join(REPO, "sdk", language));
  const after = tree(path.join(out, language));
  const { file, field } = GUARDRAIL_TAGS[language];
  return {
    language,
    differ: changed(before, after),
    before: field.test(before.get(file) ?? ""),
    after: field.test(after.get(file) ?? ""),
  };
}

/** Only the Guardrail's file differs, and the field is in sdk/ but not in the new SDK. */
export function guardrailTagsOnlyRemoved(language: Language) {
  return { language, differ: [GUARDRAIL_TAGS[language].file], before: true, after: false };
}
