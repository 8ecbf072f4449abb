/**
 * The generated Node.js SDK (sdk/nodejs, package `pulumi-tavus-sdk`, issue #26) through
 * the real CLI, the packed package's plugin and the emulator: the SDK compiled by tsc and
 * packed (scripts/lib/nodeSdk.js) into the installed fixture, then a TypeScript program
 * on it (objectives, a guardrail, the persona pointing at both) run by the CLI's Node
 * language host. Deploy → no-op → prompt change → drift gate → destroy, with the
 * emulator's request log as the witness: the same requests as the YAML and Go programs
 * through the plugin make.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { installedFixture } from "../harness/providerHost";
import {
  cliBin,
  guardrailPromptDrift,
  logLines,
  pluginProject,
  systemPromptChange,
  type Cli,
} from "../harness/e2e";

const { installNodeSdk } = require("../../scripts/lib/nodeSdk") as {
  installNodeSdk(nodeModulesDir: string): string;
};

const bin = cliBin("Node.js SDK e2e");
const suite = bin ? describe : describe.skip;

interface Ids {
  personaId: string;
  objectivesId: string;
  guardrailId: string;
}

const LLM_KEY = "sk-llm-node-sdk-e2e-3f9e07";
const GUARDRAIL_PROMPT = "Never give medical advice; offer an appointment with a doctor instead.";
const DEFAULT_PROMPT = "You are the friendly receptionist of a small clinic.";

/** The program a user of the generated SDK writes: plugin resources, references by id. */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as tavus from "pulumi-tavus-sdk";

const config = new pulumi.Config();

const intake = new tavus.Objectives("intake", {
  data: [
    {
      objectiveName: "ask_if_new_patient",
      objectivePrompt: "Ask whether the caller has visited the clinic before.",
      outputVariables: ["is_new_patient"],
      nextConditionalObjectives: {
        collect_details: "the caller is a new patient",
        confirm_appointment: "the caller has visited before",
      },
    },
    {
      objectiveName: "collect_details",
      objectivePrompt: "Collect the caller's full name and date of birth.",
      nextRequiredObjectives: ["confirm_appointment"],
    },
    { objectiveName: "confirm_appointment", objectivePrompt: "Offer the next free appointment." },
  ],
});

const noMedicalAdvice = new tavus.Guardrail("noMedicalAdvice", {
  guardrailName: "no_medical_advice",
  guardrailPrompt: ${JSON.stringify(GUARDRAIL_PROMPT)},
});

const receptionist = new tavus.Persona("receptionist", {
  personaName: "Clinic receptionist",
  systemPrompt: config.get("systemPrompt") ?? ${JSON.stringify(DEFAULT_PROMPT)},
  objectivesId: intake.id,
  guardrailIds: [noMedicalAdvice.id],
  layers: { llm: { model: "tavus-gpt-oss", apiKey: config.requireSecret("llmApiKey") } },
});

export const personaId = receptionist.personaId;
export const objectivesId = intake.objectivesId;
export const guardrailId = noMedicalAdvice.guardrailId;
`;

/** tsconfig.json as the examples have it: ts-node type-checks the program against the SDK's .d.ts. */
const TSCONFIG = {
  compilerOptions: {
    strict: true,
    target: "ES2022",
    module: "nodenext",
    moduleResolution: "nodenext",
    skipLibCheck: true,
    noImplicitReturns: true,
  },
  files: ["index.ts"],
};

suite("a TypeScript program on the generated Node.js SDK through pulumi-resource-tavus", () => {
  let emulator: RunningEmulator;
  let cli: Cli;
  let ids: Ids;
  const livePersona = () => emulator.state().personas.find((p) => p.persona_id === ids.personaId)!;

  beforeAll(async () => {
    // What `npm install pulumi-tavus-sdk` beside pulumi-tavus gives a user.
    installNodeSdk(path.join(installedFixture(), "node_modules"));
    emulator = await startEmulator({ strict: true });
    // Pulumi.yaml: runtime nodejs, the plugin's folder (node_modules/.bin of the package).
    const project = pluginProject("node-sdk", "nodejs", bin!, emulator);
    fs.writeFileSync(path.join(project.dir, "index.ts"), PROGRAM);
    fs.writeFileSync(path.join(project.dir, "tsconfig.json"), JSON.stringify(TSCONFIG));
    fs.writeFileSync(
      path.join(project.dir, "package.json"),
      JSON.stringify({ name: "node-sdk-e2e", private: true, main: "index.ts" }),
    );
    cli = project.cli;
    await project.init({}, { llmApiKey: LLM_KEY });
  }, 600_000);
  afterAll(async () => {
    await emulator?.close();
  });

  test("up creates the objectives and the guardrail, then the persona that points at them, as plugin resources", async () => {
    emulator.clearRequests();
    const up = await cli.run(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/4 created/); // three resources and the stack
    // The plugin came from the folder Pulumi.yaml names, not from PATH or a download.
    expect(up.stdout + up.stderr).not.toMatch(/from \$PATH|plugin download/i);
    ids = JSON.parse((await cli.run(["stack", "output", "--json"])).stdout) as Ids;

    const posts = logLines(emulator, { writesOnly: true });
    expect([...posts].sort()).toEqual(
      ["POST /v2/objectives", "POST /v2/guardrails", "POST /v2/personas"].sort(),
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
    expect(persona.layers?.llm?.api_key).toBe(LLM_KEY);

    // Plugin resources, not dynamic ones: the package's type tokens and its provider.
    const { deployment } = await cli.exportStack("e2e");
    const types = deployment.resources.map((r) => r.type).sort();
    expect(types).toEqual(
      [
        "pulumi:pulumi:Stack",
        "pulumi:providers:tavus",
        "tavus:index:Guardrail",
        "tavus:index:Objectives",
        "tavus:index:Persona",
      ].sort(),
    );
    expect(deployment.resources.some((r) => r.inputs && "__provider" in r.inputs)).toBe(false);
  });

  test("a second up changes nothing and writes nothing", async () => {
    emulator.clearRequests();
    const { stdout } = await cli.run(["up", "--yes", "--skip-preview"]);
    expect(stdout).toMatch(/4 unchanged/);
    expect(logLines(emulator, { writesOnly: true })).toEqual([]);
  });

  test("changing systemPrompt sends one GET and one PATCH of the persona, nothing else", async () => {
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
  });

  test("destroy deletes the persona first, then the rest, and leaves an empty account", async () => {
    emulator.clearRequests();
    const destroy = await cli.run(["destroy", "--yes", "--skip-preview"]);
    expect(destroy.stdout).toMatch(/4 deleted/);
    const deletes = logLines(emulator, { writesOnly: true });
    expect(deletes[0]).toBe(`DELETE /v2/personas/${ids.personaId}`);
    expect([...deletes].sort()).toEqual(
      [
        `DELETE /v2/personas/${ids.personaId}`,
        `DELETE /v2/objectives/${ids.objectivesId}`,
        `DELETE /v2/guardrails/${ids.guardrailId}`,
      ].sort(),
    );
    const state = emulator.state();
    expect(state.personas.filter((p) => p.persona_type !== "system")).toEqual([]);
    expect(state.objectives).toEqual([]);
    expect(state.guardrails).toEqual([]);
  });
});
