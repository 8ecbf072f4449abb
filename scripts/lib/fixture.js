/**
 * A scratch project with this package installed the way a user gets it:
 * `npm pack`, then `npm install` of the tarball and @pulumi/pulumi, outside the
 * repository, so that Pulumi's closure serializer sees a real package under
 * node_modules (not a symlink into this repository) and nothing resolves from
 * the repository's own node_modules by accident.
 */
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "../..");

/**
 * @param {string} prefix folder name prefix under the OS temp folder.
 * @returns {{ dir: string, tarball: string }}
 */
function installFixture(prefix = "tavus-fixture-") {
  if (!fs.existsSync(path.join(ROOT, "dist/provider/index.js"))) {
    throw new Error(
      "dist/ is missing: run `npm run build` first (`npm test` and `npm run bench` do).",
    );
  }
  // The folder name must not contain "pulumi-tavus": the SDK's closure
  // serializer (3.248, getPackageDefinition) finds a package's package.json by
  // the first occurrence of its name in the path, and would miss our exports map.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", dir], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const tarball = path.join(dir, JSON.parse(out)[0].filename);
  const versionOf = (name) =>
    require(path.join(ROOT, "node_modules", name, "package.json")).version;
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "installed-fixture", private: true }),
  );
  // typescript and @types/node, as the examples' package.json files ask: the SDK
  // runs an index.ts through ts-node with the project's own compiler (else a
  // vendored TypeScript 3.8), type-checking it. The repository's versions, so
  // that the install is served from npm's cache.
  const packages = [
    tarball,
    `@pulumi/pulumi@${versionOf("@pulumi/pulumi")}`,
    `typescript@${versionOf("typescript")}`,
    `@types/node@${versionOf("@types/node")}`,
  ];
  execFileSync(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "--ignore-scripts",
      "--loglevel=error",
      ...packages,
    ],
    {
      cwd: dir,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  // Run from inside the fixture, as a user's program would be: the SDK resolves
  // some modules relative to the main script, which must not be this repository.
  fs.copyFileSync(
    path.join(__dirname, "serializeProviders.js"),
    path.join(dir, "serializeProviders.js"),
  );
  return { dir, tarball };
}

/**
 * The `__provider` text the SDK writes for each resource type, keyed by type token.
 * @param {string} dir a fixture from {@link installFixture}.
 */
function serializedProviders(dir) {
  const out = execFileSync(process.execPath, [path.join(dir, "serializeProviders.js")], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, TAVUS_API_KEY: "" },
  });
  return JSON.parse(out);
}

module.exports = { installFixture, serializedProviders };
