/**
 * `/v2/tools` and the PAL-tool routes (docs/tavus-api/tools.md): create,
 * list, get, merge PATCH, soft delete; attach, list and detach a PAL's
 * tools. Secrets are stored in clear and scrubbed to `"********"` in every
 * answer; a body that sends the mask back is rejected, because storing it
 * would destroy the secret (README "Tools").
 */
import { randomBytes } from "node:crypto";
import {
  API_ERRORS,
  TOOL_API_ERRORS,
  TOOL_AUTH_SECRET_FIELDS,
  TOOL_AUTH_TYPES,
  TOOL_LIMITS,
  TOOL_NAME_PATTERN,
  TOOL_ON_CALL,
  TOOL_ON_RESOLVE,
  TOOL_ORIGINS,
  TOOL_RESERVED_PARAMETER_PREFIX,
  TOOL_SECRET_MASK,
  TOOL_TRIGGER_TYPES,
  type PalToolsResponse,
  type ToolDeliveryWire,
  type ToolWire,
} from "../../provider/wire";
import { nowTimestamp } from "../ids";
import { empty, error, ok, paginate, type Reply, type Route, type RouteDeps } from "../routing";
import type { Store, ToolRecord } from "../store";
import {
  checkFields,
  isRecord,
  object,
  oneOf,
  string,
  type Check,
  type FieldPolicy,
} from "../validate";

/** The account's `owner_id`, as in the docs' examples. */
export const EMULATOR_OWNER_ID = 3675;

/** 400 for a tool id that names no live tool of the account (the Delete page's status and key). */
const TOOL_NOT_FOUND = "Bad Request. Tool not found";
const CANNOT_UPDATE_SYSTEM = "Bad Request. Cannot update system tools";

/** Members of `delivery.api.auth` that are not secret. */
const AUTH_PLAIN_FIELDS = [
  "type",
  "username",
  "name",
  "location",
  "token_url",
  "client_id",
  "scope",
];

const stringMap: Check = (v) =>
  isRecord(v) && Object.values(v).every((item) => typeof item === "string")
    ? undefined
    : "must be an object of strings";
const positive: Check = (v) =>
  typeof v === "number" && v > 0 ? undefined : "must be a positive number of seconds";

const TOOL_CHECKS: Record<string, Check> = {
  name: (v) =>
    typeof v === "string" && TOOL_NAME_PATTERN.test(v)
      ? undefined
      : `must match ${TOOL_NAME_PATTERN.source} (letters, digits and underscores, at most 64)`,
  description: (v) =>
    typeof v === "string" && v.trim() !== "" ? undefined : "must be a non-empty string",
  parameters: object,
  delivery: (v) => (v === null || isRecord(v) ? undefined : "must be an object"),
  trigger_type: oneOf(TOOL_TRIGGER_TYPES),
  origin: oneOf(TOOL_ORIGINS),
  on_call: oneOf(TOOL_ON_CALL),
  on_resolve: oneOf(TOOL_ON_RESOLVE),
  static_filler: string,
};

const API_CHECKS: Record<string, Check> = {
  url: string,
  method: oneOf(["GET", "POST", "PUT", "PATCH", "DELETE"]),
  timeout: positive,
  headers: stringMap,
  auth: object,
  body_template: object,
  query_params: stringMap,
  content_type: string,
};

const AUTH_CHECKS: Record<string, Check> = Object.fromEntries([
  ...AUTH_PLAIN_FIELDS.map((key): [string, Check] => [key, string]),
  ...TOOL_AUTH_SECRET_FIELDS.map((key): [string, Check] => [key, string]),
]);
AUTH_CHECKS["type"] = oneOf(TOOL_AUTH_TYPES);
AUTH_CHECKS["location"] = oneOf(["header", "query"]);

/** The tools and PAL-tools routes. */
export function toolRoutes({ store }: RouteDeps): Route[] {
  const palRoutes = (prefix: string): Route[] => [
    {
      method: "POST",
      pattern: `${prefix}/:id/tools`,
      handler: ({ params, body }) => attachTools(store, params["id"] ?? "", body),
    },
    {
      method: "GET",
      pattern: `${prefix}/:id/tools`,
      handler: ({ params }) => {
        const id = params["id"] ?? "";
        if (!ownPal(store, id)) return error(400, API_ERRORS.invalidPersonaId);
        return ok(palToolsView(store, id));
      },
    },
    {
      method: "DELETE",
      pattern: `${prefix}/:id/tools/:toolId`,
      handler: ({ params }) => detachTool(store, params["id"] ?? "", params["toolId"] ?? ""),
    },
  ];
  return [
    {
      method: "POST",
      pattern: "/v2/tools",
      handler: ({ body }) => createTool(store, body),
    },
    {
      method: "GET",
      pattern: "/v2/tools",
      handler: ({ query, fields }) => listTools(store, query, fields),
    },
    {
      method: "GET",
      pattern: "/v2/tools/:id",
      handler: ({ params }) => {
        const tool = liveTool(store, params["id"] ?? "");
        return tool === undefined ? error(400, TOOL_NOT_FOUND) : ok(scrub(tool));
      },
    },
    {
      method: "PATCH",
      pattern: "/v2/tools/:id",
      handler: ({ params, body }) => {
        const tool = liveTool(store, params["id"] ?? "");
        if (tool === undefined) return error(400, TOOL_NOT_FOUND);
        if (tool.is_system_tool) return error(400, CANNOT_UPDATE_SYSTEM);
        return patchTool(store, tool, body);
      },
    },
    {
      method: "DELETE",
      pattern: "/v2/tools/:id",
      handler: ({ params }) => {
        const tool = liveTool(store, params["id"] ?? "");
        if (tool === undefined) return error(400, TOOL_NOT_FOUND);
        if (tool.is_system_tool) return error(400, TOOL_API_ERRORS.cannotDeleteSystemTools);
        // Soft delete: the record stays (state shows it), the name is freed, every PAL lets go of it.
        tool.deleted_at = nowTimestamp();
        for (const [palId, ids] of store.palTools)
          store.palTools.set(
            palId,
            ids.filter((id) => id !== tool.tool_id),
          );
        store.commit();
        return empty(204);
      },
    },
    // PAL is the docs' name for a persona; the persona path is accepted too.
    ...palRoutes("/v2/pals"),
    ...palRoutes("/v2/personas"),
  ];
}

function createTool(store: Store, body: unknown): Reply {
  if (!isRecord(body)) return error(400, "Invalid request: the body must be a JSON object");
  for (const required of ["name", "description"]) {
    if (body[required] === undefined) return error(400, `Invalid request: ${required} is required`);
  }
  if (body["delivery"] === null) return error(400, "Invalid request: delivery must be an object");
  const problem = checkToolFields(body) ?? checkMasks(body["delivery"]);
  if (problem !== undefined) return error(400, `Invalid request: ${problem}`);
  const duplicate = sameName(store, body["name"] as string);
  if (duplicate !== undefined) return duplicateName(duplicate);

  const now = nowTimestamp();
  const tool = withDefaults({
    ...(structuredClone(body) as Partial<ToolWire>),
    tool_id: newToolId(store),
    owner_id: EMULATOR_OWNER_ID,
    is_system_tool: false,
    created_at: now,
    updated_at: now,
  });
  const invalid = checkWhole(tool);
  if (invalid !== undefined) return error(400, `Invalid request: ${invalid}`);
  store.tools.set(tool.tool_id, tool);
  store.commit();
  return ok(scrub(tool));
}

/** `GET /v2/tools?type=user|system|all&sort=asc|desc`, `page` 1-based, `{data, total_count}`. */
function listTools(store: Store, query: URLSearchParams, policy: FieldPolicy): Reply {
  const type = query.get("type") ?? "user";
  if (!["user", "system", "all"].includes(type))
    return error(400, "Invalid type: must be one of: user, system, all");
  const sort = query.get("sort") ?? "desc";
  if (sort !== "asc" && sort !== "desc") return error(400, "Invalid sort: must be asc or desc");
  const tools = [...store.tools.values()]
    .filter((t) => t.deleted_at === undefined)
    .filter((t) => type === "all" || t.is_system_tool === (type === "system"))
    .sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
  if (sort === "desc") tools.reverse();
  return paginate(tools.map(scrub), query, policy);
}

/**
 * The merge PATCH: only the members sent change; `delivery: null` resets it
 * to `{app_message: true}`; `static_filler: null` clears it. A new `delivery`
 * replaces the stored one, except that secrets left out keep their stored
 * value: `delivery.api.headers` when absent, and the secret members of `auth`
 * when the auth `type` is unchanged (the Update Tool page: "to keep the
 * existing secret, omit the field").
 */
function patchTool(store: Store, tool: ToolRecord, body: unknown): Reply {
  if (!isRecord(body)) return error(400, "Invalid request: the body must be a JSON object");
  const { static_filler: filler, ...rest } = body;
  const problem =
    checkToolFields(rest) ??
    (filler === undefined || filler === null || typeof filler === "string"
      ? undefined
      : "static_filler must be a string or null") ??
    checkMasks(body["delivery"]);
  if (problem !== undefined) return error(400, `Invalid request: ${problem}`);
  if (typeof body["name"] === "string") {
    const duplicate = sameName(store, body["name"]);
    if (duplicate !== undefined && duplicate.tool_id !== tool.tool_id)
      return duplicateName(duplicate);
  }
  const merged: ToolRecord = { ...structuredClone(tool), ...structuredClone(body) } as ToolRecord;
  if (body["delivery"] === null) merged.delivery = { app_message: true };
  else if (isRecord(body["delivery"]))
    merged.delivery = keepSecrets(tool.delivery, body["delivery"] as ToolDeliveryWire);
  const invalid = checkWhole(merged);
  if (invalid !== undefined) return error(400, `Invalid request: ${invalid}`);
  if (JSON.stringify(merged) !== JSON.stringify(tool)) {
    merged.updated_at = nowTimestamp();
    store.tools.set(tool.tool_id, merged);
    store.commit();
  }
  return ok(scrub(merged));
}

function attachTools(store: Store, palId: string, body: unknown): Reply {
  if (!ownPal(store, palId)) return error(400, API_ERRORS.invalidPersonaId);
  const ids = isRecord(body) ? body["tool_ids"] : undefined;
  if (
    !Array.isArray(ids) ||
    ids.length === 0 ||
    !ids.every((id): id is string => typeof id === "string")
  ) {
    return error(400, "Invalid request: tool_ids must be a non-empty array of tool ids");
  }
  for (const id of ids) {
    const tool = liveTool(store, id);
    if (tool === undefined) return error(400, `${TOOL_NOT_FOUND}: ${id}`);
    // System tools are always available and need no attaching (docs/tavus-api/tools.md#system-tools).
    if (tool.is_system_tool)
      return error(400, `Bad Request. System tools cannot be attached: ${id}`);
  }
  const attached = store.palTools.get(palId) ?? [];
  store.palTools.set(palId, [...attached, ...ids.filter((id) => !attached.includes(id))]);
  store.commit();
  return ok(palToolsView(store, palId));
}

function detachTool(store: Store, palId: string, toolId: string): Reply {
  if (!ownPal(store, palId)) return error(400, API_ERRORS.invalidPersonaId);
  const attached = store.palTools.get(palId) ?? [];
  if (liveTool(store, toolId) === undefined) return error(400, TOOL_NOT_FOUND);
  if (!attached.includes(toolId))
    return error(400, `Bad Request. Tool ${toolId} is not attached to PAL ${palId}`);
  store.palTools.set(
    palId,
    attached.filter((id) => id !== toolId),
  );
  store.commit();
  return empty(204);
}

/** The PAL's attached tools, scrubbed, in attach order. */
function palToolsView(store: Store, palId: string): PalToolsResponse {
  const tools = (store.palTools.get(palId) ?? [])
    .map((id) => liveTool(store, id))
    .filter((tool): tool is ToolRecord => tool !== undefined);
  return { data: tools.map(scrub) };
}

/** A persona the account owns (stock personas are read-only, as on the persona routes). */
function ownPal(store: Store, id: string): boolean {
  const persona = store.personas.get(id);
  return persona !== undefined && persona.persona_type !== "system";
}

/** A tool that is not soft-deleted. */
function liveTool(store: Store, id: string): ToolRecord | undefined {
  const tool = store.tools.get(id);
  return tool === undefined || tool.deleted_at !== undefined ? undefined : tool;
}

function sameName(store: Store, name: string): ToolRecord | undefined {
  return [...store.tools.values()].find((t) => t.deleted_at === undefined && t.name === name);
}

/** 409 naming the tool that holds the name, so a client can adopt it instead. */
function duplicateName(existing: ToolRecord): Reply {
  return error(
    409,
    `A tool named "${existing.name}" already exists (tool_id ${existing.tool_id}); tool names are unique per account`,
  );
}

/**
 * The tool as every route answers it: each `delivery.api.headers` value and
 * each secret member of `delivery.api.auth` replaced by `"********"`, and
 * without the store's own `deleted_at`.
 */
export function scrub(tool: ToolRecord): ToolWire {
  const { deleted_at: _deleted, ...wire } = structuredClone(tool);
  const api = wire.delivery.api;
  if (api?.headers !== undefined)
    api.headers = Object.fromEntries(Object.keys(api.headers).map((k) => [k, TOOL_SECRET_MASK]));
  if (api?.auth !== undefined) {
    const auth = api.auth as unknown as Record<string, unknown>;
    for (const key of TOOL_AUTH_SECRET_FIELDS) if (key in auth) auth[key] = TOOL_SECRET_MASK;
  }
  return wire;
}

/** The new delivery, with the stored secrets it leaves out carried over. */
function keepSecrets(stored: ToolDeliveryWire, sent: ToolDeliveryWire): ToolDeliveryWire {
  const result = structuredClone(sent);
  const before = stored.api;
  const after = result.api;
  if (before === undefined || after === undefined) return result;
  if (after.headers === undefined && before.headers !== undefined)
    after.headers = structuredClone(before.headers);
  if (
    after.auth !== undefined &&
    before.auth !== undefined &&
    after.auth.type === before.auth.type
  ) {
    const kept = after.auth as unknown as Record<string, unknown>;
    const old = before.auth as unknown as Record<string, unknown>;
    for (const key of TOOL_AUTH_SECRET_FIELDS)
      if (kept[key] === undefined && old[key] !== undefined) kept[key] = old[key];
  }
  return result;
}

/** The documented defaults, written into the stored tool as the API answers them. */
function withDefaults(tool: Partial<ToolWire>): ToolRecord {
  const triggerType = tool.trigger_type ?? "in_call";
  const origin = triggerType === "post_call" ? (tool.origin ?? null) : (tool.origin ?? "llm");
  return {
    parameters: {},
    delivery: { app_message: true },
    on_resolve: "fire_and_forget",
    static_filler: null,
    ...tool,
    trigger_type: triggerType,
    origin,
    on_call:
      tool.on_call ?? (origin === "llm" && triggerType === "in_call" ? "generate_filler" : null),
  } as ToolRecord;
}

/** Type checks of the members sent (create body, or a PATCH body). */
function checkToolFields(body: Record<string, unknown>): string | undefined {
  const problem = checkFields(body, TOOL_CHECKS);
  if (problem !== undefined) return problem;
  const delivery = body["delivery"];
  if (!isRecord(delivery)) return undefined;
  const unknown = Object.keys(delivery).find((key) => key !== "app_message" && key !== "api");
  if (unknown !== undefined)
    return `Unknown field "delivery.${unknown}"; allowed fields are: delivery.app_message, delivery.api`;
  if (delivery["app_message"] !== undefined && typeof delivery["app_message"] !== "boolean")
    return "delivery.app_message must be a boolean";
  const api = delivery["api"];
  if (api === undefined || api === null) return undefined;
  if (!isRecord(api)) return "delivery.api must be an object";
  if (api["url"] === undefined) return "delivery.api.url is required";
  const apiProblem =
    checkFields(api, API_CHECKS, "delivery.api.") ??
    (isRecord(api["auth"])
      ? checkFields(api["auth"], AUTH_CHECKS, "delivery.api.auth.")
      : undefined);
  if (apiProblem !== undefined) return apiProblem;
  if (isRecord(api["auth"]) && api["auth"]["type"] === undefined)
    return "delivery.api.auth.type is required";
  return checkPublicHttps(api["url"] as string);
}

/**
 * Rules over the whole tool (after defaults or a merge): one delivery channel,
 * the 10,000-character budget, reserved parameter names, and the rules
 * tying `trigger_type`, `origin`, `on_call` and `static_filler`.
 */
function checkWhole(tool: ToolRecord): string | undefined {
  const { delivery } = tool;
  const app = delivery.app_message === true;
  const api = delivery.api !== undefined && delivery.api !== null;
  if (app === api) {
    return app
      ? "delivery must use exactly one channel: app_message true and api are both set"
      : "delivery must use exactly one channel: set app_message true or api";
  }
  const size = tool.description.length + JSON.stringify(tool.parameters).length;
  if (size > TOOL_LIMITS.descriptionAndParameters)
    return `description plus parameters must be at most ${TOOL_LIMITS.descriptionAndParameters} characters (got ${size})`;
  const properties = tool.parameters["properties"];
  if (isRecord(properties)) {
    const reserved = Object.keys(properties).find((key) =>
      key.startsWith(TOOL_RESERVED_PARAMETER_PREFIX),
    );
    if (reserved !== undefined)
      return `parameters.properties.${reserved}: names starting with ${TOOL_RESERVED_PARAMETER_PREFIX} are reserved`;
  }
  if (tool.trigger_type === "post_call") {
    if (tool.origin !== null) return "origin must be omitted when trigger_type is post_call";
    if (!api) return "a post_call tool needs delivery.api";
  }
  if (tool.origin !== "llm" && tool.on_call !== null)
    return "on_call must be omitted unless origin is llm";
  if (tool.on_call === "static_filler" && (tool.static_filler ?? "") === "")
    return "static_filler is required when on_call is static_filler";
  return undefined;
}

/** Rejects the scrubbed placeholder where a secret is expected (Update Tool page). */
function checkMasks(delivery: unknown): string | undefined {
  if (!isRecord(delivery) || !isRecord(delivery["api"])) return undefined;
  const api = delivery["api"];
  const where: string[] = [];
  if (isRecord(api["headers"]))
    for (const [key, value] of Object.entries(api["headers"]))
      if (value === TOOL_SECRET_MASK) where.push(`delivery.api.headers.${key}`);
  if (isRecord(api["auth"]))
    for (const key of TOOL_AUTH_SECRET_FIELDS)
      if (api["auth"][key] === TOOL_SECRET_MASK) where.push(`delivery.api.auth.${key}`);
  if (where.length === 0) return undefined;
  return `${where.join(", ")}: "${TOOL_SECRET_MASK}" is the scrubbed placeholder, not a secret; omit the field to keep the stored value`;
}

/** `delivery.api.url` must be public HTTPS: private and loopback addresses are refused (Tool Delivery guide). */
function checkPublicHttps(url: string): string | undefined {
  let parsed: URL;
  try {
    // Placeholders may sit in the path and query; URL parsing tolerates the braces there.
    parsed = new URL(url);
  } catch {
    return "delivery.api.url must be an https URL";
  }
  if (parsed.protocol !== "https:") return "delivery.api.url must be an https URL";
  const host = parsed.hostname.toLowerCase();
  if (host.includes("{")) return "delivery.api.url: the host may not hold {placeholders}";
  if (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    /^(127\.|10\.|192\.168\.|169\.254\.|172\.(1[6-9]|2[0-9]|3[01])\.|0\.)/.test(host) ||
    host === "[::1]"
  ) {
    return "delivery.api.url must be publicly reachable: private and loopback addresses are refused";
  }
  return undefined;
}

/** `t` + 12 hex digits, the shape of the docs' `tabc123def456`. */
function newToolId(store: Store): string {
  for (;;) {
    const id = `t${randomBytes(6).toString("hex")}`;
    if (!store.has(id)) return id;
  }
}
