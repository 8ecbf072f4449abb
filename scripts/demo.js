#!/usr/bin/env node
/**
 * The demo: the Tavus emulator plus the real Pulumi CLI on the root project
 * (Pulumi.yaml → deploy/ → the account folder: personas/, guardrails/). One line per step; cleans up after itself.
 *
 *   up → no-op up → out-of-band edit → preview --refresh --expect-no-changes
 *   (fails, naming the drifted property) → up heals it with one JSON Patch → destroy
 *
 * The state is a scratch `file://` folder; `npm run demo -- --backend s3` (or azblob,
 * postgres) keeps it in that backend's server instead, started on a free port for the run
 * (scripts/lib/backends.js), as a team's pipelines share it.
 */
const fs = require("node:fs");
const path = require("node:path");
const { locateCli, PulumiCli, cliVersion, ROOT } = require("./lib/pulumiCli");
const { installPackedPackage } = require("./lib/fixture");
const { startEmulator } = require("../dist/emulator");
const { BACKENDS, locateBackends, startBackend } = require("./lib/backends");

const STACK = "demo";
const started = Date.now();
const step = (text) =>
  console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${text}`);
const writes = (emulator) => emulator.requests().filter((r) => r.method !== "GET");

/** `--backend NAME`, or undefined for the embedded `file://` state. */
function backendArg(argv) {
  const i = argv.indexOf("--backend");
  if (i < 0) return undefined;
  const name = argv[i + 1];
  if (!BACKENDS.includes(name))
    throw new Error(`--backend takes one of ${BACKENDS.join(", ")}; got ${name ?? "nothing"}`);
  return name;
}

async function main() {
  const backendName = backendArg(process.argv.slice(2));
  step("locating the Pulumi CLI (built from Go modules on first run)");
  const cli = await locateCli();
  if (!("bin" in cli)) throw new Error(`no Pulumi CLI: ${cli.reason}`);
  step(`Pulumi CLI ${await cliVersion(cli.bin)} at ${cli.bin}`);

  installPackedPackage(path.join(ROOT, "node_modules"));
  step("installed the packed pulumi-tavus into node_modules (as a user would get it)");

  let backend;
  if (backendName) {
    const found = (await locateBackends([backendName]))[backendName];
    if (!found.path) throw new Error(`no ${backendName} server: ${found.skip}`);
    backend = await startBackend(backendName, found.path);
    step(`${backendName} state backend listening: pulumi login ${backend.url}`);
  }
  const emulator = await startEmulator();
  const work = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "tavus-demo-"));
  const pulumi = new PulumiCli({
    bin: cli.bin,
    projectDir: ROOT,
    stateDir: work,
    ...(backend ? { backendUrl: backend.url, env: backend.env } : {}),
  });
  step(
    `Tavus emulator listening on ${emulator.url}; Pulumi state in ${backend ? `the ${backendName} server` : work}`,
  );
  try {
    await pulumi.initStack(
      STACK,
      { "tavus:baseUrl": emulator.url },
      { "tavus:apiKey": emulator.apiKey },
    );
    step(`stack "${STACK}" ready (tavus:apiKey stored as a secret)`);

    emulator.clearRequests();
    await pulumi.run(["up", "--yes", "--skip-preview", "--stack", STACK]);
    const created = emulator.state().personas.filter((p) => p.persona_type !== "system");
    const guardrails = emulator.state().guardrails ?? [];
    step(
      `pulumi up: created ${created.length} personas (${created.map((p) => p.persona_name).join(", ")}), ${guardrails.length} guardrail (the coach's $ref:guardrails/stay-on-topic) and a test-mode conversation; ${writes(emulator).length} writes`,
    );

    emulator.clearRequests();
    const again = await pulumi.run(["up", "--yes", "--skip-preview", "--stack", STACK]);
    const unchanged = /(\d+) unchanged/.exec(again.stdout)?.[1];
    step(
      `second pulumi up: ${unchanged ?? "?"} unchanged, ${writes(emulator).length} writes to the API`,
    );

    const outputs = JSON.parse(
      (await pulumi.run(["stack", "output", "--json", "--stack", STACK])).stdout,
    );
    const coachId = outputs.personaIds.coach;
    const res = await fetch(`${emulator.url}/v2/personas/${coachId}`, {
      method: "PATCH",
      headers: { "x-api-key": emulator.apiKey, "content-type": "application/json" },
      body: JSON.stringify([
        { op: "replace", path: "/system_prompt", value: "Edited by hand in the dashboard." },
      ]),
    });
    step(`out-of-band edit of the coach's system_prompt through the API: HTTP ${res.status}`);

    const drift = await pulumi.run(
      ["preview", "--refresh", "--expect-no-changes", "--diff", "--stack", STACK],
      { allowFailure: true },
    );
    if (process.env.DEMO_DEBUG) console.log(drift.stdout);
    step(
      `pulumi preview --refresh --expect-no-changes: exit ${drift.code} (drift caught); drifted: ${driftedProperties(drift.stdout).join(", ")}`,
    );
    if (drift.code === 0) throw new Error("the drift gate passed although the persona was edited");

    emulator.clearRequests();
    await pulumi.run(["up", "--yes", "--skip-preview", "--refresh", "--stack", STACK]);
    const patches = emulator.requests().filter((r) => r.method === "PATCH");
    step(
      `pulumi up --refresh healed it: ${patches.length} PATCH ${JSON.stringify(patches.map((p) => p.body))}`,
    );

    emulator.clearRequests();
    await pulumi.run(["destroy", "--yes", "--skip-preview", "--stack", STACK]);
    const deletes = emulator
      .requests()
      .filter((r) => r.method === "DELETE")
      .map((r) => `${r.path}${r.query.hard ? `?hard=${r.query.hard}` : ""}`);
    step(`pulumi destroy: ${deletes.length} DELETEs (${deletes.join(", ")})`);
    if (backend) {
      const objects = await backend.objects();
      step(`the ${backendName} server holds ${objects.length} objects of state`);
    }
    await pulumi.run(["stack", "rm", "--yes", STACK]);
  } finally {
    await emulator.close();
    await backend?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
  step("done: emulator stopped, scratch state removed");
}

/** Property names the refresh found changed, from `preview --diff` text (updatedAt aside). */
function driftedProperties(text) {
  const names = new Set();
  let inRefresh = false;
  for (const line of text.split("\n")) {
    if (/\((refresh)\)/.test(line)) inRefresh = /tavus:/.test(line);
    else if (/\((update|replace|create|delete|same)\)/.test(line)) inRefresh = false;
    const m = inRefresh && /^\s+[~+-]\s(\w+)\s*:/.exec(line);
    if (m && m[1] !== "updatedAt") names.add(m[1]);
  }
  return [...names];
}

main().catch((e) => {
  console.error(`demo failed: ${e.message}`);
  process.exit(1);
});
