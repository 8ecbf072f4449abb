/**
 * Pulumi YAML programs through the real Pulumi CLI and the YAML language host that
 * scripts/ensure-pulumi-cli.sh --with-yaml builds beside it (issue #16): first the
 * host alone, then examples/yaml-account through the packed package's plugin
 * `pulumi-resource-tavus`, with the emulator's request log as the witness
 * (deploy → no-op up → prompt change → drift gate → no secret in state → destroy).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import {
  driftGate,
  exampleProject,
  guardrailPromptDrift,
  linkInstalledPackage,
  logLines,
  pluginProject,
  systemPromptChange,
  writePluginProgram,
  yamlCliBin,
  type Cli,
} from "../harness/e2e";

const { PulumiCli } = require("../../scripts/lib/pulumiCli") as {
  PulumiCli: new (o: object) => Cli;
};

const bin = yamlCliBin("Pulumi YAML e2e");
const suite = bin ? describe : describe.skip;

suite("the YAML language host", () => {
  let dir: string;
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("runs a YAML program: up evaluates its config and outputs, a secret stays secret", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "yaml-host-"));
    // No resources: this proves the host alone (config, interpolation, secrets, outputs).
    fs.writeFileSync(
      path.join(dir, "Pulumi.yaml"),
      [
        "name: yaml-host",
        "runtime: yaml",
        "config:",
        "  greeting:",
        "    type: string",
        "  token:",
        "    type: string",
        "outputs:",
        "  message: ${greeting}, from YAML",
        "  token: ${token}",
        "",
      ].join("\n"),
    );
    const cli = new PulumiCli({ bin, projectDir: dir, stateDir: path.join(dir, ".state") });
    await cli.initStack("dev", { greeting: "hello" }, { token: "tok-1234-plaintext" });

    const up = await cli.run(["up", "--yes", "--skip-preview"]);
    // The engine found the host beside `pulumi`: no "using ... from $PATH" warning.
    expect(up.stdout + up.stderr).not.toMatch(/using pulumi-language-yaml from \$PATH/);
    const outputs = JSON.parse((await cli.run(["stack", "output", "--json"])).stdout) as Record<
      string,
      string
    >;
    expect(outputs).toEqual({ message: "hello, from YAML", token: "[secret]" });
    const revealed = JSON.parse(
      (await cli.run(["stack", "output", "token", "--show-secrets", "--json"])).stdout,
    ) as string;
    expect(revealed).toBe("tok-1234-plaintext");
    const exported = (await cli.run(["stack", "export"])).stdout;
    expect(exported).not.toContain("tok-1234-plaintext");
  });
});

interface Ids {
  personaId: string;
  objectivesId: string;
  guardrailId: string;
  pronunciationDictionaryId: string;
}

/** The LLM key the example puts in `layers.llm.apiKey`: it must reach Tavus and nowhere else. */
const LLM_KEY = "sk-llm-yaml-e2e-5d1c9b";
const GUARDRAIL_PROMPT = "Never give medical advice; offer an appointment with a doctor instead.";
const DEFAULT_PROMPT = "You are the friendly receptionist of a small clinic.";

suite("examples/yaml-account through pulumi-resource-tavus", () => {
  let emulator: RunningEmulator;
  let cli: Cli;
  let ids: Ids;

  const gate = () => driftGate(cli);
  const livePersona = () => emulator.state().personas.find((p) => p.persona_id === ids.personaId)!;

  beforeAll(async () => {
    emulator = await startEmulator({ strict: true });
    const project = exampleProject("yaml-account", bin!, emulator);
    // What `npm install` in the example gives a user: node_modules/.bin holding the
    // packed package's bins, which Pulumi.yaml names as the plugin's folder.
    linkInstalledPackage(project.dir);
    cli = project.cli;
    await project.init({}, { llmApiKey: LLM_KEY });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  test("preview of the empty stack checks every resource, ids still unknown, and writes nothing", async () => {
    emulator.clearRequests();
    const preview = await cli.run(["preview"]);
    expect(preview.stdout).toMatch(/5 to create/); // four resources and the stack
    expect(logLines(emulator, { writesOnly: true })).toEqual([]);
  });

  test("up creates the objectives, the guardrail and the dictionary, then the persona that points at them", async () => {
    emulator.clearRequests();
    const up = await cli.run(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/5 created/); // four resources and the stack
    // The plugin came from the folder Pulumi.yaml names, not from PATH or a download.
    expect(up.stdout + up.stderr).not.toMatch(/from \$PATH|plugin download/i);
    ids = JSON.parse((await cli.run(["stack", "output", "--json"])).stdout) as Ids;

    const posts = logLines(emulator, { writesOnly: true });
    expect([...posts].sort()).toEqual(
      [
        "POST /v2/objectives",
        "POST /v2/guardrails",
        "POST /v2/pronunciation-dictionaries",
        "POST /v2/personas",
      ].sort(),
    );
    expect(posts[posts.length - 1]).toBe("POST /v2/personas");
    // A read-back GET only where the POST answers part of the object (createAnswer).
    const gets = logLines(emulator).filter((line) => line.startsWith("GET "));
    expect(gets.sort()).toEqual(
      [`GET /v2/objectives/${ids.objectivesId}`, `GET /v2/personas/${ids.personaId}`].sort(),
    );

    const persona = livePersona();
    expect(persona.system_prompt).toBe(DEFAULT_PROMPT);
    expect(persona.objectives_id).toBe(ids.objectivesId);
    expect(persona.guardrail_ids).toEqual([ids.guardrailId]);
    expect(persona.layers?.tts?.pronunciation_dictionary_id).toBe(ids.pronunciationDictionaryId);
    // The secret config value reached Tavus as the LLM key.
    expect(persona.layers?.llm?.api_key).toBe(LLM_KEY);
    const state = emulator.state();
    expect(state.objectives.map((o) => o.data.map((item) => item.objective_name))).toEqual([
      ["ask_if_new_patient", "collect_details", "confirm_appointment"],
    ]);
    expect(state.guardrails.map((g) => g.guardrail_name)).toEqual(["no_medical_advice"]);
  });

  test("a second up changes nothing and writes nothing", async () => {
    emulator.clearRequests();
    const { stdout } = await cli.run(["up", "--yes", "--skip-preview"]);
    expect(stdout).toMatch(/5 unchanged/);
    expect(logLines(emulator, { writesOnly: true })).toEqual([]);
  });

  test("the drift gate passes right after the deploy (the dictionary's write-back is not drift)", async () => {
    const clean = await gate();
    expect(clean.stdout + clean.stderr).not.toMatch(/to update|to replace/);
    expect(clean.code).toBe(0);
  });

  test("changing the persona's systemPrompt sends one GET and one PATCH of that persona, nothing else", async () => {
    await systemPromptChange(
      emulator,
      cli,
      ids.personaId,
      DEFAULT_PROMPT,
      "You are a brisk receptionist.",
      ["up", "--yes", "--skip-preview"],
    );
    expect(livePersona().system_prompt).toBe("You are a brisk receptionist.");
  });

  test("a guardrail prompt edited by hand fails the drift gate, naming guardrailPrompt; up --refresh heals it with one PATCH", async () => {
    const writes = await guardrailPromptDrift(emulator, cli, ids.guardrailId, GUARDRAIL_PROMPT);
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([
      `PATCH /v2/guardrails/${ids.guardrailId}`,
    ]);
  });

  test("stack export holds neither the LLM key nor the Tavus API key in plain text", async () => {
    const exported = (await cli.run(["stack", "export"])).stdout;
    expect(exported).not.toContain(LLM_KEY);
    expect(exported).not.toContain(emulator.apiKey);
    // The key is in state, encrypted: the persona's layerSecrets is a secret value.
    const persona = (
      JSON.parse(exported) as Awaited<ReturnType<Cli["exportStack"]>>
    ).deployment.resources.find((r) => r.type === "tavus:index:Persona")!;
    expect(persona.outputs?.layerSecrets).toMatchObject({
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      ciphertext: expect.any(String),
    });
  });

  test("destroy deletes the persona first, then the rest, and leaves an empty account", async () => {
    emulator.clearRequests();
    const destroy = await cli.run(["destroy", "--yes", "--skip-preview"]);
    expect(destroy.stdout).toMatch(/5 deleted/);
    const deletes = logLines(emulator, { writesOnly: true });
    expect(deletes[0]).toBe(`DELETE /v2/personas/${ids.personaId}`);
    expect([...deletes].sort()).toEqual(
      [
        `DELETE /v2/personas/${ids.personaId}`,
        `DELETE /v2/objectives/${ids.objectivesId}`,
        `DELETE /v2/guardrails/${ids.guardrailId}`,
        `DELETE /v2/pronunciation-dictionaries/${ids.pronunciationDictionaryId}`,
      ].sort(),
    );
    const state = emulator.state();
    expect(state.personas.filter((p) => p.persona_type !== "system")).toEqual([]);
    expect(state.objectives).toEqual([]);
    expect(state.guardrails).toEqual([]);
    expect(state.pronunciationDictionaries).toEqual([]);
  });
});

suite("an explicit provider resource (pulumi:providers:tavus)", () => {
  let stackAccount: RunningEmulator;
  let stagingAccount: RunningEmulator;
  afterAll(async () => {
    await stackAccount?.close();
    await stagingAccount?.close();
  });

  test("its own apiKey and baseUrl win over the stack's tavus:* config, and its key stays secret", async () => {
    stackAccount = await startEmulator({ strict: true });
    stagingAccount = await startEmulator({ strict: true, apiKey: "staging-key-31337" });
    const project = pluginProject("explicit-provider", "yaml", bin!, stackAccount);
    writePluginProgram(
      project.dir,
      "yaml",
      {
        staging: {
          type: "pulumi:providers:tavus",
          properties: { apiKey: "${stagingKey}", baseUrl: "${stagingUrl}" },
        },
        rule: {
          type: "tavus:index:Guardrail",
          properties: { guardrailName: "staging_only", guardrailPrompt: "Be brief." },
          options: { provider: "${staging}" },
        },
      },
      { config: { stagingKey: { type: "string", secret: true }, stagingUrl: { type: "string" } } },
    );
    // The stack's own config points at the other account: the explicit provider must not use it.
    await project.init({ stagingUrl: stagingAccount.url }, { stagingKey: stagingAccount.apiKey });
    await project.cli.run(["up", "--yes", "--skip-preview"]);
    expect(stagingAccount.state().guardrails.map((g) => g.guardrail_name)).toEqual([
      "staging_only",
    ]);
    expect(logLines(stackAccount)).toEqual([]);
    expect((await project.cli.run(["stack", "export"])).stdout).not.toContain(
      stagingAccount.apiKey,
    );
  });
});

suite("bad input in a YAML program", () => {
  let emulator: RunningEmulator;
  afterAll(async () => {
    await emulator?.close();
  });

  test("preview fails naming the property and the fix, before any request", async () => {
    emulator = await startEmulator({ strict: true });
    const project = pluginProject("yaml-bad-input", "yaml", bin!, emulator);
    writePluginProgram(project.dir, "yaml", {
      rule: {
        type: "tavus:index:Guardrail",
        properties: {
          guardrailName: "no medical advice",
          guardrailPrompt: "Never give medical advice.",
        },
      },
    });
    await project.init();
    const preview = await project.cli.run(["preview"], { allowFailure: true });
    expect(preview.code).not.toBe(0);
    // The kind's check, through the plugin: the field and the way to fix it.
    expect(preview.stdout + preview.stderr).toMatch(/guardrailName.*letters, digits and _ only/);
    expect(logLines(emulator)).toEqual([]);
  });
});
