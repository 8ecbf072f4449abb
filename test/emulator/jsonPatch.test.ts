/**
 * The emulator's own RFC 6902 applier: the oracle the provider's patches are
 * checked against, so it must be exact. Cases follow RFC 6902 section 4 and Appendix A.
 */
import { applyPatch, deepEqual, parsePointer } from "../../emulator/jsonPatch";

type Case = [name: string, document: unknown, patch: unknown[], expected: unknown];

const succeeds: Case[] = [
  ["add sets a new object member", { a: 1 }, [{ op: "add", path: "/b", value: 2 }], { a: 1, b: 2 }],
  [
    "add replaces an existing object member",
    { a: 1 },
    [{ op: "add", path: "/a", value: [1] }],
    { a: [1] },
  ],
  [
    "add inserts into an array before the index",
    { a: [1, 3] },
    [{ op: "add", path: "/a/1", value: 2 }],
    { a: [1, 2, 3] },
  ],
  [
    'add with "-" appends to an array',
    { a: [1] },
    [{ op: "add", path: "/a/-", value: 2 }],
    { a: [1, 2] },
  ],
  [
    "add at index == length appends",
    { a: [1] },
    [{ op: "add", path: "/a/1", value: 2 }],
    { a: [1, 2] },
  ],
  [
    'add at "" replaces the whole document',
    { a: 1 },
    [{ op: "add", path: "", value: { b: 2 } }],
    { b: 2 },
  ],
  [
    "add stores an object value by copy",
    {},
    [{ op: "add", path: "/o", value: { x: { y: 1 } } }],
    { o: { x: { y: 1 } } },
  ],
  ["remove deletes an object member", { a: 1, b: 2 }, [{ op: "remove", path: "/a" }], { b: 2 }],
  [
    "remove deletes an array element and shifts",
    { a: [1, 2, 3] },
    [{ op: "remove", path: "/a/0" }],
    { a: [2, 3] },
  ],
  [
    "replace swaps an existing value",
    { a: { b: 1 } },
    [{ op: "replace", path: "/a/b", value: "x" }],
    { a: { b: "x" } },
  ],
  [
    "replace swaps an array element in place",
    { a: [1, 2, 3] },
    [{ op: "replace", path: "/a/1", value: 9 }],
    { a: [1, 9, 3] },
  ],
  [
    'replace at "" swaps the whole document',
    { a: 1 },
    [{ op: "replace", path: "", value: [1] }],
    [1],
  ],
  [
    "move relocates a member",
    { a: { b: 1 }, c: {} },
    [{ op: "move", from: "/a/b", path: "/c/d" }],
    { a: {}, c: { d: 1 } },
  ],
  [
    "move reorders an array",
    { a: [1, 2, 3, 4] },
    [{ op: "move", from: "/a/1", path: "/a/3" }],
    { a: [1, 3, 4, 2] },
  ],
  [
    "move onto itself changes nothing",
    { a: 1 },
    [{ op: "move", from: "/a", path: "/a" }],
    { a: 1 },
  ],
  [
    "copy duplicates a value",
    { a: { b: [1] } },
    [{ op: "copy", from: "/a", path: "/c" }],
    { a: { b: [1] }, c: { b: [1] } },
  ],
  [
    "test passes on a deep-equal value, ignoring key order",
    { a: { x: 1, y: [1, { z: null }] } },
    [{ op: "test", path: "/a", value: { y: [1, { z: null }], x: 1 } }],
    { a: { x: 1, y: [1, { z: null }] } },
  ],
  [
    "~1 in a pointer means /",
    { "a/b": 1 },
    [{ op: "replace", path: "/a~1b", value: 2 }],
    { "a/b": 2 },
  ],
  [
    "~0 in a pointer means ~",
    { "m~n": 1 },
    [{ op: "replace", path: "/m~0n", value: 2 }],
    { "m~n": 2 },
  ],
  ["~01 decodes to ~1, not /", { "~1": 1 }, [{ op: "remove", path: "/~01" }], {}],
  [
    "an empty member name is addressable",
    { "": 1 },
    [{ op: "replace", path: "/", value: 2 }],
    { "": 2 },
  ],
  [
    "operations apply in order",
    { a: 1 },
    [
      { op: "add", path: "/b", value: {} },
      { op: "add", path: "/b/c", value: 3 },
      { op: "remove", path: "/a" },
    ],
    { b: { c: 3 } },
  ],
  [
    "an array-looking key on an object is a member name",
    { o: {} },
    [{ op: "add", path: "/o/0", value: 1 }],
    { o: { "0": 1 } },
  ],
  ["an empty patch is a no-op", { a: 1 }, [], { a: 1 }],
];

const fails: [name: string, document: unknown, patch: unknown[]][] = [
  ["add into a missing parent", { a: 1 }, [{ op: "add", path: "/x/y", value: 1 }]],
  ["add past the end of an array", { a: [1] }, [{ op: "add", path: "/a/2", value: 1 }]],
  ["add with a leading-zero index", { a: [1, 2] }, [{ op: "add", path: "/a/01", value: 1 }]],
  ["add into a scalar", { a: 1 }, [{ op: "add", path: "/a/b", value: 1 }]],
  ["add without a value", {}, [{ op: "add", path: "/a" }]],
  ["remove of a missing member", { a: 1 }, [{ op: "remove", path: "/b" }]],
  ['remove of "-"', { a: [1] }, [{ op: "remove", path: "/a/-" }]],
  ["remove of the whole document", { a: 1 }, [{ op: "remove", path: "" }]],
  ["replace of a missing member", { a: 1 }, [{ op: "replace", path: "/b", value: 1 }]],
  ["replace of an index == length", { a: [1] }, [{ op: "replace", path: "/a/1", value: 1 }]],
  ["test of a different value", { a: 1 }, [{ op: "test", path: "/a", value: 2 }]],
  ['test comparing 1 with "1"', { a: 1 }, [{ op: "test", path: "/a", value: "1" }]],
  ["test of an array against an object", { a: [] }, [{ op: "test", path: "/a", value: {} }]],
  ["test of a missing path", { a: 1 }, [{ op: "test", path: "/b", value: null }]],
  ["move from a missing path", { a: 1 }, [{ op: "move", from: "/x", path: "/y" }]],
  ["move into its own child", { a: { b: {} } }, [{ op: "move", from: "/a", path: "/a/b/c" }]],
  ["copy without from", { a: 1 }, [{ op: "copy", path: "/b" }]],
  ["an unknown op", { a: 1 }, [{ op: "merge", path: "/a", value: 1 }]],
  ["a path without a leading slash", { a: 1 }, [{ op: "replace", path: "a", value: 2 }]],
  ["a bad ~ escape", { a: 1 }, [{ op: "add", path: "/~2", value: 2 }]],
  ["an operation that is not an object", { a: 1 }, ["add"]],
];

describe("applyPatch", () => {
  test.each(succeeds)("%s", (_name, document, patch, expected) => {
    const before = structuredClone(document);
    const result = applyPatch(document, patch);
    expect(result).toEqual({ ok: true, document: expected });
    expect(document).toEqual(before); // the input is never mutated
  });

  test.each(fails)("fails on %s", (_name, document, patch) => {
    const result = applyPatch(document, patch);
    expect(result.ok).toBe(false);
  });

  test("is atomic: a failing later operation leaves the input untouched and reports its index", () => {
    const document = { a: 1, list: [1, 2] };
    const result = applyPatch(document, [
      { op: "replace", path: "/a", value: 2 },
      { op: "remove", path: "/list/0" },
      { op: "test", path: "/a", value: 99 },
    ]);
    expect(result).toMatchObject({ ok: false, index: 2 });
    expect(document).toEqual({ a: 1, list: [1, 2] });
  });

  test("rejects a patch that is not an array", () => {
    expect(applyPatch({}, { op: "add", path: "/a", value: 1 })).toMatchObject({
      ok: false,
      index: -1,
    });
  });

  test("copy makes an independent value, not a shared reference", () => {
    const result = applyPatch({ a: { n: 1 } }, [
      { op: "copy", from: "/a", path: "/b" },
      { op: "replace", path: "/b/n", value: 2 },
    ]);
    expect(result).toEqual({ ok: true, document: { a: { n: 1 }, b: { n: 2 } } });
  });

  test("a member named __proto__ becomes data, not the prototype", () => {
    const result = applyPatch({}, [{ op: "add", path: "/__proto__", value: { polluted: true } }]);
    expect(result.ok).toBe(true);
    const document = (result as { document: Record<string, unknown> }).document;
    expect(Object.hasOwn(document, "__proto__")).toBe(true);
    expect((document as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe("parsePointer", () => {
  test.each([
    ["", []],
    ["/", [""]],
    ["/a/b", ["a", "b"]],
    ["/a~1b/m~0n", ["a/b", "m~n"]],
    ["/~01", ["~1"]],
  ])("%j → %j", (pointer, tokens) => {
    expect(parsePointer(pointer)).toEqual(tokens);
  });
});

describe("deepEqual", () => {
  test.each([
    [{ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }, true],
    [{ a: 1, b: 2 }, { b: 2, a: 1 }, true],
    [[1, 2], [2, 1], false],
    [{ a: undefined }, {}, false],
    [null, {}, false],
    [0, false, false],
  ])("%j vs %j → %s", (a, b, equal) => {
    expect(deepEqual(a, b)).toBe(equal);
  });
});
