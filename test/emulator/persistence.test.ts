/** `dataFile` (CLI `--data`): the store survives a restart. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SEED_PERSONAS, startEmulator } from "../../emulator";
import { call } from "./helpers";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tavus-emulator-data-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

test("objects created before a restart are served after it, soft deletes and patches included", async () => {
  const dataFile = join(dir, "nested", "state.json");
  const first = await startEmulator({ strict: true, dataFile, replicaTrainingMs: 0 });
  const persona = await call(first, "POST", "/v2/personas", {
    body: { system_prompt: "x", persona_name: "Kept" },
  });
  const personaId = persona.json.persona_id as string;
  await call(first, "PATCH", `/v2/personas/${personaId}`, {
    body: [{ op: "add", path: "/context", value: "patched" }],
  });
  const conversation = await call(first, "POST", "/v2/conversations", {
    body: { replica_id: "r4067604db72" },
  });
  await call(first, "DELETE", `/v2/conversations/${conversation.json.conversation_id}`);
  const before = (await call(first, "GET", `/v2/personas/${personaId}`)).json;
  await first.close();

  const second = await startEmulator({ strict: true, dataFile });
  try {
    const after = await call(second, "GET", `/v2/personas/${personaId}`);
    expect(after.status).toBe(200);
    expect(after.json).toEqual(before);
    expect(after.json.context).toBe("patched");
    const deleted = await call(
      second,
      "GET",
      `/v2/conversations/${conversation.json.conversation_id}`,
    );
    expect(deleted.json.status).toBe("deleted");
  } finally {
    await second.close();
  }
});

test("writes atomically: the file is always complete JSON and no temporary file is left behind", async () => {
  const dataFile = join(dir, "state.json");
  const emulator = await startEmulator({ strict: true, dataFile });
  try {
    for (let i = 0; i < 5; i++)
      await call(emulator, "POST", "/v2/personas", { body: { system_prompt: `p${i}` } });
    const saved = JSON.parse(readFileSync(dataFile, "utf8"));
    expect(saved.version).toBe(1);
    expect(saved.personas).toHaveLength(5 + SEED_PERSONAS.length);
    expect(readdirSync(dir)).toEqual(["state.json"]);
  } finally {
    await emulator.close();
  }
});

test("reset is persisted too", async () => {
  const dataFile = join(dir, "state.json");
  const first = await startEmulator({ strict: true, dataFile });
  const persona = await call(first, "POST", "/v2/personas", { body: { system_prompt: "x" } });
  await call(first, "POST", "/__emulator/reset");
  await first.close();
  const second = await startEmulator({ strict: true, dataFile });
  try {
    expect((await call(second, "GET", `/v2/personas/${persona.json.persona_id}`)).status).toBe(400);
  } finally {
    await second.close();
  }
});

test("refuses to start on a corrupt data file rather than silently emptying it", async () => {
  const dataFile = join(dir, "state.json");
  writeFileSync(dataFile, "{ truncated");
  await expect(startEmulator({ dataFile })).rejects.toThrow(
    `Cannot read emulator data file ${dataFile}`,
  );
  expect(readFileSync(dataFile, "utf8")).toBe("{ truncated");
});

test("objectives, guardrails, guardrail sets and dictionaries survive a restart; reset empties them", async () => {
  const dataFile = join(dir, "state.json");
  const first = await startEmulator({ strict: true, dataFile });
  const objectives = await call(first, "POST", "/v2/objectives", {
    body: { data: [{ objective_name: "a", objective_prompt: "b" }] },
  });
  const guardrail = await call(first, "POST", "/v2/guardrails", {
    body: { guardrail_name: "g", guardrail_prompt: "p" },
  });
  const set = await call(first, "POST", "/v2/guardrails", {
    body: { name: "s", data: [{ guardrail_name: "i", guardrail_prompt: "p" }] },
  });
  const dictionary = await call(first, "POST", "/v2/pronunciation-dictionaries", {
    body: { name: "d" },
  });
  const paths = [
    `/v2/objectives/${objectives.json.objectives_id}`,
    `/v2/guardrails/${guardrail.json.uuid}`,
    `/v2/guardrails/${set.json.guardrails_id}`,
    `/v2/pronunciation-dictionaries/${dictionary.json.pronunciation_dictionary_id}`,
  ];
  const before = await Promise.all(
    paths.map(async (path) => (await call(first, "GET", path)).json),
  );
  await first.close();

  const second = await startEmulator({ strict: true, dataFile });
  try {
    for (const [i, path] of paths.entries())
      expect((await call(second, "GET", path)).json).toEqual(before[i]);
    await call(second, "POST", "/__emulator/reset");
    const saved = JSON.parse(readFileSync(dataFile, "utf8"));
    expect([
      saved.objectives,
      saved.guardrails,
      saved.guardrailSets,
      saved.pronunciationDictionaries,
    ]).toEqual([[], [], [], []]);
  } finally {
    await second.close();
  }
});

test("loads a data file written before the newer groups existed", async () => {
  const dataFile = join(dir, "state.json");
  writeFileSync(
    dataFile,
    JSON.stringify({ version: 1, personas: [], replicas: [], conversations: [] }),
  );
  const emulator = await startEmulator({ strict: true, dataFile });
  try {
    expect((await call(emulator, "GET", "/v2/objectives")).json).toEqual({
      data: [],
      total_count: 0,
    });
  } finally {
    await emulator.close();
  }
});
