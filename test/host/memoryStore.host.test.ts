/**
 * MemoryStore (issue #23) through the real dynamic-provider host, against the
 * emulator: every step asserts the exact requests. Create is one POST (the
 * answer is the store); an unchanged diff costs nothing; an update is one
 * request per pinned memory that differs, by the ids state keeps (a GET first
 * only when state has no ids or one is gone); learned memories never
 * drift; a pinned memory removed by hand shows on refresh and the next update
 * puts it back; delete is one DELETE. The documented 403s (a
 * zero-data-retention account, another owner's store) fail with the API's message.
 */
import { SEED_PERSONAS } from "../../emulator";
import { urnOf } from "../harness/providerHost";
import { TYPES, useProviderHost } from "../harness/hostSuite";

const suite = useProviderHost({});
const wire = () => suite.calls({ status: true });
type Props = Record<string, unknown>;

const type = TYPES.memoryStore;
const urn = urnOf(type, "class-1");
const PAL = SEED_PERSONAS[0]!.persona_id;
const withProvider = (props: Props) => ({ ...props, __provider: suite.providers[type]! });
const inputs = (pinnedMemories: string[]): Props => ({
  palId: PAL,
  participantTag: "class-1",
  pinnedMemories,
});
const STORES = "/v2/memory-stores";

async function api(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${suite.emulator.url}${path}`, {
    method,
    headers: { "x-api-key": suite.emulator.apiKey, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe("MemoryStore through the provider host", () => {
  let id = "";
  let outputs: Props = {};

  test("create is one POST, whose answer is the store; outputs are what Get shows", async () => {
    suite.emulator.clearRequests();
    const created = await suite.host.create(
      urn,
      withProvider(inputs(["Meets on Mondays.", "Room 4."])),
    );
    id = created.id;
    outputs = created.properties;
    expect(wire()).toEqual([`POST ${STORES} 200`]);
    expect(suite.emulator.requests()[0]!.body).toEqual({
      pal_id: PAL,
      participant_tag: "class-1",
      pinned_memories: ["Meets on Mondays.", "Room 4."],
    });
    expect(outputs).toMatchObject({
      memoryStoreId: id,
      palId: PAL,
      participantTag: "class-1",
      createdAt: expect.any(String),
    });
    expect((await suite.host.read(urn, id, outputs)).properties).toEqual(outputs);
  });

  test("an unchanged diff makes no request; refresh is one GET; learned memories never drift", async () => {
    expect(
      (await api("POST", `/__emulator/memory-stores/${id}/learned`, { memory: "Ana likes maths." }))
        .status,
    ).toBe(200);
    suite.emulator.clearRequests();
    expect(
      (
        await suite.host.diff(
          urn,
          id,
          outputs,
          withProvider(inputs(["Room 4.", "Meets on Mondays."])),
        )
      ).changes,
    ).toBe("none");
    expect(wire()).toEqual([]);
    const read = await suite.host.read(urn, id, outputs);
    expect(wire()).toEqual([`GET ${STORES}/${id} 200`]);
    expect(read.properties).toEqual(outputs);
    expect(JSON.stringify(read.properties)).not.toContain("maths");
    expect(
      (
        await suite.host.diff(
          urn,
          id,
          read.properties,
          withProvider(inputs(["Meets on Mondays.", "Room 4."])),
        )
      ).changes,
    ).toBe("none");
  });

  test("changing one pinned memory is one PATCH of that memory, addressed by the id state keeps", async () => {
    const next = inputs(["Meets on Tuesdays.", "Room 4."]);
    expect(await suite.host.diff(urn, id, outputs, withProvider(next))).toMatchObject({
      changes: "some",
      replaces: [],
    });
    suite.emulator.clearRequests();
    const idOf = (props: Props, text: string) =>
      Object.entries(props.pinnedMemoryIds as Record<string, string>).find(
        ([, memory]) => memory === text,
      )?.[0];
    const before = idOf(outputs, "Meets on Mondays.");
    expect(before).toMatch(/^mem/);
    outputs = (await suite.host.update(urn, id, outputs, withProvider(next))).properties;
    expect(wire()).toEqual([`PATCH ${STORES}/${id}/pinned/${before} 200`]);
    expect(suite.emulator.requests()[0]!.body).toEqual({ memory: "Meets on Tuesdays." });
    expect(outputs.pinnedMemories).toEqual(["Meets on Tuesdays.", "Room 4."]);
    // The rewritten memory keeps its id; state says which text it now holds.
    expect(idOf(outputs, "Meets on Tuesdays.")).toBe(before);
    expect(Object.keys(outputs.pinnedMemoryIds as object)).toHaveLength(2);
    expect((await suite.host.read(urn, id, outputs)).properties).toEqual(outputs);
  });

  test("adding one is one POST of it; removing one is one DELETE of it", async () => {
    suite.emulator.clearRequests();
    const added = inputs(["Meets on Tuesdays.", "Room 4.", "Bring a calculator."]);
    outputs = (await suite.host.update(urn, id, outputs, withProvider(added))).properties;
    expect(wire()).toEqual([`POST ${STORES}/${id}/pinned 200`]);
    suite.emulator.clearRequests();
    const removed = inputs(["Meets on Tuesdays.", "Bring a calculator."]);
    outputs = (await suite.host.update(urn, id, outputs, withProvider(removed))).properties;
    expect(wire()).toEqual([
      expect.stringMatching(new RegExp(`^DELETE ${STORES}/${id}/pinned/mem[0-9a-f]+ 204$`)),
    ]);
    expect((await suite.host.read(urn, id, outputs)).properties).toEqual(outputs);
    const live = (await (await api("GET", `${STORES}/${id}`)).json()) as {
      pinned_memories: Array<{ memory: string }>;
    };
    expect(live.pinned_memories.map((m) => m.memory).sort()).toEqual([
      "Bring a calculator.",
      "Meets on Tuesdays.",
    ]);
  });

  test("a pinned memory deleted by hand shows on refresh, and the next update puts it back with one POST", async () => {
    const live = (await (await api("GET", `${STORES}/${id}`)).json()) as {
      pinned_memories: Array<{ memory_id: string; memory: string }>;
    };
    const gone = live.pinned_memories.find((m) => m.memory === "Bring a calculator.")!;
    expect((await api("DELETE", `${STORES}/${id}/pinned/${gone.memory_id}`)).status).toBe(204);
    const read = await suite.host.read(urn, id, outputs);
    expect(read.properties.pinnedMemories).toEqual(["Meets on Tuesdays."]);
    const desired = inputs(["Meets on Tuesdays.", "Bring a calculator."]);
    expect((await suite.host.diff(urn, id, read.properties, withProvider(desired))).changes).toBe(
      "some",
    );
    suite.emulator.clearRequests();
    outputs = (await suite.host.update(urn, id, read.properties, withProvider(desired))).properties;
    expect(wire()).toEqual([`POST ${STORES}/${id}/pinned 200`]);
  });

  test("a pinned memory deleted by hand without a refresh: its PATCH meets a 404, then one GET and the rest synced from what it shows", async () => {
    const live = (await (await api("GET", `${STORES}/${id}`)).json()) as {
      pinned_memories: Array<{ memory_id: string; memory: string }>;
    };
    const gone = live.pinned_memories.find((m) => m.memory === "Bring a calculator.")!;
    expect((await api("DELETE", `${STORES}/${id}/pinned/${gone.memory_id}`)).status).toBe(204);
    suite.emulator.clearRequests();
    const desired = inputs(["Meets on Tuesdays.", "Bring a protractor."]);
    outputs = (await suite.host.update(urn, id, outputs, withProvider(desired))).properties;
    expect(wire()).toEqual([
      `PATCH ${STORES}/${id}/pinned/${gone.memory_id} 404`,
      `GET ${STORES}/${id} 200`,
      `POST ${STORES}/${id}/pinned 200`,
    ]);
    expect([...(outputs.pinnedMemories as string[])].sort()).toEqual([
      "Bring a protractor.",
      "Meets on Tuesdays.",
    ]);
    expect((await suite.host.read(urn, id, outputs)).properties).toEqual(outputs);
  });

  test("state written before memory ids were kept: an update reads the store first (one GET), then as before", async () => {
    const { pinnedMemoryIds: _ids, ...older } = outputs;
    suite.emulator.clearRequests();
    const desired = inputs(["Meets on Tuesdays.", "Bring a ruler."]);
    outputs = (await suite.host.update(urn, id, older, withProvider(desired))).properties;
    expect(wire()).toEqual([
      `GET ${STORES}/${id} 200`,
      expect.stringMatching(new RegExp(`^PATCH ${STORES}/${id}/pinned/mem[0-9a-f]+ 200$`)),
    ]);
    expect(Object.values(outputs.pinnedMemoryIds as object).sort()).toEqual([
      "Bring a ruler.",
      "Meets on Tuesdays.",
    ]);
  });

  test("a new participant tag or PAL replaces the store", async () => {
    const diff = await suite.host.diff(
      urn,
      id,
      outputs,
      withProvider({ ...inputs([]), participantTag: "class-2" }),
    );
    expect(diff).toMatchObject({ changes: "some", replaces: ["participantTag"] });
  });

  test("one active store per PAL and tag: a second create fails with the API's message", async () => {
    await expect(suite.host.create(urnOf(type, "again"), withProvider(inputs([])))).rejects.toThrow(
      /A memory store already exists for this pal_id and participant_tag/,
    );
  });

  test("adoptId takes the store over: one GET, and one request per memory that differs", async () => {
    suite.emulator.clearRequests();
    const adopted = await suite.host.create(
      urnOf(type, "adopted"),
      withProvider({ ...inputs(["Meets on Tuesdays.", "Bring a ruler."]), adoptId: id }),
    );
    expect(adopted.id).toBe(id);
    expect(wire()).toEqual([`GET ${STORES}/${id} 200`]);
  });

  test("delete is one DELETE; deleting again counts as done; refresh then drops it", async () => {
    suite.emulator.clearRequests();
    await suite.host.delete(urn, id, outputs);
    expect(wire()).toEqual([`DELETE ${STORES}/${id} 204`]);
    await suite.host.delete(urn, id, outputs);
    expect(wire()[1]).toBe(`DELETE ${STORES}/${id} 404`);
    expect((await suite.host.read(urn, id, outputs)).id).toBe("");
  });

  test("a zero-data-retention account: create fails with the API's 403 after one POST, never retried", async () => {
    suite.emulator.settings.zeroDataRetention = true;
    suite.emulator.clearRequests();
    try {
      await expect(
        suite.host.create(urnOf(type, "zdr"), withProvider(inputs(["Room 4."]))),
      ).rejects.toThrow(/403.*Memory stores are not available on zero-data-retention accounts/);
      expect(wire()).toEqual([`POST ${STORES} 403`]);
    } finally {
      suite.emulator.settings.zeroDataRetention = false;
    }
  });

  test("another owner's store: adopting it fails naming it and the 403, after one GET; refresh does not take it for gone", async () => {
    const made = await api("POST", "/__emulator/memory-stores/another-owner", {
      pal_id: PAL,
      participant_tag: "class-9",
    });
    const { memory_store_id: foreign } = (await made.json()) as { memory_store_id: string };
    suite.emulator.clearRequests();
    const adopting = suite.host.create(
      urnOf(type, "foreign"),
      withProvider({ ...inputs([]), participantTag: "class-9", adoptId: foreign }),
    );
    await expect(adopting).rejects.toThrow(new RegExp(`memory store ${foreign}: adopt`));
    await expect(adopting).rejects.toThrow(/403.*The caller does not own this memory store/);
    expect(wire()).toEqual([`GET ${STORES}/${foreign} 403`]);
    // A store in state that now answers 403 is an error to see, not an object to drop.
    await expect(
      suite.host.read(
        urnOf(type, "foreign"),
        foreign,
        withProvider({ ...inputs([]), participantTag: "class-9", memoryStoreId: foreign }),
      ),
    ).rejects.toThrow(/403/);
  });

  test("check fails naming palId and participantTag when they are missing", async () => {
    const { failures } = await suite.host.check(urn, {}, withProvider({ pinnedMemories: ["x"] }));
    expect(failures.map((f) => f.property).sort()).toEqual(["palId", "participantTag"]);
  });
});
