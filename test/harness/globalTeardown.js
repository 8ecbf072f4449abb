/** Removes the scratch project globalSetup installed. */
const fs = require("node:fs");

module.exports = async function globalTeardown() {
  const fixture = process.env.PULUMI_TAVUS_INSTALLED;
  if (fixture && fixture.includes("tavus-fixture-")) fs.rmSync(fixture, { recursive: true, force: true });
};
