/**
 * `/v2/pals/{pal_id}/skills` in the emulator (docs/tavus-api/skills.md):
 * attach one, merge into one (`null` removes a field), replace the whole set,
 * detach one, and the documented 400s.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";

let emulator: RunningEmulator;
let pal = "";
beforeAll(async () => {
  emulator = await startEmulator({ strict: true });
});
afterAll(() => emulator.close());
beforeEach(async () => {
  emulator.reset();
  pal = (
    (await call("POST", "/v2/personas", { system_prompt: "p" })).body as { persona_id: string }
  ).persona_id;
});

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { "x-api-key": emulator.apiKey, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

const skillsOf = async () =>
  (
    (await call("GET", `/v2/pals/${pal}/skills`)).body as {
      data: Record<string, { config: object }>;
    }
  ).data;

test("attach, merge (null removes a field), detach: one skill at a time, the others untouched", async () => {
  expect(await skillsOf()).toEqual({});
  expect((await call("PUT", `/v2/pals/${pal}/skills/internet_search`, { config: {} })).status).toBe(
    200,
  );
  const deck = { document_ids: ["d1"], slides_trigger: "on_demand", prompt: "p" };
  const attached = await call("PUT", `/v2/pals/${pal}/skills/presentation`, { config: deck });
  expect(attached.body).toEqual({
    skill_id: "presentation",
    config: deck,
    attached_at: expect.any(String),
    updated_at: expect.any(String),
  });
  await call("PATCH", `/v2/pals/${pal}/skills/presentation`, {
    config: { prompt: null, slides_trigger: "walk_the_deck" },
  });
  expect((await skillsOf()).presentation!.config).toEqual({
    document_ids: ["d1"],
    slides_trigger: "walk_the_deck",
  });
  expect((await call("DELETE", `/v2/pals/${pal}/skills/internet_search`)).status).toBe(204);
  expect(Object.keys(await skillsOf())).toEqual(["presentation"]);
  expect((await call("DELETE", `/v2/pals/${pal}/skills/internet_search`)).status).toBe(404);
});

test("the whole-set PUT detaches what it leaves out", async () => {
  await call("PUT", `/v2/pals/${pal}/skills/internet_search`, { config: {} });
  const put = await call("PUT", `/v2/pals/${pal}/skills`, {
    skills: { magic_canvas: { components: {} } },
  });
  expect(put.status).toBe(200);
  expect(Object.keys(await skillsOf())).toEqual(["magic_canvas"]);
});

test.each([
  ["an unknown skill", "my_skill", {}, "Unknown skill 'my_skill'"],
  [
    "a presentation without documents",
    "presentation",
    { prompt: "p" },
    "Bad Request: {'document_ids': ['Missing data for required field.']}",
  ],
])("%s is a 400 with the documented message", async (_case, skill, config, message) => {
  expect(await call("PUT", `/v2/pals/${pal}/skills/${skill}`, { config })).toEqual({
    status: 400,
    body: { error: message },
  });
});

test("deleting a PAL drops its skills and tools with it", async () => {
  expect((await call("PUT", `/v2/pals/${pal}/skills/internet_search`, { config: {} })).status).toBe(
    200,
  );
  expect(emulator.state().palSkills?.map((s) => s.pal_id)).toEqual([pal]);
  expect((await call("DELETE", `/v2/personas/${pal}`)).status).toBe(204);
  expect(emulator.state().palSkills).toEqual([]);
  expect(emulator.state().palTools).toEqual([]);
});
