/**
 * Pulumi YAML programs through the real Pulumi CLI and the YAML language host that
 * scripts/ensure-pulumi-cli.sh --with-yaml builds beside it (issue #16).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { yamlCliBin, type Cli } from "../harness/e2e";

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
