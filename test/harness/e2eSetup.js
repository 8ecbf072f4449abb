/**
 * Global setup of the end-to-end tier, the only one that finds or builds the
 * real Pulumi CLI (from PATH, the cache, or Go modules: scripts/ensure-pulumi-cli.sh),
 * with the YAML language host beside it for the Pulumi YAML suites (`--with-yaml`).
 * Without a CLI, the e2e suites say loudly that they skipped; without the YAML host,
 * only the YAML suites do.
 */
const fixtureSetup = require("./fixtureSetup");
const { locateCli } = require("../../scripts/lib/pulumiCli");

module.exports = async function e2eSetup() {
  await fixtureSetup();
  const cli = await locateCli({ quiet: true, withYaml: true });
  if ("bin" in cli) {
    process.env.PULUMI_TAVUS_CLI_BIN = cli.bin;
    if (cli.yamlSkip) process.env.PULUMI_TAVUS_YAML_SKIP = cli.yamlSkip;
  } else process.env.PULUMI_TAVUS_CLI_SKIP = cli.reason;
};
