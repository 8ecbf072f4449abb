/**
 * The one installer of this package for tests, the bench and the demo: the
 * package installed the ways a user gets it, outside the repository, so that
 * nothing resolves from the repository's own node_modules by accident.
 *
 * - `installFixture(prefix, { from: "tarball" })`: `npm pack`, then `npm install`
 *   of the tarball into a scratch project: a real folder under node_modules, as
 *   from the registry.
 * - `installFixture(prefix, { from: "link" })`: `npm install file:<checkout>`, as
 *   the examples' `"pulumi-tavus": "file:../.."` does: node_modules/pulumi-tavus
 *   is a symlink to the checkout, whose own node_modules serves its dependencies
 *   (workspaces and `npm link` install it the same way).
 * - `installPackedPackage(nodeModulesDir)`: the tarball unpacked into an existing
 *   node_modules (the demo's root project, whose dependencies are already there).
 */
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "../..");

/** How {@link installFixture} can install the package. */
const INSTALL_MODES = ["tarball", "link"];

function requireBuilt() {
  if (!fs.existsSync(path.join(ROOT, "dist/provider/index.js"))) {
    throw new Error(
      "dist/ is missing: run `npm run build` first (`npm test` and `npm run bench` do).",
    );
  }
}

/**
 * `npm pack` of the built package.
 * @param {string} destination folder the tarball is written to.
 * @returns {string} the tarball's path.
 */
function packPackage(destination) {
  requireBuilt();
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", destination], {
    cwd: ROOT,
    encoding: "utf8",
    // stderr piped, not shown: npm lists the tarball's files there; a failure carries it.
    stdio: ["ignore", "pipe", "pipe"],
  });
  return path.join(destination, JSON.parse(out)[0].filename);
}

/**
 * A scratch project under the OS temp folder with this package and what an
 * example's package.json asks for installed.
 * @param {string} prefix folder name prefix under the OS temp folder.
 * @param {{ from?: "tarball" | "link" }} options how the package gets into node_modules.
 * @returns {{ dir: string, tarball?: string }} `tarball` for `from: "tarball"`.
 */
function installFixture(prefix = "tavus-fixture-", { from = "tarball" } = {}) {
  if (!INSTALL_MODES.includes(from)) throw new Error(`installFixture: unknown mode ${from}`);
  requireBuilt();
  // No "pulumi-tavus" in the folder name: the SDK's closure serializer (3.248,
  // getPackageDefinition) finds a package's package.json by the first occurrence
  // of its name in the path. `__provider` no longer goes through it, but a user's
  // program may, and the fixture should not be the odd case.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const tarball = from === "tarball" ? packPackage(dir) : undefined;
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
    tarball ?? `file:${ROOT}`,
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
    { cwd: dir, stdio: ["ignore", "ignore", "inherit"] },
  );
  // Run from inside the fixture, as a user's program would be: the SDK resolves
  // some modules relative to the main script, which must not be this repository.
  fs.copyFileSync(
    path.join(__dirname, "serializeProviders.js"),
    path.join(dir, "serializeProviders.js"),
  );
  return tarball ? { dir, tarball } : { dir };
}

/**
 * Packs the built package and unpacks it as a real folder at
 * `<nodeModulesDir>/pulumi-tavus`, replacing what is there. Its dependencies
 * must already resolve from there (the caller's node_modules).
 * @param {string} nodeModulesDir
 * @returns {string} the installed package folder.
 */
function installPackedPackage(nodeModulesDir) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tavus-pack-"));
  try {
    return unpackInto(packPackage(scratch), nodeModulesDir, "pulumi-tavus");
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Unpacks an `npm pack` tarball as a real folder at `<nodeModulesDir>/<name>`,
 * replacing what is there, as `npm install` of the tarball lays it out.
 * @param {string} tarball
 * @param {string} nodeModulesDir
 * @param {string} name the package's name.
 * @returns {string} the installed package folder.
 */
function unpackInto(tarball, nodeModulesDir, name) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tavus-unpack-"));
  try {
    execFileSync("tar", ["-xzf", tarball, "-C", scratch]);
    const target = path.join(nodeModulesDir, name);
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(nodeModulesDir, { recursive: true });
    fs.cpSync(path.join(scratch, "package"), target, { recursive: true });
    return target;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The `__provider` text each resource type writes, keyed by type token.
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

module.exports = {
  INSTALL_MODES,
  installFixture,
  installPackedPackage,
  packPackage,
  serializedProviders,
  unpackInto,
};
