/**
 * The 2026 names (issue #14): `/v2/pals` and `/v2/faces` over the same store as
 * `/v2/personas` and `/v2/replicas`, with the keys in the name the path uses,
 * and conversations that name their persona and replica either way.
 */
import { call, trainedReplica, useEmulator } from "./helpers";

const emulator = useEmulator();
const STOCK_FACE = "r4067604db72";

async function createPal(body: Record<string, unknown> = {}): Promise<string> {
  const created = await call(emulator(), "POST", "/v2/pals", {
    body: { pal_name: "Coach", system_prompt: "Be kind.", default_face_id: STOCK_FACE, ...body },
  });
  expect(created.status).toBe(200);
  return created.json.pal_id as string;
}

describe("/v2/pals", () => {
  test("creates a PAL that /v2/personas sees, each answering in its own names", async () => {
    const created = await call(emulator(), "POST", "/v2/pals", {
      body: { pal_name: "Coach", system_prompt: "Be kind.", default_face_id: STOCK_FACE },
    });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      pal_id: expect.stringMatching(/^p[0-9a-f]{11}$/),
      pal_name: "Coach",
      created_at: expect.any(String),
    });
    const id = created.json.pal_id as string;

    const asPal = await call(emulator(), "GET", `/v2/pals/${id}`);
    expect(asPal.json).toMatchObject({
      pal_id: id,
      pal_name: "Coach",
      default_face_id: STOCK_FACE,
    });
    expect(Object.keys(asPal.json).filter((k) => /persona|replica/.test(k))).toEqual([]);

    const asPersona = await call(emulator(), "GET", `/v2/personas/${id}`);
    expect(asPersona.json).toMatchObject({
      persona_id: id,
      persona_name: "Coach",
      default_replica_id: STOCK_FACE,
    });
    expect(asPersona.json.pal_id).toBeUndefined();
  });

  test("requires default_face_id on POST /v2/pals, while /v2/personas keeps it optional", async () => {
    const pal = await call(emulator(), "POST", "/v2/pals", {
      body: { pal_name: "No face", system_prompt: "x" },
    });
    expect(pal.status).toBe(400);
    expect(pal.json).toEqual({ error: "default_face_id is required" });
    const persona = await call(emulator(), "POST", "/v2/personas", {
      body: { persona_name: "No face", system_prompt: "x" },
    });
    expect(persona.status).toBe(200);
  });

  test("accepts the legacy key default_replica_id on /v2/pals, as the docs keep it as an alias", async () => {
    const created = await call(emulator(), "POST", "/v2/pals", {
      body: { system_prompt: "x", default_replica_id: STOCK_FACE },
    });
    expect(created.status).toBe(200);
    const got = await call(emulator(), "GET", `/v2/pals/${created.json.pal_id}`);
    expect(got.json.default_face_id).toBe(STOCK_FACE);
  });

  test("refuses the two names of one field with different values", async () => {
    const created = await call(emulator(), "POST", "/v2/pals", {
      body: { system_prompt: "x", pal_name: "A", persona_name: "B", default_face_id: STOCK_FACE },
    });
    expect(created.status).toBe(400);
    expect(created.json.error).toBe(
      "pal_name and persona_name name the same field; give one of them",
    );
  });

  test("patches with PAL paths and answers the PAL", async () => {
    const id = await createPal();
    const patched = await call(emulator(), "PATCH", `/v2/pals/${id}`, {
      body: [
        { op: "test", path: "/pal_name", value: "Coach" },
        { op: "replace", path: "/pal_name", value: "Mentor" },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ pal_id: id, pal_name: "Mentor" });
    const persona = await call(emulator(), "GET", `/v2/personas/${id}`);
    expect(persona.json.persona_name).toBe("Mentor");
  });

  test("lists PALs, and the stock ones with pal_type=system", async () => {
    const id = await createPal();
    const mine = await call(emulator(), "GET", "/v2/pals");
    expect(mine.json.data.map((p: { pal_id: string }) => p.pal_id)).toEqual([id]);
    const stock = await call(emulator(), "GET", "/v2/pals?pal_type=system&limit=100");
    expect(stock.json.data).toContainEqual(
      expect.objectContaining({ pal_id: "p48fdf065d6b", pal_type: "system" }),
    );
  });

  test("deletes a PAL (204); it is then gone under both names", async () => {
    const id = await createPal();
    expect((await call(emulator(), "DELETE", `/v2/pals/${id}`)).status).toBe(204);
    const pal = await call(emulator(), "GET", `/v2/pals/${id}`);
    expect(pal.status).toBe(400);
    expect(pal.json).toEqual({ error: "Invalid pal_id" });
    expect((await call(emulator(), "GET", `/v2/personas/${id}`)).json).toEqual({
      error: "Invalid persona_id",
    });
  });

  test("refuses an unknown field when strict, as /v2/personas does", async () => {
    const created = await call(emulator(), "POST", "/v2/pals", {
      body: { system_prompt: "x", default_face_id: STOCK_FACE, pal_nmae: "typo" },
    });
    expect(created.status).toBe(400);
    expect(created.json.error).toContain('Unknown field "pal_nmae"');
  });
});

describe("/v2/faces", () => {
  test("creates, reads, renames, lists and deletes a face seen as a replica too", async () => {
    const created = await call(emulator(), "POST", "/v2/faces", {
      body: { face_name: "Rio", train_video_url: "https://example.com/train.mp4" },
    });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      face_id: expect.stringMatching(/^r[0-9a-f]{11}$/),
      status: "started",
    });
    const id = created.json.face_id as string;
    expect((await call(emulator(), "GET", `/v2/replicas/${id}`)).json.replica_name).toBe("Rio");

    const renamed = await call(emulator(), "PATCH", `/v2/faces/${id}/name`, {
      body: { face_name: "Rio 2" },
    });
    expect(renamed.status).toBe(200);
    const face = await call(emulator(), "GET", `/v2/faces/${id}?verbose=true`);
    expect(face.json).toMatchObject({ face_id: id, face_name: "Rio 2", face_type: "user" });
    expect(face.json.replica_id).toBeUndefined();

    const listed = await call(emulator(), "GET", `/v2/faces?face_ids=${id},${STOCK_FACE}`);
    expect(listed.json.data.map((f: { face_id: string }) => f.face_id).sort()).toEqual(
      [id, STOCK_FACE].sort(),
    );

    expect((await call(emulator(), "DELETE", `/v2/faces/${id}?hard=true`)).status).toBe(200);
    expect((await call(emulator(), "GET", `/v2/faces/${id}`)).json).toEqual({
      error: "Invalid face_id",
    });
  });
});

describe("conversations with either key set", () => {
  test("accepts pal_id and face_id and answers with both names", async () => {
    const pal = await createPal();
    const created = await call(emulator(), "POST", "/v2/conversations", {
      body: { pal_id: pal, face_id: STOCK_FACE, test_mode: true },
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      persona_id: pal,
      replica_id: STOCK_FACE,
      pal_id: pal,
      face_id: STOCK_FACE,
    });
    const got = await call(emulator(), "GET", `/v2/conversations/${created.json.conversation_id}`);
    expect(got.json).toMatchObject({ persona_id: pal, replica_id: STOCK_FACE });
  });

  test("takes the face from the PAL's default_face_id when only pal_id is given", async () => {
    const face = await trainedReplica(emulator(), "Own face");
    const pal = await createPal({ default_face_id: face });
    const created = await call(emulator(), "POST", "/v2/conversations", {
      body: { pal_id: pal, test_mode: true },
    });
    expect(created.status).toBe(200);
    expect(created.json.face_id).toBe(face);
  });

  test("answers legacy requests without the PAL keys", async () => {
    const created = await call(emulator(), "POST", "/v2/conversations", {
      body: { replica_id: STOCK_FACE, test_mode: true },
    });
    expect(created.status).toBe(200);
    expect(created.json.pal_id).toBeUndefined();
    expect(created.json.face_id).toBeUndefined();
  });

  test("refuses pal_id and persona_id naming different personas", async () => {
    const created = await call(emulator(), "POST", "/v2/conversations", {
      body: { pal_id: "p48fdf065d6b", persona_id: "p9a95912", test_mode: true },
    });
    expect(created.status).toBe(400);
    expect(created.json.error).toBe("pal_id and persona_id name the same field; give one of them");
  });

  test("reports an unknown pal_id as Invalid persona_id, the conversation group's error", async () => {
    const created = await call(emulator(), "POST", "/v2/conversations", {
      body: { pal_id: "p00000000000", face_id: STOCK_FACE },
    });
    expect(created.status).toBe(400);
    expect(created.json).toEqual({ error: "Invalid persona_id" });
  });
});
