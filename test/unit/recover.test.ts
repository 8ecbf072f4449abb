/**
 * `pulumi-tavus recover`, its pure half: which object each pending create made
 * (by what it sent), each claimed once, and the deployment written back.
 */
import { kindOfDynamicType as kindOfType } from "../../provider/kinds";
import {
  madeByPendingCreate as createdBy,
  planRecovery,
  stateIds,
  type Candidate,
  type PendingOperation,
  type StateResource,
} from "../../provider/cli/recoverMatch";
import { adoptedResource, applyPlan, revealSecrets } from "../../provider/cli/recoverState";

const PERSONA = "pulumi-nodejs:dynamic/tavus:Persona";
const TOOL = "pulumi-nodejs:dynamic/tavus:Tool";
const SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
const PROVIDER = 'exports.handler = require("pulumi-tavus/providers/persona")';

function personaInputs(name: string, prompt = "Be kind.") {
  return {
    __provider: PROVIDER,
    personaName: name,
    systemPrompt: prompt,
    layers: { llm: { model: "tavus-gpt-oss", apiKey: { ...SIG, plaintext: '"sk-secret"' } } },
  };
}

function create(name: string, inputs: object = personaInputs(name), type = PERSONA) {
  return {
    type: "creating",
    resource: { urn: `urn:pulumi:e2e::p::${type}::${name}`, type, custom: true, inputs },
  } as PendingOperation;
}

/** A persona as Get answers it: the sent document plus what the server adds. */
function livePersona(
  id: string,
  name: string,
  prompt = "Be kind.",
  createdAt = "2026-12-01T09:00:00Z",
) {
  return {
    id,
    createdAt,
    live: {
      persona_id: id,
      persona_type: "user",
      created_at: createdAt,
      updated_at: createdAt,
      persona_name: name,
      system_prompt: prompt,
      layers: { llm: { model: "tavus-gpt-oss", api_key: "sk-secret" } },
    },
  } as Candidate;
}

const matcher = (op: PendingOperation, c: Candidate) =>
  createdBy(
    kindOfType(op.resource.type)!,
    revealSecrets(op.resource.inputs) as Record<string, unknown>,
    c.live,
  );

describe("matching a pending create to what it made", () => {
  test("the same document matches; another prompt, name or key does not", () => {
    const op = create("a");
    expect(matcher(op, livePersona("p1", "a"))).toBe(true);
    expect(matcher(op, livePersona("p2", "a", "Be curt."))).toBe(false);
    expect(matcher(op, livePersona("p3", "b"))).toBe(false);
    const otherKey = livePersona("p4", "a");
    (otherKey.live.layers as { llm: { api_key: string } }).llm.api_key = "sk-other";
    expect(matcher(op, otherKey)).toBe(false);
  });

  test("for audit, a create whose key is encrypted in the export is compared without secret fields", () => {
    const op = create("a", {
      ...personaInputs("a"),
      layers: { llm: { model: "tavus-gpt-oss", apiKey: { ...SIG, ciphertext: "v1:abc" } } },
    });
    const inputs = revealSecrets(op.resource.inputs, { encrypted: "drop" }) as Record<
      string,
      unknown
    >;
    const kind = kindOfType(PERSONA)!;
    expect(createdBy(kind, inputs, livePersona("p1", "a").live)).toBe(false);
    expect(createdBy(kind, inputs, livePersona("p1", "a").live, { withoutSecrets: true })).toBe(
      true,
    );
    expect(
      createdBy(kind, inputs, livePersona("p2", "a", "Be curt.").live, { withoutSecrets: true }),
    ).toBe(false);
  });

  test("a tool matches by its name alone (unique in an account; secrets are masked by Get)", () => {
    const op = create("t", { __provider: "x", name: "lookup", description: "d" }, TOOL);
    expect(
      createdBy(kindOfType(TOOL)!, op.resource.inputs!, { tool_id: "t1", name: "lookup" }),
    ).toBe(true);
    expect(
      createdBy(kindOfType(TOOL)!, op.resource.inputs!, { tool_id: "t2", name: "other" }),
    ).toBe(false);
  });

  test("a deployment matches without its write-only password (Get shows none); another PAL or channel does not", () => {
    const DEPLOYMENT = "pulumi-nodejs:dynamic/tavus:Deployment";
    const op = create(
      "w",
      {
        __provider: "x",
        palId: "p1",
        channel: "widget",
        password: { ...SIG, plaintext: '"open-sesame"' },
      },
      DEPLOYMENT,
    );
    const live = { deployment_id: "d1", pal_id: "p1", channel: "widget", has_password: true };
    const kind = kindOfType(DEPLOYMENT)!;
    expect(matcher(op, { id: "d1", createdAt: "", live } as Candidate)).toBe(true);
    expect(
      createdBy(kind, revealSecrets(op.resource.inputs) as never, { ...live, channel: "embed" }),
    ).toBe(false);
    expect(
      createdBy(kind, revealSecrets(op.resource.inputs) as never, { ...live, pal_id: "p2" }),
    ).toBe(false);
    const entry = adoptedResource(kind, op.resource, "d1", live);
    // The password stays what the create sent, and secret.
    expect(entry.outputs!.password).toEqual({ ...SIG, plaintext: expect.any(String) });
    expect(entry.outputs).toMatchObject({ deploymentId: "d1", hasPassword: true });
  });

  test("a soft-deleted replica is never a candidate", () => {
    const replica = kindOfType("pulumi-nodejs:dynamic/tavus:Replica")!;
    const inputs = { replicaName: "r", trainVideoUrl: "https://x/v.mp4" };
    expect(
      createdBy(replica, inputs, { replica_id: "r1", replica_name: "r", status: "ready" }),
    ).toBe(true);
    expect(
      createdBy(replica, inputs, { replica_id: "r1", replica_name: "r", status: "deleted" }),
    ).toBe(false);
  });

  test("only Tavus types are recoverable", () => {
    expect(kindOfType(PERSONA)?.typeName).toBe("Persona");
    expect(kindOfType("aws:s3/bucket:Bucket")).toBeUndefined();
    expect(kindOfType("pulumi-nodejs:dynamic/tavus:Nope")).toBeUndefined();
  });
});

describe("planRecovery", () => {
  test("identical creates claim one object each; a third identical create created nothing", () => {
    const ops = [create("a"), create("b", personaInputs("a")), create("c", personaInputs("a"))];
    const candidates = new Map([
      [
        PERSONA,
        [livePersona("old", "a", undefined, "2026-12-01T08:00:00Z"), livePersona("new", "a")],
      ],
    ]);
    const steps = planRecovery(ops, candidates, matcher);
    expect(steps.map((s) => [s.action, "id" in s ? s.id : undefined])).toEqual([
      ["adopt", "new"],
      ["adopt", "old"],
      ["clear", undefined],
    ]);
  });

  test("more matching objects than creates: the newest is adopted, the rest named and left alone", () => {
    const candidates = new Map([
      [
        PERSONA,
        [livePersona("old", "a", undefined, "2026-12-01T08:00:00Z"), livePersona("new", "a")],
      ],
    ]);
    expect(planRecovery([create("a")], candidates, matcher)).toEqual([
      expect.objectContaining({ action: "adopt", id: "new", alsoMatching: ["old"] }),
    ]);
  });

  test("updates and deletes are cleared; another provider's create is kept, with why", () => {
    const update = { ...create("a"), type: "updating" };
    const remove = { ...create("b"), type: "deleting" };
    const bucket = create("bucket", {}, "aws:s3/bucket:Bucket");
    const steps = planRecovery([update, remove, bucket], new Map(), matcher);
    expect(steps.map((s) => s.action)).toEqual(["clear", "clear", "keep"]);
    expect(steps[2]).toMatchObject({ why: expect.stringMatching(/--import-pending-creates/) });
  });

  test("a create whose object matches nothing is cleared: it created nothing", () => {
    const steps = planRecovery(
      [create("a")],
      new Map([[PERSONA, [livePersona("p", "z")]]]),
      matcher,
    );
    expect(steps).toEqual([expect.objectContaining({ action: "clear" })]);
  });
});

describe("the deployment written back", () => {
  test("an adopted resource has the id, provider-shaped outputs, __provider, and its secret still secret", () => {
    const op = create("a");
    const entry = adoptedResource(
      kindOfType(PERSONA)!,
      op.resource,
      "p1",
      livePersona("p1", "a").live,
    );
    expect(entry).toMatchObject({ urn: op.resource.urn, id: "p1", custom: true });
    expect(entry.inputs).toBe(op.resource.inputs);
    expect(entry.outputs).toMatchObject({
      __provider: PROVIDER,
      personaId: "p1",
      personaName: "a",
      systemPrompt: "Be kind.",
      createdAt: "2026-12-01T09:00:00Z",
    });
    // The key moves to layerSecrets; layers held a secret as an input, so both stay wrapped.
    const plain = (name: string) => {
      expect(entry.outputs![name]).toEqual({ ...SIG, plaintext: expect.any(String) });
      return JSON.parse((entry.outputs![name] as { plaintext: string }).plaintext) as unknown;
    };
    expect(plain("layers")).toEqual({ llm: { model: "tavus-gpt-oss" } });
    expect(plain("layerSecrets")).toEqual({ llm: { apiKey: "sk-secret" } });
    expect(entry.outputs!.systemPrompt).toBe("Be kind.");
  });

  test("adopted resources join the state, pending operations go, a replacement's old resource is marked for deletion", () => {
    const fresh = create("a");
    const replacement = create("b");
    const old: StateResource = { ...replacement.resource, id: "p-old" };
    const deployment = {
      resources: [old],
      pending_operations: [fresh, replacement, { ...create("c"), type: "updating" }],
    };
    const steps = planRecovery(
      deployment.pending_operations,
      new Map([[PERSONA, [livePersona("p-a", "a"), livePersona("p-b", "b")]]]),
      matcher,
    );
    const adopted = new Map(
      [fresh, replacement].map((op, i) => [
        op.resource.urn,
        { ...op.resource, id: ["p-a", "p-b"][i]! },
      ]),
    );
    const next = applyPlan(deployment, steps, adopted);
    expect(next.resources!.map((r) => [r.id, r.delete ?? false])).toEqual([
      ["p-old", true],
      ["p-b", false],
      ["p-a", false],
    ]);
    expect(next.pending_operations).toEqual([]);
    expect(stateIds(next.resources!)).toEqual(new Set(["p-old", "p-b", "p-a"]));
  });

  test("revealSecrets unwraps --show-secrets values at any depth, and refuses ciphertext", () => {
    expect(revealSecrets({ a: [{ ...SIG, plaintext: '{"k":1}' }] })).toEqual({ a: [{ k: 1 }] });
    expect(() => revealSecrets({ ...SIG, ciphertext: "v1:abc" })).toThrow(/--show-secrets/);
  });
});
