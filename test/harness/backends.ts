/**
 * The state backends of a team (S3, Azure Blob, PostgreSQL) for the e2e tier: which
 * servers the global setup found (scripts/ensure-backends.sh), and starting one on a free
 * port (scripts/lib/backends.js) with a Pulumi CLI logged in to it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Cli } from "./e2e";
import { installedFixture } from "./providerHost";

/** One of Pulumi's self-managed backends, as scripts/lib/backends.js names it. */
export type BackendName = "s3" | "azblob" | "postgres";

/** Objects (or rows) a backend stores: their key and their text. */
export interface StoredObject {
  key: string;
  text: string;
}

/** A backend server running on this machine. */
export interface RunningBackend {
  name: BackendName;
  /** What `pulumi login` takes. */
  url: string;
  /** What the CLI needs in its environment (credentials, the emulator's endpoint). */
  env: Record<string, string>;
  /** S3 with `faultProxy`: answers 500 to the requests `predicate` picks, until `fail()`. */
  proxy?: {
    fail(predicate?: (req: { method?: string; url?: string }) => boolean): void;
    refused(): number;
  };
  objects(): Promise<StoredObject[]>;
  stop(): Promise<void>;
}

const lib = require("../../scripts/lib/backends") as {
  BACKENDS: BackendName[];
  startBackend(
    name: BackendName,
    found: string,
    options?: { faultProxy?: boolean },
  ): Promise<RunningBackend>;
};
const { PulumiCli } = require("../../scripts/lib/pulumiCli") as {
  PulumiCli: new (o: object) => Cli;
};

/** The backends, in the suite's order. */
export const BACKENDS = lib.BACKENDS;

/** The server of backend `name`, or undefined with a loud note of why its suite skips. */
export function backendServer(suite: string, name: BackendName): string | undefined {
  const found = JSON.parse(process.env.PULUMI_TAVUS_BACKENDS ?? "{}") as Record<
    string,
    { path?: string; skip?: string }
  >;
  const entry = found[name];
  if (!entry?.path)
    console.warn(
      `SKIPPED ${suite} on ${name}: no server for this state backend (${entry?.skip ?? "the e2e global setup did not run scripts/ensure-backends.sh"}). Provide it with: bash scripts/ensure-backends.sh ${name}`,
    );
  return entry?.path;
}

/** Starts backend `name` from `server` (see {@link backendServer}). */
export function startBackend(
  name: BackendName,
  server: string,
  options: { faultProxy?: boolean } = {},
): Promise<RunningBackend> {
  return lib.startBackend(name, server, options);
}

/**
 * A Pulumi project folder in the installed fixture holding `program` (index.js), and a
 * CLI logged in to `backend`, the way a pipeline's runner is (PULUMI_BACKEND_URL).
 */
export function projectOn<T extends Cli>(
  name: string,
  program: string,
  bin: string,
  backend: RunningBackend,
): { cli: T; dir: string } {
  const dir = fs.mkdtempSync(path.join(installedFixture(), `${name}-`));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
  fs.writeFileSync(path.join(dir, "index.js"), program);
  fs.writeFileSync(path.join(dir, "package.json"), `{ "name": "${name}", "main": "index.js" }`);
  const cli = new PulumiCli({
    bin,
    projectDir: dir,
    stateDir: path.join(dir, ".pulumi-state"),
    backendUrl: backend.url,
    env: backend.env,
  }) as T;
  return { cli, dir };
}
