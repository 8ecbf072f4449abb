/**
 * `pulumi package gen-sdk` through the real CLI (issue #26): Node.js through our Node.js
 * language host's GeneratePackage, Go and Python through the codegen-only hosts of
 * scripts/sdkgen (`scripts/ensure-sdks.sh --hosts`, on PATH for gen-sdk only). Each writes
 * exactly the committed sdk/<language> (scripts/sdkgen writes the same files:
 * sdks.e2e.test.ts), a schema without a field gives an SDK without it, and the
 * codegen-only hosts refuse to run a program.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cliBin, goToolchain, type Cli } from "../harness/e2e";
import {
  ensureSdks,
  guardrailTagsChange,
  guardrailTagsOnlyRemoved,
  LANGUAGES,
  SCHEMA,
  staleFiles,
  writeSchemaWithoutGuardrailTags,
  type Language,
} from "../harness/sdkTrees";

const { PulumiCli } = require("../../scripts/lib/pulumiCli") as {
  PulumiCli: new (o: object) => Cli;
};

// Node.js needs the CLI only; Go and Python also need Go to build their hosts. Each
// missing piece skips its tests, loudly.
const bin = cliBin("the pulumi package gen-sdk tests");
const go = bin ? goToolchain("the pulumi package gen-sdk tests of Go and Python") : undefined;
const hostsReady = (language: Language) => Boolean(bin && (language === "nodejs" || go));
const languages = LANGUAGES.filter(hostsReady);
const withCli = bin ? test : test.skip;
const withCodegenHosts = go ? test : test.skip;

describe("pulumi package gen-sdk", () => {
  let scratch: string;
  let hosts: string | undefined;

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tavus-gen-sdk-"));
    if (!go) return;
    hosts = await ensureSdks("--hosts");
  }, 600_000);
  afterAll(() => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  /** The CLI in `projectDir` with its own PULUMI_HOME and file backend; the codegen-only hosts on PATH. */
  function pulumi(projectDir = scratch): Cli {
    return new PulumiCli({
      bin,
      projectDir,
      stateDir: path.join(scratch, "state"),
      extraPath: hosts ? [hosts] : [],
    });
  }

  /** `pulumi package gen-sdk <schemaFile>` for each language into `scratch/<name>`; returns that folder. */
  async function genSdk(name: string, schemaFile: string): Promise<string> {
    const out = path.join(scratch, name);
    for (const language of languages) {
      const args = ["package", "gen-sdk", schemaFile, "--language", language, "--out", out];
      const result = await pulumi().run(args, { allowFailure: true });
      // A host from PATH draws a warning; nothing else may go to stderr.
      const unexpected = result.stderr
        .split("\n")
        .filter((line) => line && !/^warning: using pulumi-language-\w+ from \$PATH/.test(line))
        .filter((line) => line !== `SDK has been written to ${path.join(out, language)}`);
      expect({ language, code: result.code, unexpected }).toEqual({
        language,
        code: 0,
        unexpected: [],
      });
    }
    return out;
  }

  withCli(
    "writes exactly the committed sdk/ from the built schema",
    async () => {
      const out = await genSdk("same", SCHEMA);
      for (const language of languages) {
        // When this fails but sdks.e2e.test.ts passes, the hosts and sdkgen generate differently.
        expect({ language, stale: staleFiles(language, out) }).toEqual({ language, stale: [] });
      }
    },
    120_000,
  );

  withCli(
    "a schema without a field gives SDKs without it, and only that differs",
    async () => {
      const file = path.join(scratch, "no-tags.json");
      writeSchemaWithoutGuardrailTags(file);
      const out = await genSdk("no-tags", file);
      for (const language of languages) {
        expect(guardrailTagsChange(language, out)).toEqual(guardrailTagsOnlyRemoved(language));
      }
    },
    120_000,
  );

  withCodegenHosts(
    "the codegen-only Go host refuses to run a Go program, saying why",
    async () => {
      const project = path.join(scratch, "go-program");
      fs.mkdirSync(project, { recursive: true });
      fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: go-program\nruntime: go\n");
      const cli = pulumi(project);
      await cli.run(["stack", "init", "dev"]);
      const preview = await cli.run(["preview"], { allowFailure: true });
      expect(preview.code).not.toBe(0);
      expect(preview.stdout + preview.stderr).toContain(
        "Run: this pulumi-language-go is pulumi-tavus's codegen-only host (scripts/sdkgen): it only generates SDKs",
      );
    },
    120_000,
  );
});
