/**
 * Deployment (issue #23) through the real dynamic-provider host against the
 * emulator, with exact request sequences: create is one POST (the answer is
 * whole), an unchanged diff costs nothing, an update is one GET and one PATCH
 * carrying the GET's ETag in If-Match, a 412 (changed in between) is read
 * again and retried, a rotated password is one PATCH op and nothing after,
 * and the password is in no output but its own (which the class encrypts).
 */
import { urnOf } from "../harness/providerHost";
import { TYPES, useProviderHost } from "../harness/hostSuite";

const suite = useProviderHost({});
const wire = () => suite.calls({ status: true });
type Props = Record<string, unknown>;

const type = TYPES.deployment;
const urn = urnOf(type, "site-widget");
const withProvider = (props: Props) => ({ ...props, __provider: suite.providers[type]! });
const PASSWORD = "open-sesame-0123456789";
const ROTATED = "rotated-sesame-9876543210";

let palId = "";
let id = "";
let outputs: Props = {};
let inputs: Props = {};

/** Everything in the outputs but the password output itself. */
const outsideThePassword = (props: Props) => {
  const { password: _password, ...rest } = props;
  return JSON.stringify(rest);
};

beforeAll(async () => {
  const answer = await fetch(`${suite.emulator.url}/v2/personas`, {
    method: "POST",
    headers: { "x-api-key": suite.emulator.apiKey, "content-type": "application/json" },
    body: JSON.stringify({ persona_name: "Front desk", system_prompt: "Greet visitors." }),
  });
  palId = ((await answer.json()) as { persona_id: string }).persona_id;
  inputs = {
    palId,
    channel: "widget",
    name: "Site widget",
    customization: { primary_color: "#112233" },
    limits: { max_call_duration: 600 },
    allowedOrigins: ["https://example.com"],
    password: PASSWORD,
  };
});

describe("Deployment through the provider host", () => {
  test("check names the property and the fix", async () => {
    const { failures } = await suite.host.check(
      urn,
      {},
      withProvider({ palId, channel: "kiosk", allowedOrigins: "https://example.com" }),
    );
    expect(failures.map((f) => f.property).sort()).toEqual(["allowedOrigins", "channel"]);
    expect(failures.find((f) => f.property === "channel")!.reason).toMatch(
      /widget.*embed.*landing-page/,
    );
  });

  test("create is one POST (the answer is whole); the password is in no output but its own", async () => {
    suite.emulator.clearRequests();
    const created = await suite.host.create(urn, withProvider(inputs));
    id = created.id;
    outputs = created.properties;
    expect(wire()).toEqual(["POST /v2/deployments 200"]);
    expect(outputs).toMatchObject({
      deploymentId: id,
      palId,
      channel: "widget",
      hasPassword: true,
      usageTotal: 0,
      usageToday: 0,
      thumbnailUrl: expect.any(String),
    });
    expect(outsideThePassword(outputs)).not.toContain(PASSWORD);
    // The request log keeps no password either.
    expect(JSON.stringify(suite.emulator.requests())).not.toContain(PASSWORD);
  });

  test("an unchanged diff makes no request, after create and after a refresh", async () => {
    suite.emulator.clearRequests();
    expect((await suite.host.diff(urn, id, outputs, withProvider(inputs))).changes).toBe("none");
    expect(wire()).toEqual([]);
    const read = await suite.host.read(urn, id, outputs);
    expect(wire()).toEqual([`GET /v2/deployments/${id} 200`]);
    expect((await suite.host.diff(urn, id, read.properties, withProvider(inputs))).changes).toBe(
      "none",
    );
  });

  test("visitors' conversations move the counters, which never drift", async () => {
    for (let i = 0; i < 2; i++) {
      const started = await fetch(`${suite.emulator.url}/v2/deployments/${id}/start`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ password: PASSWORD }),
      });
      expect(started.status).toBe(200);
    }
    const read = await suite.host.read(urn, id, outputs);
    expect(read.properties).toMatchObject({ usageTotal: 2, usageToday: 2 });
    expect((await suite.host.diff(urn, id, read.properties, withProvider(inputs))).changes).toBe(
      "none",
    );
    outputs = read.properties;
  });

  test("an allowedOrigins change is one GET and one PATCH with If-Match", async () => {
    const changed = { ...inputs, allowedOrigins: ["https://example.com", "https://shop.example"] };
    expect(await suite.host.diff(urn, id, outputs, withProvider(changed))).toMatchObject({
      changes: "some",
      replaces: [],
    });
    suite.emulator.clearRequests();
    const updated = await suite.host.update(urn, id, outputs, withProvider(changed));
    expect(wire()).toEqual([`GET /v2/deployments/${id} 200`, `PATCH /v2/deployments/${id} 200`]);
    const patch = suite.emulator.requests()[1]!;
    expect(patch.ifMatch).toMatch(/^".+"$/);
    expect((patch.body as Array<{ path: string }>).map((op) => op.path)).toEqual([
      "/allowed_origins",
    ]);
    outputs = updated.properties;
    inputs = changed;
    expect(outputs.allowedOrigins).toEqual(changed.allowedOrigins);
    expect((await suite.host.diff(urn, id, outputs, withProvider(inputs))).changes).toBe("none");
  });

  test("a 412 (changed in between) is read again and retried once, then succeeds", async () => {
    const changed = { ...inputs, name: "Site widget, v2" };
    suite.emulator.addFault({
      method: "PATCH",
      path: `/v2/deployments/${id}`,
      kind: "status",
      status: 412,
      times: 1,
    });
    suite.emulator.clearRequests();
    const updated = await suite.host.update(urn, id, outputs, withProvider(changed));
    expect(wire()).toEqual([
      `GET /v2/deployments/${id} 200`,
      `PATCH /v2/deployments/${id} 412`,
      `GET /v2/deployments/${id} 200`,
      `PATCH /v2/deployments/${id} 200`,
    ]);
    expect(
      suite.emulator
        .requests()
        .filter((r) => r.method === "PATCH")
        .map((r) => r.ifMatch),
    ).toEqual([expect.any(String), expect.any(String)]);
    outputs = updated.properties;
    inputs = changed;
  });

  test("a 412 in every round fails naming the deployment, without the password", async () => {
    suite.emulator.addFault({
      method: "PATCH",
      path: `/v2/deployments/${id}`,
      kind: "status",
      status: 412,
      times: 3,
    });
    const changed = { ...inputs, name: "Never", password: ROTATED };
    const failed = suite.host.update(urn, id, outputs, withProvider(changed));
    await expect(failed).rejects.toThrow(new RegExp(`Tavus deployment ${id}: update`));
    await expect(failed).rejects.not.toThrow(ROTATED);
    suite.emulator.clearFaults();
  });

  test("a rotated password is one PATCH op carrying it; the next diff shows no change", async () => {
    const rotated = { ...inputs, password: ROTATED };
    const diff = await suite.host.diff(urn, id, outputs, withProvider(rotated));
    expect(diff).toMatchObject({ changes: "some", replaces: [] });
    suite.emulator.clearRequests();
    const updated = await suite.host.update(urn, id, outputs, withProvider(rotated));
    expect(wire()).toEqual([`GET /v2/deployments/${id} 200`, `PATCH /v2/deployments/${id} 200`]);
    // The log redacts it: the op is there, its value is not.
    expect(suite.emulator.requests()[1]!.body).toEqual([
      { op: "add", path: "/password", value: "[redacted]" },
    ]);
    expect(suite.emulator.state().deployments.find((d) => d.deployment_id === id)?.password).toBe(
      ROTATED,
    );
    outputs = updated.properties;
    inputs = rotated;
    expect(outputs.password).toBe(ROTATED);
    expect(outsideThePassword(outputs)).not.toContain(ROTATED);
    suite.emulator.clearRequests();
    expect((await suite.host.diff(urn, id, outputs, withProvider(inputs))).changes).toBe("none");
    const read = await suite.host.read(urn, id, outputs);
    expect((await suite.host.diff(urn, id, read.properties, withProvider(inputs))).changes).toBe(
      "none",
    );
    expect(wire()).toEqual([`GET /v2/deployments/${id} 200`]);
  });

  test("a password removed by hand shows as a change (has_password), and up sends it again", async () => {
    const removed = await fetch(`${suite.emulator.url}/v2/deployments/${id}`, {
      method: "PATCH",
      headers: { "x-api-key": suite.emulator.apiKey, "content-type": "application/json" },
      body: JSON.stringify([{ op: "add", path: "/password", value: null }]),
    });
    expect(removed.status).toBe(200);
    const read = await suite.host.read(urn, id, outputs);
    expect(read.properties.hasPassword).toBe(false);
    expect(read.properties.password).toBeUndefined();
    expect((await suite.host.diff(urn, id, read.properties, withProvider(inputs))).changes).toBe(
      "some",
    );
    suite.emulator.clearRequests();
    const healed = await suite.host.update(urn, id, read.properties, withProvider(inputs));
    expect(wire()).toEqual([`GET /v2/deployments/${id} 200`, `PATCH /v2/deployments/${id} 200`]);
    expect(healed.properties).toMatchObject({ hasPassword: true, password: ROTATED });
    outputs = healed.properties;
  });

  test("a password dropped from the program is cleared: one op with null", async () => {
    const { password: _dropped, ...open } = inputs;
    suite.emulator.clearRequests();
    const updated = await suite.host.update(urn, id, outputs, withProvider(open));
    // The log redacts any password op's value; the store shows it was null.
    expect(suite.emulator.requests()[1]!.body).toEqual([
      { op: "add", path: "/password", value: "[redacted]" },
    ]);
    expect(suite.emulator.state().deployments.find((d) => d.deployment_id === id)?.password).toBe(
      null,
    );
    expect(updated.properties.hasPassword).toBe(false);
    const back = await suite.host.update(urn, id, updated.properties, withProvider(inputs));
    expect(back.properties.hasPassword).toBe(true);
    outputs = back.properties;
  });

  test("another channel or PAL replaces it, the new one first", async () => {
    for (const change of [{ channel: "embed" }, { palId: "p0000000000a" }]) {
      expect(
        await suite.host.diff(urn, id, outputs, withProvider({ ...inputs, ...change })),
      ).toMatchObject({
        changes: "some",
        replaces: Object.keys(change),
        deleteBeforeReplace: false,
      });
    }
  });

  test("adoptId takes an existing deployment over: one GET, one PATCH of what differs", async () => {
    const adoptUrn = urnOf(type, "adopted");
    suite.emulator.clearRequests();
    const adopted = await suite.host.create(
      adoptUrn,
      withProvider({ ...inputs, name: "Adopted", adoptId: id }),
    );
    expect(adopted.id).toBe(id);
    expect(wire()).toEqual([`GET /v2/deployments/${id} 200`, `PATCH /v2/deployments/${id} 200`]);
    outputs = adopted.properties;
  });

  test("delete is one DELETE; deleting again counts as done; refresh then drops it", async () => {
    suite.emulator.clearRequests();
    await suite.host.delete(urn, id, outputs);
    expect(wire()).toEqual([`DELETE /v2/deployments/${id} 204`]);
    await suite.host.delete(urn, id, outputs);
    expect((await suite.host.read(urn, id, outputs)).id).toBe("");
  });
});
