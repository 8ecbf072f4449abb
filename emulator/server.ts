/**
 * The HTTP layer, on plain `node:http` because the emulator must control the
 * wire exactly: reset a socket mid-request, send a 304 with no body, hang.
 *
 * A non-admin request goes through, in order: body read → fault rules →
 * rate limit → `x-api-key` → route (404 if none) → JSON parse → handler →
 * latency → response. Every step's outcome is logged, redacted.
 *
 * Every answer carries the CORS headers, because browser apps call the Tavus
 * API directly (docs/tavus-api/names-and-clients.md#what-clients-send); a
 * preflight (`OPTIONS`) is answered 204 at once, without a key, a log entry or
 * a fault, as a browser never sends a key on a preflight.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { API_ERRORS } from "../provider/wire";
import { faultResponse, type FaultEntry, type FaultRegistry } from "./faults";
import type { RateLimiter } from "./rateLimit";
import { redact, type RequestLog, type RequestLogEntry } from "./requestLog";
import { error, findRoute, message, type Reply, type Route } from "./routing";
import type { EmulatorSettings } from "./settings";
import { strictPolicy, type FieldPolicy } from "./validate";

/** Everything the HTTP layer needs; the emulator wires it up. */
export interface ServerDeps {
  apiKey: string;
  settings: EmulatorSettings;
  log: RequestLog;
  faults: FaultRegistry;
  rateLimiter: RateLimiter;
  /** The Tavus API routes: authenticated, logged, subject to faults. */
  apiRoutes: readonly Route[];
  /** The `/__emulator` routes: none of the above. */
  adminRoutes: readonly Route[];
}

/** A listening emulator server. */
export interface EmulatorServer {
  port: number;
  /** Stops listening and destroys every open socket, hung requests included. */
  close(): Promise<void>;
}

/** Request bodies larger than this are refused with 413. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** The methods the API serves, announced to browsers. */
const CORS_METHODS = "GET, POST, PATCH, PUT, DELETE, OPTIONS";
/** The request headers browsers may send; a preflight's own list is added to them. */
const CORS_HEADERS = ["x-api-key", "content-type", "authorization"];

/**
 * Starts the server on 127.0.0.1.
 * @param deps Routes, settings and the shared state.
 * @param port TCP port; 0 picks a free one.
 */
export async function listen(deps: ServerDeps, port: number): Promise<EmulatorServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closing = false;

  /** A sleep that `close()` can cancel, so pending delays never keep the process alive. */
  const sleep = (ms: number): Promise<void> =>
    ms <= 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, ms);
          timers.add(timer);
        });

  const server: Server = createServer((req, res) => {
    handle(deps, req, res, sleep).catch((e: unknown) => {
      // A bug in a handler must not take the emulator down: answer 500 and keep serving.
      if (!res.headersSent && !res.destroyed)
        send(res, { status: 500, body: { message: `Emulator error: ${String(e)}` } });
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string")
    throw new Error("emulator: server has no TCP address");

  return {
    port: address.port,
    close: async () => {
      if (closing) return;
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // server.close() alone waits for keep-alive and hung sockets; destroy them.
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

async function handle(
  deps: ServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;
  const method = (req.method ?? "GET").toUpperCase();
  const isAdmin = path === "/__emulator" || path.startsWith("/__emulator/");
  setCorsHeaders(res, req, deps.settings.corsOrigin);
  if (method === "OPTIONS") {
    req.resume(); // a preflight has no body worth reading
    sendRaw(res, 204, { "access-control-max-age": "600" }, undefined);
    return;
  }
  const entry: RequestLogEntry = {
    method,
    path,
    query: Object.fromEntries(url.searchParams),
    status: 0,
  };
  const ifMatch = req.headers["if-match"];
  if (typeof ifMatch === "string") entry.ifMatch = ifMatch;
  const record = (status: number, fault?: FaultEntry): void => {
    entry.status = status;
    if (fault !== undefined) entry.fault = fault.kind;
    if (!isAdmin) deps.log.append(entry);
  };

  const raw = await readBody(req);
  if (raw === undefined) {
    record(413);
    send(res, message(413, `Request body larger than ${MAX_BODY_BYTES} bytes`));
    return;
  }
  const parsed = parseJson(raw);
  if (isAdmin) {
    send(res, dispatch(deps.adminRoutes, method, path, url.searchParams, parsed, strictPolicy()));
    return;
  }
  if (parsed.ok && parsed.value !== undefined) entry.body = redact(parsed.value);

  const fault = deps.faults.take(method, path);
  switch (fault?.kind) {
    case "reset-before":
      record(0, fault);
      req.socket.destroy();
      return;
    case "hang":
      // Never answer: the socket stays open until the client gives up or close() destroys it.
      record(0, fault);
      return;
    case "status": {
      const response = faultResponse(fault);
      record(response.status, fault);
      await sleep(deps.settings.latencyMs + (fault.delayMs ?? 0));
      sendRaw(res, response.status, response.headers, response.body);
      return;
    }
    default:
      break;
  }

  const fields: FieldPolicy = { strict: deps.settings.strict, unknown: [] };
  const reply = answer(deps, req, method, path, url.searchParams, parsed, fields);
  // Lenient mode lets undocumented fields through; the log says which, so a
  // client's author can see what the live API would probably ignore.
  if (fields.unknown.length > 0) entry.unknownFields = fields.unknown;
  if (fault?.kind === "reset-after") {
    // The handler has run (the store may have changed) but the client never hears so.
    record(0, fault);
    req.socket.destroy();
    return;
  }
  record(reply.status, fault);
  await sleep(deps.settings.latencyMs + (fault?.kind === "delay" ? (fault.delayMs ?? 0) : 0));
  send(res, reply);
}

/** The reply to a non-admin request that no fault intercepted. */
function answer(
  deps: ServerDeps,
  req: IncomingMessage,
  method: string,
  path: string,
  query: URLSearchParams,
  parsed: ParsedBody,
  fields: FieldPolicy,
): Reply {
  const retryAfter = deps.rateLimiter.take(deps.settings.rateLimitPerSecond);
  if (retryAfter > 0)
    return { ...message(429, "Too many requests"), headers: { "retry-after": String(retryAfter) } };
  const isApi = path === "/v2" || path.startsWith("/v2/");
  const isPublic = findRoute(deps.apiRoutes, method, path)?.route.public === true;
  if (isApi && !isPublic && req.headers["x-api-key"] !== deps.apiKey)
    return message(401, API_ERRORS.invalidAccessToken);
  return dispatch(deps.apiRoutes, method, path, query, parsed, fields, req.headers);
}

function dispatch(
  routes: readonly Route[],
  method: string,
  path: string,
  query: URLSearchParams,
  parsed: ParsedBody,
  fields: FieldPolicy,
  headers: IncomingMessage["headers"] = {},
): Reply {
  const found = findRoute(routes, method, path);
  if (found === undefined) return message(404, "Not found");
  if (!parsed.ok) return error(400, `Invalid JSON body: ${parsed.reason}`);
  return found.route.handler({ params: found.params, query, body: parsed.value, fields, headers });
}

/**
 * The CORS headers, set on the response before anything is written so that
 * every answer (errors and fault replies included) carries them.
 * @param origin `Access-Control-Allow-Origin`; a specific origin adds `Vary: Origin`.
 */
function setCorsHeaders(res: ServerResponse, req: IncomingMessage, origin: string): void {
  const asked = (req.headers["access-control-request-headers"] ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "" && !CORS_HEADERS.includes(name));
  res.setHeader("access-control-allow-origin", origin);
  res.setHeader("access-control-allow-methods", CORS_METHODS);
  res.setHeader("access-control-allow-headers", [...CORS_HEADERS, ...asked].join(", "));
  res.setHeader("access-control-expose-headers", "retry-after");
  if (origin !== "*") res.setHeader("vary", "Origin");
}

type ParsedBody = { ok: true; value: unknown } | { ok: false; reason: string };

function parseJson(raw: string): ParsedBody {
  if (raw.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}

/** The whole body as text, or `undefined` when it is too large. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Past the limit, keep draining without storing: leaving the loop early would
  // destroy the socket before the 413 could be sent.
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= MAX_BODY_BYTES) chunks.push(buffer);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let body: string | undefined;
  if (reply.body !== undefined) {
    body = JSON.stringify(reply.body);
    headers["content-type"] = "application/json";
  }
  sendRaw(res, reply.status, headers, body);
}

function sendRaw(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | undefined,
): void {
  if (res.destroyed || res.writableEnded) return; // the client went away meanwhile
  // 204 and 304 carry no body and no Content-Length (RFC 9110 sections 6.4.1 and 15.4.5).
  if (status === 204 || status === 304) {
    res.writeHead(status, headers).end();
    return;
  }
  const bytes = Buffer.from(body ?? "", "utf8");
  res.writeHead(status, { ...headers, "content-length": String(bytes.length) }).end(bytes);
}
