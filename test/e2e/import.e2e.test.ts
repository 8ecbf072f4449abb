/**
 * `pulumi import` through the plugin `pulumi-resource-tavus` of the packed
 * package and the real CLI (issue #16): objects made by hand are taken into
 * a stack with reads only, the code the CLI generates for a YAML project
 * previews with no changes once pasted, no secret lands in state in plain
 * text, and a stack of dynamic resources moves to plugin resources by
 * `pulumi state delete` + `pulumi import` without a single write.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { byHand } from "../harness/byHand";
import {
  exampleProject,
  logLines,
  pluginProject,
  writePluginProgram,
  yamlCliBin,
} from "../harness/e2e";

const bin = yamlCliBin("pulumi import e2e");
const suite = bin ? describe : describe.skip;

/** The LLM key of the hand-made persona: imported, it must be encrypted in state. */
const HAND_KEY = "sk-hand-made-7f3a91";
/** The password of the hand-made widget: Get never shows it; given again, it stays encrypted. */
const HAND_PASSWORD = "hand-made-widget-pass-42c9";

suite("pulumi import through pulumi-resource-tavus", () => {
  let emulator: RunningEmulator;
  let personaId: string;
  let guardrailId: string;

  /** An object made by hand, as someone in the dashboard would. */
  async function madeByHand(route: string, body: object): Promise<Record<string, string>> {
    const made = await byHand(emulator, "POST", route, body);
    expect(made.status).toBeLessThan(300);
    return made.body as Record<string, string>;
  }

  beforeAll(async () => {
    emulator = await startEmulator({ strict: true });
    personaId = (
      await madeByHand("/v2/personas", {
        persona_name: "Front desk",
        system_prompt: "You greet visitors.",
        layers: { llm: { model: "tavus-gpt-oss", api_key: HAND_KEY } },
      })
    ).persona_id!;
    guardrailId = (
      await madeByHand("/v2/guardrails", {
        guardrail_name: "no_prices",
        guardrail_prompt: "Never quote prices.",
      })
    ).uuid!;
  });
  afterAll(async () => {
    await emulator?.close();
  });

  test("a YAML project imports a hand-made persona and guardrail with reads only; the generated code, pasted, previews with no changes", async () => {
    const project = pluginProject("import-yaml", "yaml", bin!, emulator);
    await project.init();
    const { cli, dir } = project;

    emulator.clearRequests();
    await cli.run([
      "import",
      "tavus:index:Persona",
      "frontDesk",
      personaId,
      "--yes",
      "--out",
      "persona.yaml",
    ]);
    await cli.run([
      "import",
      "tavus:index:Guardrail",
      "noPrices",
      guardrailId,
      "--yes",
      "--out",
      "guardrail.yaml",
    ]);
    // Import reads; it never writes.
    expect(logLines(emulator, { writesOnly: true })).toEqual([]);
    expect(logLines(emulator)).toEqual(
      expect.arrayContaining([
        `GET /v2/personas/${personaId}`,
        `GET /v2/guardrails/${guardrailId}`,
      ]),
    );

    // The imported LLM key is encrypted in state (no program ran to mark it: the plugin did).
    const exported = (await cli.run(["stack", "export"])).stdout;
    expect(exported).not.toContain(HAND_KEY);
    const persona = JSON.parse(exported).deployment.resources.find(
      (r: { type: string }) => r.type === "tavus:index:Persona",
    );
    expect(persona.id).toBe(personaId);
    expect(Object.keys(persona.inputs.layerSecrets)).toContain("ciphertext");

    // Paste the generated resources into the program, as the CLI's message suggests.
    const generated = {
      ...(parse(fs.readFileSync(path.join(dir, "persona.yaml"), "utf8")).resources as object),
      ...(parse(fs.readFileSync(path.join(dir, "guardrail.yaml"), "utf8")).resources as object),
    } as Record<string, { type: string; properties: Record<string, unknown> }>;
    expect(generated.frontDesk!.properties).toMatchObject({
      personaName: "Front desk",
      systemPrompt: "You greet visitors.",
      layers: { llm: { model: "tavus-gpt-oss" } },
    });
    expect(generated.noPrices!.properties).toMatchObject({
      guardrailName: "no_prices",
      guardrailPrompt: "Never quote prices.",
    });
    writePluginProgram(dir, "yaml", generated);
    emulator.clearRequests();
    const preview = await cli.run(["preview", "--expect-no-changes"], { allowFailure: true });
    expect(preview.stdout + preview.stderr).toMatch(/3 unchanged/);
    expect(preview.code).toBe(0);

    // The key belongs in secret config, not in the code: moved there, still no change.
    await cli.run(["config", "set", "--secret", "frontDeskLlmKey", HAND_KEY]);
    const layerSecrets = generated.frontDesk!.properties.layerSecrets as {
      llm: { apiKey: unknown };
    };
    expect(layerSecrets.llm.apiKey).toBe(HAND_KEY); // what the CLI generated, before moving it
    layerSecrets.llm.apiKey = "${frontDeskLlmKey}";
    writePluginProgram(dir, "yaml", generated);
    const again = await cli.run(["preview", "--expect-no-changes"], { allowFailure: true });
    expect(again.code).toBe(0);
    expect(logLines(emulator, { writesOnly: true })).toEqual([]);
  });

  test("every kind imports with reads only, and the generated program previews with no changes", async () => {
    const STOCK_REPLICA = "rf4703150052";
    const made: Array<[token: string, name: string, id: string]> = [
      ["Persona", "frontDesk", personaId],
      ["Guardrail", "noPrices", guardrailId],
      [
        "Objectives",
        "intake",
        (
          await madeByHand("/v2/objectives", {
            data: [{ objective_name: "greet", objective_prompt: "Greet the visitor." }],
          })
        ).objectives_id!,
      ],
      [
        "GuardrailSet",
        "compliance",
        (
          await madeByHand("/v2/guardrails", {
            name: "Compliance",
            data: [{ guardrail_name: "no_pricing", guardrail_prompt: "Never quote prices." }],
          })
        ).guardrails_id!,
      ],
      [
        "PronunciationDictionary",
        "brand",
        (
          await madeByHand("/v2/pronunciation-dictionaries", {
            name: "Brand names",
            rules: [{ text: "Tavus", pronunciation: "TAH-vus", type: "alias" }],
          })
        ).pronunciation_dictionary_id!,
      ],
      [
        "Document",
        "guide",
        (
          await madeByHand("/v2/documents", {
            document_url: "https://example.com/guide.pdf",
            document_name: "Guide",
          })
        ).document_id!,
      ],
      [
        "Tool",
        "lookupOrder",
        (
          await madeByHand("/v2/tools", {
            name: "lookup_order",
            description: "Looks up an order.",
            parameters: { type: "object", properties: { id: { type: "string" } } },
            delivery: { api: { url: "https://example.com/orders" } },
          })
        ).tool_id!,
      ],
      [
        "Replica",
        "me",
        (
          await madeByHand("/v2/replicas", {
            train_video_url: "https://example.com/train.mp4",
            replica_name: "Me",
          })
        ).replica_id!,
      ],
      [
        "MemoryStore",
        "classOne",
        (
          await madeByHand("/v2/memory-stores", {
            pal_id: personaId,
            participant_tag: "class-1",
            pinned_memories: ["Class meets on Mondays."],
          })
        ).memory_store_id!,
      ],
      [
        "Deployment",
        "siteWidget",
        (
          await madeByHand("/v2/deployments", {
            pal_id: personaId,
            channel: "widget",
            name: "Site widget",
            allowed_origins: ["https://example.com"],
          })
        ).deployment_id!,
      ],
      [
        "Conversation",
        "demo",
        (
          await madeByHand("/v2/conversations", {
            replica_id: STOCK_REPLICA,
            persona_id: personaId,
          })
        ).conversation_id!,
      ],
    ];
    const project = pluginProject("import-all", "yaml", bin!, emulator);
    await project.init();
    emulator.clearRequests();
    const generated: Record<string, unknown> = {};
    for (const [kind, name, id] of made) {
      const out = `${name}.yaml`;
      await project.cli.run(["import", `tavus:index:${kind}`, name, id, "--yes", "--out", out]);
      Object.assign(
        generated,
        parse(fs.readFileSync(path.join(project.dir, out), "utf8")).resources,
      );
    }
    expect(logLines(emulator, { writesOnly: true })).toEqual([]);
    const { deployment } = await project.cli.exportStack(project.stack);
    expect(
      made.map(([kind, name]) => [
        name,
        deployment.resources.find((r) => r.urn.endsWith(`tavus:index:${kind}::${name}`))?.id,
      ]),
    ).toEqual(made.map(([, name, id]) => [name, id]));

    writePluginProgram(project.dir, "yaml", generated);
    const preview = await project.cli.run(["preview", "--expect-no-changes", "--diff"], {
      allowFailure: true,
    });
    expect({ code: preview.code, out: preview.stdout + preview.stderr }).toMatchObject({ code: 0 });
    expect(logLines(emulator, { writesOnly: true })).toEqual([]);
  });

  test("a hand-made password-protected widget imports with reads only; pasted, it previews with no changes; its password, then given from secret config, is sent once and stays encrypted", async () => {
    const made = await madeByHand("/v2/deployments", {
      pal_id: personaId,
      channel: "widget",
      name: "Lobby widget",
      customization: { primary_color: "#0a7d5a", welcome_text: "Hello!" },
      limits: { max_daily_conversations: 40 },
      allowed_origins: ["https://clinic.example.com"],
      password: HAND_PASSWORD,
    });
    const deploymentId = made.deployment_id!;
    const project = pluginProject("import-deployment", "yaml", bin!, emulator);
    await project.init();
    const { cli, dir } = project;

    emulator.clearRequests();
    await cli.run([
      "import",
      "tavus:index:Deployment",
      "lobbyWidget",
      deploymentId,
      "--yes",
      "--out",
      "widget.yaml",
      // Without a preview pass first: one Read, so the log shows exactly one GET.
      "--skip-preview",
    ]);
    // Reads only: the deployment, nothing else, no write.
    expect(logLines(emulator)).toEqual([`GET /v2/deployments/${deploymentId}`]);

    const imported = (await cli.exportStack(project.stack)).deployment.resources.find(
      (r) => r.type === "tavus:index:Deployment",
    )!;
    expect(imported.id).toBe(deploymentId);
    // Get shows whether it has a password, never the password: nothing to store.
    expect(imported.outputs).toMatchObject({ hasPassword: true, palId: personaId });
    expect(imported.outputs).not.toHaveProperty("password");

    const generated = parse(fs.readFileSync(path.join(dir, "widget.yaml"), "utf8"))
      .resources as Record<string, { type: string; properties: Record<string, unknown> }>;
    expect(generated.lobbyWidget!.properties).toEqual({
      palId: personaId,
      channel: "widget",
      name: "Lobby widget",
      customization: { primary_color: "#0a7d5a", welcome_text: "Hello!" },
      limits: { max_daily_conversations: 40 },
      allowedOrigins: ["https://clinic.example.com"],
    });
    writePluginProgram(dir, "yaml", generated);
    emulator.clearRequests();
    const preview = await cli.run(["preview", "--expect-no-changes"], { allowFailure: true });
    expect(preview.stdout + preview.stderr).toMatch(/2 unchanged/);
    expect(preview.code).toBe(0);
    expect(logLines(emulator, { writesOnly: true })).toEqual([]);

    // The program now owns the password too, from secret config.
    await cli.run(["config", "set", "--secret", "widgetPassword", HAND_PASSWORD]);
    generated.lobbyWidget!.properties.password = "${widgetPassword}";
    writePluginProgram(dir, "yaml", generated, {
      config: { widgetPassword: { type: "string", secret: true } },
    });
    emulator.clearRequests();
    const up = await cli.run(["up", "--yes", "--skip-preview"]);
    expect(up.stdout + up.stderr).not.toContain(HAND_PASSWORD);
    expect(logLines(emulator)).toEqual([
      `GET /v2/deployments/${deploymentId}`,
      `PATCH /v2/deployments/${deploymentId}`,
    ]);
    expect(emulator.requests()[1]!.ifMatch).toMatch(/^".+"$/);
    // Get never shows a password: the program's one is sent, nothing else. It is the one
    // already set, so the emulator answers 304 (nothing changed), as for other groups.
    expect(emulator.requests()[1]!).toMatchObject({
      status: 304,
      body: [{ op: "add", path: "/password", value: "[redacted]" }],
    });
    expect(
      emulator.state().deployments.find((d) => d.deployment_id === deploymentId),
    ).toMatchObject({ password: HAND_PASSWORD, allowed_origins: ["https://clinic.example.com"] });
    emulator.clearRequests();
    const again = await cli.run(["up", "--yes", "--skip-preview"]);
    expect(again.stdout).toMatch(/2 unchanged/);
    expect(logLines(emulator, { writesOnly: true })).toEqual([]);
    expect((await cli.run(["stack", "export"])).stdout).not.toContain(HAND_PASSWORD);
  });

  test("a Node.js project imports with --generate-code=false (this project's Node host generates no code)", async () => {
    const project = pluginProject("import-node", "nodejs", bin!, emulator);
    await project.init();
    emulator.clearRequests();
    await project.cli.run([
      "import",
      "tavus:index:Guardrail",
      "noPrices",
      guardrailId,
      "--yes",
      "--generate-code=false",
    ]);
    expect(logLines(emulator, { writesOnly: true })).toEqual([]);
    const { deployment } = await project.cli.exportStack(project.stack);
    expect(deployment.resources.find((r) => r.type === "tavus:index:Guardrail")?.id).toBe(
      guardrailId,
    );
  });

  test("a stack of dynamic resources moves to plugin resources: state delete, then import; no write, same persona", async () => {
    // A TypeScript program deploys the persona as a dynamic resource.
    const node = exampleProject("persona", bin!, emulator);
    await node.init({}, { llmApiKey: "sk-example-llm-0042" });
    await node.cli.run(["up", "--yes", "--skip-preview"]);
    const { deployment } = await node.cli.exportStack(node.stack);
    const dynamic = deployment.resources.find(
      (r) => r.type === "pulumi-nodejs:dynamic/tavus:Persona",
    )!;

    // The stack forgets it (nothing is deleted in Tavus)…
    emulator.clearRequests();
    await node.cli.run(["state", "delete", dynamic.urn, "--yes"]);
    expect(logLines(emulator)).toEqual([]);

    // …and a YAML project imports it as a plugin resource.
    const yaml = pluginProject("import-move", "yaml", bin!, emulator);
    await yaml.init();
    await yaml.cli.run([
      "import",
      "tavus:index:Persona",
      "coach",
      dynamic.id!,
      "--yes",
      "--out",
      "coach.yaml",
    ]);
    writePluginProgram(
      yaml.dir,
      "yaml",
      parse(fs.readFileSync(path.join(yaml.dir, "coach.yaml"), "utf8")).resources,
    );
    const preview = await yaml.cli.run(["preview", "--expect-no-changes"], { allowFailure: true });
    expect(preview.code).toBe(0);
    expect(logLines(emulator, { writesOnly: true })).toEqual([]);
    expect(emulator.state().personas.filter((p) => p.persona_id === dynamic.id)).toHaveLength(1);
    expect((await yaml.cli.run(["stack", "export"])).stdout).not.toContain("sk-example-llm-0042");
  });
});
