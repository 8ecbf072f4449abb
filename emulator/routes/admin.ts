/**
 * `/__emulator/*`: the test harness's controls. Not part of the Tavus API: they
 * need no API key, are not logged, and faults and latency never touch them.
 */
import type { CallbackSender } from "../callbacks";
import { checkFaultRule, type FaultRegistry, type FaultRule } from "../faults";
import type { RequestLog } from "../requestLog";
import { empty, error, message, ok, type Route } from "../routing";
import { checkSettings, mergeSettings, type EmulatorSettings } from "../settings";
import type { Store } from "../store";

/** What the admin routes control. */
export interface AdminDeps {
  store: Store;
  settings: EmulatorSettings;
  log: RequestLog;
  faults: FaultRegistry;
  callbacks: CallbackSender;
  /** Empties the store back to the stock objects, clears the log and faults. */
  reset: () => void;
}

/** The admin routes. */
export function adminRoutes({
  store,
  settings,
  log,
  faults,
  callbacks,
  reset,
}: AdminDeps): Route[] {
  return [
    {
      method: "GET",
      pattern: "/__emulator/callbacks",
      handler: () => ok({ callbacks: callbacks.list() }),
    },
    { method: "GET", pattern: "/__emulator/requests", handler: () => ok({ requests: log.list() }) },
    {
      method: "DELETE",
      pattern: "/__emulator/requests",
      handler: () => {
        log.clear();
        return empty(204);
      },
    },
    {
      method: "POST",
      pattern: "/__emulator/reset",
      handler: () => {
        reset();
        return empty(204);
      },
    },
    { method: "GET", pattern: "/__emulator/state", handler: () => ok(store.snapshot()) },
    { method: "GET", pattern: "/__emulator/settings", handler: () => ok(settings) },
    {
      method: "PATCH",
      pattern: "/__emulator/settings",
      handler: ({ body }) => {
        const problem = checkSettings(body);
        if (problem !== undefined) return error(400, problem);
        mergeSettings(settings, body as Partial<EmulatorSettings>);
        return ok(settings);
      },
    },
    // A person opens (POST) or discards (DELETE) a draft in PAL Maker (docs/tavus-api/live-api.md#pal-maker-drafts).
    {
      method: "POST",
      pattern: "/__emulator/pals/:id/maker-draft",
      handler: ({ params }) => {
        if (!store.personas.has(params["id"] ?? "")) return message(404, "No such PAL");
        store.makerDrafts.add(params["id"] ?? "");
        return empty(204);
      },
    },
    {
      method: "DELETE",
      pattern: "/__emulator/pals/:id/maker-draft",
      handler: ({ params }) => {
        store.makerDrafts.delete(params["id"] ?? "");
        return empty(204);
      },
    },
    { method: "GET", pattern: "/__emulator/faults", handler: () => ok({ faults: faults.list() }) },
    {
      method: "POST",
      pattern: "/__emulator/faults",
      handler: ({ body }) => {
        const problem = checkFaultRule(body);
        if (problem !== undefined) return error(400, problem);
        return { status: 201, body: faults.add(body as FaultRule) };
      },
    },
    {
      method: "DELETE",
      pattern: "/__emulator/faults",
      handler: () => {
        faults.clear();
        return empty(204);
      },
    },
    {
      method: "DELETE",
      pattern: "/__emulator/faults/:id",
      handler: ({ params }) =>
        faults.remove(params["id"] ?? "")
          ? empty(204)
          : message(404, `No fault rule ${params["id"] ?? ""}`),
    },
  ];
}
