/**
 * `pulumi-tavus export <persona_id>`: writes an account's persona as a persona
 * file (the API's own field names), ready for a personas folder. The file keeps
 * `persona_id`, so deploying it adopts that persona instead of creating one.
 * Keys never land in the file: each `api_key` becomes a `$secret:<name>`
 * reference to stack config, and the command says what to set.
 */
import { stringify } from "yaml";
import type { TavusClient } from "../client";
import { personaDefinition } from "../definitions/persona";
import { capitalize, isPlainObject } from "../mapping";
import type { PersonaWire } from "../wire";
import { fileNameOf } from "./exportAccount";

/** Server-set fields left out of the file (`persona_id` stays: it means "adopt"). */
const DROPPED = [
  ...Object.keys(personaDefinition.serverOutputs),
  ...Object.keys(personaDefinition.ignoredServerFields),
];

/** A persona rendered as a persona file, and the stack secrets it refers to. */
export interface ExportedPersona {
  /** The file's text. */
  text: string;
  /** A file name for it, without extension: the persona's name, else its id. */
  fileName: string;
  /** Stack config secrets the file refers to, with where their values were. */
  secrets: Array<{ configKey: string; field: string }>;
}

/**
 * Reads the persona and renders it as a persona file.
 * @param format `yaml` (default) or `json`.
 */
export async function exportPersona(
  client: TavusClient,
  personaId: string,
  format: "yaml" | "json" = "yaml",
): Promise<ExportedPersona> {
  const persona = await client.personas.retrieve(personaId);
  const document: Record<string, unknown> = { ...persona };
  for (const field of DROPPED) delete document[field];
  const secrets: ExportedPersona["secrets"] = [];
  const slug = slugOf(persona);
  replaceKeys(document, [], (field) => {
    const configKey = `${slug}${field.split(".").slice(1, -1).map(capitalize).join("")}ApiKey`;
    secrets.push({ configKey, field });
    return `$secret:${configKey}`;
  });
  const text =
    format === "json"
      ? `${JSON.stringify(document, null, 2)}\n`
      : `# Exported from Tavus persona ${personaId}; deploying this file adopts it.\n${stringify(document, { lineWidth: 0 })}`;
  return { text, fileName: fileNameFor(persona), secrets };
}

/** A file-name-safe name for the persona, e.g. "interview-coach" (as `export --all` names files). */
export function fileNameFor(persona: Pick<PersonaWire, "persona_id" | "persona_name">): string {
  return fileNameOf(persona.persona_name ?? "", persona.persona_id);
}

function slugOf(persona: PersonaWire): string {
  const words = fileNameFor(persona).split("-");
  return words[0] + words.slice(1).map(capitalize).join("");
}

function replaceKeys(node: unknown, path: string[], replace: (field: string) => string): void {
  if (!isPlainObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === "api_key" && typeof value === "string")
      node[key] = replace([...path, key].join("."));
    else replaceKeys(value, [...path, key], replace);
  }
}
