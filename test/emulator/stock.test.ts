/**
 * Stock objects (issue #14): the personas and replicas public code uses by id
 * without creating them exist, are read-only, list as system objects, and
 * look like the real ones; the Get Persona page's own example creates a persona.
 */
import { SEED_PERSONAS } from "../../emulator";
import { API_ERRORS } from "../../provider/wire";
import { GET_PERSONA_EXAMPLE_PERCEPTION, GET_PERSONA_EXAMPLE_VQA } from "./getPersonaExample";
import { call, useEmulator } from "./helpers";

const emulator = useEmulator();

/** The ids named in docs/tavus-api/names-and-clients.md#ids-clients-use-without-creating. */
const PERSONAS = [
  "p48fdf065d6b",
  "p9a95912",
  "p3bb4745d4f9",
  "p7fb2f122a0f",
  "pb87e71797da",
  "pipecat0",
  "pipecat-stream",
];
const REPLICAS = ["rf4703150052", "r4067604db72", "r6e055828f63", "r79e1c033f"];

/** The keys of the real Tavus Researcher document (docs/tavus-api/personas.md#document), plus persona_type. */
const RESEARCHER_KEYS = [
  "persona_id",
  "persona_name",
  "persona_type",
  "pipeline_mode",
  "system_prompt",
  "context",
  "layers",
  "default_replica_id",
  "created_at",
  "updated_at",
];

describe("stock personas", () => {
  test.each(PERSONAS)(
    "%s exists, is a system persona and has no keys the real ones lack",
    async (id) => {
      const got = await call(emulator(), "GET", `/v2/personas/${id}`);
      expect(got.status).toBe(200);
      expect(got.json).toMatchObject({ persona_id: id, persona_type: "system" });
      expect(Object.keys(got.json).filter((key) => !RESEARCHER_KEYS.includes(key))).toEqual([]);
    },
  );

  test("the Tavus Researcher has exactly the real document's keys", async () => {
    const got = await call(emulator(), "GET", "/v2/personas/p48fdf065d6b");
    expect(Object.keys(got.json).sort()).toEqual([...RESEARCHER_KEYS].sort());
    expect(Object.keys(got.json.layers)).toEqual(["conversational_flow"]);
  });

  test("all are listed with persona_type=system, none without it", async () => {
    const system = await call(emulator(), "GET", "/v2/personas?persona_type=system&limit=50");
    expect(system.json.data.map((p: { persona_id: string }) => p.persona_id).sort()).toEqual(
      [...PERSONAS].sort(),
    );
    expect((await call(emulator(), "GET", "/v2/personas")).json.total_count).toBe(0);
  });

  test.each(PERSONAS)(
    "%s is read-only: PATCH and DELETE answer 400 Invalid persona_id",
    async (id) => {
      const patched = await call(emulator(), "PATCH", `/v2/personas/${id}`, {
        body: [{ op: "replace", path: "/persona_name", value: "Mine now" }],
      });
      expect(patched.status).toBe(400);
      expect(patched.json).toEqual({ error: API_ERRORS.invalidPersonaId });
      expect((await call(emulator(), "DELETE", `/v2/personas/${id}`)).status).toBe(400);
      expect((await call(emulator(), "GET", `/v2/personas/${id}`)).status).toBe(200);
    },
  );

  test("a stock persona with a default replica starts a conversation on its own", async () => {
    const created = await call(emulator(), "POST", "/v2/conversations", {
      body: { persona_id: "p9a95912", test_mode: true },
    });
    expect(created.status).toBe(200);
    expect(created.json.replica_id).toBe(
      SEED_PERSONAS.find((p) => p.persona_id === "p9a95912")?.default_replica_id,
    );
  });

  test("pipecat0 joins a conversation with the replica Pipecat sends", async () => {
    const created = await call(emulator(), "POST", "/v2/conversations", {
      body: { persona_id: "pipecat0", replica_id: "r79e1c033f", test_mode: true },
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ persona_id: "pipecat0", replica_id: "r79e1c033f" });
  });
});

describe("stock replicas", () => {
  test.each(REPLICAS)("%s exists, is completed and a system replica", async (id) => {
    const got = await call(emulator(), "GET", `/v2/replicas/${id}?verbose=true`);
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({
      replica_id: id,
      status: "completed",
      training_progress: "100/100",
      replica_type: "system",
    });
  });

  test("all are listed with replica_type=system", async () => {
    const system = await call(emulator(), "GET", "/v2/replicas?replica_type=system&limit=50");
    expect(system.json.data.map((r: { replica_id: string }) => r.replica_id).sort()).toEqual(
      [...REPLICAS].sort(),
    );
  });

  test.each(REPLICAS)(
    "%s is read-only: rename and DELETE answer 400 Invalid replica_id",
    async (id) => {
      const renamed = await call(emulator(), "PATCH", `/v2/replicas/${id}/name`, {
        body: { replica_name: "Mine" },
      });
      expect(renamed.json).toEqual({ error: API_ERRORS.invalidReplicaId });
      const deleted = await call(emulator(), "DELETE", `/v2/replicas/${id}?hard=true`);
      expect(deleted.json).toEqual({ error: API_ERRORS.invalidReplicaId });
    },
  );
});

describe("the Get Persona page's example body", () => {
  test.each([
    ["vqa", GET_PERSONA_EXAMPLE_VQA],
    ["perception", GET_PERSONA_EXAMPLE_PERCEPTION],
  ])("(%s version) creates a persona as it is, by default", async (_name, example) => {
    emulator().settings.strict = false;
    const created = await call(emulator(), "POST", "/v2/personas", { body: example });
    expect(created.status).toBe(200);
    const id = created.json.persona_id as string;
    expect(id).not.toBe(example.persona_id); // the server names it, not the body
    const got = await call(emulator(), "GET", `/v2/personas/${id}`);
    const { persona_id: _id, created_at: _c, updated_at: _u, ...fields } = example;
    expect(got.json).toEqual({
      ...fields,
      persona_id: id,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    // The server members in the body were ignored, and the log says so.
    expect(emulator().requests()[0]?.unknownFields).toEqual([
      "persona_id",
      "created_at",
      "updated_at",
    ]);
  });

  test("without its server members, it is a valid create body even when strict", async () => {
    const { persona_id: _id, created_at: _c, updated_at: _u, ...fields } = GET_PERSONA_EXAMPLE_VQA;
    const created = await call(emulator(), "POST", "/v2/personas", { body: fields });
    expect(created.status).toBe(200);
  });
});
