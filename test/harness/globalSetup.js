/**
 * Installs the package the way a user gets it: `npm pack`, then `npm install`
 * of the tarball with @pulumi/pulumi into a scratch project outside the
 * repository, so that Pulumi's closure serializer sees a real package under
 * node_modules (not a symlink into this repository) and nothing resolves from
 * the repository's own node_modules by accident.
 */
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

module.exports = async function globalSetup() {
  const root = path.resolve(__dirname, "../..");
  if (!fs.existsSync(path.join(root, "dist/provider/index.js"))) {
    throw new Error("dist/ is missing: run `npm run build` first (`npm test` does).");
  }
  // The folder name must not contain "pulumi-tavus": the SDK's closure
  // serializer (3.248, getPackageDefinition) finds a package's package.json by
  // the first occurrence of its name in the path, and would miss our exports map.
  const fixture = fs.mkdtempSync(path.join(os.tmpdir(), "tavus-fixture-"));
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", fixture], { cwd: root, encoding: "utf8" });
  const tarball = path.join(fixture, JSON.parse(out)[0].filename);
  const sdkVersion = require(path.join(root, "node_modules/@pulumi/pulumi/package.json")).version;
  fs.writeFileSync(path.join(fixture, "package.json"), JSON.stringify({ name: "installed-fixture", private: true }));
  execFileSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", "--loglevel=error", tarball, `@pulumi/pulumi@${sdkVersion}`],
    { cwd: fixture, stdio: ["ignore", "ignore", "inherit"] },
  );
  // Run from inside the fixture, as a user's program would be: the SDK resolves
  // some modules relative to the main script, which must not be this repository.
  fs.copyFileSync(path.join(__dirname, "serializeProviders.js"), path.join(fixture, "serializeProviders.js"));
  process.env.PULUMI_TAVUS_INSTALLED = fixture;

  // The real Pulumi CLI for the end-to-end tests: from PATH, the cache, or built
  // from Go modules. Without one, the e2e suites say loudly that they skipped.
  const { locateCli } = require("../../scripts/lib/pulumiCli");
  const cli = await locateCli({ quiet: true });
  if ("bin" in cli) process.env.PULUMI_TAVUS_CLI_BIN = cli.bin;
  else process.env.PULUMI_TAVUS_CLI_SKIP = cli.reason;
  process.env.PULUMI_TAVUS_TARBALL = tarball;
};
