/**
 * Runs the real Pulumi CLI offline and self-contained: a local file backend,
 * its own PULUMI_HOME, a passphrase for secrets, no update checks and no plugin
 * downloads. Shared by the demo (scripts/demo.js) and the end-to-end tests.
 *
 * Commands run asynchronously on purpose: the emulator they talk to usually
 * lives in the same Node process, and a synchronous spawn would stall it.
 */
const { spawn, execFile } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "../..");

/**
 * Finds or builds the CLI (scripts/ensure-pulumi-cli.sh), and with `withYaml` the
 * YAML language host in the same folder (`--with-yaml`).
 * @param {{ quiet?: boolean, withYaml?: boolean }} [options]
 * @returns {Promise<{ bin: string, yamlSkip?: string } | { reason: string }>} the bin folder
 *   holding `pulumi`, or why there is none. With `withYaml`, `yamlSkip` says why that folder
 *   has no `pulumi-language-yaml` (the script's exit status 3: the CLI itself is fine).
 */
function locateCli(options = {}) {
  const args = [path.join(ROOT, "scripts/ensure-pulumi-cli.sh")];
  if (options.withYaml) args.push("--with-yaml");
  return new Promise((resolve) => {
    const child = spawn("bash", args, {
      cwd: ROOT,
      stdio: ["ignore", "pipe", options.quiet ? "pipe" : "inherit"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    if (child.stderr) child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (e) =>
      resolve({ reason: `cannot run scripts/ensure-pulumi-cli.sh: ${e.message}` }),
    );
    child.on("exit", (code) => {
      const bin = stdout.trim().split("\n").pop();
      const tail = (stderr || stdout).trim().split("\n").slice(-3).join(" | ");
      const found = bin && fs.existsSync(path.join(bin, "pulumi"));
      if (code === 0 && found) resolve({ bin });
      else if (code === 3 && options.withYaml && found)
        resolve({ bin, yamlSkip: `scripts/ensure-pulumi-cli.sh --with-yaml exited 3: ${tail}` });
      else resolve({ reason: `scripts/ensure-pulumi-cli.sh exited ${code}: ${tail}` });
    });
  });
}

class PulumiCli {
  /**
   * @param {object} options
   * @param {string} options.bin folder with `pulumi` and its language host.
   * @param {string} options.projectDir folder with Pulumi.yaml.
   * @param {string} options.stateDir scratch folder for the backend and PULUMI_HOME.
   * @param {string} [options.passphrase] secrets passphrase of the stack.
   * @param {Record<string,string>} [options.env] extra environment.
   * @param {string[]} [options.extraPath] more folders for PATH, after `bin` (gen-sdk's
   *   codegen-only Go and Python hosts: test/e2e/genSdk.e2e.test.ts).
   * @param {string} [options.backendUrl] the state backend (`s3://…`, `azblob://…`,
   *   `postgres://…`: scripts/lib/backends.js); by default a `file://` folder in stateDir.
   */
  constructor(options) {
    this.bin = options.bin;
    this.projectDir = options.projectDir;
    this.stateDir = options.stateDir;
    fs.mkdirSync(path.join(this.stateDir, "backend"), { recursive: true });
    fs.mkdirSync(path.join(this.stateDir, "home"), { recursive: true });
    this.env = {
      ...process.env,
      ...(options.env || {}),
      PATH: [this.bin, ...(options.extraPath || []), process.env.PATH].join(path.delimiter),
      PULUMI_HOME: path.join(this.stateDir, "home"),
      PULUMI_BACKEND_URL: options.backendUrl ?? `file://${path.join(this.stateDir, "backend")}`,
      PULUMI_CONFIG_PASSPHRASE: options.passphrase ?? "pulumi-tavus-local",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      NO_COLOR: "1",
    };
    // Tavus settings come from stack config in these runs, never the caller's environment.
    delete this.env.TAVUS_API_KEY;
    delete this.env.TAVUS_BASE_URL;
    delete this.env.TAVUS_HARD_DELETE;
  }

  /**
   * Runs `pulumi <args>` in the project folder.
   * @param {string[]} args
   * @param {{ allowFailure?: boolean }} [options]
   * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
   */
  run(args, options = {}) {
    return new Promise((resolve, reject) => {
      const child = spawn(path.join(this.bin, "pulumi"), [...args, "--non-interactive"], {
        cwd: this.projectDir,
        env: this.env,
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("error", reject);
      child.on("exit", (code) => {
        const result = { code: code ?? -1, stdout, stderr };
        if (code !== 0 && !options.allowFailure) {
          reject(
            Object.assign(
              new Error(`pulumi ${args.join(" ")} exited ${code}:\n${stdout}\n${stderr}`),
              result,
            ),
          );
        } else resolve(result);
      });
    });
  }

  /**
   * Starts `pulumi <args>` as the leader of its own process group, so a test can
   * kill the CLI with its language host and provider processes at once, as a CI
   * runner's timeout does: `process.kill(-child.pid, "SIGKILL")`.
   * @param {string[]} args
   * @returns {{ child: import("node:child_process").ChildProcess, exited: Promise<number | null>, output: () => string }}
   */
  spawnDetached(args) {
    const child = spawn(path.join(this.bin, "pulumi"), [...args, "--non-interactive"], {
      cwd: this.projectDir,
      env: this.env,
      detached: true,
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
    return { child, exited, output: () => output };
  }

  /** Creates (or selects) a stack and sets the Tavus config for it. */
  async initStack(stack, config, secrets = {}) {
    const selected = await this.run(["stack", "select", stack], { allowFailure: true });
    if (selected.code !== 0) await this.run(["stack", "init", stack]);
    for (const [key, value] of Object.entries(config))
      await this.run(["config", "set", key, value, "--stack", stack]);
    for (const [key, value] of Object.entries(secrets))
      await this.run(["config", "set", "--secret", key, value, "--stack", stack]);
  }

  /** `pulumi stack export` as an object. */
  async exportStack(stack) {
    const { stdout } = await this.run(["stack", "export", "--stack", stack]);
    return JSON.parse(stdout);
  }
}

/** Version string of a CLI binary, e.g. "v3.248.0". */
function cliVersion(bin) {
  return new Promise((resolve) =>
    execFile(
      path.join(bin, "pulumi"),
      ["version"],
      { env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } },
      (err, out) => resolve(err ? "unknown" : out.trim()),
    ),
  );
}

module.exports = { locateCli, PulumiCli, cliVersion, ROOT };
