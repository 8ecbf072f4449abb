/**
 * Installs the package the way a user gets it: `npm pack`, then the tarball
 * unpacked into `.work/installed/node_modules/pulumi-tavus` (a real copy, not a
 * symlink, so Pulumi's closure serializer sees a package under node_modules).
 * Its dependencies resolve from the repository's own node_modules, one level up.
 */
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

module.exports = async function globalSetup() {
  const root = path.resolve(__dirname, "../..");
  const work = path.join(root, ".work");
  const installed = path.join(work, "installed");
  fs.rmSync(installed, { recursive: true, force: true });
  fs.mkdirSync(path.join(installed, "node_modules"), { recursive: true });
  if (!fs.existsSync(path.join(root, "dist/provider/index.js"))) {
    throw new Error("dist/ is missing: run `npm run build` first (`npm test` does).");
  }
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: root, encoding: "utf8" });
  const tarball = path.join(work, JSON.parse(out)[0].filename);
  execFileSync("tar", ["-xzf", tarball, "-C", installed]);
  fs.renameSync(path.join(installed, "package"), path.join(installed, "node_modules", "pulumi-tavus"));
  fs.writeFileSync(path.join(installed, "package.json"), JSON.stringify({ name: "installed-fixture", private: true }));
  process.env.PULUMI_TAVUS_INSTALLED = installed;
  process.env.PULUMI_TAVUS_TARBALL = tarball;
};
