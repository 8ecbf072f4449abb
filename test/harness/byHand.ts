/**
 * A request straight to the emulator's API, as someone in the Tavus dashboard
 * (or another tool) would make it: the out-of-band edits and hand-made
 * objects that drift, adoption and import tests start from.
 */
import type { RunningEmulator } from "../../emulator";

/** Sends `body` (JSON) with the emulator's key; answers the status and the parsed body. */
export async function byHand(
  emulator: RunningEmulator,
  method: "POST" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { "x-api-key": emulator.apiKey, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}
