/**
 * examples/widget through the real Pulumi CLI: a persona with the
 * `internetSearch` and `presentation` skills over two documents, published as
 * a password-protected widget Deployment. Deploy → no-op up → a changed
 * presentation prompt is one skill PATCH → dropping internetSearch is one skill
 * DELETE → an allowedOrigins change that meets a 412 is read again and retried
 * once → the stack export holds the password only encrypted → destroy empties
 * the account. The emulator's request log is the witness.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { cliBin, driftGate, exampleProject, logLines, type Cli } from "../harness/e2e";
import {
  expectOneSkillDelete,
  expectOneSkillPatch,
  expectPasswordOnlyEncrypted,
  expectWidgetCreated,
  expectWidgetDestroyed,
  type WidgetIds,
} from "../harness/widgetSteps";

const bin = cliBin("widget (skills, deployment) e2e");
const suite = bin ? describe : describe.skip;

// Every `up` compiles the TypeScript program and waits for the documents.
jest.setTimeout(240_000);

const PASSWORD = "widget-e2e-sesame-7c41b9";
const NEW_PROMPT = "Start with the price sheet, then walk the visitor through the deck.";
const NEW_ORIGINS = ["https://shop.example.com", "https://store.example.com"];
/** The example's allowedOrigins when config gives none. */
const DEFAULT_ORIGINS = ["https://shop.example.com", "https://www.shop.example.com"];

suite("examples/widget with the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  let cli: Cli;
  let ids: WidgetIds;
  let dir: string;

  const up = () => cli.run(["up", "--yes", "--skip-preview"]);

  beforeAll(async () => {
    // Processing takes 0.3 s instead of 2 s: the waits stay real, the suite short.
    emulator = await startEmulator({ documentProcessingMs: 300, strict: true });
    const project = exampleProject("widget", bin!, emulator);
    cli = project.cli;
    dir = project.dir;
    await project.init({}, { widgetPassword: PASSWORD });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  test("up creates the documents, the persona with its two skills, then the widget", async () => {
    emulator.clearRequests();
    const result = await up();
    ids = JSON.parse((await cli.run(["stack", "output", "--json"])).stdout) as WidgetIds;
    expectWidgetCreated(emulator, ids, result, { password: PASSWORD, origins: DEFAULT_ORIGINS });
  });

  test("a second up changes nothing and writes nothing; the drift gate is clean", async () => {
    emulator.clearRequests();
    const result = await up();
    expect(result.stdout).toMatch(/5 unchanged/);
    expect(logLines(emulator, { writesOnly: true })).toEqual([]);
    const gate = await driftGate(cli);
    expect(gate.stdout + gate.stderr).not.toMatch(/to update|to replace|to delete|to create/);
    expect(gate.code).toBe(0);
  });

  test("a changed presentation prompt is exactly one PATCH of that skill", async () => {
    await cli.run(["config", "set", "presentationPrompt", NEW_PROMPT]);
    emulator.clearRequests();
    expectOneSkillPatch(emulator, ids, await up(), NEW_PROMPT);
  });

  test("dropping internetSearch is exactly one DELETE of that skill", async () => {
    await cli.run(["config", "set", "withInternetSearch", "false"]);
    emulator.clearRequests();
    expectOneSkillDelete(emulator, ids, await up());
  });

  test("an allowedOrigins change meeting one 412 is read again and retried once, then succeeds", async () => {
    await cli.run(["config", "set", "allowedOrigins", JSON.stringify(NEW_ORIGINS)]);
    emulator.addFault({
      method: "PATCH",
      path: `/v2/deployments/${ids.deploymentId}`,
      kind: "status",
      status: 412,
      times: 1,
    });
    emulator.clearRequests();
    const result = await up();
    emulator.clearFaults();
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/1 updated/);
    expect(emulator.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `GET /v2/deployments/${ids.deploymentId} 200`,
      `PATCH /v2/deployments/${ids.deploymentId} 412`,
      `GET /v2/deployments/${ids.deploymentId} 200`,
      `PATCH /v2/deployments/${ids.deploymentId} 200`,
    ]);
    const patches = emulator.requests().filter((r) => r.method === "PATCH");
    expect(patches.map((r) => r.ifMatch)).toEqual([
      expect.stringMatching(/^".+"$/),
      expect.stringMatching(/^".+"$/),
    ]);
    // A set-like list is replaced whole; nothing else (no password) is sent.
    expect(patches[1]!.body).toEqual([
      { op: "replace", path: "/allowed_origins", value: NEW_ORIGINS },
    ]);
    expect(emulator.state().deployments[0]!.allowed_origins).toEqual(NEW_ORIGINS);
  });

  test("the stack export holds the widget password only encrypted; no file of the project holds it", async () => {
    await expectPasswordOnlyEncrypted(cli, dir, PASSWORD);
  });

  test("destroy deletes the widget, the persona and the documents: an empty account", async () => {
    emulator.clearRequests();
    const result = await cli.run(["destroy", "--yes", "--skip-preview"]);
    await expectWidgetDestroyed(emulator, ids, result);
  });
});
