/** /v2/replicas against docs/tavus-api/replicas.md: training, rename, soft and hard delete. */
import { DEFAULT_SETTINGS, SEED_REPLICAS, TRAINING_ERROR_MESSAGE } from "../../emulator";
import { call, delay, trainedReplica, useEmulator } from "./helpers";

const emulator = useEmulator({ replicaTrainingMs: 150 });

async function createReplica(
  body: unknown = { train_video_url: "https://example.com/train.mp4", replica_name: "Rio" },
): Promise<string> {
  const created = await call(emulator(), "POST", "/v2/replicas", { body });
  expect(created.status).toBe(200);
  return created.json.replica_id as string;
}

describe("POST /v2/replicas", () => {
  test('answers 200 {replica_id, status:"started"} with an r + 11 hex id', async () => {
    const created = await call(emulator(), "POST", "/v2/replicas", {
      body: { train_video_url: "https://example.com/v.mp4" },
    });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      replica_id: expect.stringMatching(/^r[0-9a-f]{11}$/),
      status: "started",
    });
  });

  test("accepts train_image_url with voice_name instead of a video", async () => {
    const created = await call(emulator(), "POST", "/v2/replicas", {
      body: { train_image_url: "https://example.com/face.png", voice_name: "anna" },
    });
    expect(created.status).toBe(200);
  });

  test.each([
    ["no training footage", { replica_name: "x" }, "Invalid train_video_url"],
    [
      "a train_video_url that is not a URL",
      { train_video_url: "not a url" },
      "Invalid train_video_url",
    ],
    [
      "a train_video_url that is not http(s)",
      { train_video_url: "ftp://example.com/v.mp4" },
      "Invalid train_video_url",
    ],
    [
      "both a video and an image",
      {
        train_video_url: "https://e.com/v.mp4",
        train_image_url: "https://e.com/i.png",
        voice_name: "anna",
      },
      "Give either train_video_url or train_image_url (with voice_name), not both",
    ],
    [
      "an image without voice_name",
      { train_image_url: "https://e.com/i.png" },
      "voice_name is required when train_image_url is used",
    ],
    [
      "an unknown field",
      { train_video_url: "https://e.com/v.mp4", replica_nam: "x" },
      expect.stringContaining('Unknown field "replica_nam"'),
    ],
  ])("rejects %s with 400", async (_name, body, error) => {
    const created = await call(emulator(), "POST", "/v2/replicas", { body });
    expect(created.status).toBe(400);
    expect(created.json).toEqual({ error });
  });
});

describe("training", () => {
  test("goes from started (with NN/100 progress and no thumbnail) to completed 100/100 with a thumbnail", async () => {
    const id = await createReplica();
    const early = await call(emulator(), "GET", `/v2/replicas/${id}`);
    expect(early.json).toMatchObject({
      replica_id: id,
      replica_name: "Rio",
      status: "started",
      thumbnail_video_url: null,
      error_message: null,
    });
    expect(early.json.training_progress).toMatch(/^[0-9]{1,2}\/100$/);
    await delay(200);
    const done = await call(emulator(), "GET", `/v2/replicas/${id}`);
    expect(done.json).toMatchObject({
      status: "completed",
      training_progress: "100/100",
      error_message: null,
    });
    expect(done.json.thumbnail_video_url).toMatch(/^https:\/\//);
    expect(done.json.updated_at > early.json.updated_at).toBe(true);
  });

  test.each([["https://example.com/too-short.mp4"], ["https://example.com/FAIL-TRAINING/v.mp4"]])(
    "ends in error with the minimum-duration message for %s",
    async (url) => {
      const id = await createReplica({ train_video_url: url });
      await delay(200);
      const failed = await call(emulator(), "GET", `/v2/replicas/${id}`);
      expect(failed.json).toMatchObject({
        status: "error",
        error_message: TRAINING_ERROR_MESSAGE,
        thumbnail_video_url: null,
      });
      expect(TRAINING_ERROR_MESSAGE).toBe(
        "The training video does not meet the minimum duration requirement for training",
      );
    },
  );

  test("fixes the training time when the replica is created", async () => {
    emulator().settings.replicaTrainingMs = 0;
    const quick = await createReplica();
    emulator().settings.replicaTrainingMs = 60_000;
    expect((await call(emulator(), "GET", `/v2/replicas/${quick}`)).json.status).toBe("completed");
  });
});

describe("GET /v2/replicas/{id}", () => {
  test("adds replica_type only with verbose=true", async () => {
    const id = await createReplica();
    expect((await call(emulator(), "GET", `/v2/replicas/${id}`)).json.replica_type).toBeUndefined();
    expect(
      (await call(emulator(), "GET", `/v2/replicas/${id}?verbose=true`)).json.replica_type,
    ).toBe("user");
  });

  test("serves the stock replicas as completed system replicas", async () => {
    const got = await call(emulator(), "GET", "/v2/replicas/rf4703150052?verbose=true");
    expect(got.json).toMatchObject({
      replica_id: "rf4703150052",
      status: "completed",
      replica_type: "system",
    });
  });

  test('answers 400 {"error":"Invalid replica_id"} for an unknown id', async () => {
    const got = await call(emulator(), "GET", "/v2/replicas/r00000000000");
    expect(got.status).toBe(400);
    expect(got.json).toEqual({ error: "Invalid replica_id" });
  });
});

describe("GET /v2/replicas", () => {
  test("lists user replicas by default, stock ones with replica_type=system, and filters by replica_ids", async () => {
    const a = await createReplica();
    const b = await createReplica();
    const user = await call(emulator(), "GET", "/v2/replicas");
    expect(user.json.total_count).toBe(2);
    expect(user.json.data.map((r: { replica_id: string }) => r.replica_id)).toEqual([b, a]);
    const system = await call(emulator(), "GET", "/v2/replicas?replica_type=system&verbose=true");
    expect(system.json.data.map((r: { replica_type: string }) => r.replica_type)).toEqual(
      SEED_REPLICAS.map(() => "system"),
    );
    const some = await call(emulator(), "GET", `/v2/replicas?replica_ids=${a},rf4703150052`);
    expect(some.json.data.map((r: { replica_id: string }) => r.replica_id).sort()).toEqual(
      [a, "rf4703150052"].sort(),
    );
  });

  test("pages with page and limit", async () => {
    for (let i = 0; i < 3; i++) await createReplica();
    const page = await call(emulator(), "GET", "/v2/replicas?limit=2&page=2");
    expect(page.json.data).toHaveLength(1);
    expect(page.json.total_count).toBe(3);
  });
});

describe("PATCH /v2/replicas/{id}/name", () => {
  test("renames the replica and answers 200 with no body", async () => {
    const id = await createReplica();
    const renamed = await call(emulator(), "PATCH", `/v2/replicas/${id}/name`, {
      body: { replica_name: "Rio 2" },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.text).toBe("");
    expect((await call(emulator(), "GET", `/v2/replicas/${id}`)).json.replica_name).toBe("Rio 2");
  });

  test.each([[{}], [{ replica_name: "" }], [{ replica_name: 7 }]])(
    "rejects %j with 400",
    async (body) => {
      const id = await createReplica();
      const renamed = await call(emulator(), "PATCH", `/v2/replicas/${id}/name`, { body });
      expect(renamed.status).toBe(400);
      expect(renamed.json.error).toMatch(/replica_name/);
    },
  );

  test("answers 400 Invalid replica_id for an unknown id and for a stock replica", async () => {
    for (const id of ["r00000000000", "rf4703150052"]) {
      const renamed = await call(emulator(), "PATCH", `/v2/replicas/${id}/name`, {
        body: { replica_name: "x" },
      });
      expect(renamed.json).toEqual({ error: "Invalid replica_id" });
    }
  });
});

describe("DELETE /v2/replicas/{id}", () => {
  test('soft delete (default): 200, then GET answers the replica with status "deleted" and lists drop it', async () => {
    const id = await trainedReplica(emulator());
    const deleted = await call(emulator(), "DELETE", `/v2/replicas/${id}`);
    expect(deleted.status).toBe(200);
    const got = await call(emulator(), "GET", `/v2/replicas/${id}`);
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({ replica_id: id, status: "deleted" });
    expect((await call(emulator(), "GET", "/v2/replicas")).json.total_count).toBe(0);
    const rename = await call(emulator(), "PATCH", `/v2/replicas/${id}/name`, {
      body: { replica_name: "x" },
    });
    expect(rename.json).toEqual({ error: "Invalid replica_id" });
  });

  test("soft-deleted replicas cannot be used by conversations", async () => {
    const id = await trainedReplica(emulator());
    await call(emulator(), "DELETE", `/v2/replicas/${id}?hard=false`);
    const conversation = await call(emulator(), "POST", "/v2/conversations", {
      body: { replica_id: id },
    });
    expect(conversation.json).toEqual({ error: "Invalid replica_id" });
  });

  test("hard delete: 200, then GET answers 400 Invalid replica_id and the store no longer holds it", async () => {
    const id = await createReplica();
    expect((await call(emulator(), "DELETE", `/v2/replicas/${id}?hard=true`)).status).toBe(200);
    const got = await call(emulator(), "GET", `/v2/replicas/${id}`);
    expect(got.status).toBe(400);
    expect(got.json).toEqual({ error: "Invalid replica_id" });
    expect(
      emulator()
        .state()
        .replicas.map((r) => r.replica_id),
    ).not.toContain(id);
  });

  test("a soft-deleted replica can be hard-deleted later", async () => {
    const id = await createReplica();
    await call(emulator(), "DELETE", `/v2/replicas/${id}`);
    expect((await call(emulator(), "DELETE", `/v2/replicas/${id}?hard=true`)).status).toBe(200);
    expect((await call(emulator(), "GET", `/v2/replicas/${id}`)).status).toBe(400);
  });

  test("rejects a hard value that is neither true nor false, deleting nothing", async () => {
    const id = await createReplica();
    const deleted = await call(emulator(), "DELETE", `/v2/replicas/${id}?hard=yes`);
    expect(deleted.status).toBe(400);
    expect(deleted.json.error).toMatch(/hard/);
    expect((await call(emulator(), "GET", `/v2/replicas/${id}`)).json.status).not.toBe("deleted");
  });

  test("answers 400 Invalid replica_id for an unknown id", async () => {
    const deleted = await call(emulator(), "DELETE", "/v2/replicas/r00000000000?hard=true");
    expect(deleted.status).toBe(400);
    expect(deleted.json).toEqual({ error: "Invalid replica_id" });
  });
});

describe("replicaWriteStatus (docs 200, one client 204)", () => {
  test.each([200, 204] as const)("rename and DELETE answer %i with no body", async (status) => {
    emulator().settings.replicaWriteStatus = status;
    const id = await trainedReplica(emulator());
    const renamed = await call(emulator(), "PATCH", `/v2/replicas/${id}/name`, {
      body: { replica_name: "New" },
    });
    expect([renamed.status, renamed.text]).toEqual([status, ""]);
    const deleted = await call(emulator(), "DELETE", `/v2/replicas/${id}`);
    expect([deleted.status, deleted.text]).toEqual([status, ""]);
  });

  test("the default is the documented 200", async () => {
    expect(DEFAULT_SETTINGS.replicaWriteStatus).toBe(200);
  });
});
