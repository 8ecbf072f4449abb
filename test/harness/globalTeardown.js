/**
 * Removes the scratch project fixtureSetup.js installed. The host and e2e tiers
 * both name this teardown; the first to run removes the fixture, the other finds
 * nothing left to do.
 */
const fs = require("node:fs");

module.exports = async function globalTeardown() {
  const fixture = globalThis.tavusFixture;
  if (!fixture) return;
  fs.rmSync(fixture, { recursive: true, force: true });
  globalThis.tavusFixture = undefined;
  delete process.env.PULUMI_TAVUS_INSTALLED;
  delete process.env.PULUMI_TAVUS_TARBALL;
};
