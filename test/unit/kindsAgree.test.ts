/**
 * Every surface has exactly the kinds of the list (provider/kinds.ts): the
 * plugin, the account folder, the package's exports (classes, provider modules,
 * `package.json` entries that `__provider` requires), the client's endpoint
 * groups, the emulator's collections and the host tests' type tokens. A kind
 * left out of any one of them, or a kind a surface has that the list does
 * not, fails here with the surface named.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { COLLECTIONS } from "../../emulator/store";
import * as rootIndex from "../../provider";
import { TavusClient } from "../../provider/client";
import type { DefinitionTable } from "../../provider/definitions/table";
import { FILE_KINDS } from "../../provider/files/kinds";
import {
  DYNAMIC_TYPE_PREFIX,
  isAdoptable,
  KINDS,
  kindInFolder,
  kindNamed,
  moduleNameOf,
  providerSpecifierOf,
} from "../../provider/kinds";
import { PLUGIN_KINDS } from "../../provider/plugin/kinds";
import { RESOURCE_CLASSES } from "../../provider/resources/classes";
import { TYPES } from "../harness/hostSuite";

const ROOT = path.join(__dirname, "../..");
const names = KINDS.map((k) => k.typeName);
const sorted = (values: Iterable<string>) => [...values].sort();

describe("every surface has exactly the kinds of the list", () => {
  test("the list names each kind, collection and folder once", () => {
    expect(new Set(names).size).toBe(KINDS.length);
    expect(new Set(KINDS.map((k) => k.collection)).size).toBe(KINDS.length);
    const folders = KINDS.flatMap((k) => ("folder" in k ? [k.folder.name] : []));
    expect(new Set(folders).size).toBe(folders.length);
  });

  test("the list is in dependency order: a kind comes after every kind its references name", () => {
    const kinds: readonly DefinitionTable[] = KINDS;
    kinds.forEach((kind, position) => {
      for (const ref of kind.folder?.references ?? []) {
        const target = kindInFolder(ref.folder);
        expect({ kind: kind.typeName, references: ref.folder, known: !!target }).toEqual({
          kind: kind.typeName,
          references: ref.folder,
          known: true,
        });
        expect(kinds.indexOf(target!)).toBeLessThan(position);
      }
      if (kind.listing.partOf) expect(kindNamed(kind.listing.partOf.typeName)).toBeDefined();
    });
  });

  test("the plugin serves every kind, as tavus:index:<Kind>, in the list's order", () => {
    expect(PLUGIN_KINDS.map((k) => k.token)).toEqual(names.map((n) => `tavus:index:${n}`));
    for (const kind of PLUGIN_KINDS)
      expect(fs.existsSync(path.join(ROOT, "provider/resources", kind.classFile))).toBe(true);
  });

  test("the account folder holds every kind that has a folder, in the list's order", () => {
    expect(FILE_KINDS.map((k) => k.definition.typeName)).toEqual(
      KINDS.filter((k) => "folder" in k).map((k) => k.typeName),
    );
  });

  test("the package exports every kind's class and provider module, and nothing else of the kind", () => {
    expect(sorted(Object.keys(RESOURCE_CLASSES))).toEqual(sorted(names));
    for (const name of names) {
      expect({ name, exported: typeof (rootIndex as Record<string, unknown>)[name] }).toEqual({
        name,
        exported: "function",
      });
      expect({
        name,
        provider: typeof (rootIndex as Record<string, unknown>)[`${name}Provider`],
      }).toEqual({ name, provider: "object" });
    }
  });

  test("package.json maps each kind's __provider require to its built provider module, and no other", () => {
    const exportsMap = (
      JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
        exports: Record<string, unknown>;
      }
    ).exports;
    const providers = Object.keys(exportsMap).filter((k) => k.startsWith("./providers/"));
    expect(sorted(providers)).toEqual(
      sorted(KINDS.map((k) => `./${providerSpecifierOf(k).split("/").slice(1).join("/")}`)),
    );
    for (const kind of KINDS) {
      const module = moduleNameOf(kind);
      expect(exportsMap[`./providers/${module}`]).toBe(
        `./dist/provider/resources/${module}Provider.js`,
      );
      expect(fs.existsSync(path.join(ROOT, `provider/resources/${module}Provider.ts`))).toBe(true);
    }
  });

  test("the client has an endpoint group for each kind's collection, which lists and reads", () => {
    const client = new TavusClient({ apiKey: "k", baseUrl: "http://127.0.0.1:1" });
    for (const kind of KINDS) {
      const group = (client as unknown as Record<string, Record<string, unknown> | undefined>)[
        kind.collection
      ];
      expect({ collection: kind.collection, list: typeof group?.list }).toEqual({
        collection: kind.collection,
        list: "function",
      });
      expect(typeof group?.retrieve).toBe("function");
    }
  });

  test("the emulator keeps one collection per kind of the list", () => {
    expect(sorted(COLLECTIONS)).toEqual(sorted(KINDS.map((k) => k.collection)));
  });

  test("the host tests know every kind's type token", () => {
    expect(sorted(Object.values(TYPES))).toEqual(sorted(names.map((n) => DYNAMIC_TYPE_PREFIX + n)));
  });

  test("every kind but Conversation can be adopted (adoptId), as the README says", () => {
    expect(KINDS.filter((k) => !isAdoptable(k)).map((k) => k.typeName)).toEqual(["Conversation"]);
  });
});
