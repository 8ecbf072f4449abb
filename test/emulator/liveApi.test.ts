/** The 2026 live-API behaviours of PALs (docs/tavus-api/live-api.md): PAL Maker drafts and conferencing. */
import { API_ERRORS } from "../../provider/wire";
import { call, useEmulator } from "./helpers";

const emulator = useEmulator();
const FACE = "rf4703150052"; // a stock replica

async function createPal(extra: Record<string, unknown> = {}): Promise<string> {
  const created = await call(emulator(), "POST", "/v2/pals", {
    body: {
      pal_name: "Coach",
      system_prompt: "Be kind.",
      default_face_id: FACE,
      layers: { llm: { model: "tavus-gpt-oss" } },
      ...extra,
    },
  });
  expect(created.status).toBe(200);
  return created.json.pal_id as string;
}

const promptPatch = (value: string) => [{ op: "replace", path: "/system_prompt", value }];
const openDraft = (id: string) => call(emulator(), "POST", `/__emulator/pals/${id}/maker-draft`);

describe("PAL Maker drafts", () => {
  test("a PATCH answers 409 maker_changes while a draft is open, and changes nothing", async () => {
    const id = await createPal();
    expect((await openDraft(id)).status).toBe(204);
    const refused = await call(emulator(), "PATCH", `/v2/pals/${id}`, { body: promptPatch("new") });
    expect(refused.status).toBe(409);
    expect(refused.json).toEqual({ conflict: "maker_changes", message: API_ERRORS.makerChanges });
    expect((await call(emulator(), "GET", `/v2/pals/${id}`)).json.system_prompt).toBe("Be kind.");
  });

  test("?force=true goes through, discards the draft and says so; the next PATCH needs no force", async () => {
    const id = await createPal();
    await openDraft(id);
    const forced = await call(emulator(), "PATCH", `/v2/pals/${id}?force=true`, {
      body: promptPatch("forced"),
    });
    expect(forced.status).toBe(200);
    expect(forced.json).toMatchObject({ system_prompt: "forced", discarded_maker_changes: true });
    const next = await call(emulator(), "PATCH", `/v2/pals/${id}`, { body: promptPatch("next") });
    expect(next.status).toBe(200);
    expect(next.json.discarded_maker_changes).toBeUndefined();
  });

  test("a draft discarded in the dashboard lets a PATCH through", async () => {
    const id = await createPal();
    await openDraft(id);
    await call(emulator(), "DELETE", `/__emulator/pals/${id}/maker-draft`);
    expect(
      (await call(emulator(), "PATCH", `/v2/personas/${id}`, { body: promptPatch("x") })).status,
    ).toBe(200);
  });

  test("a conferencing-only PATCH passes an open draft", async () => {
    const id = await createPal();
    await openDraft(id);
    const patched = await call(emulator(), "PATCH", `/v2/pals/${id}`, {
      body: [{ op: "add", path: "/layers/conferencing", value: { username: "coach-1" } }],
    });
    expect(patched.status).toBe(200);
    expect(patched.json.discarded_maker_changes).toBeUndefined();
  });
});

describe("layers.conferencing", () => {
  test("create and Get answer conferencing_email, made from the username", async () => {
    const created = await call(emulator(), "POST", "/v2/personas", {
      body: {
        persona_name: "Coach",
        system_prompt: "p",
        default_replica_id: FACE,
        layers: { conferencing: { username: "Coach.Bot", allowlist: ["a@example.com"] } },
      },
    });
    expect(created.json.conferencing_email).toBe("coach.bot@tavusinvite.com");
    const got = await call(emulator(), "GET", `/v2/personas/${created.json.persona_id}`);
    expect(got.json.conferencing_email).toBe("coach.bot@tavusinvite.com");
  });

  test.each([
    ["a bad username", { username: "-coach" }, FACE, /Invalid layers\.conferencing\.username/],
    ["a reserved botN username", { username: "bot7" }, FACE, /is reserved/],
    ["no default face", { username: "coach-2" }, undefined, /requires default_face_id/],
  ])("refuses %s with 400", async (_, conferencing, face, message) => {
    const created = await call(emulator(), "POST", "/v2/personas", {
      body: { system_prompt: "p", default_replica_id: face, layers: { conferencing } },
    });
    expect(created.status).toBe(400);
    expect(created.json.error).toMatch(message);
  });

  test("a username is taken case-insensitively", async () => {
    await createPal({ layers: { conferencing: { username: "unique-one" } } });
    const second = await call(emulator(), "POST", "/v2/pals", {
      body: {
        system_prompt: "p",
        default_face_id: FACE,
        layers: { conferencing: { username: "Unique-One" } },
      },
    });
    expect(second.status).toBe(400);
    expect(second.json.error).toMatch(/already taken/);
  });

  test("a PATCH of conferencing and another field together is 400, and changes nothing", async () => {
    const id = await createPal();
    const mixed = await call(emulator(), "PATCH", `/v2/pals/${id}`, {
      body: [
        ...promptPatch("new"),
        { op: "add", path: "/layers/conferencing", value: { username: "mixed-1" } },
      ],
    });
    expect(mixed.status).toBe(400);
    expect(mixed.json.error).toBe(API_ERRORS.conferencingAlone);
    expect((await call(emulator(), "GET", `/v2/pals/${id}`)).json.system_prompt).toBe("Be kind.");
  });
});
