/**
 * Validation of wire documents against our JSON Schemas (Ajv, all errors at
 * once), turned into problems that name the field path and the fix.
 *
 * Paths come back as wire (snake_case) segments; the caller renders them in the
 * user's vocabulary: camelCase for Pulumi `check`, the API's names for config files.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { camelCase, fromWirePath } from "../mapping";

/** One thing wrong with a document. */
export interface Problem {
  /** Wire path segments, e.g. `["layers", "llm", "model"]`. */
  path: string[];
  /** What is wrong and how to fix it. */
  reason: string;
}

// allowUnionTypes: a tool's body_template is a string or an object.
const ajv = new Ajv({
  allErrors: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
});
// Our own keywords: the fix to print, and maps whose keys are the user's (../mapping.ts).
ajv.addKeyword({ keyword: "x-hint", schemaType: "string" });
ajv.addKeyword({ keyword: "x-opaque", schemaType: "boolean" });
// The values a vendor catalogue field is known to take: warned about, never refused (catalogueWarnings).
ajv.addKeyword({ keyword: "x-catalogue", schemaType: "array" });

const compiled = new Map<object, ValidateFunction>();
function validator(schema: object): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

/** Whose names reasons use: Pulumi's camelCase or the API's snake_case. */
export type Naming = "pulumi" | "wire";

/** Validates `document` (wire names) against `schema`; an empty array means valid. */
export function validateDocument(schema: object, document: unknown, naming: Naming): Problem[] {
  const validate = validator(schema);
  if (validate(document)) return [];
  const name = naming === "pulumi" ? camelCase : (s: string) => s;
  const problems = (validate.errors ?? [])
    .filter((e) => e.keyword !== "if") // the `else` branch's own error says what is missing
    .map((e) => toProblem(e, schema, name));
  return dedupe(problems);
}

/**
 * Renders a wire path for Pulumi users: `layers.llm.model`, `documentIds[1]`.
 * @param schema the document's schema, so keys of opaque maps stay as written.
 */
export function pulumiPath(path: string[], schema: object): string {
  return renderPath(fromWirePath(path, schema));
}

/** Renders a wire path for config files: `layers.llm.model`, `document_ids[1]`. */
export function wirePath(path: string[]): string {
  return renderPath(path);
}

function renderPath(path: string[]): string {
  return path.reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), "");
}

function toProblem(e: ErrorObject, rootSchema: object, name: (wire: string) => string): Problem {
  const path = e.instancePath.split("/").slice(1).map(unescapePointer);
  const hint = hintAt(rootSchema, e.schemaPath);
  const withHint = (reason: string) => (hint ? `${reason}: ${hint}` : reason);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return {
        path: [...path, String(p.missingProperty)],
        reason: requiredReason(String(p.missingProperty), name),
      };
    case "additionalProperties": {
      const field = String(p.additionalProperty);
      const known = Object.keys(propertiesAt(rootSchema, e.schemaPath)).map(name);
      const guess = closest(name(field), known);
      return {
        path: [...path, field],
        reason: `is not a known field${guess ? `; did you mean "${guess}"?` : ""} (known here: ${known.join(", ")})`,
      };
    }
    case "enum":
      return {
        path,
        reason: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
      };
    case "const":
      return { path, reason: withHint(`must be ${JSON.stringify(p.allowedValue)}`) };
    case "type":
      return { path, reason: `must be ${article(String(p.type))}` };
    case "maxLength":
      return { path, reason: withHint(`is too long: at most ${String(p.limit)} characters`) };
    case "minLength":
      return { path, reason: "must not be empty: remove the field or give it a value" };
    case "pattern":
      return { path, reason: withHint("has the wrong format") };
    case "minimum":
    case "maximum":
      return {
        path,
        reason: withHint(
          `must be ${e.keyword === "minimum" ? "at least" : "at most"} ${String(p.limit)}`,
        ),
      };
    default:
      return { path, reason: withHint(e.message ?? "is invalid") };
  }
}

function requiredReason(field: string, name: (wire: string) => string): string {
  if (field === "system_prompt") {
    return `is required unless ${name("pipeline_mode")} is "echo": set ${name("system_prompt")} (or ${name("pipeline_mode")}: "echo")`;
  }
  return "is required";
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** Walks the schema along an Ajv `schemaPath` such as `#/properties/layers/properties/llm/additionalProperties`. */
function schemaAt(root: object, schemaPath: string): Record<string, unknown> | undefined {
  let node: unknown = root;
  for (const seg of schemaPath.replace(/^#\//, "").split("/").slice(0, -1)) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[unescapePointer(seg)];
  }
  return typeof node === "object" && node !== null ? (node as Record<string, unknown>) : undefined;
}

function hintAt(root: object, schemaPath: string): string | undefined {
  const hint = schemaAt(root, schemaPath)?.["x-hint"];
  return typeof hint === "string" ? hint : undefined;
}

function propertiesAt(root: object, schemaPath: string): Record<string, unknown> {
  const props = schemaAt(root, schemaPath)?.properties;
  return typeof props === "object" && props !== null ? (props as Record<string, unknown>) : {};
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, "/").replace(/~0/g, "~");
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path.join("/")}|${p.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Values of catalogue fields (`x-catalogue`: engines, models) that are not
 * among the values known today: a warning each, never a failure, because
 * Tavus adds values between our releases and its own 400 decides
 * (docs/tavus-api/live-api.md#catalogue-values). A near miss (a case slip) gets
 * "did you mean".
 */
export function catalogueWarnings(schema: object, document: unknown): Problem[] {
  const warnings: Problem[] = [];
  const walk = (node: unknown, value: unknown, path: string[]): void => {
    if (typeof node !== "object" || node === null) return;
    const n = node as Record<string, unknown>;
    const known = n["x-catalogue"];
    if (Array.isArray(known) && typeof value === "string" && !known.includes(value)) {
      const guess = closest(value, known as string[]);
      warnings.push({
        path,
        reason:
          `${JSON.stringify(value)} is not a value pulumi-tavus knows (known: ${known.map((v) => JSON.stringify(v)).join(", ")})` +
          `${guess ? `; did you mean ${JSON.stringify(guess)}?` : "."} It is sent as written and Tavus decides.`,
      });
    }
    const properties = n["properties"];
    if (typeof properties !== "object" || properties === null) return;
    if (typeof value !== "object" || value === null || Array.isArray(value)) return;
    for (const [key, child] of Object.entries(properties as Record<string, unknown>)) {
      if (key in value) walk(child, (value as Record<string, unknown>)[key], [...path, key]);
    }
  };
  walk(schema, document, []);
  return warnings;
}

/** The known name nearest to `name`, if it is near enough to be a typo. */
export function closest(name: string, known: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(name.length / 3)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length]!;
}
