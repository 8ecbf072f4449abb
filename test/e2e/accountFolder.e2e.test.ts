/**
 * The account as a folder through the real Pulumi CLI: an account made by hand
 * through the API is exported with `pulumi-tavus export --all`, and deploying
 * that folder adopts every object (no POST, no PATCH); an edited file sends
 * one PATCH to its object only; a reference left dangling fails before any
 * request, naming the file, the field and the fix.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { cliBin, logLines, projectFrom, type Cli, tavusCli } from "../harness/e2e";

const bin = cliBin("account folder e2e");
const suite = bin ? describe : describe.skip;

/** A call made by hand, as in the dashboard; resolves to the answer's JSON. */
async function api(
  emulator: RunningEmulator,
  method: string,
  route: string,
  body?: object,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${emulator.url}${route}`, {
    method,
    headers: { "x-api-key": emulator.apiKey, "content-type": "application/json" },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json().catch(() => ({}))) as Record<string, unknown>;
}

suite("an account exported as a folder and deployed with the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  let cli: Cli;
  let dir: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    emulator = await startEmulator({ strict: true });
    const project = projectFrom("account", ["Pulumi.yaml", "deploy"], bin!, emulator);
    ({ cli, dir } = project);
    await project.init();

    // The account, made by hand: every kind a persona points at, and two personas.
    ids.objectives = (
      await api(emulator, "POST", "/v2/objectives", {
        data: [{ objective_name: "ask_name", objective_prompt: "Ask the visitor's name." }],
      })
    ).objectives_id as string;
    ids.noAdvice = (
      await api(emulator, "POST", "/v2/guardrails", {
        guardrail_name: "no_advice",
        guardrail_prompt: "Never give medical advice.",
      })
    ).uuid as string;
    ids.polite = (
      await api(emulator, "POST", "/v2/guardrails", {
        guardrail_name: "polite",
        guardrail_prompt: "Stay polite.",
      })
    ).uuid as string;
    ids.dictionary = (
      await api(emulator, "POST", "/v2/pronunciation-dictionaries", {
        name: "Brand",
        rules: [{ text: "Tavus", pronunciation: "TAH-vus", type: "alias" }],
      })
    ).pronunciation_dictionary_id as string;
    ids.document = (
      await api(emulator, "POST", "/v2/documents", {
        document_url: "https://example.com/handbook.pdf",
        document_name: "Handbook",
      })
    ).document_id as string;
    ids.tool = (
      await api(emulator, "POST", "/v2/tools", {
        name: "book_visit",
        description: "Books a visit.",
      })
    ).tool_id as string;
    ids.plain = (
      await api(emulator, "POST", "/v2/personas", {
        persona_name: "Plain",
        system_prompt: "Just talk.",
      })
    ).persona_id as string;
    ids.frontDesk = (
      await api(emulator, "POST", "/v2/personas", {
        persona_name: "Front Desk",
        system_prompt: "Greet visitors.",
        default_replica_id: "rf4703150052",
        objectives_id: ids.objectives,
        guardrail_ids: [ids.noAdvice, ids.polite],
        document_ids: [ids.document],
        layers: {
          llm: { model: "tavus-gpt-oss", api_key: "sk-front-desk" },
          tts: { tts_engine: "cartesia", pronunciation_dictionary_id: ids.dictionary },
        },
      })
    ).persona_id as string;
    await api(emulator, "POST", `/v2/pals/${ids.frontDesk}/tools`, { tool_ids: [ids.tool] });
    ids.widget = (
      await api(emulator, "POST", "/v2/deployments", {
        pal_id: ids.frontDesk,
        channel: "widget",
        name: "Site widget",
        password: "widget-sesame",
        allowed_origins: ["https://example.com"],
      })
    ).deployment_id as string;
    // A conversation's per-participant store: user data, which export --all leaves out.
    await api(emulator, "POST", "/v2/memory-stores", {
      pal_id: ids.frontDesk,
      participant_tag: "visitor@example.com",
      pinned_memories: ["Visited on Monday."],
    });
  });
  afterAll(async () => {
    await cli?.run(["destroy", "--yes", "--skip-preview"], { allowFailure: true });
    await emulator?.close();
  });

  test("audit lists the hand-made objects of every kind, each with the file that adopts it", async () => {
    const audit = await tavusCli(
      emulator,
      ["audit", "-"],
      (await cli.run(["stack", "export"])).stdout,
    );
    expect(audit.code).toBe(3);
    expect(audit.stdout).toMatch(/9 unmanaged/);
    for (const file of [
      "personas/front-desk.yaml",
      "personas/plain.yaml",
      "objectives/ask-name.yaml",
      "guardrails/no-advice.yaml",
      "guardrails/polite.yaml",
      "dictionaries/brand.yaml",
      "documents/handbook.yaml",
      "tools/book-visit.yaml",
      "deployments/site-widget.yaml",
    ])
      expect(audit.stdout).toContain(`  file: ${file}, written by: npx pulumi-tavus export --all`);
  });

  test("export --all writes one file per object, references by name, secrets as $secret:", async () => {
    const exported = await tavusCli(emulator, ["export", "--all", dir]);
    expect(exported.code).toBe(0);
    const files = (folder: string) => fs.readdirSync(path.join(dir, folder)).sort();
    expect(files("personas")).toEqual(["front-desk.yaml", "plain.yaml"]);
    expect(files("objectives")).toEqual(["ask-name.yaml"]);
    expect(files("guardrails")).toEqual(["no-advice.yaml", "polite.yaml"]);
    expect(files("dictionaries")).toEqual(["brand.yaml"]);
    expect(files("documents")).toEqual(["handbook.yaml"]);
    expect(files("tools")).toEqual(["book-visit.yaml"]);
    expect(files("deployments")).toEqual(["site-widget.yaml"]);
    expect(fs.existsSync(path.join(dir, "memory-stores"))).toBe(false);
    expect(exported.stderr).toContain(
      "memory-stores/: 1 left out, not written: a participant's store is user data",
    );
    expect(exported.stderr).toContain("--include memory-stores");
    expect(exported.stderr).not.toContain("visitor@example.com");
    // Its PAL by name; its write-only password as a secret to give again.
    const widget = fs.readFileSync(path.join(dir, "deployments", "site-widget.yaml"), "utf8");
    expect(widget).toContain("pal_id: $ref:personas/front-desk");
    expect(widget).toContain("password: $secret:siteWidgetPassword");
    expect(widget).not.toContain("widget-sesame");

    const frontDesk = fs.readFileSync(path.join(dir, "personas", "front-desk.yaml"), "utf8");
    expect(frontDesk).toContain(`persona_id: ${ids.frontDesk}`);
    for (const ref of [
      "objectives_id: $ref:objectives/ask-name",
      "- $ref:guardrails/no-advice",
      "- $ref:guardrails/polite",
      "- $ref:documents/handbook",
      "- $ref:tools/book-visit",
      "pronunciation_dictionary_id: $ref:dictionaries/brand",
      // A stock replica stays an id.
      "default_replica_id: rf4703150052",
    ])
      expect(frontDesk).toContain(ref);
    for (const id of [ids.objectives, ids.noAdvice, ids.document, ids.tool, ids.dictionary])
      expect(frontDesk).not.toContain(id);
    expect(frontDesk).not.toContain("sk-front-desk");
    expect(fs.readFileSync(path.join(dir, "guardrails", "no-advice.yaml"), "utf8")).toContain(
      `uuid: ${ids.noAdvice}`,
    );
    expect(exported.stderr).toContain("pulumi config set --secret frontDeskLlmApiKey <value>");
    expect(exported.stderr).toContain("pulumi config set --secret siteWidgetPassword <value>");
    expect(exported.stderr).toContain("wrote 9 files");
    await cli.run(["config", "set", "--secret", "frontDeskLlmApiKey", "sk-front-desk"]);
    await cli.run(["config", "set", "--secret", "siteWidgetPassword", "widget-sesame"]);
  });

  test("deploying the exported folder adopts every object: no POST, one PATCH (the write-only password); audit finds nothing unmanaged", async () => {
    emulator.clearRequests();
    const up = await cli.run(["up", "--yes", "--skip-preview"]);
    // Nine objects and the stack itself.
    expect(up.stdout).toMatch(/\+ 10 created/);
    // Get cannot show a password, so adopting sends it once, with If-Match.
    expect(logLines(emulator, { writesOnly: true })).toEqual([
      `PATCH /v2/deployments/${ids.widget}`,
    ]);

    const state = await cli.exportStack("e2e");
    const adopted = state.deployment.resources
      .filter((r) => r.type.includes("tavus:"))
      .map((r) => r.id);
    expect(adopted.sort()).toEqual(
      [
        ids.objectives,
        ids.noAdvice,
        ids.polite,
        ids.dictionary,
        ids.document,
        ids.tool,
        ids.plain,
        ids.frontDesk,
        ids.widget,
      ].sort(),
    );

    const audit = await tavusCli(
      emulator,
      ["audit", "-"],
      (await cli.run(["stack", "export"])).stdout,
    );
    expect(audit.stdout).toMatch(/0 unmanaged/);
    expect(audit.code).toBe(0);

    emulator.clearRequests();
    const again = await cli.run(["up", "--yes", "--skip-preview"]);
    expect(again.stdout).toMatch(/10 unchanged/);
    expect(logLines(emulator)).toEqual([]);
  });

  test("an edited guardrail prompt sends one GET and one PATCH, to that guardrail only", async () => {
    const file = path.join(dir, "guardrails", "no-advice.yaml");
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, "utf8")
        .replace("Never give medical advice.", "Never give medical or legal advice."),
    );
    emulator.clearRequests();
    await cli.run(["up", "--yes", "--skip-preview"]);
    expect(logLines(emulator)).toEqual([
      `GET /v2/guardrails/${ids.noAdvice}`,
      `PATCH /v2/guardrails/${ids.noAdvice}`,
    ]);
    const live = await api(emulator, "GET", `/v2/guardrails/${ids.noAdvice}`);
    expect(live.guardrail_prompt).toBe("Never give medical or legal advice.");
  });

  test("a file renamed without its reference fails with the file, the field and the fix, and makes no request", async () => {
    fs.renameSync(
      path.join(dir, "guardrails", "polite.yaml"),
      path.join(dir, "guardrails", "courteous.yaml"),
    );
    emulator.clearRequests();
    const preview = await cli.run(["preview"], { allowFailure: true });
    expect(preview.code).not.toBe(0);
    const output = preview.stdout + preview.stderr;
    expect(output).toMatch(/1 problem in persona files/);
    expect(output).toContain(
      `${path.join(dir, "personas", "front-desk.yaml")}: guardrail_ids[1]: no file guardrails/polite.yaml (or .yml, .json) (files: courteous, no-advice)`,
    );
    expect(emulator.requests()).toEqual([]);
  });
});
