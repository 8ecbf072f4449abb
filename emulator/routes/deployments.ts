/**
 * `/v2/deployments` (docs/tavus-api/deployments.md): a PAL published as a
 * widget, an embed or a landing page. Get answers an `ETag`; PATCH is RFC 6902
 * JSON Patch and, with `If-Match`, answers 412 when the ETag is stale. The
 * password is stored but never answered (`has_password`). `init` and `start`
 * are public (no API key): what a web page calls; `start` counts usage.
 */
import { createHash } from "node:crypto";
import { collectionRoutes, withRecord, type Collection } from "../collection";
import { newId, nowTimestamp } from "../ids";
import { applyPatch, deepEqual } from "../jsonPatch";
import { empty, error, ok, type Reply, type Route, type RouteDeps } from "../routing";
import type { DeploymentRecord, Store } from "../store";
import {
  checkFields,
  isRecord,
  knownFields,
  nullable,
  object,
  oneOf,
  string,
  stringArray,
  strictPolicy,
} from "../validate";

const CHANNELS = ["widget", "embed", "landing-page"] as const;

const CHECKS = {
  pal_id: string,
  channel: oneOf(CHANNELS),
  name: string,
  password: nullable(string),
  customization: object,
  limits: object,
  allowed_origins: stringArray,
};

const SERVER_FIELDS = [
  "deployment_id",
  "has_password",
  "usage_total",
  "usage_today",
  "usage_day",
  "thumbnail_url",
  "created_at",
  "updated_at",
] as const;

/** The deployment routes, the two public ones included. */
export function deploymentRoutes({ store }: RouteDeps): Route[] {
  const deployments: Collection<DeploymentRecord> = {
    path: "/v2/deployments",
    records: store.deployments,
    notFound: "Deployment not found",
    required: ["pal_id", "channel"],
    checks: CHECKS,
    create: (body) => create(store, body),
    get: (record) => ({ ...ok(view(record)), headers: { etag: etagOf(record) } }),
    listItem: view,
  };
  return [
    ...collectionRoutes(store, deployments),
    {
      method: "PATCH",
      pattern: "/v2/deployments/:id",
      handler: ({ params, body, headers }) =>
        withRecord(deployments, params, (record) => {
          const ifMatch = headers["if-match"];
          if (typeof ifMatch === "string" && ifMatch !== etagOf(record))
            return error(
              412,
              "The deployment changed since it was read (stale If-Match): read it again",
            );
          return patch(store, record, body);
        }),
    },
    {
      method: "GET",
      pattern: "/v2/deployments/:id/init",
      public: true,
      // What a widget shows before a call: no PAL id, no password.
      handler: ({ params }) =>
        withRecord(deployments, params, (record) =>
          ok({
            deployment_id: record.deployment_id,
            channel: record.channel,
            customization: record.customization ?? {},
            limits: record.limits ?? {},
            captcha: false,
            password_required: hasPassword(record),
            available: true,
          }),
        ),
    },
    {
      method: "POST",
      pattern: "/v2/deployments/:id/start",
      public: true,
      handler: ({ params, body }) =>
        withRecord(deployments, params, (record) => start(store, record, body)),
    },
  ];
}

/** Stores a deployment from a checked body (collection.ts): its PAL must exist. */
function create(store: Store, body: Record<string, unknown>): Reply {
  if (!store.personas.has(String(body["pal_id"]))) return error(404, "PAL not found");
  const now = nowTimestamp();
  const id = newId("d", (taken) => store.has(taken));
  const record = {
    ...structuredClone(knownFields(body, CHECKS)),
    deployment_id: id,
    has_password: false,
    usage_total: 0,
    usage_today: 0,
    usage_day: today(),
    thumbnail_url: `https://cdn.tavus.example/deployments/${id}/thumbnail.png`,
    created_at: now,
    updated_at: now,
  } as DeploymentRecord;
  store.deployments.set(id, record);
  store.commit();
  return ok(view(record));
}

function patch(store: Store, record: DeploymentRecord, operations: unknown): Reply {
  const result = applyPatch(record, operations);
  if (!result.ok || !isRecord(result.document)) return error(400, "Invalid patch operation");
  const patched = result.document;
  const original = record as unknown as Record<string, unknown>;
  if (SERVER_FIELDS.some((key) => !deepEqual(patched[key], original[key])))
    return error(400, "Invalid patch operation: server fields cannot be changed");
  if (deepEqual(patched, original)) return empty(304);
  const fields = Object.fromEntries(
    Object.entries(patched).filter(([key]) => !(SERVER_FIELDS as readonly string[]).includes(key)),
  );
  const problem = checkFields(fields, CHECKS, "", strictPolicy());
  if (problem !== undefined) return error(400, problem);
  const updated = { ...patched, updated_at: nowTimestamp() } as unknown as DeploymentRecord;
  store.deployments.set(record.deployment_id, updated);
  store.commit();
  return { ...ok(view(updated)), headers: { etag: etagOf(updated) } };
}

/** A visitor starts a conversation: counts usage; a password, when set, must match. */
function start(store: Store, record: DeploymentRecord, body: unknown): Reply {
  const id = record.deployment_id;
  const given = isRecord(body) ? body["password"] : undefined;
  if (hasPassword(record) && given !== record.password) return error(401, "Wrong password");
  const day = today();
  const updated = {
    ...record,
    usage_total: record.usage_total + 1,
    usage_today: record.usage_day === day ? record.usage_today + 1 : 1,
    usage_day: day,
  };
  store.deployments.set(id, updated);
  store.commit();
  const conversation = newId("c", (taken) => store.has(taken));
  return ok({
    conversation_id: conversation,
    conversation_url: `https://tavus.daily.co/${conversation}`,
  });
}

/** What Get shows: no password, whether there is one; the counters' day is ours. */
function view(record: DeploymentRecord): Record<string, unknown> {
  const { password: _password, usage_day: _day, ...rest } = record;
  return { ...rest, has_password: hasPassword(record) };
}

/** A strong ETag of everything stored, password and counters included. */
function etagOf(record: DeploymentRecord): string {
  return `"${createHash("sha256").update(JSON.stringify(record)).digest("hex").slice(0, 16)}"`;
}

function hasPassword(record: DeploymentRecord): boolean {
  return typeof record.password === "string" && record.password !== "";
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}
