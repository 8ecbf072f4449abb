/**
 * What a persona's update must respect on the 2026 live API
 * (docs/tavus-api/live-api.md): conferencing edits go in a PATCH of their own,
 * an open PAL Maker draft refuses a PATCH unless the user opted in to
 * overwrite it, and a PAL takes at most 50 tools. Pure helpers, used by
 * personaProvider.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import { CONFERENCING, GROUP_LIMITS } from "../apiValues";
import { isTavusApiError } from "../client";
import type { PersonaInputs } from "../definitions/persona";
import { SETTINGS } from "../settings";
import type { JsonPatchOperation } from "../wire";

const CONFERENCING_PATH = "/layers/conferencing";

/**
 * The plan-time rules the schema cannot say: reserved `botN` usernames, the
 * default face conferencing needs, and the 50-tool limit.
 */
export function liveApiFailures(news: PersonaInputs): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const conferencing = news.layers?.conferencing;
  const username = conferencing?.username;
  if (typeof username === "string" && CONFERENCING.reserved.test(username)) {
    failures.push({
      property: "layers.conferencing.username",
      reason: `"${username}" is reserved by Tavus (bot followed by digits): choose another username`,
    });
  }
  if (conferencing !== undefined && news.defaultReplicaId === undefined) {
    failures.push({
      property: "defaultReplicaId",
      reason:
        "is required with layers.conferencing: a PAL meets with its default face (default_face_id); set defaultReplicaId",
    });
  }
  const toolIds = news.toolIds as unknown;
  if (Array.isArray(toolIds) && toolIds.length > GROUP_LIMITS.palTools) {
    failures.push({
      property: "toolIds",
      reason: `has ${toolIds.length} tools: a PAL takes at most ${GROUP_LIMITS.palTools} (POST /v2/pals/{id}/tools); attach fewer, or put several actions in one tool`,
    });
  }
  return failures;
}

/**
 * Splits a patch into the operations of everything but `layers.conferencing`
 * and those of `layers.conferencing`, which the API takes only alone. An `add`
 * or `replace` of the whole `/layers` that carries conferencing is split in two.
 * @returns the groups to send in order, empty ones left out.
 */
export function splitConferencing(operations: JsonPatchOperation[]): JsonPatchOperation[][] {
  const others: JsonPatchOperation[] = [];
  const conferencing: JsonPatchOperation[] = [];
  for (const op of operations) {
    if (op.path === CONFERENCING_PATH || op.path.startsWith(`${CONFERENCING_PATH}/`)) {
      conferencing.push(op);
    } else if (
      op.path === "/layers" &&
      (op.op === "add" || op.op === "replace") &&
      typeof op.value === "object" &&
      op.value !== null &&
      "conferencing" in op.value
    ) {
      const { conferencing: value, ...rest } = op.value as Record<string, unknown>;
      others.push({ ...op, value: rest });
      conferencing.push({ op: "add", path: CONFERENCING_PATH, value });
    } else {
      others.push(op);
    }
  }
  // A guard (`test`) alone changes nothing: it travels with the group it guards.
  const changes = (ops: JsonPatchOperation[]) => ops.some((op) => op.op !== "test");
  return [others, conferencing].filter(changes);
}

/** Whether the persona's update goes through an open PAL Maker draft (`?force=true`). */
export function overwritesMakerDraft(news: PersonaInputs, stackDefault: boolean): boolean {
  return typeof news.overwriteMakerDraft === "boolean" ? news.overwriteMakerDraft : stackDefault;
}

/** Whether a failure is the 409 of an open PAL Maker draft. */
export function isMakerDraftConflict(e: unknown): boolean {
  return isTavusApiError(e) && e.status === 409 && e.conflict === "maker_changes";
}

/** The failure of an update refused for an open PAL Maker draft: what happened and the two ways on. */
export function makerDraftError(id: string, name: string | undefined, cause: unknown): Error {
  const persona = name ? `persona "${name}" (${id})` : `persona ${id}`;
  return Object.assign(
    new Error(
      `Tavus ${persona}: update refused: a PAL Maker draft is open on it (HTTP 409 maker_changes), and nothing was changed. ` +
        `Either discard or publish the draft in PAL Maker (the Tavus dashboard) and run the update again, ` +
        `or opt in to overwrite it, which discards the draft: set overwriteMakerDraft: true on this Persona, ` +
        `or run "pulumi config set ${SETTINGS.overwriteMakerDrafts.config} true" (${SETTINGS.overwriteMakerDrafts.env})`,
    ),
    { cause },
  );
}
