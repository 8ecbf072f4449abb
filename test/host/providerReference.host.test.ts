/**
 * Every kind's `__provider` is the same tiny `require` of this package by name,
 * however the package got into the program's node_modules (issue #20): from its
 * packed tarball (a real folder, as from the registry) or through a `file:` link
 * (a symlink to the checkout, as the examples' `"pulumi-tavus": "file:../.."`;
 * workspaces and `npm link` install it the same way). The SDK's serializer
 * copied a symlinked package by value and failed; providerReference.ts writes
 * the text instead. The real dynamic-provider host then loads that text in the
 * linked project and runs a kind through it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { TYPES } from "../harness/hostSuite";
import { installedFixture, ProviderHost, urnOf } from "../harness/providerHost";

const fixture = require("../../scripts/lib/fixture") as {
  installFixture(prefix: string, options: { from: "link" }): { dir: string };
  serializedProviders(dir: string): Record<string, string>;
};

const KINDS = Object.keys(TYPES) as (keyof typeof TYPES)[];
const expected = (kind: string) =>
  `exports.handler = () => require("pulumi-tavus/providers/${kind}");\n`;

let linked: string;
const byMode: Record<string, Record<string, string>> = {};

beforeAll(() => {
  linked = fixture.installFixture("tavus-linked-", { from: "link" }).dir;
  byMode.tarball = fixture.serializedProviders(installedFixture());
  byMode.link = fixture.serializedProviders(linked);
}, 300_000);
afterAll(() => {
  if (linked) fs.rmSync(linked, { recursive: true, force: true });
});

test("the link fixture holds a symlink, the tarball fixture a real folder", () => {
  const installed = (dir: string) => fs.lstatSync(path.join(dir, "node_modules/pulumi-tavus"));
  expect(installed(linked).isSymbolicLink()).toBe(true);
  expect(installed(installedFixture()).isSymbolicLink()).toBe(false);
});

describe.each(["tarball", "link"])("installed from a %s", (mode) => {
  test.each(KINDS)("%s: __provider is a bare require of pulumi-tavus/providers/<kind>", (kind) => {
    const text = byMode[mode]![TYPES[kind]]!;
    expect(text).toBe(expected(kind));
    // Names the package, not a file: an upgrade reaches resources already in state.
    expect(text).not.toMatch(/dist|node_modules|\/tmp|apiKey/);
    expect(Buffer.byteLength(text)).toBeLessThan(128);
  });
});

test("every kind's text is the same in both install modes", () => {
  expect(byMode.link).toEqual(byMode.tarball);
  expect(Object.keys(byMode.link!).sort()).toEqual(Object.values(TYPES).sort());
});

test("package.json exports every required specifier, at the kind's provider module", () => {
  const { exports } = JSON.parse(
    fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8"),
  ) as { exports: Record<string, unknown> };
  for (const kind of KINDS)
    expect(exports[`./providers/${kind}`]).toBe(`./dist/provider/resources/${kind}Provider.js`);
});

describe("the dynamic-provider host in the linked project", () => {
  let emulator: RunningEmulator;
  let host: ProviderHost;
  beforeAll(async () => {
    emulator = await startEmulator({ strict: true });
    host = await ProviderHost.start(linked);
    await host.configure({ "tavus:apiKey": emulator.apiKey, "tavus:baseUrl": emulator.url });
  });
  afterAll(async () => {
    await host?.stop();
    await emulator?.close();
  });

  test("loads every kind's provider through its text (check answers)", async () => {
    for (const kind of KINDS) {
      const type = TYPES[kind];
      const result = await host.check(urnOf(type, kind), {}, { __provider: byMode.link![type]! });
      expect(Array.isArray(result.failures)).toBe(true);
    }
  });

  test("runs a Guardrail through it: create, read, delete", async () => {
    const type = TYPES.guardrail;
    const urn = urnOf(type, "linked");
    const inputs = {
      guardrailName: "no_advice",
      guardrailPrompt: "Give no medical advice.",
      __provider: byMode.link![type]!,
    };
    const created = await host.create(urn, inputs);
    expect(emulator.state().guardrails?.map((g) => g.uuid)).toEqual([created.id]);
    const read = await host.read(urn, created.id, created.properties);
    expect(read.id).toBe(created.id);
    await host.delete(urn, created.id, read.properties);
    expect(emulator.state().guardrails ?? []).toEqual([]);
  });
});
