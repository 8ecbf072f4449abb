/**
 * Global setup of the end-to-end tier, the only one that finds or builds the
 * real Pulumi CLI (from PATH, the cache, or Go modules: scripts/ensure-pulumi-cli.sh).
 * Without one, the e2e suites say loudly that they skipped.
 */
const fixtureSetup = require("./fixtureSetup");
const { locateCli } = require("../../scripts/lib/pulumiCli");

module.exports = async function e2eSetup() {
  await fixtureSetup();
  const cli = await locateCli({ quiet: true });
  if ("bin" in cli) process.env.PULUMI_TAVUS_CLI_BIN = cli.bin;
  else process.env.PULUMI_TAVUS_CLI_SKIP = cli.reason;
};
