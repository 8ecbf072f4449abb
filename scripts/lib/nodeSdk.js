/**
 * The generated Node.js SDK (sdk/nodejs, package `pulumi-tavus-sdk`, issue #26) made
 * installable the way Pulumi's generated packages are published: compiled by tsc into a
 * `bin/` folder, its package.json and README copied beside the JavaScript (the SDK's
 * `utilities.getVersion()` requires `./package.json` from there), and `npm pack` of that
 * folder. Shared by test/e2e/nodeSdk.e2e.test.ts and the bench's CLI section.
 *
 * The sources are compiled where they are (`tsc -p sdk/nodejs --outDir <scratch>`), so
 * `@pulumi/pulumi` and `@types/node` resolve from this repository's node_modules and
 * sdk/nodejs gains no build output. TypeScript is this repository's (a devDependency).
 */
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { unpackInto } = require("./fixture");

const ROOT = path.resolve(__dirname, "../..");
const SDK = path.join(ROOT, "sdk/nodejs");
/** The generated package's name (sdk/nodejs/package.json). */
const NODE_SDK_NAME = "pulumi-tavus-sdk";

/**
 * Compiles sdk/nodejs and packs it.
 * @param {string} destination folder the tarball is written to.
 * @returns {string} the tarball's path.
 * @throws when tsc reports an error (its output in the message) or `npm pack` fails.
 */
function packNodeSdk(destination) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tavus-node-sdk-"));
  try {
    const bin = path.join(scratch, "bin");
    try {
      execFileSync(
        process.execPath,
        [
          path.join(ROOT, "node_modules/typescript/bin/tsc"),
          "-p",
          SDK,
          "--outDir",
          bin,
          // Source maps and declaration maps would point back into the checkout.
          "--sourceMap",
          "false",
          "--declarationMap",
          "false",
        ],
        { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
      );
    } catch (e) {
      throw new Error(`tsc of sdk/nodejs failed:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
    }
    for (const file of ["package.json", "README.md"])
      fs.copyFileSync(path.join(SDK, file), path.join(bin, file));
    const out = execFileSync("npm", ["pack", "--json", "--pack-destination", destination], {
      cwd: bin,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return path.join(destination, JSON.parse(out)[0].filename);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Compiles, packs and unpacks the SDK as a real folder at
 * `<nodeModulesDir>/pulumi-tavus-sdk`. Its one dependency, `@pulumi/pulumi`, must
 * already resolve from there (an installed fixture's node_modules).
 * @param {string} nodeModulesDir
 * @returns {string} the installed package folder.
 */
function installNodeSdk(nodeModulesDir) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tavus-node-sdk-pack-"));
  try {
    return unpackInto(packNodeSdk(scratch), nodeModulesDir, NODE_SDK_NAME);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

module.exports = { NODE_SDK_NAME, packNodeSdk, installNodeSdk };
