/**
 * State written by release 0.1.0 keeps working with the current provider
 * (issue #10, item 3). `test/fixtures/state-0.1.0` holds what a real `pulumi up`
 * of 0.1.0 left behind: the stack export and the emulator's store. Each stored
 * resource goes through the real dynamic-provider host exactly as the engine
 * would send it: its `__provider` is the text 0.1.0 wrote, a bare
 * `require("pulumi-tavus/providers/…")` that resolves to the package installed
 * now. Read, diff, update and delete must make exactly the documented requests
 * (README, "Requests per operation") and show no phantom change.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TYPES, useProviderHost } from "../harness/hostSuite";

const FIXTURE = path.join(__dirname, "../fixtures/state-0.1.0");

type Props = Record<string, unknown>;
interface StoredResource {
  urn: string;
  type: string;
  id: string;
  inputs: Props;
  outputs: Props;
}

/** Pulumi's marker of a secret value in state (`pulumi stack export --show-secrets`). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/**
 * A value as the engine sends it to the dynamic provider, which accepts no
 * secrets (its Configure answers acceptSecrets=false): secrets in the clear.
 */
function asSent(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asSent);
  if (typeof value !== "object" || value === null) return value;
  const object = value as Props;
  if (object[SECRET_SIG] !== undefined) return asSent(JSON.parse(object.plaintext as string));
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, asSent(v)]));
}

/** Lists whose order carries no meaning (README: "compared as sets"). */
const SET_LIKE = new Set(["documentIds", "documentTags"]);

/** Equal meaning compares equal: absent, null, "", [] and {} are the same; set-like lists are sorted. */
function canonical(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => canonical(v));
    return SET_LIKE.has(key) ? [...items].sort() : items;
  }
  if (typeof value !== "object" || value === null) return value;
  const out: Props = {};
  for (const [k, v] of Object.entries(value as Props)) {
    const c = canonical(v, k);
    const empty =
      c === undefined ||
      c === null ||
      c === "" ||
      (Array.isArray(c) && c.length === 0) ||
      (typeof c === "object" && c !== null && Object.keys(c).length === 0);
    if (!empty) out[k] = c;
  }
  return out;
}

const exported = JSON.parse(fs.readFileSync(path.join(FIXTURE, "stack.json"), "utf8")) as {
  deployment: { resources: Array<StoredResource & { inputs?: Props; outputs?: Props }> };
};
const ours: string[] = Object.values(TYPES);
/** The Tavus resources of the stack, keyed by resource name. */
const stored: Record<string, StoredResource> = Object.fromEntries(
  exported.deployment.resources
    .filter((r) => ours.includes(r.type))
    .map((r) => [
      r.urn.split("::").pop()!,
      {
        urn: r.urn,
        type: r.type,
        id: r.id,
        inputs: asSent(r.inputs) as Props,
        outputs: asSent(r.outputs) as Props,
      },
    ]),
);
const NAMES = Object.keys(stored);
const kindOf = (r: StoredResource) => r.type.split(":").pop()!.toLowerCase();

// The emulator rewrites its data file on every change: it gets a copy.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tavus-state-compat-"));
const dataFile = path.join(scratch, "emulator.json");
fs.copyFileSync(path.join(FIXTURE, "emulator.json"), dataFile);
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const suite = useProviderHost({ emulator: { dataFile } });
const calls = () => suite.calls({ status: true });

test("the fixture holds the five resources 0.1.0 wrote, each with a bare require of the package as its provider", () => {
  expect([...NAMES].sort()).toEqual(["coach", "face", "host", "standup", "webinar"]);
  for (const resource of Object.values(stored)) {
    expect(resource.inputs.__provider).toContain(
      `require("pulumi-tavus/providers/${kindOf(resource)}")`,
    );
    expect(resource.outputs.__provider).toBe(resource.inputs.__provider);
  }
  // The layer keys were stored as Pulumi secrets, under the secret marker.
  const coach = exported.deployment.resources.find((r) => r.id === stored.coach!.id)!;
  expect(coach.outputs!.layerSecrets).toEqual({
    [SECRET_SIG]: expect.any(String),
    plaintext: expect.stringContaining("sk-fixture-llm-key"),
  });
  expect(stored.coach!.outputs.layerSecrets).toEqual({
    llm: { apiKey: "sk-fixture-llm-key" },
    tts: { apiKey: "sk-fixture-tts-key" },
  });
});

describe.each(NAMES)("%s, as 0.1.0 stored it", (name) => {
  const resource = () => stored[name]!;
  const path_ = () => `/v2/${kindOf(resource())}s/${resource().id}`;
  let read: { id: string; properties: Props; inputs: Props | undefined };

  test("read: the same id and equivalent outputs, with one GET", async () => {
    suite.emulator.clearRequests();
    read = await suite.host.read(resource().urn, resource().id, resource().outputs);
    expect(calls()).toEqual([`GET ${path_()} 200`]);
    expect(read.id).toBe(resource().id);
    expect(canonical(read.properties)).toEqual(canonical(resource().outputs));
  });

  test("diff of the stored outputs against the stored inputs: no change, no request", async () => {
    suite.emulator.clearRequests();
    const diff = await suite.host.diff(
      resource().urn,
      resource().id,
      resource().outputs,
      resource().inputs,
    );
    expect(diff).toMatchObject({ changes: "none", replaces: [] });
    expect(calls()).toEqual([]);
  });

  test("diff against the inputs read returned (after a refresh): no change, no request", async () => {
    expect(read.inputs).toBeDefined();
    suite.emulator.clearRequests();
    expect(
      await suite.host.diff(resource().urn, resource().id, read.properties, read.inputs!),
    ).toMatchObject({ changes: "none", replaces: [] });
    expect(
      await suite.host.diff(resource().urn, resource().id, resource().outputs, read.inputs!),
    ).toMatchObject({ changes: "none", replaces: [] });
    expect(calls()).toEqual([]);
  });
});

describe("an update of stored state", () => {
  test("persona systemPrompt: a GET, then one PATCH of a test and a replace", async () => {
    const coach = stored.coach!;
    const news = { ...coach.inputs, systemPrompt: "You are a brisk interview coach." };
    expect(await suite.host.diff(coach.urn, coach.id, coach.outputs, news)).toMatchObject({
      changes: "some",
      replaces: [],
    });
    suite.emulator.clearRequests();
    const updated = await suite.host.update(coach.urn, coach.id, coach.outputs, news);
    expect(calls()).toEqual([
      `GET /v2/personas/${coach.id} 200`,
      `PATCH /v2/personas/${coach.id} 200`,
    ]);
    expect(suite.emulator.requests()[1]!.body).toEqual([
      { op: "test", path: "/system_prompt", value: coach.outputs.systemPrompt },
      { op: "replace", path: "/system_prompt", value: "You are a brisk interview coach." },
    ]);
    expect(canonical(updated.properties)).toEqual(
      canonical({
        ...coach.outputs,
        systemPrompt: news.systemPrompt,
        updatedAt: updated.properties.updatedAt,
      }),
    );
    // Only the prompt changed on the server: the layer keys are still there.
    const live = suite.emulator.state().personas.find((p) => p.persona_id === coach.id)!;
    expect(live.system_prompt).toBe("You are a brisk interview coach.");
    expect(live.layers?.llm?.api_key).toBe("sk-fixture-llm-key");
    expect(live.layers?.tts?.api_key).toBe("sk-fixture-tts-key");
    stored.coach = { ...coach, inputs: news, outputs: updated.properties };
  });

  test("replica replicaName: one PATCH to /name", async () => {
    const face = stored.face!;
    const news = { ...face.inputs, replicaName: "Fixture Face, renamed" };
    expect(await suite.host.diff(face.urn, face.id, face.outputs, news)).toMatchObject({
      changes: "some",
      replaces: [],
    });
    suite.emulator.clearRequests();
    const updated = await suite.host.update(face.urn, face.id, face.outputs, news);
    expect(calls()).toEqual([`PATCH /v2/replicas/${face.id}/name 200`]);
    expect(suite.emulator.requests()[0]!.body).toEqual({ replica_name: "Fixture Face, renamed" });
    expect(updated.properties.replicaName).toBe("Fixture Face, renamed");
    stored.face = { ...face, inputs: news, outputs: updated.properties };
  });
});

describe("delete of stored state, dependents first", () => {
  test("conversations (ended: test mode): one DELETE each, with the hard flag in state (none: false)", async () => {
    for (const name of ["standup", "webinar"]) {
      const conversation = stored[name]!;
      expect(conversation.outputs.status).toBe("ended");
      expect(conversation.outputs.hardDelete).toBeUndefined();
      suite.emulator.clearRequests();
      await suite.host.delete(conversation.urn, conversation.id, conversation.outputs);
      expect(calls()).toEqual([`DELETE /v2/conversations/${conversation.id}?hard=false 204`]);
    }
  });

  test("replica: one DELETE with hard=true, as stored", async () => {
    const face = stored.face!;
    expect(face.outputs.hardDelete).toBe(true);
    suite.emulator.clearRequests();
    await suite.host.delete(face.urn, face.id, face.outputs);
    expect(calls()).toEqual([`DELETE /v2/replicas/${face.id}?hard=true 200`]);
  });

  test("personas: one DELETE each, no hard flag", async () => {
    for (const name of ["host", "coach"]) {
      const persona = stored[name]!;
      suite.emulator.clearRequests();
      await suite.host.delete(persona.urn, persona.id, persona.outputs);
      expect(calls()).toEqual([`DELETE /v2/personas/${persona.id} 204`]);
    }
    expect(suite.emulator.state().personas.filter((p) => p.persona_type !== "system")).toEqual([]);
  });
});
