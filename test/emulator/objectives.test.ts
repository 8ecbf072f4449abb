/** /v2/objectives against docs/tavus-api/objectives.md and the docs' examples. */
import { GROUP_API_ERRORS } from "../../provider/wire";
import { call, useEmulator } from "./helpers";

const emulator = useEmulator();

/** The Create Objectives reference page's example item. */
const askIfNewPatient = {
  objective_name: "ask_if_new_patient",
  objective_prompt: "Ask the patient if they are new or have been here before",
  confirmation_mode: "auto",
  output_variables: ["patient_status"],
  modality: "verbal",
  next_conditional_objectives: {
    new_patient_intake_process: "If the patient has never been to the practice before",
    existing_patient_intake_process: "If the patient has been to the practice before",
  },
  next_required_objectives: ["get_patient_name"],
  callback_url: "https://your-server.com/webhook",
};
const getPatientName = {
  objective_name: "get_patient_name",
  objective_prompt: "Ask for the patient's full name",
};

async function createObjectives(
  data: unknown[] = [askIfNewPatient, getPatientName],
): Promise<string> {
  const created = await call(emulator(), "POST", "/v2/objectives", { body: { data } });
  expect(created.status).toBe(200);
  return created.json.objectives_id as string;
}

describe("POST /v2/objectives", () => {
  test('answers 200 {objectives_id, objective_name, status:"active", created_at} for the documented {"data":[...]} body', async () => {
    const created = await call(emulator(), "POST", "/v2/objectives", {
      body: { data: [askIfNewPatient] },
    });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      objectives_id: expect.stringMatching(/^o[0-9a-f]{11}$/),
      objective_name: "New Objectives",
      status: "active",
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
    });
  });

  test("accepts a bare array as the newer guide sends, storing the same document", async () => {
    const created = await call(emulator(), "POST", "/v2/objectives", { body: [askIfNewPatient] });
    expect(created.status).toBe(200);
    const got = await call(emulator(), "GET", `/v2/objectives/${created.json.objectives_id}`);
    expect(got.json.data).toEqual([askIfNewPatient]);
  });

  test.each([
    [
      "a missing objective_name (the docs' example message)",
      { data: [{ objective_prompt: "x" }] },
      "objective_name is required",
    ],
    [
      "a missing objective_prompt",
      { data: [{ objective_name: "a" }] },
      "objective_prompt is required",
    ],
    [
      "an objective_name with spaces",
      { data: [{ objective_name: "ask if new", objective_prompt: "x" }] },
      "objective_name must be a non-empty string without spaces",
    ],
    [
      "a confirmation_mode outside auto|manual",
      { data: [{ ...getPatientName, confirmation_mode: "maybe" }] },
      "confirmation_mode must be one of: auto, manual",
    ],
    [
      "a modality outside verbal|visual",
      { data: [{ ...getPatientName, modality: "tactile" }] },
      "modality must be one of: verbal, visual",
    ],
    [
      "conditions that are not strings",
      { data: [{ ...getPatientName, next_conditional_objectives: { a: 1 } }] },
      "next_conditional_objectives must map objective names to condition strings",
    ],
    [
      "an unknown item field",
      { data: [{ ...getPatientName, objective_nmae: "typo" }] },
      expect.stringContaining('Unknown field "objective_nmae"'),
    ],
    [
      "a problem in the second of two items, naming it",
      { data: [getPatientName, { objective_name: "b" }] },
      "objective_prompt is required (data[1])",
    ],
    ["an empty list", { data: [] }, "data must be a non-empty array of objectives"],
    [
      "an unknown top-level field",
      { data: [getPatientName], name: "x" },
      expect.stringContaining('Unknown field "name"'),
    ],
  ])(
    'rejects %s with 400 {"message": ...} (create uses the message key)',
    async (_name, body, message) => {
      const created = await call(emulator(), "POST", "/v2/objectives", { body });
      expect(created.status).toBe(400);
      expect(created.json).toEqual({ message });
    },
  );
});

describe("GET /v2/objectives/{id}", () => {
  test("answers the stored object: the items exactly as sent under data, with objectives_id, created_at, updated_at", async () => {
    const id = await createObjectives();
    const got = await call(emulator(), "GET", `/v2/objectives/${id}`);
    expect(got.status).toBe(200);
    expect(got.json).toEqual({
      objectives_id: id,
      data: [askIfNewPatient, getPatientName],
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
  });

  test('answers 404 {"error":"Objective not found"} for a well-formed unknown id, and after delete', async () => {
    const id = await createObjectives();
    expect((await call(emulator(), "DELETE", `/v2/objectives/${id}`)).status).toBe(204);
    for (const missing of ["o00000000000", id]) {
      const got = await call(emulator(), "GET", `/v2/objectives/${missing}`);
      expect(got.status).toBe(404);
      expect(got.json).toEqual({ error: GROUP_API_ERRORS.objectiveNotFound });
    }
  });

  test('answers 400 {"error":"Invalid objectives_id"} for an id that is not shaped like one', async () => {
    for (const bad of ["p48fdf065d6b", "O12345", "o-1"]) {
      const got = await call(emulator(), "GET", `/v2/objectives/${bad}`);
      expect(got.status).toBe(400);
      expect(got.json).toEqual({ error: "Invalid objectives_id" });
    }
  });
});

describe("GET /v2/objectives", () => {
  test("lists objects newest first in {data, total_count}, paged with page and limit", async () => {
    const ids = [
      await createObjectives([getPatientName]),
      await createObjectives([askIfNewPatient]),
      await createObjectives(),
    ];
    const first = await call(emulator(), "GET", "/v2/objectives?limit=2");
    expect(first.json.total_count).toBe(3);
    expect(first.json.data.map((o: { objectives_id: string }) => o.objectives_id)).toEqual([
      ids[2],
      ids[1],
    ]);
    const second = await call(emulator(), "GET", "/v2/objectives?limit=2&page=2");
    expect(second.json).toEqual({
      data: [expect.objectContaining({ objectives_id: ids[0], data: [getPatientName] })],
      total_count: 3,
    });
  });
});

describe("PATCH /v2/objectives/{id}", () => {
  test('applies the documented /data/0/... paths and answers 200 {"message":"Objective updated successfully"}', async () => {
    const id = await createObjectives();
    const before = (await call(emulator(), "GET", `/v2/objectives/${id}`)).json;
    // The reference page's example patch, verbatim.
    const patched = await call(emulator(), "PATCH", `/v2/objectives/${id}`, {
      body: [
        { op: "replace", path: "/data/0/objective_name", value: "updated_objective_name" },
        {
          op: "replace",
          path: "/data/0/objective_prompt",
          value: "Updated prompt for the objective",
        },
        { op: "replace", path: "/data/0/confirmation_mode", value: "manual" },
        { op: "add", path: "/data/0/output_variables", value: ["new_variable"] },
        { op: "replace", path: "/data/0/modality", value: "visual" },
        { op: "remove", path: "/data/0/callback_url" },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toEqual({ message: "Objective updated successfully" });
    const after = (await call(emulator(), "GET", `/v2/objectives/${id}`)).json;
    const { callback_url: _removed, ...kept } = askIfNewPatient;
    expect(after.data).toEqual([
      {
        ...kept,
        objective_name: "updated_objective_name",
        objective_prompt: "Updated prompt for the objective",
        confirmation_mode: "manual",
        output_variables: ["new_variable"],
        modality: "visual",
      },
      getPatientName,
    ]);
    expect(after.updated_at > before.updated_at).toBe(true);
    expect(after.created_at).toBe(before.created_at);
  });

  test("accepts a replace of /data as a whole (what one client sends) and test guards on what GET showed", async () => {
    const id = await createObjectives();
    const patched = await call(emulator(), "PATCH", `/v2/objectives/${id}`, {
      body: [
        { op: "test", path: "/data/1/objective_name", value: "get_patient_name" },
        { op: "replace", path: "/data", value: [getPatientName] },
      ],
    });
    expect(patched.status).toBe(200);
    expect((await call(emulator(), "GET", `/v2/objectives/${id}`)).json.data).toEqual([
      getPatientName,
    ]);
  });

  test.each([
    ["an empty patch", []],
    [
      "a patch that sets what is already there",
      [{ op: "replace", path: "/data/1/objective_prompt", value: getPatientName.objective_prompt }],
    ],
  ])("answers 304 with no body on %s", async (_name, body) => {
    const id = await createObjectives();
    const before = (await call(emulator(), "GET", `/v2/objectives/${id}`)).json;
    const patched = await call(emulator(), "PATCH", `/v2/objectives/${id}`, { body });
    expect(patched.status).toBe(304);
    expect(patched.text).toBe("");
    expect((await call(emulator(), "GET", `/v2/objectives/${id}`)).json).toEqual(before);
  });

  test.each([
    [
      "the examples' flat path, which the stored object does not have",
      [{ op: "replace", path: "/objective_name", value: "x" }],
    ],
    ["a failed test", [{ op: "test", path: "/data/0/objective_name", value: "someone_else" }]],
    [
      "a change to objectives_id",
      [{ op: "replace", path: "/objectives_id", value: "o000000000000" }],
    ],
    ["a new top-level member", [{ op: "add", path: "/objective_name", value: "x" }]],
    [
      "a body that is not an array",
      { op: "replace", path: "/data/0/objective_prompt", value: "x" },
    ],
  ])(
    'answers 400 {"error":"Invalid patch operation"} and changes nothing on %s',
    async (_name, patch) => {
      const id = await createObjectives();
      const before = (await call(emulator(), "GET", `/v2/objectives/${id}`)).json;
      const body = Array.isArray(patch)
        ? [{ op: "replace", path: "/data/1/objective_prompt", value: "changed first" }, ...patch]
        : patch;
      const patched = await call(emulator(), "PATCH", `/v2/objectives/${id}`, { body });
      expect(patched.status).toBe(400);
      expect(patched.json).toEqual({ error: "Invalid patch operation" });
      expect((await call(emulator(), "GET", `/v2/objectives/${id}`)).json).toEqual(before);
    },
  );

  test("answers 400 naming the problem when the patched objectives would be invalid", async () => {
    const id = await createObjectives();
    const patched = await call(emulator(), "PATCH", `/v2/objectives/${id}`, {
      body: [{ op: "replace", path: "/data/0/objective_name", value: "has spaces" }],
    });
    expect(patched.status).toBe(400);
    expect(patched.json).toEqual({
      error: "objective_name must be a non-empty string without spaces (data[0])",
    });
  });

  test("answers 404 Objective not found for an unknown id", async () => {
    const patched = await call(emulator(), "PATCH", "/v2/objectives/o00000000000", { body: [] });
    expect(patched.status).toBe(404);
    expect(patched.json).toEqual({ error: "Objective not found" });
  });
});

describe("DELETE /v2/objectives/{id}", () => {
  test("answers 204 with no body; a second delete is 404", async () => {
    const id = await createObjectives();
    const deleted = await call(emulator(), "DELETE", `/v2/objectives/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expect((await call(emulator(), "DELETE", `/v2/objectives/${id}`)).status).toBe(404);
  });
});

describe("the objectives routes behind the shared server", () => {
  test("fault rules and the API key apply to them as to the other routes", async () => {
    emulator().addFault({
      method: "POST",
      path: "/v2/objectives",
      kind: "status",
      status: 503,
      times: 1,
    });
    expect(
      (await call(emulator(), "POST", "/v2/objectives", { body: [getPatientName] })).status,
    ).toBe(503);
    expect(
      (await call(emulator(), "POST", "/v2/objectives", { body: [getPatientName] })).status,
    ).toBe(200);
    const unauthorized = await call(emulator(), "GET", "/v2/objectives", { apiKey: "wrong" });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.json).toEqual({ message: "Invalid access token" });
  });

  test("objects are in GET /__emulator/state and gone after reset", async () => {
    const id = await createObjectives();
    expect(
      emulator()
        .state()
        .objectives.map((o) => o.objectives_id),
    ).toEqual([id]);
    emulator().reset();
    expect(emulator().state().objectives).toEqual([]);
  });
});
