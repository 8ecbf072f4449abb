/**
 * The SDKs generated from the plugin's schema (issue #26): sdk/ is what
 * scripts/ensure-sdks.sh writes from the built schema (regenerating changes no file),
 * a schema with a field removed gives SDKs without it, each SDK carries the package
 * version, and the Python SDK and example byte-compile with the SDK's public names
 * matching the schema (the Python program itself is not run: no Python package
 * registry here).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PackageSchema } from "../../provider/plugin/schema";
import { GO_ENV, goToolchain, runFile } from "../harness/e2e";
import {
  ensureSdks,
  guardrailTagsChange,
  guardrailTagsOnlyRemoved,
  LANGUAGES,
  SCHEMA,
  staleFiles,
  writeSchemaWithoutGuardrailTags,
} from "../harness/sdkTrees";

const REPO = path.resolve(__dirname, "../..");

const schema = JSON.parse(fs.readFileSync(SCHEMA, "utf8")) as PackageSchema;
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Each resource's example in `language`, from its description's examples block. */
function schemaExamples(language: string): { kind: string; code: string }[] {
  return Object.entries(schema.resources).map(([token, resource]) => {
    const block = new RegExp("```" + language + "\\n([\\s\\S]*?)```").exec(resource.description);
    if (!block) throw new Error(`${token}: no ${language} example in its description`);
    return { kind: token.split(":")[2]!, code: block[1]! };
  });
}

/** python3 on PATH, or undefined with a loud note that the Python check skips. */
function python3(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, "python3"))) return path.join(dir, "python3");
  }
  console.warn(
    "SKIPPED the Python SDK check: no python3 on PATH (install Python 3 to byte-compile sdk/python and examples/python-account)",
  );
  return undefined;
}

// The generator and the Go examples need Go; without it those tests are skipped, loudly.
const go = goToolchain("the SDK regeneration and Go example tests");
const withGo = go ? test : test.skip;
const python = python3();
const withPython = python ? test : test.skip;

describe("SDKs generated from the plugin's schema", () => {
  let generator: string;
  let scratch: string;

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tavus-sdks-"));
    if (!go) return;
    generator = await ensureSdks("--generator");
  }, 600_000);
  afterAll(() => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  /** Writes the SDKs of `schemaFile` into `scratch/<name>`; returns that folder. */
  async function generate(name: string, schemaFile: string): Promise<string> {
    const out = path.join(scratch, name);
    const result = await runFile(generator!, ["-schema", schemaFile, "-out", out]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    return out;
  }

  withGo("regenerating from the built schema changes no file of sdk/", async () => {
    const out = await generate("same", SCHEMA);
    for (const language of LANGUAGES) {
      // When this fails: `npm run sdks` and commit sdk/.
      expect({ language, stale: staleFiles(language, out) }).toEqual({ language, stale: [] });
    }
  });

  withGo("a schema without a field gives SDKs without it, and only that differs", async () => {
    const file = path.join(scratch, "no-tags.json");
    writeSchemaWithoutGuardrailTags(file);
    const out = await generate("no-tags", file);
    for (const language of LANGUAGES) {
      expect(guardrailTagsChange(language, out)).toEqual(guardrailTagsOnlyRemoved(language));
    }
  });

  test("each SDK carries the package version", () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
      version: string;
    };
    const plugin = (file: string) =>
      (JSON.parse(fs.readFileSync(path.join(REPO, "sdk", file), "utf8")) as { version: string })
        .version;
    expect(plugin("go/tavus/pulumi-plugin.json")).toBe(version);
    expect(plugin("python/pulumi_tavus/pulumi-plugin.json")).toBe(version);
    expect(plugin("nodejs/package.json")).toBe(version);
    expect(
      fs.readFileSync(path.join(REPO, "sdk/go/tavus/internal/pulumiUtilities.go"), "utf8"),
    ).toContain(`semver.MustParse("${version}")`);
    expect(fs.readFileSync(path.join(REPO, "sdk/python/pyproject.toml"), "utf8")).toContain(
      `version = "${version}"`,
    );
  });

  withGo(
    "each resource's Go example in the schema compiles against the generated Go SDK",
    async () => {
      // Inside the e2e driver's module, which points at sdk/go; removed afterwards. One
      // library package, each example's main renamed: compiled and type-checked, no link.
      const dir = path.join(REPO, "test/e2e/goSdk/schemaExamples");
      try {
        fs.mkdirSync(dir, { recursive: true });
        for (const { kind, code } of schemaExamples("go")) {
          expect(code).toMatch(/^package main\n[\s\S]*\nfunc main\(\) \{\n/);
          fs.writeFileSync(
            path.join(dir, `${kind}.go`),
            code
              .replace("package main\n", "package schemaexamples\n")
              .replace("\nfunc main() {\n", `\nfunc main${kind}() {\n`),
          );
        }
        const built = await runFile(go!, ["build", "-trimpath", "./schemaExamples"], {
          cwd: path.dirname(dir),
          env: { ...process.env, ...GO_ENV },
        });
        // On a cold module cache go first says what it downloads: progress, not a compiler message.
        expect(withoutDownloads(built.stderr)).toBe("");
        expect(built.code).toBe(0);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    300_000,
  );

  withPython(
    "the Python SDK, examples/python-account and the schema's Python examples byte-compile; the SDK's names are the schema's",
    async () => {
      const examples = schemaExamples("python").map(({ kind, code }) => {
        const file = path.join(scratch, `${kind}.py`);
        fs.writeFileSync(file, code);
        return file;
      });
      const result = await runFile(
        python!,
        [
          "test/e2e/pythonSdkNames.py",
          "sdk/python/pulumi_tavus",
          "examples/python-account/__main__.py",
          ...examples,
        ],
        { cwd: REPO },
      );
      expect(result.stderr).toBe("");
      const { compiled, modules, exampleUses } = JSON.parse(result.stdout) as {
        compiled: string[];
        modules: Record<string, Record<string, { init: string[]; members: string[] }>>;
        exampleUses: string[];
      };
      expect(compiled).toEqual(
        expect.arrayContaining(["examples/python-account/__main__.py", ...examples]),
      );
      const publicNames = new Set<string>();
      for (const classes of Object.values(modules))
        for (const name of Object.keys(classes)) if (!name.startsWith("_")) publicNames.add(name);

      for (const [token, resource] of Object.entries(schema.resources)) {
        const kind = token.split(":")[2]!;
        const module = modules[`pulumi_tavus.${snake(kind).replace(/^_/, "")}`];
        expect({ token, module: Boolean(module) }).toEqual({ token, module: true });
        const inputs = Object.keys(resource.inputProperties).map(snake).sort();
        expect({ token, args: [...module![`${kind}Args`]!.init].sort() }).toEqual({
          token,
          args: inputs,
        });
        expect({ token, init: [...module![kind]!.init].sort() }).toEqual({ token, init: inputs });
        // Every output is a property of the resource class.
        const outputs = Object.keys(resource.properties).map(snake);
        expect({
          token,
          missing: outputs.filter((o) => !module![kind]!.members.includes(o)),
        }).toEqual({
          token,
          missing: [],
        });
      }
      for (const [token, type] of Object.entries(schema.types)) {
        const name = token.split(":")[2]!;
        const expected = type.type === "object" ? [`${name}Args`, name] : [name];
        for (const cls of expected)
          expect({ token, cls, found: publicNames.has(cls) }).toEqual({ token, cls, found: true });
      }
      // Whatever the example takes from the SDK exists there.
      expect(exampleUses.filter((name) => !publicNames.has(name))).toEqual([]);
    },
  );
});

/** Go's stderr without its `go: downloading <module> <version>` progress lines. */
function withoutDownloads(stderr: string): string {
  return stderr
    .split("\n")
    .filter((line) => !/^go: downloading \S+ \S+$/.test(line))
    .join("\n")
    .trim();
}
