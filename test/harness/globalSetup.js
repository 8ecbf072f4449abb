/**
 * Installs the package the way a user gets it (scripts/lib/fixture.js) and finds
 * the real Pulumi CLI for the end-to-end tests: from PATH, the cache, or built
 * from Go modules. Without one, the e2e suites say loudly that they skipped.
 */
const { installFixture } = require("../../scripts/lib/fixture");
const { locateCli } = require("../../scripts/lib/pulumiCli");

module.exports = async function globalSetup() {
  const { dir, tarball } = installFixture();
  process.env.PULUMI_TAVUS_INSTALLED = dir;
  process.env.PULUMI_TAVUS_TARBALL = tarball;
  const cli = await locateCli({ quiet: true });
  if ("bin" in cli) process.env.PULUMI_TAVUS_CLI_BIN = cli.bin;
  else process.env.PULUMI_TAVUS_CLI_SKIP = cli.reason;
};
