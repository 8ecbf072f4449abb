/**
 * `pulumi-tavus recover`, its one state write, made safe for a team's shared backend
 * (S3, Azure Blob, PostgreSQL…) where another pipeline may act on the stack meanwhile.
 *
 * Pulumi's self-managed backends lock a stack for every update, refresh, destroy and
 * `stack import`; there is no command that holds that lock across several commands. So:
 * - the write is `pulumi stack import`, which takes the stack's lock itself: while another
 *   update (or a killed one's stale lock) holds it, the import is refused and nothing is
 *   written;
 * - the import is started first and blocks reading its input; only then is the stack read
 *   once more, and the deployment goes in only if the stack is still the one the plan was
 *   made from. Otherwise (another update, or another `recover`, wrote meanwhile) the
 *   importer is killed before it reads anything.
 * What remains: a write by someone else in the milliseconds between that second read and
 * the import taking the lock. Two `recover`s started together run in step, so their imports
 * meet at the lock, which lets at most one through.
 */
import { spawn } from "node:child_process";

/** Why nothing was written. */
export type NotWritten = { written: false; why: string };

/** The outcome of {@link importIfUnchanged}. */
export type WriteOutcome = { written: true } | NotWritten;

/** How recover.ts runs `pulumi`: stdout, or an error carrying its stderr. */
export type RunPulumi = (args: string[]) => Promise<string>;

/**
 * Imports `next` into the stack if its deployment is still `planned` (as `stack export
 * --show-secrets` printed it), under the stack's lock.
 * @param bin the `pulumi` executable; `stackArgs` e.g. `["--stack", "dev"]`.
 */
export async function importIfUnchanged(
  bin: string,
  stackArgs: string[],
  run: RunPulumi,
  planned: unknown,
  next: unknown,
): Promise<WriteOutcome> {
  const importer = startImport(bin, stackArgs);
  let current: unknown;
  try {
    current = (
      JSON.parse(await run(["stack", "export", "--show-secrets"])) as { deployment?: unknown }
    ).deployment;
  } catch (error) {
    importer.abort();
    throw error;
  }
  if (JSON.stringify(current) !== JSON.stringify(planned)) {
    importer.abort();
    return {
      written: false,
      why: "the stack changed while recover planned (another update or recover wrote it)",
    };
  }
  const result = await importer.write(JSON.stringify(next));
  if (result.code === 0) return { written: true };
  const locked = /the stack is currently locked[^\n]*(\n\s+\S[^\n]*)*/.exec(result.stderr);
  if (locked) return { written: false, why: locked[0].trim() };
  throw new Error(`pulumi stack import failed: ${result.stderr.trim() || `exit ${result.code}`}`);
}

/** `pulumi stack import`, started now, reading its deployment from stdin when written. */
function startImport(bin: string, stackArgs: string[]) {
  const child = spawn(bin, ["stack", "import", ...stackArgs, "--non-interactive"], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stdout.resume();
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => resolve(code ?? 1));
  });
  // An EPIPE (the importer died early) shows in its exit code and stderr.
  child.stdin.on("error", () => undefined);
  return {
    abort(): void {
      child.kill("SIGKILL");
      exited.catch(() => undefined);
    },
    async write(input: string): Promise<{ code: number; stderr: string }> {
      child.stdin.end(input);
      const code = await exited;
      return { code, stderr };
    },
  };
}
