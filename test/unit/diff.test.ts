import { containsUnknown, normalize, patchOperations, UNKNOWN } from "../../provider/diff";

describe("normalize", () => {
  test.each([
    [
      "null, empty string, empty array and empty object are 'not set'",
      { a: null, b: "", c: [], d: {}, e: { f: null } },
      undefined,
    ],
    ["values are kept", { a: "x", b: 0, c: false }, { a: "x", b: 0, c: false }],
    ["set-like arrays are sorted", { document_ids: ["b", "a"] }, { document_ids: ["a", "b"] }],
    ["ordinary arrays keep their order", { tools: ["b", "a"] }, { tools: ["b", "a"] }],
  ])("%s", (_name, input, expected) => {
    expect(normalize(input, new Set(["document_ids"]))).toEqual(expected);
  });
});

describe("patchOperations", () => {
  test("no operations when equal", () => {
    expect(patchOperations({ a: 1, l: { x: [1, 2] } }, { a: 1, l: { x: [1, 2] } })).toEqual([]);
  });

  test("replace, add and remove only what differs", () => {
    const ops = patchOperations(
      { system_prompt: "old", context: "c", layers: { llm: { model: "m" } } },
      { system_prompt: "new", persona_name: "n", layers: { llm: { model: "m" } } },
    );
    expect(ops).toEqual(
      expect.arrayContaining([
        { op: "replace", path: "/system_prompt", value: "new" },
        { op: "add", path: "/persona_name", value: "n" },
        { op: "remove", path: "/context" },
      ]),
    );
    expect(ops).toHaveLength(3);
  });

  test("a changed array is replaced whole, so indices never refer to a reordered copy", () => {
    expect(
      patchOperations({ document_ids: ["a", "b"] }, { document_ids: ["a", "c", "d"] }),
    ).toEqual([{ op: "replace", path: "/document_ids", value: ["a", "c", "d"] }]);
  });

  test("a nested change inside a tool array replaces that array", () => {
    const tool = (d: string) => ({ type: "function", function: { name: "t", description: d } });
    expect(
      patchOperations(
        { layers: { llm: { tools: [tool("a")] } } },
        { layers: { llm: { tools: [tool("b")] } } },
      ),
    ).toEqual([{ op: "replace", path: "/layers/llm/tools", value: [tool("b")] }]);
  });

  test("an added layer is one add of the whole object", () => {
    expect(
      patchOperations(
        { system_prompt: "p" },
        { system_prompt: "p", layers: { tts: { tts_engine: "cartesia" } } },
      ),
    ).toEqual([{ op: "add", path: "/layers", value: { tts: { tts_engine: "cartesia" } } }]);
  });
});

test("containsUnknown finds Pulumi's preview placeholder at any depth", () => {
  expect(containsUnknown({ a: [{ b: UNKNOWN }] })).toBe(true);
  expect(containsUnknown({ a: [{ b: "known" }] })).toBe(false);
});
