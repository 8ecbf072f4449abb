/**
 * examples/widget through the real Pulumi CLI: a persona with the
 * `internetSearch` and `presentation` skills over two documents, published as
 * a password-protected widget Deployment. Deploy → no-op up → a changed
 * presentation prompt is one skill PATCH → dropping internetSearch is one skill
 * DELETE → an allowedOrigins change that meets a 412 is read again and retried
 * once → the stack export holds the password only encrypted → destroy empties
 * the account. The emulator's request log is the witness.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { cliBin, driftGate, exampleProject, logLines, type Cli } from "../harness/e2e";

const bin = cliBin("widget (skills, deployment) e2e");
const suite = bin ? describe : describe.skip;

// Every `up` compiles the TypeScript program and waits for the documents.
jest.setTimeout(240_000);

const PASSWORD = "widget-e2e-sesame-7c41b9";
const NEW_PROMPT = "Start with the price sheet, then walk the visitor through the deck.";
const NEW_ORIGINS = ["https://shop.example.com", "https://store.example.com"];

interface Ids {
  personaId: string;
  documentIds: string[];
  deploymentId: string;
  hasPassword: boolean;
}

suite("examples/widget with the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  let cli: Cli;
  let ids: Ids;
  let dir: string;

  const up = () => cli.run(["up", "--yes", "--skip-preview"]);
  const liveSkills = () =>
    emulator.state().palSkills?.find((p) => p.pal_id === ids.personaId)?.skills ?? {};

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
    expect(result.stdout).toMatch(/5 created/); // four resources and the stack
    ids = JSON.parse((await cli.run(["stack", "output", "--json"])).stdout) as Ids;
    expect(ids.hasPassword).toBe(true);

    const writes = logLines(emulator, { writesOnly: true });
    expect([...writes].sort()).toEqual(
      [
        "POST /v2/documents",
        "POST /v2/documents",
        "POST /v2/personas",
        `PUT /v2/pals/${ids.personaId}/skills/internet_search`,
        `PUT /v2/pals/${ids.personaId}/skills/presentation`,
        "POST /v2/deployments",
      ].sort(),
    );
    // The persona waits for its documents, its skills for it, and the widget for it.
    expect(writes.slice(0, 3)).toEqual([
      "POST /v2/documents",
      "POST /v2/documents",
      "POST /v2/personas",
    ]);
    expect(writes.at(-1)).toBe("POST /v2/deployments");
    expect(emulator.requests().filter((r) => r.status >= 400)).toEqual([]);

    expect(Object.keys(liveSkills()).sort()).toEqual(["internet_search", "presentation"]);
    const deployments = emulator.state().deployments;
    expect(deployments.map((d) => [d.pal_id, d.channel, d.password])).toEqual([
      [ids.personaId, "widget", PASSWORD],
    ]);
    expect(JSON.stringify(emulator.requests())).not.toContain(PASSWORD);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
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
    const result = await up();
    expect(result.stdout).toMatch(/1 updated/);
    expect(logLines(emulator, { writesOnly: true })).toEqual([
      `PATCH /v2/pals/${ids.personaId}/skills/presentation`,
    ]);
    const patch = emulator.requests().find((r) => r.method === "PATCH")!;
    expect(patch.status).toBe(200);
    expect(JSON.stringify(patch.body)).toContain(NEW_PROMPT);
    expect(JSON.stringify(liveSkills().presentation)).toContain(NEW_PROMPT);
    expect(Object.keys(liveSkills()).sort()).toEqual(["internet_search", "presentation"]);
  });

  test("dropping internetSearch is exactly one DELETE of that skill", async () => {
    await cli.run(["config", "set", "withInternetSearch", "false"]);
    emulator.clearRequests();
    const result = await up();
    expect(result.stdout).toMatch(/1 updated/);
    expect(logLines(emulator, { writesOnly: true })).toEqual([
      `DELETE /v2/pals/${ids.personaId}/skills/internet_search`,
    ]);
    expect(emulator.requests().filter((r) => r.status >= 400)).toEqual([]);
    expect(Object.keys(liveSkills())).toEqual(["presentation"]);
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

  test("the stack export holds the widget password only encrypted", async () => {
    const exported = (await cli.run(["stack", "export"])).stdout;
    expect(exported).not.toContain(PASSWORD);
    const state = JSON.parse(exported) as {
      deployment: { resources: Array<{ type: string; outputs?: Record<string, unknown> }> };
    };
    const widget = state.deployment.resources.find((r) => r.type.endsWith("tavus:Deployment"))!;
    expect(widget.outputs!.password).toMatchObject({
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      ciphertext: expect.any(String),
    });
    // Nowhere in the project either: config, state, backups, history.
    for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile()) continue;
      const text = fs.readFileSync(path.join(entry.parentPath, entry.name), "utf8");
      expect(text).not.toContain(PASSWORD);
    }
  });

  test("destroy deletes the widget, the persona and the documents: an empty account", async () => {
    emulator.clearRequests();
    const result = await cli.run(["destroy", "--yes", "--skip-preview"]);
    expect(result.stdout).toMatch(/5 deleted/);
    const deletes = logLines(emulator);
    expect(deletes.slice(0, 2)).toEqual([
      `DELETE /v2/deployments/${ids.deploymentId}`,
      `DELETE /v2/personas/${ids.personaId}`,
    ]);
    expect([...deletes.slice(2)].sort()).toEqual(
      ids.documentIds.map((id) => `DELETE /v2/documents/${id}`).sort(),
    );
    expect(emulator.requests().every((r) => r.status === 204 || r.status === 200)).toBe(true);

    const state = emulator.state();
    expect(state.deployments).toEqual([]);
    expect(state.personas.filter((p) => p.persona_type !== "system")).toEqual([]);
    expect(state.documents).toEqual([]);
    // The skills went with their persona: the API no longer knows the PAL. (The
    // emulator's store keeps the deleted PAL's skill map, out of reach of every route.)
    const skills = await fetch(`${emulator.url}/v2/pals/${ids.personaId}/skills`, {
      headers: { "x-api-key": emulator.apiKey },
    });
    expect(skills.status).toBe(404);
  });
});
