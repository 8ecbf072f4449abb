/**
 * The widget scenario's checks (issue #23), shared by the TypeScript example
 * (test/e2e/widget.e2e.test.ts) and its Pulumi YAML twin
 * (test/e2e/yamlWidget.e2e.test.ts): the same account, built through the
 * dynamic provider or the plugin, must show the same requests.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { logLines, type Cli, type CliResult } from "./e2e";

/** What both programs export. */
export interface WidgetIds {
  personaId: string;
  documentIds: string[];
  deploymentId: string;
  hasPassword: boolean;
}

/** The skills attached to the persona, by skill id, as the emulator stores them. */
export function liveSkills(emulator: RunningEmulator, ids: WidgetIds) {
  return emulator.state().palSkills?.find((p) => p.pal_id === ids.personaId)?.skills ?? {};
}

/**
 * The first `up`: two documents, the persona, its two skills, then the widget
 * with its password; no error answer, and the password in no log or output.
 */
export function expectWidgetCreated(
  emulator: RunningEmulator,
  ids: WidgetIds,
  result: CliResult,
  expected: { password: string; origins: string[] },
): void {
  expect(result.stdout).toMatch(/5 created/); // four resources and the stack
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

  const skills = liveSkills(emulator, ids);
  expect(Object.keys(skills).sort()).toEqual(["internet_search", "presentation"]);
  expect(skills.presentation!.config).toMatchObject({ document_ids: ids.documentIds });
  expect(
    emulator.state().deployments.map((d) => [d.pal_id, d.channel, d.allowed_origins, d.password]),
  ).toEqual([[ids.personaId, "widget", expected.origins, expected.password]]);
  expect(JSON.stringify(emulator.requests())).not.toContain(expected.password);
  expect(result.stdout + result.stderr).not.toContain(expected.password);
}

/** A changed presentation prompt: one merge PATCH of that skill, the other skill untouched. */
export function expectOneSkillPatch(
  emulator: RunningEmulator,
  ids: WidgetIds,
  result: CliResult,
  prompt: string,
): void {
  expect(result.stdout).toMatch(/1 updated/);
  expect(logLines(emulator, { writesOnly: true })).toEqual([
    `PATCH /v2/pals/${ids.personaId}/skills/presentation`,
  ]);
  const patch = emulator.requests().find((r) => r.method === "PATCH")!;
  expect(patch.status).toBe(200);
  // A merge of the changed field alone.
  expect(patch.body).toEqual({ config: { prompt } });
  const skills = liveSkills(emulator, ids);
  expect(skills.presentation!.config).toMatchObject({ document_ids: ids.documentIds, prompt });
  expect(Object.keys(skills).sort()).toEqual(["internet_search", "presentation"]);
}

/** internetSearch dropped from the program: one DELETE of that skill, nothing else. */
export function expectOneSkillDelete(
  emulator: RunningEmulator,
  ids: WidgetIds,
  result: CliResult,
): void {
  expect(result.stdout).toMatch(/1 updated/);
  expect(logLines(emulator, { writesOnly: true })).toEqual([
    `DELETE /v2/pals/${ids.personaId}/skills/internet_search`,
  ]);
  expect(emulator.requests().filter((r) => r.status >= 400)).toEqual([]);
  expect(Object.keys(liveSkills(emulator, ids))).toEqual(["presentation"]);
}

/**
 * `stack export` holds the widget password only encrypted, in its inputs and
 * outputs; no file of the project (config, state, backups, history) holds it.
 */
export async function expectPasswordOnlyEncrypted(
  cli: Cli,
  dir: string,
  password: string,
): Promise<void> {
  const exported = (await cli.run(["stack", "export"])).stdout;
  expect(exported).not.toContain(password);
  const state = JSON.parse(exported) as {
    deployment: {
      resources: Array<{
        type: string;
        inputs?: Record<string, unknown>;
        outputs?: Record<string, unknown>;
      }>;
    };
  };
  const widget = state.deployment.resources.find((r) => /tavus:(index:)?Deployment$/.test(r.type))!;
  for (const props of [widget.inputs!, widget.outputs!]) {
    expect(props.password).toMatchObject({
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      ciphertext: expect.any(String),
    });
  }
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const text = fs.readFileSync(path.join(entry.parentPath, entry.name), "utf8");
    expect(text).not.toContain(password);
  }
}

/** Destroy: the widget, then the persona, then the documents; an empty account. */
export async function expectWidgetDestroyed(
  emulator: RunningEmulator,
  ids: WidgetIds,
  result: CliResult,
): Promise<void> {
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
}
