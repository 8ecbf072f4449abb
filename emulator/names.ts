/**
 * The 2026 names: personas are PALs (`/v2/pals`, `pal_id`, `pal_name`,
 * `default_face_id`) and replicas are Faces (`/v2/faces`, `face_id`,
 * `face_name`); the docs keep the old paths and keys as aliases
 * (docs/tavus-api/names-and-clients.md#pal-and-face). The emulator serves both
 * over one store: a `/v2/pals` or `/v2/faces` route renames the request's keys
 * to the legacy ones, runs the legacy handler, and renames the answer's keys
 * back, so both names always see the same objects.
 */
import { error, type Reply, type Route, type RouteContext } from "./routing";
import { isRecord } from "./validate";

/** Pairs of `[new name, legacy name]`. */
export type KeyMap = readonly (readonly [alias: string, legacy: string])[];

/** PAL names of persona members and query parameters. */
export const PAL_KEYS: KeyMap = [
  ["pal_id", "persona_id"],
  ["pal_name", "persona_name"],
  ["default_face_id", "default_replica_id"],
  ["pal_type", "persona_type"],
];

/** Face names of replica members and query parameters. */
export const FACE_KEYS: KeyMap = [
  ["face_id", "replica_id"],
  ["face_name", "replica_name"],
  ["face_type", "replica_type"],
  ["face_ids", "replica_ids"],
];

/** The PAL names a conversation request may use for its persona and replica. */
export const PAL_CONVERSATION_KEYS: KeyMap = [
  ["pal_id", "persona_id"],
  ["face_id", "replica_id"],
];

/**
 * A copy of `body` with the new names renamed to the legacy ones.
 * @returns the copy, or what is wrong when both names of a pair are given
 *   with different values.
 */
export function fromPalKeys(
  body: Record<string, unknown>,
  keys: KeyMap,
): Record<string, unknown> | string {
  const copy = { ...body };
  for (const [alias, legacy] of keys) {
    if (!Object.hasOwn(copy, alias)) continue;
    const value = copy[alias];
    delete copy[alias];
    if (Object.hasOwn(copy, legacy) && JSON.stringify(copy[legacy]) !== JSON.stringify(value))
      return `${alias} and ${legacy} name the same field; give one of them`;
    copy[legacy] = value;
  }
  return copy;
}

/** A copy of `object` with the legacy names renamed to the new ones (top level only). */
export function toPalKeys(object: Record<string, unknown>, keys: KeyMap): Record<string, unknown> {
  const renamed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    const pair = keys.find(([, legacy]) => legacy === key);
    renamed[pair === undefined ? key : pair[0]] = value;
  }
  return renamed;
}

/** How one group is renamed. */
export interface AliasGroup {
  /** Legacy path prefix, e.g. `/v2/personas`. */
  legacy: string;
  /** New path prefix, e.g. `/v2/pals`. */
  alias: string;
  keys: KeyMap;
  /**
   * A member `POST <alias>` requires (under either name): the Create PAL page
   * makes `default_face_id` required where `default_replica_id` was optional.
   */
  requiredOnCreate?: string;
}

/** The PAL group: `/v2/pals` over the personas. */
export const PALS: AliasGroup = {
  legacy: "/v2/personas",
  alias: "/v2/pals",
  keys: PAL_KEYS,
  requiredOnCreate: "default_face_id",
};

/** The Face group: `/v2/faces` over the replicas. */
export const FACES: AliasGroup = { legacy: "/v2/replicas", alias: "/v2/faces", keys: FACE_KEYS };

/**
 * The alias routes of `group`: one per legacy route under its prefix.
 * @param routes The legacy routes (others are skipped).
 */
export function aliasRoutes(routes: readonly Route[], group: AliasGroup): Route[] {
  return routes
    .filter(
      (route) => route.pattern === group.legacy || route.pattern.startsWith(`${group.legacy}/`),
    )
    .map((route) => ({
      method: route.method,
      pattern: group.alias + route.pattern.slice(group.legacy.length),
      handler: (context: RouteContext): Reply => {
        const isCreate = route.method === "POST" && route.pattern === group.legacy;
        const body = renameRequest(context.body, group, isCreate);
        if (typeof body === "string") return error(400, body);
        const reply = route.handler({
          ...context,
          body,
          query: renameQuery(context.query, group.keys),
        });
        return renameReply(reply, group.keys);
      },
    }));
}

function renameRequest(body: unknown, group: AliasGroup, isCreate: boolean): unknown {
  if (Array.isArray(body))
    return body.map((op) => (isRecord(op) ? renamePatchOp(op, group.keys) : op));
  if (!isRecord(body)) return body;
  const required = group.requiredOnCreate;
  if (isCreate && required !== undefined) {
    const legacy = group.keys.find(([alias]) => alias === required)?.[1];
    const value = body[required] ?? (legacy === undefined ? undefined : body[legacy]);
    if (typeof value !== "string" || value === "") return `${required} is required`;
  }
  return fromPalKeys(body, group.keys);
}

/** A JSON Patch operation whose `path`/`from` start with a new name, renamed to the legacy one. */
function renamePatchOp(op: Record<string, unknown>, keys: KeyMap): Record<string, unknown> {
  const copy = { ...op };
  for (const member of ["path", "from"]) {
    const pointer = copy[member];
    if (typeof pointer !== "string") continue;
    const [, first = "", ...rest] = pointer.split("/");
    const pair = keys.find(([alias]) => alias === first);
    if (pair !== undefined) copy[member] = ["", pair[1], ...rest].join("/");
  }
  return copy;
}

function renameQuery(query: URLSearchParams, keys: KeyMap): URLSearchParams {
  const renamed = new URLSearchParams();
  for (const [name, value] of query) {
    const pair = keys.find(([alias]) => alias === name);
    renamed.append(pair === undefined ? name : pair[1], value);
  }
  return renamed;
}

function renameReply(reply: Reply, keys: KeyMap): Reply {
  const body = reply.body;
  if (!isRecord(body)) return reply;
  if (Array.isArray(body["data"])) {
    const data = body["data"].map((item) => (isRecord(item) ? toPalKeys(item, keys) : item));
    return { ...reply, body: { ...body, data } };
  }
  const renamed = toPalKeys(body, keys);
  // "Invalid persona_id" names the path's key: "Invalid pal_id" under /v2/pals.
  for (const member of ["error", "message"]) {
    const text = renamed[member];
    if (typeof text !== "string") continue;
    const match = /^Invalid (\w+)$/.exec(text);
    const pair = keys.find(([, legacy]) => legacy === match?.[1]);
    if (pair !== undefined) renamed[member] = `Invalid ${pair[0]}`;
  }
  return { ...reply, body: renamed };
}
