#!/usr/bin/env node
/**
 * The `pulumi-tavus` command:
 *   pulumi-tavus export <persona_id> [--out FILE|DIR] [--json]
 *   pulumi-tavus export --all <DIR> [--json] [--include memory-stores]   (the whole account as an account folder)
 *   pulumi-tavus audit [STACK_EXPORT.json ...]   (or `pulumi stack export | pulumi-tavus audit -`)
 *   pulumi-tavus recover [--stack NAME] [--dry-run]   (in the Pulumi project folder)
 *   pulumi-tavus doctor   (read-only: do the API's answers have the shapes we rely on?)
 *   pulumi-tavus check [DIR | -] [--strict] [--summary OUT.md] [--graph OUT.svg|OUT.html]
 *     (offline: no key, no request; exit 0 clean, 1 errors, 2 warnings only)
 *
 * Reads TAVUS_API_KEY and TAVUS_BASE_URL (recover: else the stack's tavus: config).
 * Exit codes: 0 done (audit: nothing unmanaged; recover: nothing left pending),
 * 1 API or file failure, 2 usage, 3 audit found unmanaged objects, recover
 * left pending operations it could not match, or doctor found differences, 4 recover
 * wrote nothing: another update held the stack's lock, or wrote the stack meanwhile.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_BASE_URL, TavusClient } from "../client";
import { audit, managedIds } from "./audit";
import { check } from "./check";
import { doctor, formatReport } from "./doctor";
import { exportAccount, LEFT_OUT_FOLDERS, writeAccount } from "./exportAccount";
import { exportPersona } from "./exportPersona";
import { pendingCreateMatches, recover } from "./recover";

const USAGE = `usage:
  pulumi-tavus export <persona_id> [--out FILE|DIR] [--json]
  pulumi-tavus export --all <DIR> [--json] [--include memory-stores]
      (memory stores are left out unless included: a participant's store is user data)
  pulumi-tavus audit [STACK_EXPORT.json ... | -]
  pulumi-tavus recover [--stack NAME] [--dry-run]   (after a killed "pulumi up")
  pulumi-tavus doctor   (read-only check of the API's answers against the shapes relied on)
  pulumi-tavus check [DIR | -] [--strict] [--stack NAME] [--summary OUT.md] [--graph OUT.svg|OUT.html]
      (offline review of an account folder, or of "pulumi preview --json" on stdin with -;
       exit 0 clean, 1 errors, 2 warnings only; no key needed, no request made)
environment: TAVUS_API_KEY (required), TAVUS_BASE_URL (default ${DEFAULT_BASE_URL})`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: "string" },
      json: { type: "boolean" },
      all: { type: "boolean" },
      include: { type: "string", multiple: true },
      stack: { type: "string" },
      "dry-run": { type: "boolean" },
      strict: { type: "boolean" },
      summary: { type: "string" },
      graph: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) return usage(values.help ? 0 : 2);
  if (values.include && !(command === "export" && values.all)) return usage(2);
  if (command === "recover") {
    if (rest.length) return usage(2);
    // The key may come from the stack's config: recover reads it there when the environment has none.
    return (await recover({ stack: values.stack, dryRun: values["dry-run"] })).code;
  }
  if (command === "check") {
    if (rest.length > 1) return usage(1);
    // Offline by design: checked before the key is required, and no client is made.
    const result = await check({
      ...(rest[0] ? { source: rest[0] } : {}),
      strict: values.strict ?? false,
      ...(values.stack ? { stack: values.stack } : {}),
      ...(values.summary ? { summary: values.summary } : {}),
      ...(values.graph ? { graph: values.graph } : {}),
    });
    for (const line of result.out) process.stdout.write(`${line}\n`);
    for (const line of result.err) process.stderr.write(`${line}\n`);
    return result.code;
  }
  const apiKey = process.env.TAVUS_API_KEY;
  if (!apiKey) {
    process.stderr.write("TAVUS_API_KEY is not set: export your Tavus API key first.\n");
    return 2;
  }
  const client = new TavusClient({
    apiKey,
    baseUrl: process.env.TAVUS_BASE_URL || DEFAULT_BASE_URL,
  });

  if (command === "export" && values.all) {
    const [dir] = rest;
    if (!dir || rest.length > 1 || values.out) return usage(2);
    const include = new Set((values.include ?? []).flatMap((v) => v.split(",")));
    for (const folder of include)
      if (!LEFT_OUT_FOLDERS.includes(folder)) {
        process.stderr.write(
          `--include ${folder}: only a kind left out by default can be included (${LEFT_OUT_FOLDERS.join(", ")}); every other kind is always written\n`,
        );
        return 2;
      }
    const format = values.json ? "json" : "yaml";
    const exported = await exportAccount(client, format, { include });
    const written = writeAccount(dir, exported, format);
    const counts = new Map<string, number>();
    for (const f of exported.files) counts.set(f.folder, (counts.get(f.folder) ?? 0) + 1);
    process.stderr.write(
      `wrote ${written.length} files under ${dir}${counts.size ? ` (${[...counts].map(([f, n]) => `${f}/ ${n}`).join(", ")})` : ""}; each adopts its object\n`,
    );
    for (const s of exported.secrets)
      process.stderr.write(
        `${s.file}: ${s.field} refers to stack config: pulumi config set --secret ${s.configKey} <value>\n`,
      );
    for (const left of exported.leftOut ?? [])
      process.stderr.write(
        `${left.folder}/: ${left.count} left out, not written: ${left.why}. To write them all anyway: --include ${left.folder}\n`,
      );
    return 0;
  }

  if (command === "export") {
    const [personaId] = rest;
    if (!personaId || rest.length > 1) return usage(2);
    const format = values.json ? "json" : "yaml";
    const exported = await exportPersona(client, personaId, format);
    if (values.out) {
      const target = isDirectory(values.out)
        ? path.join(values.out, `${exported.fileName}.${format}`)
        : values.out;
      fs.writeFileSync(target, exported.text);
      process.stderr.write(`wrote ${target}\n`);
    } else process.stdout.write(exported.text);
    for (const s of exported.secrets)
      process.stderr.write(
        `${s.field} refers to stack config: pulumi config set --secret ${s.configKey} <value>\n`,
      );
    return 0;
  }

  if (command === "doctor") {
    if (rest.length) return usage(2);
    const report = await doctor(client);
    process.stdout.write(formatReport(report));
    return report.differences.length ? 3 : 0;
  }

  if (command === "audit") {
    const sources = rest.length ? rest : ["-"];
    const exports = sources.map(
      (s) =>
        JSON.parse(s === "-" ? fs.readFileSync(0, "utf8") : fs.readFileSync(s, "utf8")) as unknown,
    );
    const report = await audit(client, managedIds(exports));
    // A killed run's objects: the stack's pending creates say what it sent.
    const pending = await pendingCreateMatches(client, exports);
    for (const u of report.unmanaged) {
      const urn = pending.get(u.id);
      if (urn) u.pendingCreate = urn;
    }
    process.stdout.write(
      `${report.managed} managed by the given stacks; ${report.unmanaged.length} unmanaged\n`,
    );
    for (const u of report.unmanaged) {
      process.stdout.write(
        `${u.kind}\t${u.id}\t${u.name}\n` +
          (u.pendingCreate
            ? `  made by a killed run for the pending create ${u.pendingCreate}: run "npx pulumi-tavus recover"\n`
            : `  adopt: ${u.adopt}\n`),
      );
      // The file `export --all` writes for it (before any suffix that keeps names unique).
      if (u.file && !u.pendingCreate)
        process.stdout.write(
          `  file: ${u.file}, written by: npx pulumi-tavus export --all <account folder>\n`,
        );
    }
    // Counted, not listed (a participant's memory store is user data): no exit status of their own.
    for (const u of report.unlisted ?? [])
      process.stdout.write(`${u.kind}\t${u.count} unmanaged, not listed: ${u.why}\n`);
    return report.unmanaged.length ? 3 : 0;
  }
  return usage(2);
}

function usage(code: number): number {
  (code ? process.stderr : process.stdout).write(`${USAGE}\n`);
  return code;
}

function isDirectory(p: string): boolean {
  return p.endsWith("/") || (fs.existsSync(p) && fs.statSync(p).isDirectory());
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`pulumi-tavus: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
