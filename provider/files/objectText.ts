/**
 * The text of an object file (or overlay) parsed into a value, as untrusted
 * input (issue #21): YAML with duplicate keys refused and aliases bounded (an
 * alias bomb expands a few hundred bytes into gigabytes), and no key that
 * JavaScript gives a meaning (`__proto__`, `constructor`, `prototype`), so
 * merging an overlay or converting names can never reach an object's prototype.
 */
import { parseDocument } from "yaml";
import { isPlainObject } from "../mapping";

/** Keys refused anywhere in a file: no Tavus object has them, and they name prototypes. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  "__proto__",
  "constructor",
  "prototype",
]);

/**
 * How many alias expansions a YAML file may make. Anchors for a shared
 * `layers:` block use a handful; the `yaml` package's own default is 100.
 */
export const MAX_YAML_ALIASES = 100;

/** A problem of the text: the field path (dotted, empty for the whole file) and the reason. */
export interface TextProblem {
  field: string;
  reason: string;
}

/**
 * Parses an object file's text.
 * @param json parse as JSON (a `.json` file), else as YAML.
 * @returns the value, or the problems found (the value is then undefined).
 */
export function parseObjectText(
  text: string,
  json: boolean,
): { value: unknown; problems: TextProblem[] } {
  let value: unknown;
  if (json) {
    try {
      value = JSON.parse(text);
    } catch (e) {
      return fail(`is not valid JSON: ${(e as Error).message}`);
    }
  } else {
    // uniqueKeys: a second `system_prompt:` would silently win over the first.
    const doc = parseDocument(text, { uniqueKeys: true });
    if (doc.errors.length)
      return {
        value: undefined,
        problems: doc.errors.map((err) => ({
          field: "",
          reason: `is not valid YAML: ${err.message.split("\n")[0]}`,
        })),
      };
    try {
      value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    } catch (e) {
      return fail(
        `is refused: its YAML aliases expand too far (${(e as Error).message}); write the values out, or use fewer aliases`,
      );
    }
  }
  const problems = forbiddenKeys(value).map((field) => ({
    field,
    reason:
      "is a key JavaScript reserves for prototypes; no Tavus object has this field: remove it",
  }));
  return problems.length ? { value: undefined, problems } : { value, problems };
}

/** The paths of every forbidden key in `node`, dotted (`layers.__proto__`). */
function forbiddenKeys(node: unknown, at = ""): string[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => forbiddenKeys(item, `${at}[${i}]`));
  if (!isPlainObject(node)) return [];
  return Object.keys(node).flatMap((key) => {
    const field = at ? `${at}.${key}` : key;
    return FORBIDDEN_KEYS.has(key) ? [field] : forbiddenKeys(node[key], field);
  });
}

function fail(reason: string): { value: undefined; problems: TextProblem[] } {
  return { value: undefined, problems: [{ field: "", reason }] };
}
