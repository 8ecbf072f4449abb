/**
 * Conversation through the real dynamic-provider host, against the emulator.
 */
import { urnOf, type HostError } from "../harness/providerHost";
import { createPersona } from "../harness/dashboard";
import { useProviderHost } from "../harness/hostSuite";

const TYPE = "pulumi-nodejs:dynamic/tavus:Conversation";
const urn = urnOf(TYPE, "call");
const STOCK_REPLICA = "rf4703150052";

const suite = useProviderHost({});
const calls = () => suite.calls({ status: true });

test("the serialized provider is a bare require, under 1 KB", () => {
  expect(suite.providers[TYPE]!).toContain('require("pulumi-tavus/providers/conversation")');
  expect(Buffer.byteLength(suite.providers[TYPE]!)).toBeLessThan(1024);
});

describe("Conversation lifecycle", () => {
  test("create -> read -> destroy sends End, then DELETE", async () => {
    const inputs = {
      replicaId: STOCK_REPLICA,
      conversationName: "Standup",
      requireAuth: true,
      properties: { maxCallDuration: 600 },
      __provider: suite.providers[TYPE]!,
    };
    suite.emulator.clearRequests();
    const created = await suite.host.create(urn, inputs);
    expect(calls()).toEqual(["POST /v2/conversations 200"]);
    expect(suite.emulator.requests()[0]!.body).toEqual({
      replica_id: STOCK_REPLICA,
      conversation_name: "Standup",
      require_auth: true,
      properties: { max_call_duration: 600 },
    });
    expect(created.properties).toMatchObject({
      conversationId: created.id,
      status: "active",
      conversationUrl: `https://tavus.daily.co/${created.id}`,
    });
    expect(typeof created.properties.meetingToken).toBe("string");

    const read = await suite.host.read(urn, created.id, created.properties);
    expect(read.properties.status).toBe("active");

    suite.emulator.clearRequests();
    await suite.host.delete(urn, created.id, read.properties);
    expect(calls()).toEqual([
      `POST /v2/conversations/${created.id}/end 200`,
      `DELETE /v2/conversations/${created.id}?hard=false 204`,
    ]);
  });

  test("an ended conversation is not drift, and is not ended again on delete", async () => {
    const created = await suite.host.create(urn, {
      replicaId: STOCK_REPLICA,
      __provider: suite.providers[TYPE]!,
    });
    await fetch(`${suite.emulator.url}/v2/conversations/${created.id}/end`, {
      method: "POST",
      headers: { "x-api-key": suite.emulator.apiKey },
    });
    const read = await suite.host.read(urn, created.id, created.properties);
    expect(read.properties.status).toBe("ended");
    const diff = await suite.host.diff(urn, created.id, read.properties, {
      replicaId: STOCK_REPLICA,
      __provider: suite.providers[TYPE]!,
    });
    expect(diff.changes).toBe("none");
    suite.emulator.clearRequests();
    await suite.host.delete(urn, created.id, read.properties);
    expect(calls()).toEqual([`DELETE /v2/conversations/${created.id}?hard=false 204`]);
  });

  test("hard delete reaches the API exactly when configured on the resource", async () => {
    const created = await suite.host.create(urn, {
      replicaId: STOCK_REPLICA,
      testMode: true,
      hardDelete: true,
      __provider: suite.providers[TYPE]!,
    });
    expect(created.properties.status).toBe("ended");
    suite.emulator.clearRequests();
    await suite.host.delete(urn, created.id, created.properties);
    expect(calls()).toEqual([`DELETE /v2/conversations/${created.id}?hard=true 204`]);
  });

  test("any input change but hardDelete replaces, deleting first", async () => {
    const olds = {
      replicaId: STOCK_REPLICA,
      conversationName: "a",
      conversationId: "c1",
      status: "active",
      conversationUrl: "u",
    };
    expect(
      await suite.host.diff(urn, "c1", olds, {
        replicaId: STOCK_REPLICA,
        conversationName: "b",
        __provider: suite.providers[TYPE]!,
      }),
    ).toEqual({
      changes: "some",
      replaces: ["conversationName"],
      deleteBeforeReplace: true,
    });
    expect(
      await suite.host.diff(urn, "c1", olds, {
        replicaId: STOCK_REPLICA,
        conversationName: "a",
        hardDelete: true,
        __provider: suite.providers[TYPE]!,
      }),
    ).toMatchObject({ changes: "some", replaces: [] });
  });
});

describe("Conversation failures", () => {
  test("check needs a replica or a persona before any call", async () => {
    suite.emulator.clearRequests();
    const { failures } = await suite.host.check(
      urn,
      {},
      { conversationName: "x", __provider: suite.providers[TYPE]! },
    );
    expect(failures).toEqual([
      expect.objectContaining({
        property: "replicaId",
        reason: expect.stringMatching(/required unless the persona has a default replica/),
      }),
    ]);
    expect(suite.emulator.requests()).toEqual([]);
  });

  test("a persona without a default replica is refused before the POST", async () => {
    const personaId = await createPersona(suite.emulator, { system_prompt: "p" });
    suite.emulator.clearRequests();
    const err = (await suite.host
      .create(urn, { personaId, __provider: suite.providers[TYPE]! })
      .catch((e: unknown) => e)) as HostError;
    expect(err.details).toMatch(/has no default_replica_id, so replicaId is required/);
    expect(calls()).toEqual([`GET /v2/personas/${personaId} 200`]);
  });

  test("the concurrency limit and out-of-credits answers are surfaced with the API's message", async () => {
    await fetch(`${suite.emulator.url}/__emulator/settings`, {
      method: "PATCH",
      body: JSON.stringify({ outOfCredits: true }),
    });
    const credits = (await suite.host
      .create(urn, { replicaId: STOCK_REPLICA, __provider: suite.providers[TYPE]! })
      .catch((e: unknown) => e)) as HostError;
    expect(credits.details).toMatch(
      /HTTP 402: The user is out of conversational credits.*testMode/,
    );
    await fetch(`${suite.emulator.url}/__emulator/settings`, {
      method: "PATCH",
      body: JSON.stringify({ outOfCredits: false, maxConcurrentConversations: 0 }),
    });
    const busy = (await suite.host
      .create(urn, { replicaId: STOCK_REPLICA, __provider: suite.providers[TYPE]! })
      .catch((e: unknown) => e)) as HostError;
    expect(busy.details).toMatch(/HTTP 400: User has reached maximum concurrent conversations/);
  });
});
