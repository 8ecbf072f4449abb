/** Jest runs the TypeScript sources through ts-jest. The suite needs
 * `--experimental-vm-modules` (see package.json "test") because the client loads
 * `got`, an ESM-only package, with a dynamic import(). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }] },
  globalSetup: "<rootDir>/test/harness/globalSetup.js",
  globalTeardown: "<rootDir>/test/harness/globalTeardown.js",
  testTimeout: 60000,
  verbose: true,
  reporters: ["default", "<rootDir>/test/harness/summaryReporter.js"],
};
