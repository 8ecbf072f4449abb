/**
 * Three tiers, each a Jest project with only the global setup it needs:
 * - unit: everything in test/ but host/ and e2e/: pure tests, the client and the
 *   emulator against the in-process emulator; no build, no `npm pack`, no Pulumi
 *   CLI (`npm run test:unit`);
 * - host: the provider host over gRPC, on the package installed from its tarball
 *   (`npm run test:host`);
 * - e2e: the real Pulumi CLI, the only tier that finds or builds it (`npm run test:e2e`).
 * Jest runs a project's globalSetup only when one of its tests is selected, so
 * `npx jest test/unit/diff.test.ts` does no setup at all.
 *
 * Jest needs `--experimental-vm-modules` (see the package.json scripts) because
 * the client loads `got`, an ESM-only package, with a dynamic import().
 */
/** Folders of test/ with a tier of their own; every other folder belongs to the unit tier. */
const OWN_TIER = ["host", "e2e"];

const tier = (name, setup) => ({
  displayName: name,
  rootDir: __dirname,
  testEnvironment: "node",
  roots: [name === "unit" ? "<rootDir>/test" : `<rootDir>/test/${name}`],
  testMatch: ["**/*.test.ts"],
  // A new or renamed folder of pure tests lands in the unit tier without a config change.
  testPathIgnorePatterns: [
    "/node_modules/",
    ...(name === "unit" ? OWN_TIER.map((dir) => `<rootDir>/test/${dir}/`) : []),
  ],
  // tsconfig.json sets isolatedModules, so ts-jest transpiles file by file;
  // type checking is `npm run lint`'s job (tsc --noEmit).
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }],
  },
  ...(setup
    ? {
        globalSetup: `<rootDir>/test/harness/${setup}`,
        globalTeardown: "<rootDir>/test/harness/globalTeardown.js",
      }
    : {}),
  // An e2e test runs the real CLI several times: minutes, not one minute.
  ...(name === "e2e" ? { setupFilesAfterEnv: ["<rootDir>/test/harness/e2eTimeout.js"] } : {}),
});

module.exports = {
  projects: [tier("unit"), tier("host", "fixtureSetup.js"), tier("e2e", "e2eSetup.js")],
  testTimeout: 60000,
  verbose: true,
  reporters: ["default", "<rootDir>/test/harness/summaryReporter.js"],
};
