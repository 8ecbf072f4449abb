/**
 * Replica through the real dynamic-provider host, against the emulator:
 * training waits, renames, replacement, training failures kept in state, and
 * the hard-delete flag from the resource and from the stack default.
 */
import { TRAINING_ERROR_MESSAGE } from "../../emulator";
import { ProviderHost, urnOf, type HostError } from "../harness/providerHost";
import { useProviderHost } from "../harness/hostSuite";

const TYPE = "pulumi-nodejs:dynamic/tavus:Replica";
const urn = urnOf(TYPE, "face");

const suite = useProviderHost({ emulator: { replicaTrainingMs: 300 } });
const calls = () => suite.calls();

test("the serialized provider is a bare require, under 1 KB", () => {
  expect(suite.providers[TYPE]!).toContain('require("pulumi-tavus/providers/replica")');
  expect(Buffer.byteLength(suite.providers[TYPE]!)).toBeLessThan(1024);
});

describe("Replica lifecycle", () => {
  const inputs = {
    trainVideoUrl: "https://example.com/train.mp4",
    replicaName: "Rio",
    waitForTraining: true,
    trainingTimeoutSeconds: 30,
  };
  let id = "";
  let outputs: Record<string, unknown> = {};

  test("create waits for training and ends completed", async () => {
    suite.emulator.clearRequests();
    const created = await suite.host.create(urn, { ...inputs, __provider: suite.providers[TYPE]! });
    id = created.id;
    outputs = created.properties;
    expect(outputs).toMatchObject({
      replicaId: id,
      status: "completed",
      trainingProgress: "100/100",
      replicaName: "Rio",
    });
    const log = calls();
    expect(log[0]).toBe("POST /v2/replicas");
    expect(log.slice(1).every((c) => c === `GET /v2/replicas/${id}`)).toBe(true);
    expect(log.length).toBeGreaterThanOrEqual(2);
  });

  test("a rename is one PATCH to /name", async () => {
    const news = { ...inputs, replicaName: "Rio 2", __provider: suite.providers[TYPE]! };
    const diff = await suite.host.diff(urn, id, outputs, news);
    expect(diff).toMatchObject({ changes: "some", replaces: [] });
    suite.emulator.clearRequests();
    const updated = await suite.host.update(urn, id, outputs, news);
    expect(calls()).toEqual([`PATCH /v2/replicas/${id}/name`]);
    expect(suite.emulator.requests()[0]!.body).toEqual({ replica_name: "Rio 2" });
    expect(updated.properties.replicaName).toBe("Rio 2");
    outputs = updated.properties;
  });

  test("a rename made out of band is drift: read reports it, diff wants it back, update renames", async () => {
    const res = await fetch(`${suite.emulator.url}/v2/replicas/${id}/name`, {
      method: "PATCH",
      headers: { "x-api-key": suite.emulator.apiKey, "content-type": "application/json" },
      body: JSON.stringify({ replica_name: "Renamed by hand" }),
    });
    expect(res.ok).toBe(true);
    const read = await suite.host.read(urn, id, outputs);
    expect(read.properties.replicaName).toBe("Renamed by hand");
    const news = { ...inputs, replicaName: "Rio 2", __provider: suite.providers[TYPE]! };
    expect(await suite.host.diff(urn, id, read.properties, news)).toMatchObject({
      changes: "some",
      replaces: [],
    });
    suite.emulator.clearRequests();
    outputs = (await suite.host.update(urn, id, read.properties, news)).properties;
    expect(calls()).toEqual([`PATCH /v2/replicas/${id}/name`]);
    expect(outputs.replicaName).toBe("Rio 2");
  });

  test("a change of trainVideoUrl replaces, creating the new one first", async () => {
    const diff = await suite.host.diff(urn, id, outputs, {
      ...inputs,
      replicaName: "Rio 2",
      trainVideoUrl: "https://example.com/other.mp4",
      __provider: suite.providers[TYPE]!,
    });
    expect(diff).toEqual({
      changes: "some",
      replaces: ["trainVideoUrl"],
      deleteBeforeReplace: false,
    });
  });

  test("changing only hardDelete is an update that calls no API", async () => {
    const news = {
      ...inputs,
      replicaName: "Rio 2",
      hardDelete: true,
      __provider: suite.providers[TYPE]!,
    };
    expect(await suite.host.diff(urn, id, outputs, news)).toMatchObject({
      changes: "some",
      replaces: [],
    });
    suite.emulator.clearRequests();
    const updated = await suite.host.update(urn, id, outputs, news);
    expect(suite.emulator.requests()).toEqual([]);
    expect(updated.properties.hardDelete).toBe(true);
    outputs = updated.properties;
  });

  test("delete sends the hard flag recorded in state", async () => {
    suite.emulator.clearRequests();
    await suite.host.delete(urn, id, outputs);
    expect(calls()).toEqual([`DELETE /v2/replicas/${id}?hard=true`]);
    const read = await suite.host.read(urn, id, outputs);
    expect(read.id).toBe("");
  });
});

describe("Replica failures", () => {
  test("a training error leaves the replica in state with its id and the API's message", async () => {
    const err = (await suite.host
      .create(urn, {
        trainVideoUrl: "https://example.com/too-short.mp4",
        waitForTraining: true,
        __provider: suite.providers[TYPE]!,
      })
      .catch((e: unknown) => e)) as HostError;
    expect(err.details).toContain(TRAINING_ERROR_MESSAGE);
    const id = ProviderHost.initFailedId(err);
    expect(id).toMatch(/^r[0-9a-f]{11}$/);
    expect(suite.emulator.state().replicas.find((r) => r.replica_id === id)).toBeDefined();
  });

  test("a training that outlives its timeout is kept in state too", async () => {
    await fetch(`${suite.emulator.url}/__emulator/settings`, {
      method: "PATCH",
      body: JSON.stringify({ replicaTrainingMs: 60_000 }),
    });
    try {
      const err = (await suite.host
        .create(urn, {
          trainVideoUrl: "https://example.com/slow.mp4",
          waitForTraining: true,
          trainingTimeoutSeconds: 1,
          __provider: suite.providers[TYPE]!,
        })
        .catch((e: unknown) => e)) as HostError;
      expect(err.details).toMatch(/training did not finish within 1 s/);
      expect(ProviderHost.initFailedId(err)).toMatch(/^r/);
    } finally {
      await fetch(`${suite.emulator.url}/__emulator/settings`, {
        method: "PATCH",
        body: JSON.stringify({ replicaTrainingMs: 300 }),
      });
    }
  });

  test("check refuses a video and an image together, and an image without a voice", async () => {
    const { failures } = await suite.host.check(
      urn,
      {},
      {
        trainVideoUrl: "https://x.io/a.mp4",
        trainImageUrl: "https://x.io/a.png",
        __provider: suite.providers[TYPE]!,
      },
    );
    expect(failures.map((f) => f.property)).toEqual(["trainImageUrl", "voiceName"]);
  });
});

describe("the stack-wide hard-delete default", () => {
  test("tavus:hardDelete applies when the resource says nothing, and the resource's own value wins", async () => {
    const other = await ProviderHost.start();
    try {
      await other.configure({
        "tavus:apiKey": suite.emulator.apiKey,
        "tavus:baseUrl": suite.emulator.url,
        "tavus:hardDelete": "true",
      });
      const a = await other.create(urn, {
        trainVideoUrl: "https://example.com/a.mp4",
        __provider: suite.providers[TYPE]!,
      });
      const b = await other.create(urn, {
        trainVideoUrl: "https://example.com/b.mp4",
        hardDelete: false,
        __provider: suite.providers[TYPE]!,
      });
      suite.emulator.clearRequests();
      await other.delete(urn, a.id, a.properties);
      await other.delete(urn, b.id, b.properties);
      expect(calls()).toEqual([
        `DELETE /v2/replicas/${a.id}?hard=true`,
        `DELETE /v2/replicas/${b.id}?hard=false`,
      ]);
    } finally {
      await other.stop();
    }
  });

  test("without any setting, hard is false", async () => {
    const created = await suite.host.create(urn, {
      trainVideoUrl: "https://example.com/c.mp4",
      __provider: suite.providers[TYPE]!,
    });
    suite.emulator.clearRequests();
    await suite.host.delete(urn, created.id, created.properties);
    expect(calls()).toEqual([`DELETE /v2/replicas/${created.id}?hard=false`]);
    // soft-deleted: still known to the emulator, answered as deleted
    expect(suite.emulator.state().replicas.find((r) => r.replica_id === created.id)).toBeDefined();
  });
});
