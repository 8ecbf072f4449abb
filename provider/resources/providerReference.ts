/**
 * The `__provider` text of each kind: what a resource stores so that the
 * dynamic-provider host can find its CRUD, written here rather than by the
 * SDK's closure serializer (issue #20).
 *
 * Why not `pulumi.dynamic.Resource`: it serializes the provider object with
 * `runtime.serializeFunction`, which emits `require("<pkg>/…")` only for a
 * module whose real path, relative to the program's folder, has a
 * `node_modules` segment (`createClosure.js`, `captureModuleAsync`). Node
 * records a module under its real path, so a package reached through a symlink
 * (`"pulumi-tavus": "file:../.."`, npm workspaces, `npm link`) is "local" and
 * copied by value with everything it imports: megabytes, or a failure (the
 * account example stopped at `Cannot use 'in' operator to search for
 * '$schema' in true`, inside Ajv's schemas). Even under `node_modules` the
 * exports-map lookup (`package.js`, `getPackageDefinition`) finds the
 * package.json by the first occurrence of the package's name in the path, so a
 * project folder named `pulumi-tavus-…` gets an unexported path that fails at
 * run time.
 *
 * The host's side of the contract is small and stable
 * (`cmd/dynamic-provider/index.js`, `getProvider`): it loads the text as a
 * CommonJS module from the project's folder and calls its `handler()` for the
 * provider object. So the text is written once, by hand: a bare `require` of
 * this package's export `pulumi-tavus/providers/<kind>` (package.json
 * `exports`), the same bytes however the package was installed. It captures
 * nothing (no key, no client), and since it names the package, not a file,
 * an upgrade of the package reaches resources already in state.
 */

import type { DefinitionTable } from "../definitions/table";
import { providerSpecifierOf } from "../kinds";

/**
 * The `__provider` text of a kind: a CommonJS module whose `handler()` returns
 * the kind's provider module, required by its package specifier
 * (`pulumi-tavus/providers/<kind>`, ../kinds.ts) from the project's folder
 * when the host runs (about 70 bytes).
 * @param kind the kind's definition.
 */
export function providerReference(kind: DefinitionTable): string {
  return `exports.handler = () => require(${JSON.stringify(providerSpecifierOf(kind))});\n`;
}
