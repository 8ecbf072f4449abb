/**
 * A persona's tools: attached with `POST /v2/pals/{id}/tools`, listed with GET,
 * detached with `DELETE …/tools/{tool_id}` (docs/tavus-api/tools.md#pal-tools). Only
 * managed when the program sets `toolIds` (or `tools`): then the attached set
 * is what the program says, and drift in it shows on refresh. Removing a tool
 * from the list detaches it from the persona; the tool itself stays.
 */
import { tavusClient } from "../settings";

/** The ids of the tools attached to a persona, sorted. */
export async function attachedToolIds(personaId: string): Promise<string[]> {
  const tools = await tavusClient().palTools.list(personaId);
  return tools.map((t) => t.tool_id).sort();
}

/**
 * Makes the attached tools `desired`, from `current` (what state says is
 * attached): one POST for all the new ones, one DELETE per removed one,
 * nothing when the sets are equal.
 */
export async function syncTools(
  personaId: string,
  current: readonly string[],
  desired: readonly string[],
): Promise<void> {
  const client = tavusClient();
  const toAttach = desired.filter((id) => !current.includes(id));
  const toDetach = current.filter((id) => !desired.includes(id));
  if (toAttach.length) await client.palTools.attach(personaId, toAttach);
  for (const toolId of toDetach) await client.palTools.detach(personaId, toolId);
}
