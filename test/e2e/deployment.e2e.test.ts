/**
 * A persona published as a website widget with a password from secret config,
 * through the real Pulumi CLI against the emulator (issue #23): deploy → no-op
 * up (no writes) → two visitors start conversations through the public
 * `start` endpoint, and the drift gate stays clean (counters never drift) →
 * an allowedOrigins change is one GET and one PATCH with If-Match → the stack
 * export holds the password only encrypted → destroy empties the account.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { cliBin, driftGate, logLines, projectFrom, type Cli } from "../harness/e2e";

const bin = cliBin("deployment e2e");
const suite = bin ? describe : describe.skip;

const PASSWORD = "widget-sesame-0123456789";

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { Deployment, Persona } from "pulumi-tavus";

const config = new pulumi.Config();
const pal = new Persona("front-desk", {
  personaName: "Front desk",
  systemPrompt: "Greet visitors to the website.",
});
const widget = new Deployment("site-widget", {
  pal,
  channel: "widget",
  name: "Site widget",
  customization: { primary_color: "#112233" },
  allowedOrigins: config.requireObject<string[]>("origins"),
  password: config.requireSecret("widgetPassword"),
});
export const personaId = pal.id;
export const deploymentId = widget.id;
`;

suite("a persona's website widget with the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  let cli: Cli;
  let ids: { personaId: string; deploymentId: string };

  beforeAll(async () => {
    emulator = await startEmulator({ strict: true });
    const project = projectFrom("deployment", ["examples/account/tsconfig.json"], bin!, emulator);
    fs.writeFileSync(
      path.join(project.dir, "Pulumi.yaml"),
      "name: tavus-deployment-e2e\nruntime: nodejs\n",
    );
    fs.writeFileSync(path.join(project.dir, "index.ts"), PROGRAM);
    cli = project.cli;
    await project.init(
      { origins: JSON.stringify(["https://example.com"]) },
      { widgetPassword: PASSWORD },
    );
  });
  afterAll(async () => {
    await emulator?.close();
  });

  test("up creates the persona, then the widget with its password", async () => {
    emulator.clearRequests();
    const up = await cli.run(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/3 created/);
    ids = JSON.parse((await cli.run(["stack", "output", "--json"])).stdout) as typeof ids;
    const writes = logLines(emulator, { writesOnly: true });
    expect(writes).toEqual(["POST /v2/personas", "POST /v2/deployments"]);
    const live = emulator.state().deployments;
    expect(live.map((d) => [d.pal_id, d.channel, d.password])).toEqual([
      [ids.personaId, "widget", PASSWORD],
    ]);
    expect(up.stdout + up.stderr).not.toContain(PASSWORD);
  });

  test("a second up changes nothing and writes nothing", async () => {
    emulator.clearRequests();
    const { stdout } = await cli.run(["up", "--yes", "--skip-preview"]);
    expect(stdout).toMatch(/3 unchanged/);
    expect(logLines(emulator, { writesOnly: true })).toEqual([]);
  });

  test("two visitors' conversations move the counters; the drift gate stays clean", async () => {
    for (let i = 0; i < 2; i++) {
      const started = await fetch(`${emulator.url}/v2/deployments/${ids.deploymentId}/start`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ password: PASSWORD }),
      });
      expect(started.status).toBe(200);
    }
    expect(emulator.state().deployments[0]).toMatchObject({ usage_total: 2, usage_today: 2 });
    const gate = await driftGate(cli);
    expect(gate.stdout + gate.stderr).not.toMatch(/to update|to replace/);
    expect(gate.code).toBe(0);
  });

  test("an allowedOrigins change is one GET and one PATCH with If-Match", async () => {
    await cli.run([
      "config",
      "set",
      "origins",
      JSON.stringify(["https://example.com", "https://shop.example.com"]),
    ]);
    emulator.clearRequests();
    const up = await cli.run(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/1 updated/);
    expect(logLines(emulator)).toEqual([
      `GET /v2/deployments/${ids.deploymentId}`,
      `PATCH /v2/deployments/${ids.deploymentId}`,
    ]);
    const patch = emulator.requests()[1]!;
    expect(patch.ifMatch).toMatch(/^".+"$/);
    // A set-like list is replaced whole; nothing else (no password) is sent.
    expect(patch.body).toEqual([
      {
        op: "replace",
        path: "/allowed_origins",
        value: ["https://example.com", "https://shop.example.com"],
      },
    ]);
  });

  test("the stack export holds the password only encrypted", async () => {
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
  });

  test("destroy deletes the widget, then the persona, and leaves an empty account", async () => {
    emulator.clearRequests();
    const destroy = await cli.run(["destroy", "--yes", "--skip-preview"]);
    expect(destroy.stdout).toMatch(/3 deleted/);
    expect(logLines(emulator)).toEqual([
      `DELETE /v2/deployments/${ids.deploymentId}`,
      `DELETE /v2/personas/${ids.personaId}`,
    ]);
    expect(emulator.state().deployments).toEqual([]);
    expect(emulator.state().personas.filter((p) => p.persona_type !== "system")).toEqual([]);
  });
});
