/**
 * `pulumi-tavus doctor`: reads the account (only GETs, never a write) and
 * checks every answer against the shapes the provider relies on: the list
 * envelope, each kind's id field, field types from the definition schemas,
 * the server outputs, and catalogue values it has not seen
 * (docs/tavus-api/live-api.md#doctor). The report names kinds, paths and
 * types, never values, so no secret can appear in it.
 */
import type { TavusClient } from "../client";
import type { DefinitionTable, ValueKind, WireObject } from "../definitions/table";
import { catalogueWarnings, wirePath } from "../definitions/validate";
import { KINDS } from "../kinds";
import { ownPage } from "../resources/ownObjects";

/** One way an answer differs from what the provider relies on. */
export interface Difference {
  /** The kind, as messages name it: `persona`, `guardrail set`. */
  kind: string;
  /** The object's id, when the difference is in one object. */
  id?: string;
  /** What differs, naming the field path and the shapes, never a value (catalogue values aside). */
  what: string;
}

/** What `doctor` found. */
export interface DoctorReport {
  /** Kinds listed, and objects looked at. */
  kinds: number;
  objects: number;
  differences: Difference[];
}

/**
 * Lists the first page of every kind and checks each object's shape.
 * @param client a client; only its list calls are used.
 */
export async function doctor(client: TavusClient): Promise<DoctorReport> {
  const report: DoctorReport = { kinds: 0, objects: 0, differences: [] };
  for (const kind of KINDS as readonly DefinitionTable[]) {
    report.kinds++;
    let items: WireObject[];
    try {
      ({ data: items } = await ownPage(client, kind, 1));
    } catch (e) {
      report.differences.push({ kind: kind.kind, what: `listing failed: ${(e as Error).message}` });
      continue;
    }
    for (const item of items) {
      report.objects++;
      const id = item[kind.idField];
      if (typeof id !== "string" || id === "") {
        report.differences.push({
          kind: kind.kind,
          what: `an object without its id field "${kind.idField}" (a string), got ${typeName(id)}`,
        });
        continue;
      }
      for (const what of shapeDifferences(kind, item))
        report.differences.push({ kind: kind.kind, id, what });
    }
  }
  return report;
}

/** The report as text: one line a difference, or that there is none. */
export function formatReport(report: DoctorReport): string {
  const head = `${report.kinds} kinds listed, ${report.objects} objects checked: `;
  if (!report.differences.length)
    return `${head}no differences from the shapes pulumi-tavus relies on\n`;
  return (
    `${head}${report.differences.length} difference(s)\n` +
    report.differences.map((d) => `${d.kind}${d.id ? ` ${d.id}` : ""}: ${d.what}\n`).join("")
  );
}

/** Field types against the schema, server outputs against the table, unseen catalogue values. */
function shapeDifferences(kind: DefinitionTable, item: WireObject): string[] {
  const found: string[] = [];
  walk(kind.schema, item, [], found);
  for (const [field, valueKind] of Object.entries(kind.serverOutputs)) {
    const value = item[field];
    if (value !== undefined && value !== null && !isKind(value, valueKind))
      found.push(`server field ${field}: expected ${valueKind}, got ${typeName(value)}`);
  }
  for (const w of catalogueWarnings(kind.schema, item)) {
    const value = JSON.stringify(valueAtPath(item, w.path));
    found.push(
      `${wirePath(w.path)}: catalogue value ${value} not among the values pulumi-tavus knows`,
    );
  }
  return found;
}

function walk(node: unknown, value: unknown, path: string[], found: string[]): void {
  if (typeof node !== "object" || node === null || value === undefined || value === null) return;
  const n = node as Record<string, unknown>;
  const expected = expectedType(n);
  if (expected && typeName(value) !== expected) {
    found.push(`${wirePath(path)}: expected ${expected}, got ${typeName(value)}`);
    return;
  }
  if (n["x-opaque"] === true) return;
  if (Array.isArray(value) && typeof n["items"] === "object") {
    value.forEach((item, i) => walk(n["items"], item, [...path, String(i)], found));
  }
  const properties = n["properties"];
  if (typeof properties === "object" && properties !== null && typeName(value) === "object") {
    for (const [key, child] of Object.entries(properties as Record<string, unknown>))
      walk(child, (value as WireObject)[key], [...path, key], found);
  }
}

/** The JSON type a schema node asks for, when it asks for one. */
function expectedType(n: Record<string, unknown>): string | undefined {
  if (typeof n["type"] === "string") return n["type"] === "integer" ? "number" : n["type"];
  if (Array.isArray(n["enum"]) && n["enum"].every((v) => typeof v === "string")) return "string";
  if ("const" in n) return typeName(n["const"]);
  return undefined;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (value === undefined) return "nothing";
  return typeof value === "object" ? "object" : typeof value;
}

function isKind(value: unknown, kind: ValueKind): boolean {
  switch (kind) {
    case "boolean":
      return typeof value === "boolean";
    case "number":
    case "positiveNumber":
      return typeof value === "number";
    case "stringArray":
      return Array.isArray(value) && value.every((v) => typeof v === "string");
    default:
      return typeof value === "string";
  }
}

function valueAtPath(item: unknown, path: string[]): unknown {
  return path.reduce<unknown>(
    (v, key) => (typeof v === "object" && v !== null ? (v as WireObject)[key] : undefined),
    item,
  );
}
