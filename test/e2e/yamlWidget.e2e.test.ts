/**
 * What examples/widget does in TypeScript, as a Pulumi YAML program through the
 * packed package's plugin `pulumi-resource-tavus` (issue #23): a persona with
 * two skills (a presentation over two documents, internet search) published as
 * a widget Deployment whose password comes from secret config. Deploy → no-op
 * up (0 writes) → an allowedOrigins change is GET + one If-Match PATCH → a
 * changed presentation prompt is one PATCH of that skill → dropping
 * internetSearch is one DELETE of that skill → the stack export holds the
 * password only encrypted → destroy empties the account. The emulator's
 * request log is the witness; the program is rewritten between steps, as a
 * user edits Pulumi.yaml.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { driftGate, logLines, pluginProject, writePluginProgram, yamlCliBin } from "../harness/e2e";
import {
  expectOneSkillDelete,
  expectOneSkillPatch,
  expectPasswordOnlyEncrypted,
  expectWidgetCreated,
  expectWidgetDestroyed,
  liveSkills,
  type WidgetIds,
} from "../harness/widgetSteps";

const bin = yamlCliBin("Pulumi YAML widget (skills, deployment) e2e");
const suite = bin ? describe : describe.skip;

const PASSWORD = "yaml-widget-sesame-5e08d2";
const FIRST_PROMPT = "Walk the visitor through the deck, then the price sheet.";
const NEW_PROMPT = "Start with the price sheet, then walk the visitor through the deck.";
const FIRST_ORIGINS = ["https://shop.example.com"];
const NEW_ORIGINS = ["https://shop.example.com", "https://store.example.com"];

/** What the program may vary between steps. */
interface Program {
  prompt: string;
  origins: string[];
  internetSearch: boolean;
}

/** The YAML program's resources: two documents, the persona with its skills, the widget. */
function resources({ prompt, origins, internetSearch }: Program): Record<string, unknown> {
  const document = (name: string, file: string) => ({
    type: "tavus:index:Document",
    properties: {
      documentUrl: `https://shop.example.com/files/${file}`,
      documentName: name,
      waitForReady: true,
    },
  });
  return {
    deck: document("Product deck", "product-deck.pdf"),
    prices: document("Price sheet", "price-sheet.pdf"),
    guide: {
      type: "tavus:index:Persona",
      properties: {
        personaName: "Product guide",
        systemPrompt: "You are the product guide of a small shop.",
        skills: {
          ...(internetSearch ? { internetSearch: {} } : {}),
          presentation: {
            documentIds: ["${deck.id}", "${prices.id}"],
            slidesTrigger: "walk_the_deck",
            prompt,
          },
        },
      },
    },
    widget: {
      type: "tavus:index:Deployment",
      properties: {
        palId: "${guide.id}",
        channel: "widget",
        name: "Shop widget",
        allowedOrigins: origins,
        password: "${widgetPassword}",
      },
    },
  };
}

const DECLARATIONS = {
  config: { widgetPassword: { type: "string", secret: true } },
  outputs: {
    personaId: "${guide.personaId}",
    deploymentId: "${widget.deploymentId}",
    hasPassword: "${widget.hasPassword}",
    documentIds: ["${deck.documentId}", "${prices.documentId}"],
  },
};

suite("a persona with two skills and a widget, as a Pulumi YAML program", () => {
  let emulator: RunningEmulator;
  let project: ReturnType<typeof pluginProject>;
  let ids: WidgetIds;
  const program: Program = { prompt: FIRST_PROMPT, origins: FIRST_ORIGINS, internetSearch: true };

  const up = () => project.cli.run(["up", "--yes", "--skip-preview"]);
  /** Rewrites Pulumi.yaml with `change` applied, as a user edits the program. */
  const edit = (change: Partial<Program>) => {
    Object.assign(program, change);
    writePluginProgram(project.dir, "yaml", resources(program), DECLARATIONS);
  };

  beforeAll(async () => {
    // Processing takes 0.3 s instead of 2 s: the waits stay real, the suite short.
    emulator = await startEmulator({ documentProcessingMs: 300, strict: true });
    project = pluginProject("yaml-widget", "yaml", bin!, emulator);
    edit({});
    await project.init({}, { widgetPassword: PASSWORD });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  test("up creates the documents, the persona with its two skills, then the widget with its password", async () => {
    emulator.clearRequests();
    const result = await up();
    ids = JSON.parse((await project.cli.run(["stack", "output", "--json"])).stdout) as WidgetIds;
    expectWidgetCreated(emulator, ids, result, { password: PASSWORD, origins: FIRST_ORIGINS });
    expect(liveSkills(emulator, ids).presentation!.config).toMatchObject({ prompt: FIRST_PROMPT });
  });

  test("a second up changes nothing and writes nothing; the drift gate is clean", async () => {
    emulator.clearRequests();
    const result = await up();
    expect(result.stdout).toMatch(/5 unchanged/);
    expect(logLines(emulator, { writesOnly: true })).toEqual([]);
    const gate = await driftGate(project.cli);
    expect(gate.stdout + gate.stderr).not.toMatch(/to update|to replace|to delete|to create/);
    expect(gate.code).toBe(0);
  });

  test("an allowedOrigins change is exactly GET + one PATCH with If-Match", async () => {
    edit({ origins: NEW_ORIGINS });
    emulator.clearRequests();
    const result = await up();
    expect(result.stdout).toMatch(/1 updated/);
    expect(logLines(emulator)).toEqual([
      `GET /v2/deployments/${ids.deploymentId}`,
      `PATCH /v2/deployments/${ids.deploymentId}`,
    ]);
    const patch = emulator.requests()[1]!;
    expect(patch.status).toBe(200);
    expect(patch.ifMatch).toMatch(/^".+"$/);
    // A set-like list is replaced whole; nothing else (no password) is sent.
    expect(patch.body).toEqual([{ op: "replace", path: "/allowed_origins", value: NEW_ORIGINS }]);
    expect(emulator.state().deployments[0]!.allowed_origins).toEqual(NEW_ORIGINS);
  });

  test("a changed presentation prompt is exactly one PATCH of that skill", async () => {
    edit({ prompt: NEW_PROMPT });
    emulator.clearRequests();
    expectOneSkillPatch(emulator, ids, await up(), NEW_PROMPT);
  });

  test("dropping internetSearch is exactly one DELETE of that skill", async () => {
    edit({ internetSearch: false });
    emulator.clearRequests();
    expectOneSkillDelete(emulator, ids, await up());
  });

  test("the stack export holds the widget password only encrypted, and no file of the project holds it", async () => {
    await expectPasswordOnlyEncrypted(project.cli, project.dir, PASSWORD);
  });

  test("destroy deletes the widget, the persona and the documents: an empty account", async () => {
    emulator.clearRequests();
    const result = await project.cli.run(["destroy", "--yes", "--skip-preview"]);
    await expectWidgetDestroyed(emulator, ids, result);
  });
});
