/**
 * Installs this package into a project the way a user gets it: `npm pack`,
 * then the tarball unpacked as a real folder at <project>/node_modules/pulumi-tavus
 * (never a symlink: Pulumi serializes a symlinked package by value).
 */
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "../..");

/**
 * Packs the built package (dist/ must exist) and unpacks it into `nodeModulesDir`.
 * Its dependencies must already be resolvable from there (the caller's node_modules).
 * @param {string} nodeModulesDir
 * @returns {string} the installed package folder.
 */
function installPackedPackage(nodeModulesDir) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tavus-pack-"));
  try {
    const out = execFileSync("npm", ["pack", "--json", "--pack-destination", scratch], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    const tarball = path.join(scratch, JSON.parse(out)[0].filename);
    execFileSync("tar", ["-xzf", tarball, "-C", scratch]);
    const target = path.join(nodeModulesDir, "pulumi-tavus");
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(nodeModulesDir, { recursive: true });
    fs.cpSync(path.join(scratch, "package"), target, { recursive: true });
    return target;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

module.exports = { installPackedPackage };
