import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadAccountFiles, PersonaFilesError } from "../../provider/files/accountFiles";

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "account-files-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function problems(dir: string): string[] {
  try {
    loadAccountFiles(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(PersonaFilesError);
    return (e as PersonaFilesError).problems.map(
      (p) => `${path.relative(dir, p.file)}: ${p.field}: ${p.reason}`,
    );
  }
  throw new Error("expected problems");
}

/** A small account: every kind a persona can point at, and one persona pointing at all. */
const ACCOUNT = {
  "objectives/intake.yaml":
    "data:\n  - objective_name: ask_name\n    objective_prompt: Ask the visitor's name.\n",
  "guardrails/no-advice.yaml": "guardrail_name: no_advice\nguardrail_prompt_file: no-advice.md\n",
  "guardrails/no-advice.md": "Never give medical advice.\n",
  "guardrails/polite.json": '{ "guardrail_name": "polite", "guardrail_prompt": "Stay polite." }',
  "guardrail-sets/legacy.yaml":
    "name: Legacy\ndata:\n  - guardrail_name: legacy_rule\n    guardrail_prompt: Be brief.\n",
  "dictionaries/brand.yaml":
    "name: Brand\nrules:\n  - { text: Tavus, pronunciation: TAH-vus, type: alias }\n",
  "documents/handbook.yaml": "document_url: https://example.com/handbook.pdf\n",
  "tools/book-visit.yaml": "name: book_visit\ndescription: Books a visit.\n",
  "replicas/face.yaml": "face_id: r1234567890\nface_name: Front desk\n",
  "deployments/site-widget.yaml":
    "pal_id: $ref:personas/front-desk\nchannel: widget\nallowed_origins: [https://example.com]\n",
  "personas/front-desk.yaml": [
    "pal_name: Front desk",
    "system_prompt: Greet visitors.",
    "default_face_id: $ref:replicas/face",
    "objectives_id: $ref:objectives/intake",
    "guardrail_ids: [$ref:guardrails/no-advice, $ref:guardrails/polite, g_stock_1]",
    "guardrails_id: $ref:guardrail-sets/legacy",
    "document_ids: [$ref:documents/handbook]",
    "tool_ids: [$ref:tools/book-visit]",
    "skills:",
    "  internet_search: {}",
    "  presentation: { document_ids: [$ref:documents/handbook], slides_trigger: on_demand }",
    "layers:",
    "  tts:",
    "    pronunciation_dictionary_id: $ref:dictionaries/brand",
    "  conversational_flow:",
    "    pal_interruptibility: low",
    "",
  ].join("\n"),
  "memory-stores/class-1.yaml":
    "pal_id: $ref:personas/front-desk\nparticipant_tag: class-1\npinned_memories: [Class meets on Mondays.]\n",
};

test("an account folder loads every kind; references by name stay references, literal ids stay ids", () => {
  const files = loadAccountFiles(folder(ACCOUNT));
  expect(
    Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.map((f) => f.name)])),
  ).toEqual({
    objectives: ["intake"],
    guardrails: ["no-advice", "polite"],
    "guardrail-sets": ["legacy"],
    dictionaries: ["brand"],
    documents: ["handbook"],
    tools: ["book-visit"],
    replicas: ["face"],
    personas: ["front-desk"],
    "memory-stores": ["class-1"],
    deployments: ["site-widget"],
  });
  expect(files["memory-stores"][0]!.document).toEqual({
    pal_id: "$ref:personas/front-desk",
    participant_tag: "class-1",
    pinned_memories: ["Class meets on Mondays."],
  });
  expect(files.guardrails[0]!.document).toEqual({
    guardrail_name: "no_advice",
    guardrail_prompt: "Never give medical advice.",
  });
  expect(files.personas[0]!.document).toEqual({
    persona_name: "Front desk",
    system_prompt: "Greet visitors.",
    default_replica_id: "$ref:replicas/face",
    objectives_id: "$ref:objectives/intake",
    guardrail_ids: ["$ref:guardrails/no-advice", "$ref:guardrails/polite", "g_stock_1"],
    guardrails_id: "$ref:guardrail-sets/legacy",
    document_ids: ["$ref:documents/handbook"],
    tool_ids: ["$ref:tools/book-visit"],
    skills: {
      internet_search: {},
      presentation: { document_ids: ["$ref:documents/handbook"], slides_trigger: "on_demand" },
    },
    layers: {
      tts: { pronunciation_dictionary_id: "$ref:dictionaries/brand" },
      conversational_flow: { replica_interruptibility: "low" },
    },
  });
});

test("a file's id field means adopt, whatever the kind, and the 2026 id name too", () => {
  const files = loadAccountFiles(
    folder({
      "guardrails/a.yaml": "uuid: g123\nguardrail_name: a\nguardrail_prompt: p\ncreated_at: x\n",
      "tools/t.yaml": "tool_id: t123\nname: t\ndescription: d\nis_system_tool: false\n",
      "replicas/face.yaml": "face_id: r1234567890\n",
    }),
  );
  expect(files.guardrails[0]).toMatchObject({ adoptId: "g123", document: { guardrail_name: "a" } });
  expect(files.guardrails[0]!.document).not.toHaveProperty("created_at");
  expect(files.tools[0]).toMatchObject({ adoptId: "t123" });
  expect(files.tools[0]!.document).not.toHaveProperty("is_system_tool");
  expect(files.replicas[0]).toMatchObject({ adoptId: "r1234567890", document: {} });
});

test("an unknown name is an error naming the file, the field and the closest names", () => {
  expect(
    problems(
      folder({
        ...ACCOUNT,
        "personas/front-desk.yaml":
          "system_prompt: p\nguardrail_ids: [$ref:guardrails/no-advise]\n",
      }),
    ),
  ).toEqual([
    'personas/front-desk.yaml: guardrail_ids[0]: no file guardrails/no-advise.yaml (or .yml, .json); did you mean "$ref:guardrails/no-advice"? (files: no-advice, polite)',
  ]);
});

test("one file using both names of one field is an error, in either place", () => {
  expect(
    problems(
      folder({
        "personas/a.yaml": "system_prompt: p\npersona_name: A\npal_name: B\n",
        "personas/b.yaml":
          "system_prompt: p\nlayers:\n  conversational_flow:\n    replica_interruptibility: low\n    pal_interruptibility: high\n",
        "replicas/c.yaml": "replica_name: x\nface_name: y\n",
      }),
    ),
  ).toEqual([
    "replicas/c.yaml: face_name: and replica_name are one field (its 2026 and legacy names): keep one",
    "personas/a.yaml: pal_name: and persona_name are one field (its 2026 and legacy names): keep one",
    "personas/b.yaml: layers.conversational_flow.pal_interruptibility: and layers.conversational_flow.replica_interruptibility are one field (its 2026 and legacy names): keep one",
  ]);
});

test("problems in a field given by its 2026 name name that field as written", () => {
  expect(
    problems(folder({ "personas/a.yaml": "system_prompt: p\ndefault_face_id: face-1\n" })),
  ).toEqual([expect.stringMatching(/^personas\/a\.yaml: default_face_id: has the wrong format/)]);
});

test("ten distinct reference mistakes give ten errors in one run", () => {
  const dir = folder({
    ...ACCOUNT,
    "personas/front-desk.yaml": [
      "system_prompt: p",
      // 1 unknown name, with the closest
      "objectives_id: $ref:objectives/intak",
      // 2 a file of the wrong kind for the field
      "guardrails_id: $ref:guardrails/polite",
      // 3 a folder that is no kind, with the closest
      "default_replica_id: $ref:replica/face",
      // 4 no folder at all
      "document_ids: [$ref:handbook]",
      // 5 the extension left in
      "tool_ids: [$ref:tools/book-visit.yaml]",
      // 6 the same object twice in one list
      "guardrail_ids: [$ref:guardrails/polite, $ref:guardrails/polite]",
      // 7 a reference where the API takes no id
      "greeting: $ref:guardrails/polite",
      "layers:",
      "  tts:",
      // 8 the prefix without its lower case
      "    pronunciation_dictionary_id: $REF:dictionaries/brand",
      "",
    ].join("\n"),
    "personas/second.yaml": [
      "system_prompt: p",
      // 9 a reference without its prefix
      "objectives_id: objectives/intake",
      // 10 no file name
      "document_ids: [$ref:documents/]",
      "",
    ].join("\n"),
  });
  const found = problems(dir);
  expect(found).toEqual([
    'personas/front-desk.yaml: objectives_id: no file objectives/intak.yaml (or .yml, .json); did you mean "$ref:objectives/intake"? (files: intake)',
    'personas/front-desk.yaml: guardrail_ids[1]: "$ref:guardrails/polite" is listed twice: once is enough',
    'personas/front-desk.yaml: guardrails_id: takes an object of guardrail-sets/, not of guardrails/: write "$ref:guardrail-sets/<file name without extension>"',
    'personas/front-desk.yaml: layers.tts.pronunciation_dictionary_id: write the prefix "$ref:" in lower case',
    'personas/front-desk.yaml: document_ids[0]: names no folder: write "$ref:documents/handbook"',
    'personas/front-desk.yaml: tool_ids[0]: drop the extension: write "$ref:tools/book-visit"',
    'personas/front-desk.yaml: default_replica_id: "replica/" is not a kind folder: did you mean "$ref:replicas/face"?',
    expect.stringMatching(
      /^personas\/front-desk\.yaml: greeting: takes no reference: "\$ref:" stands only where the API takes another object's id \(objectives_id, guardrail_ids, /,
    ),
    'personas/second.yaml: objectives_id: looks like a reference but lacks its prefix: write "$ref:objectives/intake"',
    'personas/second.yaml: document_ids[0]: names no file: write "$ref:documents/<file name without extension>"',
  ]);
  expect(found).toHaveLength(10);
});

test("the message counts the problems and names the kinds of the files that have them", () => {
  const dir = folder({
    "personas/a.yaml": "system_prompt: p\nobjectives_id: $ref:objectives/none\n",
    "guardrails/g.yaml": "guardrail_name: bad name\nguardrail_prompt: p\n",
  });
  expect(() => loadAccountFiles(dir)).toThrow(/^2 problems in guardrail and persona files:\n/);
});

test("a folder beside the kind folders whose name is close to a kind's is a problem", () => {
  expect(
    problems(folder({ "personas/a.yaml": "system_prompt: p\n", "guardrail/g.yaml": "x: 1\n" })),
  ).toEqual([
    expect.stringMatching(/^guardrail: : is not a kind folder; did you mean "guardrails\/"\?/),
  ]);
});

test("a folder with no kind folder is a problem, not silence", () => {
  expect(problems(folder({ "notes/readme.md": "x" }))).toEqual([
    ": : holds none of the kind folders objectives/, guardrails/, guardrail-sets/, dictionaries/, documents/, tools/, replicas/, personas/, memory-stores/, deployments/",
  ]);
});

test("every kind takes long text from a file beside it and a stack overlay", () => {
  const dir = folder({
    "tools/t.yaml": "name: t\ndescription_file: t.md\n",
    "tools/t.md": "Books a visit.\n",
    "tools/stacks/prod/t.yaml": "static_filler: One moment.\n",
  });
  expect(loadAccountFiles(dir, { stack: "prod" }).tools[0]!.document).toEqual({
    name: "t",
    description: "Books a visit.",
    static_filler: "One moment.",
  });
});

test("hidden folders beside the kinds (a tool's cache such as .tools, .git) are not kind folders nor typos of one", () => {
  const dir = folder({
    "personas/coach.yaml": "persona_name: Coach\nsystem_prompt: Be kind.\n",
    ".tools/bin/readme.txt": "a cache",
  });
  expect(loadAccountFiles(dir).personas.map((p) => p.name)).toEqual(["coach"]);
});
