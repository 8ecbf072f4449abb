/**
 * CORS (issue #14): browser apps call the Tavus API directly, so a preflight is
 * answered without a key and every answer, errors included, carries the
 * `Access-Control-Allow-*` headers.
 */
import { call, useEmulator } from "./helpers";

const emulator = useEmulator();
const ORIGIN = "http://localhost:5173";

/** What a browser sends before a cross-origin POST with a JSON body and an API key. */
function preflight(path: string): Promise<Response> {
  return fetch(emulator().url + path, {
    method: "OPTIONS",
    headers: {
      Origin: ORIGIN,
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "content-type,x-api-key",
    },
  });
}

test("a browser-style preflight is answered 204 without an API key, allowing the method and headers", async () => {
  const answer = await preflight("/v2/conversations");
  expect(answer.status).toBe(204);
  expect(await answer.text()).toBe("");
  expect(answer.headers.get("access-control-allow-origin")).toBe("*");
  const methods = (answer.headers.get("access-control-allow-methods") ?? "").split(/,\s*/);
  expect(methods).toEqual(expect.arrayContaining(["GET", "POST", "PATCH", "DELETE"]));
  const headers = (answer.headers.get("access-control-allow-headers") ?? "").split(/,\s*/);
  expect(headers).toEqual(expect.arrayContaining(["x-api-key", "content-type"]));
  // A preflight is not an API call: it is not logged.
  expect(emulator().requests()).toEqual([]);
});

test("a preflight's extra request headers are allowed too", async () => {
  const answer = await fetch(`${emulator().url}/v2/personas`, {
    method: "OPTIONS",
    headers: {
      Origin: ORIGIN,
      "Access-Control-Request-Method": "PATCH",
      "Access-Control-Request-Headers": "x-api-key, x-request-id",
    },
  });
  expect(answer.headers.get("access-control-allow-headers")).toContain("x-request-id");
});

test.each([
  ["a success", "GET", "/v2/personas", undefined, 200],
  ["a 401", "GET", "/v2/personas", null, 401],
  ["a 400", "GET", "/v2/personas/p00000000000", undefined, 400],
  ["a 404", "GET", "/v2/nothing", undefined, 404],
  ["a DELETE refused", "DELETE", "/v2/conversations/c00000000000", undefined, 400],
])("%s carries Access-Control-Allow-Origin", async (_name, method, path, apiKey, status) => {
  const answer = await call(emulator(), method, path, apiKey === null ? { apiKey: null } : {});
  expect(answer.status).toBe(status);
  expect(answer.headers.get("access-control-allow-origin")).toBe("*");
});

test("a fault-injected answer carries the CORS headers", async () => {
  emulator().addFault({ kind: "status", status: 503, path: "/v2/personas", times: 1 });
  const answer = await call(emulator(), "GET", "/v2/personas");
  expect(answer.status).toBe(503);
  expect(answer.headers.get("access-control-allow-origin")).toBe("*");
});

test("the allowed origin is a live setting; a specific origin adds Vary: Origin", async () => {
  emulator().settings.corsOrigin = ORIGIN;
  const answer = await preflight("/v2/personas");
  expect(answer.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  expect(answer.headers.get("vary")).toBe("Origin");
  const get = await call(emulator(), "GET", "/v2/personas");
  expect(get.headers.get("access-control-allow-origin")).toBe(ORIGIN);
});

test("a bad origin setting is refused", async () => {
  const answer = await call(emulator(), "PATCH", "/__emulator/settings", {
    body: { corsOrigin: "" },
  });
  expect(answer.status).toBe(400);
  expect(answer.json.error).toBe("corsOrigin must be a non-empty header value");
});
