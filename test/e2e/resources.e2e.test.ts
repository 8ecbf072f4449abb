/**
 * The replica and conversation examples, as TypeScript, through the real Pulumi
 * CLI, with the hard-delete flag set per resource and as the stack default.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { cliBin, exampleProject, logLines } from "../harness/e2e";

const bin = cliBin("replica/conversation e2e");
const suite = bin ? describe : describe.skip;

suite("examples/replica and examples/conversation with the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ strict: true, replicaTrainingMs: 500 });
  });
  afterAll(() => emulator?.close());

  test("replica: up waits for training; a rename is one PATCH; destroy sends hard=true when configured", async () => {
    const { cli, init } = exampleProject("replica", bin!, emulator);
    await init({ hardDelete: "true" });
    emulator.clearRequests();
    const up = await cli.run(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/status\s*: "completed"/);
    const id = JSON.parse(
      (await cli.run(["stack", "output", "replicaId", "--json"])).stdout,
    ) as string;
    expect(logLines(emulator)[0]).toBe("POST /v2/replicas");

    await cli.run(["config", "set", "replicaName", "Rio the Second"]);
    emulator.clearRequests();
    await cli.run(["up", "--yes", "--skip-preview"]);
    expect(logLines(emulator, { writesOnly: true })).toEqual([`PATCH /v2/replicas/${id}/name`]);

    emulator.clearRequests();
    await cli.run(["destroy", "--yes", "--skip-preview"]);
    expect(logLines(emulator)).toEqual([`DELETE /v2/replicas/${id}?hard=true`]);
  });

  test("conversation: persona + test-mode conversation; destroy uses the stack-wide tavus:hardDelete", async () => {
    const { cli, init } = exampleProject("conversation", bin!, emulator);
    await init({ "tavus:hardDelete": "true" });
    emulator.clearRequests();
    await cli.run(["up", "--yes", "--skip-preview"]);
    const writes = logLines(emulator, { writesOnly: true });
    expect(writes).toEqual(["POST /v2/personas", "POST /v2/conversations"]);
    const conversation = emulator.state().conversations.at(-1)!;
    expect(conversation.status).toBe("ended");

    const exported = await cli.run(["stack", "export"]);
    expect(exported.stdout).not.toContain(emulator.apiKey);
    const token = JSON.parse(exported.stdout).deployment.resources.find((r: { type: string }) =>
      r.type.endsWith("tavus:Conversation"),
    ).outputs.meetingToken;
    expect(JSON.stringify(token)).toMatch(/4dabf18193072939515e22adb298388d/); // a Pulumi secret

    emulator.clearRequests();
    await cli.run(["destroy", "--yes", "--skip-preview"]);
    const id = conversation.conversation_id;
    expect(logLines(emulator, { writesOnly: true })).toEqual(
      expect.arrayContaining([`DELETE /v2/conversations/${id}?hard=true`]),
    );
    expect(logLines(emulator, { writesOnly: true })).not.toContain(
      `POST /v2/conversations/${id}/end`,
    ); // test mode: already ended
  });
});
