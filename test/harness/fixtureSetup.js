/**
 * Global setup of the provider-host tier (and, through e2eSetup.js, of the
 * end-to-end tier): installs the package the way a user gets it
 * (scripts/lib/fixture.js). The pure, client and emulator tier has no global
 * setup at all, so `npx jest test/unit/diff.test.ts` packs and installs nothing.
 */
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { installFixture } = require("../../scripts/lib/fixture");

const ROOT = path.resolve(__dirname, "../..");
/** What `npm run build` compiles, and what `npm pack` reads besides dist/. */
const SOURCES = ["provider", "emulator", "package.json", "tsconfig.json", "tsconfig.build.json"];

/** Newest modification time under `entry`, in ms. */
function newestMtime(entry) {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry))
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

/**
 * Builds dist/ when it is missing or older than a source, so that a single
 * `npx jest test/host/…` after an edit tests the edit, not the last build.
 * `npm test` and `npm run test:host` build first, and this finds dist/ fresh.
 */
function buildIfStale() {
  const built = path.join(ROOT, "dist/provider/index.js");
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  const changedAt = Math.max(...SOURCES.map((s) => newestMtime(path.join(ROOT, s))));
  if (changedAt <= builtAt) return;
  process.stderr.write("\n[fixture] dist/ is missing or older than the sources: npm run build\n");
  execFileSync("npm", ["run", "--silent", "build"], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
  });
}

module.exports = async function fixtureSetup() {
  // Both tiers that need the fixture share one per run; globalTeardown.js removes it.
  if (globalThis.tavusFixture) return;
  buildIfStale();
  const { dir, tarball } = installFixture();
  globalThis.tavusFixture = dir;
  process.env.PULUMI_TAVUS_INSTALLED = dir;
  process.env.PULUMI_TAVUS_TARBALL = tarball;
};
