/**
 * A merge request must not read the runner (issue #21), through the real
 * Pulumi CLI: `pulumi preview --diff` of the root project on an account
 * folder whose persona files name an absolute path (the runner's
 * environment), a path that climbs out and a link to outside fails naming
 * each file and field, prints nothing from outside the folder (a sentinel in
 * a file outside and in the environment), and makes no request. Without
 * them, a `_file` inside the folder is read as before.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { cliBin, projectFrom, type Cli } from "../harness/e2e";

const bin = cliBin("hostile account folder e2e");
const suite = bin ? describe : describe.skip;

const FILE_SENTINEL = "SENTINEL-file-outside-the-folder-4b1e";
const ENV_SENTINEL = "SENTINEL-runner-environment-c7d0";
const ENV_NAME = "PULUMI_TAVUS_HOSTILE_SENTINEL";

suite("a hostile account folder through the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  let cli: Cli;
  let dir: string;
  let outsideFile: string;

  beforeAll(async () => {
    emulator = await startEmulator({ strict: true });
    // The CLI (and the program it runs) inherits the environment: the secret a
    // runner holds, which /proc/self/environ would print.
    process.env[ENV_NAME] = ENV_SENTINEL;
    const project = projectFrom("hostile", ["Pulumi.yaml", "deploy"], bin!, emulator);
    delete process.env[ENV_NAME];
    ({ cli, dir } = project);
    await project.init();

    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-outside-"));
    outsideFile = path.join(outside, "secret.txt");
    fs.writeFileSync(outsideFile, `${FILE_SENTINEL}\n`);
    const personas = path.join(dir, "personas");
    fs.mkdirSync(personas);
    const persona = (name: string, ref: string) =>
      fs.writeFileSync(
        path.join(personas, `${name}.yaml`),
        `persona_name: ${name}\nsystem_prompt_file: ${ref}\n`,
      );
    persona("absolute", "/proc/self/environ");
    persona("climbing", path.relative(personas, outsideFile));
    persona("linked", "linked.md");
    fs.symlinkSync(outsideFile, path.join(personas, "linked.md"));
    persona("inside", "inside.md");
    fs.writeFileSync(path.join(personas, "inside.md"), "A prompt kept inside the folder.\n");
  });
  afterAll(async () => {
    await emulator?.close();
  });

  test("preview --diff fails naming each file and field, prints nothing from outside, makes no request", async () => {
    emulator.clearRequests();
    const preview = await cli.run(["preview", "--diff"], { allowFailure: true });
    expect(preview.code).not.toBe(0);
    const output = preview.stdout + preview.stderr;
    expect(output).toMatch(/3 problems in persona files/);
    const file = (name: string) => path.join(dir, "personas", `${name}.yaml`);
    expect(output).toContain(
      `${file("absolute")}: system_prompt_file: is an absolute path (/proc/self/environ): files are read only from inside the account folder`,
    );
    expect(output).toContain(
      `${file("climbing")}: system_prompt_file: climbs out of the account folder (${path.relative(path.join(dir, "personas"), outsideFile)}): files are read only from inside the account folder`,
    );
    expect(output).toContain(
      `${file("linked")}: system_prompt_file: is a symbolic link, or lies in a linked folder, that leads outside the account folder`,
    );
    expect(output).toContain('or pass fileAccess: "anywhere" to accountFromFolder');
    expect(output).not.toContain(FILE_SENTINEL);
    expect(output).not.toContain(ENV_SENTINEL);
    expect(output).not.toContain("inside.yaml");
    expect(emulator.requests()).toEqual([]);
  });

  test("without the escapes, a _file inside the folder is read", async () => {
    for (const name of ["absolute", "climbing", "linked"])
      fs.rmSync(path.join(dir, "personas", `${name}.yaml`));
    emulator.clearRequests();
    const preview = await cli.run(["preview", "--diff"]);
    expect(preview.stdout).toContain("A prompt kept inside the folder.");
    expect(preview.stdout + preview.stderr).not.toContain(FILE_SENTINEL);
    expect(emulator.requests().filter((r) => r.method !== "GET")).toEqual([]);
  });
});
