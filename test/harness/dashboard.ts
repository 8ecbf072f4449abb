/**
 * Changes made behind Pulumi's back, as a person would in the Tavus dashboard:
 * direct API calls to the emulator, for drift and adoption tests.
 */
import type { RunningEmulator } from "../../emulator";

const headers = (emulator: RunningEmulator) => ({
  "x-api-key": emulator.apiKey,
  "content-type": "application/json",
});

/** PATCHes a persona with RFC 6902 operations; resolves to the HTTP status. */
export async function editPersona(
  emulator: RunningEmulator,
  personaId: string,
  operations: unknown[],
): Promise<number> {
  const res = await fetch(`${emulator.url}/v2/personas/${personaId}`, {
    method: "PATCH",
    headers: headers(emulator),
    body: JSON.stringify(operations),
  });
  return res.status;
}

/** Creates a persona; resolves to its id. */
export async function createPersona(emulator: RunningEmulator, body: object): Promise<string> {
  const res = await fetch(`${emulator.url}/v2/personas`, {
    method: "POST",
    headers: headers(emulator),
    body: JSON.stringify(body),
  });
  return ((await res.json()) as { persona_id: string }).persona_id;
}

/**
 * Opens (`open`) or discards (`discard`) a PAL Maker draft on a persona, as a
 * person editing it in the dashboard would; resolves to the HTTP status.
 */
export async function makerDraft(
  emulator: RunningEmulator,
  personaId: string,
  action: "open" | "discard",
): Promise<number> {
  const res = await fetch(`${emulator.url}/__emulator/pals/${personaId}/maker-draft`, {
    method: action === "open" ? "POST" : "DELETE",
  });
  return res.status;
}
