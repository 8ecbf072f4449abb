/**
 * ToolProvider: the CRUD of {@link Tool}, as a module (see personaProvider.ts
 * for why a module: a tiny `__provider` in state).
 *
 * The table (../definitions/tool.ts) gives check, diff, outputs and read; what
 * is Tool's own: the merge PATCH of what changed, secrets that Get masks
 * (compared with what state last sent, never with the mask, never echoed),
 * the 409 of a taken name turned into how to adopt, and adoption itself.
 */
import type * as pulumi from "@pulumi/pulumi";
import { TOOL_LIMITS, TOOL_RESERVED_PARAMETER_PREFIX } from "../apiValues";
import { isTavusApiError } from "../client";
import {
  toolDefinition as definition,
  type ToolInputs,
  type ToolOutputs,
} from "../definitions/tool";
import { tavusClient } from "../settings";
import type { CreateToolRequest, ToolWire } from "../wire";
import { recentScan } from "./createdBy";
import { createOnce } from "./createOnce";
import { createdButFailed, resourceError } from "./errors";
import { checkInputs } from "./checkInputs";
import { diffInputs } from "./diffInputs";
import { desiredDocument, liveDocument, requestBody } from "./documents";
import { mergePatchBetween, mergePatchBody } from "./mergePatch";
import { outputsFrom } from "./outputs";
import { deleteIgnoringGone, readOrGone } from "./readOrGone";

export type { ToolInputs, ToolOutputs } from "../definitions/tool";
export { configure } from "../settings";

/** The table's checks, plus the argument names Tavus reserves and the size limit. */
export async function check(
  _olds: ToolInputs,
  news: ToolInputs,
): Promise<pulumi.dynamic.CheckResult<ToolInputs>> {
  const own: pulumi.dynamic.CheckFailure[] = [];
  const properties = (news.parameters as { properties?: unknown } | undefined)?.properties;
  if (typeof properties === "object" && properties !== null) {
    for (const name of Object.keys(properties).filter((n) =>
      n.startsWith(TOOL_RESERVED_PARAMETER_PREFIX),
    )) {
      own.push({
        property: `parameters.properties.${name}`,
        reason: "argument names starting with tavus_ are reserved by Tavus: rename the argument",
      });
    }
  }
  const size =
    (typeof news.description === "string" ? news.description.length : 0) +
    (news.parameters === undefined ? 0 : JSON.stringify(news.parameters).length);
  if (size > TOOL_LIMITS.descriptionAndParameters) {
    own.push({
      property: "description",
      reason: `description and parameters together are ${size} characters; at most ${TOOL_LIMITS.descriptionAndParameters}: shorten them`,
    });
  }
  // A system tool's id is its name (end_call); user tools' ids are "t" and 12 characters.
  if (typeof news.adoptId === "string" && !USER_TOOL_ID.test(news.adoptId)) {
    own.push({
      property: "adoptId",
      reason: `"${news.adoptId}" is a system tool, which cannot be updated: attach it to a persona with toolIds instead of declaring it`,
    });
  }
  return checkInputs(definition, news, own);
}

/** The shape of a user tool's id (docs/tavus-api/tools.md#create); a system tool's is its name. */
const USER_TOOL_ID = /^t[0-9a-z]{6,}$/;

/** Every field changes in place (one merge PATCH); adopting another tool replaces. */
export async function diff(
  id: string,
  olds: ToolOutputs,
  news: ToolInputs,
): Promise<pulumi.dynamic.DiffResult> {
  return diffInputs(definition, olds, news, id);
}

/** POST (created at most once); the answer is the tool. With `adoptId`, takes over that tool instead. */
export async function create(
  inputs: ToolInputs,
): Promise<pulumi.dynamic.CreateResult<ToolOutputs>> {
  if (inputs.adoptId) return { id: inputs.adoptId, outs: await adopt(inputs.adoptId, inputs) };
  const client = tavusClient();
  const body = requestBody(definition, inputs) as CreateToolRequest;
  let result;
  try {
    result = await createOnce({
      kind: "tool",
      body,
      post: () => client.tools.create(body),
      idOf: (answer) => answer.tool_id,
      lookup: recentScan(client, definition, body),
      clock: client,
    });
  } catch (e) {
    throw resourceError("tool", undefined, "create", e, await takenNameHint(e, body.name));
  }
  try {
    const tool =
      result.answer?.name === body.name ? result.answer : await client.tools.retrieve(result.id);
    return { id: result.id, outs: outputsFrom<ToolOutputs>(definition, tool, inputs) };
  } catch (e) {
    throw createdButFailed(
      "tool",
      result.id,
      { ...inputs, toolId: result.id },
      `reading it back failed: ${(e as Error).message}`,
      inputs,
    );
  }
}

/** Get Tool; gone means an empty id. Masked secrets keep the value state last sent. */
export async function read(
  id: string,
  props?: ToolOutputs,
): Promise<pulumi.dynamic.ReadResult<ToolOutputs>> {
  return readOrGone<ToolOutputs>(definition, id, props, (toolId) =>
    tavusClient().tools.retrieve(toolId),
  );
}

/** One merge PATCH with only the fields that changed (a rotated secret included); none, no request. */
export async function update(
  id: string,
  olds: ToolOutputs,
  news: ToolInputs,
): Promise<pulumi.dynamic.UpdateResult<ToolOutputs>> {
  return {
    outs: await patchFields(id, mergePatchBody(definition, olds, news), olds, news, "update"),
  };
}

/** DELETE; already gone counts as done. */
async function delete_(id: string): Promise<void> {
  await deleteIgnoringGone(definition, id, () => tavusClient().tools.delete(id));
}
/** DELETE, as the engine calls it (`delete` is a reserved word for a function name). */
export { delete_ as delete };

// ------------------------------------------------------------ helpers

/**
 * Takes an existing tool over: one GET, then one merge PATCH of the fields that
 * differ from the live tool. Secrets cannot be compared with Get's mask, so a
 * delivery that carries secrets is sent once, whole.
 */
async function adopt(id: string, inputs: ToolInputs): Promise<ToolOutputs> {
  let live: ToolWire;
  try {
    live = await tavusClient().tools.retrieve(id);
  } catch (e) {
    throw resourceError("tool", id, "adopt (reading the live tool)", e);
  }
  if (live.is_system_tool) {
    throw new Error(
      `Tavus tool ${id}: adopt refused before any change: it is a system tool, which cannot be updated. Attach it to a persona with toolIds instead of declaring it`,
    );
  }
  const patch = mergePatchBetween(
    definition,
    liveDocument(definition, live),
    desiredDocument(definition, inputs),
  );
  return patchFields(
    id,
    patch,
    { ...(inputs as object), ...outputsFrom<ToolOutputs>(definition, live, inputs) },
    inputs,
    "adopt",
  );
}

async function patchFields(
  id: string,
  patch: Record<string, unknown>,
  olds: object,
  news: ToolInputs,
  action: string,
): Promise<ToolOutputs> {
  if (Object.keys(patch).length === 0) return { ...(olds as ToolOutputs), ...news } as ToolOutputs;
  try {
    const { document } = await tavusClient().tools.update(id, patch);
    return document
      ? outputsFrom<ToolOutputs>(definition, document, news)
      : ({ ...(olds as ToolOutputs), ...news } as ToolOutputs);
  } catch (e) {
    throw resourceError(
      "tool",
      id,
      `${action} (patching ${Object.keys(patch).join(", ")})`,
      e,
      systemToolHint(e),
    );
  }
}

/** A taken name (409): name the tool that has it and how to adopt it. */
async function takenNameHint(e: unknown, name: string): Promise<string | undefined> {
  if (!isTavusApiError(e) || e.status !== 409) return undefined;
  try {
    const { data } = await tavusClient().tools.list({ page: 1, limit: 100 });
    const existing = data.find((t) => t.name === name);
    if (existing) {
      return `A tool named "${name}" already exists (${existing.tool_id}): to manage it, add adoptId: "${existing.tool_id}" to this Tool; or choose another name`;
    }
  } catch {
    // The hint is a courtesy: the 409 itself is the error.
  }
  return `A tool named "${name}" already exists: adopt it with adoptId, or choose another name`;
}

function systemToolHint(e: unknown): string | undefined {
  return isTavusApiError(e) && e.status === 400 && /system/i.test(e.apiMessage ?? "")
    ? "System tools cannot be updated: attach them to personas with toolIds instead of declaring them"
    : undefined;
}
