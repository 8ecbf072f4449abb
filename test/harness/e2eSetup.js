/**
 * Global setup of the end-to-end tier, the only one that finds or builds the
 * real Pulumi CLI (from PATH, the cache, or Go modules: scripts/ensure-pulumi-cli.sh),
 * with the YAML language host beside it for the Pulumi YAML suites (`--with-yaml`).
 * Without a CLI, the e2e suites say loudly that they skipped; without the YAML host,
 * only the YAML suites do. It also provides the servers of Pulumi's state backends a team
 * uses (S3, Azure Blob, PostgreSQL: scripts/ensure-backends.sh); a missing one skips, loudly,
 * only its part of test/e2e/teamBackends.e2e.test.ts.
 */
const fixtureSetup = require("./fixtureSetup");
const { locateCli } = require("../../scripts/lib/pulumiCli");
const { locateBackends } = require("../../scripts/lib/backends");

module.exports = async function e2eSetup() {
  await fixtureSetup();
  const cli = await locateCli({ quiet: true, withYaml: true });
  if ("bin" in cli) {
    process.env.PULUMI_TAVUS_CLI_BIN = cli.bin;
    if (cli.yamlSkip) process.env.PULUMI_TAVUS_YAML_SKIP = cli.yamlSkip;
  } else process.env.PULUMI_TAVUS_CLI_SKIP = cli.reason;
  // The state backends' servers of the team suite (scripts/ensure-backends.sh: cached, or
  // built/installed once): where each is, or why it is not.
  process.env.PULUMI_TAVUS_BACKENDS = JSON.stringify(await locateBackends());
};
