/**
 * The `tavus-emulator` command, run as a real process. The CLI and its imports
 * are compiled into a temporary directory first (the same compiler options as
 * the build), rather than into dist/: other test files may be loading dist/
 * while this one runs, and rewriting it under them would be a race.
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "../..");
let outDir: string;
let cli: string;

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), "tavus-emulator-cli-"));
  const tsconfig = join(outDir, "tsconfig.json");
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(root, "tsconfig.json"),
      compilerOptions: {
        types: ["node"],
        typeRoots: [join(root, "node_modules", "@types")],
        outDir: join(outDir, "out"),
        rootDir: root,
        declaration: false,
        sourceMap: false,
      },
      files: [join(root, "emulator", "cli.ts")],
      include: [],
    }),
  );
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", tsconfig], {
    stdio: "pipe",
  });
  cli = join(outDir, "out", "emulator", "cli.js");
}, 60_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcessWithoutNullStreams;
  line: string;
  url: string;
}

/** Spawns the CLI and resolves with its first stdout line. */
function startCli(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [cli, ...args]);
  return new Promise((resolvePromise, reject) => {
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf("\n");
      if (newline >= 0) {
        const line = stdout.slice(0, newline);
        resolvePromise({ child, line, url: line.replace(/^.* on /, "") });
      }
    });
    child.once("exit", (code) =>
      reject(new Error(`CLI exited with ${String(code)} before listening: ${stderr}`)),
    );
  });
}

function exitOf(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null) return Promise.resolve({ code: child.exitCode, signal: null });
  return new Promise((resolvePromise) =>
    child.once("exit", (code, signal) => resolvePromise({ code, signal })),
  );
}

test("package.json declares the bin that the build emits, and the CLI has a node shebang", () => {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  expect(pkg.bin["tavus-emulator"]).toBe("dist/emulator/cli.js");
  expect(
    readFileSync(join(root, "emulator", "cli.ts"), "utf8").startsWith("#!/usr/bin/env node\n"),
  ).toBe(true);
});

test.each([["SIGTERM"], ["SIGINT"]] as const)(
  "prints exactly the listening line with the real port, serves the API, and exits 0 on %s",
  async (signal) => {
    const { child, line, url } = await startCli(["--port", "0", "--training-ms", "50"]);
    try {
      expect(line).toMatch(/^Tavus emulator listening on http:\/\/127\.0\.0\.1:[1-9][0-9]*$/);
      const response = await fetch(`${url}/v2/personas?persona_type=system`, {
        headers: { "x-api-key": "tavus-emulator-key" },
      });
      expect(response.status).toBe(200);
    } finally {
      child.kill(signal);
    }
    expect(await exitOf(child)).toEqual({ code: 0, signal: null });
  },
);

test("applies --api-key, --data-envelope, --out-of-credits and --max-concurrent", async () => {
  const { child, url } = await startCli([
    "--port",
    "0",
    "--api-key",
    "cli-key",
    "--data-envelope",
    "--out-of-credits",
    "--max-concurrent",
    "3",
  ]);
  try {
    const headers = { "x-api-key": "cli-key", "content-type": "application/json" };
    expect(
      (await fetch(`${url}/v2/personas`, { headers: { "x-api-key": "tavus-emulator-key" } }))
        .status,
    ).toBe(401);
    const persona = (await (
      await fetch(`${url}/v2/personas/p48fdf065d6b`, { headers })
    ).json()) as { data: { persona_id: string }[] };
    expect(persona.data[0]?.persona_id).toBe("p48fdf065d6b");
    const conversation = await fetch(`${url}/v2/conversations`, {
      method: "POST",
      headers,
      body: JSON.stringify({ replica_id: "r4067604db72" }),
    });
    expect(conversation.status).toBe(402);
    const settings = (await (await fetch(`${url}/__emulator/settings`)).json()) as {
      maxConcurrentConversations: number;
    };
    expect(settings.maxConcurrentConversations).toBe(3);
  } finally {
    child.kill("SIGTERM");
    await exitOf(child);
  }
});

test("rejects a bad flag value with exit code 2 and a message naming the flag", async () => {
  const child = spawn(process.execPath, [cli, "--port", "http"]);
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  expect((await exitOf(child)).code).toBe(2);
  expect(stderr).toContain('--port must be an integer from 0 to 65535, got "http"');
});

test("applies --strict, --no-callbacks, --callback-retries, --cors-origin, --replica-write-status and --zero-data-retention", async () => {
  const { child, url } = await startCli([
    "--port",
    "0",
    "--strict",
    "--no-callbacks",
    "--callback-retries",
    "5",
    "--cors-origin",
    "http://localhost:5173",
    "--replica-write-status",
    "204",
    "--zero-data-retention",
  ]);
  try {
    const settings = await fetch(`${url}/__emulator/settings`);
    expect(settings.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(await settings.json()).toMatchObject({
      strict: true,
      callbacks: false,
      callbackRetries: 5,
      corsOrigin: "http://localhost:5173",
      replicaWriteStatus: 204,
      zeroDataRetention: true,
    });
    const unknown = await fetch(`${url}/v2/personas`, {
      method: "POST",
      headers: { "x-api-key": "tavus-emulator-key", "content-type": "application/json" },
      body: JSON.stringify({ system_prompt: "x", replica_id: "r4067604db72" }),
    });
    expect(unknown.status).toBe(400);
  } finally {
    child.kill("SIGTERM");
    await exitOf(child);
  }
});

test("without flags the CLI is lenient, calls callbacks and answers CORS for any origin", async () => {
  const { child, url } = await startCli(["--port", "0"]);
  try {
    const settings = await fetch(`${url}/__emulator/settings`);
    expect(settings.headers.get("access-control-allow-origin")).toBe("*");
    expect(await settings.json()).toMatchObject({
      strict: false,
      callbacks: true,
      replicaWriteStatus: 200,
      zeroDataRetention: false,
    });
  } finally {
    child.kill("SIGTERM");
    await exitOf(child);
  }
});

test("rejects --replica-write-status other than 200 or 204", async () => {
  const child = spawn(process.execPath, [cli, "--replica-write-status", "201"]);
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  expect((await exitOf(child)).code).toBe(2);
  expect(stderr).toContain('--replica-write-status must be 200 or 204, got "201"');
});
