import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadAccountFiles } from "../../provider/files/accountFiles";
import {
  loadPersonaFiles,
  PersonaFilesError,
  type PersonaFile,
} from "../../provider/files/personaFiles";

// The repository's personas are part of its account folder: the coach names a guardrail file.
const REPO_ROOT = path.resolve(__dirname, "../..");

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "persona-files-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function problems(dir: string): string[] {
  try {
    loadPersonaFiles(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(PersonaFilesError);
    return (e as PersonaFilesError).problems.map(
      (p) => `${path.basename(p.file)}: ${p.field}: ${p.reason}`,
    );
  }
  throw new Error("expected problems");
}

test("the repository's persona folder loads, names from file names, text files inlined", () => {
  const personas = loadAccountFiles(REPO_ROOT).personas as PersonaFile[];
  expect(personas.map((p) => p.name)).toEqual(["coach", "researcher", "support"]);
  const coach = personas[0]!;
  expect(coach.document.system_prompt).toMatch(/^You are a calm, encouraging interview coach/);
  expect(coach.document).not.toHaveProperty("system_prompt_file");
  expect(coach.document.layers?.llm?.extra_body).toEqual({ temperature: 0.3 });
});

test("a stack overlay is merged over the base", () => {
  const [coach] = loadAccountFiles(REPO_ROOT, { stack: "demo" }).personas as PersonaFile[];
  expect(coach!.document.persona_name).toBe("Interview Coach (demo)");
  expect(coach!.document.layers?.tts?.tts_engine).toBe("cartesia");
});

test("overlay null removes a field, arrays replace", () => {
  const dir = folder({
    "a.yaml": "system_prompt: p\ncontext: c\ndocument_tags: [x, y]\n",
    "stacks/prod/a.yaml": "context: null\ndocument_tags: [z]\n",
  });
  const [a] = loadPersonaFiles(dir, { stack: "prod" });
  expect(a!.document).toEqual({ system_prompt: "p", document_tags: ["z"] });
});

test("an exported persona (server fields included) loads as it is, and persona_id means adopt", () => {
  const dir = folder({
    "exported.json": JSON.stringify({
      persona_id: "p48fdf065d6b",
      persona_name: "R",
      system_prompt: "p",
      created_at: "2025-03-21T20:57:47.868278Z",
      updated_at: "2025-03-21T20:57:47.868278Z",
    }),
  });
  const [p] = loadPersonaFiles(dir);
  expect(p).toMatchObject({
    name: "exported",
    adoptId: "p48fdf065d6b",
    document: { persona_name: "R", system_prompt: "p" },
  });
  expect(p!.document).not.toHaveProperty("created_at");
});

test("ten distinct mistakes give ten precise problems at once", () => {
  const dir = folder({
    "a.yaml": "persona_name: A\n", // 1 missing system_prompt
    "b.yaml": "system_prompt: p\npipeline_mode: turbo\n", // 2 bad enum
    "c.yaml": "system_prompt: p\nsytem_prompt: q\n", // 3 unknown field, did you mean
    "d.yaml": "system_prompt: p\nlayers:\n  llm:\n    modle: x\n", // 4 unknown nested field
    "e.json": "{ not json", // 5 bad JSON
    "f.yaml": "system_prompt: [unclosed\n", // 6 bad YAML
    "g.yaml": "system_prompt_file: missing.md\n", // 7 missing text file
    "h.yaml": "system_prompt: p\nlayers:\n  tts:\n    tts_emotion_control: maybe\n", // 8 wrong type
    "i.yaml": "system_prompt: p\ndefault_replica_id: face-1\n", // 9 bad id format
    "j.yaml":
      "system_prompt: p\nlayers:\n  llm:\n    tools:\n      - type: function\n        function: { name: 'bad name' }\n", // 10 malformed tool
  });
  const found = problems(dir);
  expect(found).toHaveLength(10);
  expect(found).toEqual([
    'a.yaml: system_prompt: is required unless pipeline_mode is "echo": set system_prompt (or pipeline_mode: "echo")',
    'b.yaml: pipeline_mode: must be one of "full", "echo"',
    expect.stringMatching(
      /^c\.yaml: sytem_prompt: is not a known field; did you mean "system_prompt"\?/,
    ),
    expect.stringMatching(
      /^d\.yaml: layers\.llm\.modle: is not a known field; did you mean "model"\?/,
    ),
    expect.stringMatching(/^e\.json: : is not valid JSON/),
    expect.stringMatching(/^f\.yaml: : is not valid YAML/),
    expect.stringMatching(
      /^g\.yaml: system_prompt_file: cannot read .*missing\.md: no such file; put the file beside g\.yaml or fix the path$/,
    ),
    "h.yaml: layers.tts.tts_emotion_control: must be a boolean",
    expect.stringMatching(
      /^i\.yaml: default_replica_id: has the wrong format: use a replica id such as/,
    ),
    expect.stringMatching(
      /^j\.yaml: layers\.llm\.tools\[0\]\.function\.name: has the wrong format: tool names are 1-64/,
    ),
  ]);
});

test("the error message lists every problem with its file", () => {
  const dir = folder({
    "a.yaml": "persona_name: A\n",
    "b.yaml": "system_prompt: p\npipeline_mode: turbo\n",
  });
  expect(() => loadPersonaFiles(dir)).toThrow(
    /2 problems in persona files:\n.*a\.yaml: system_prompt: .*\n.*b\.yaml: pipeline_mode: /,
  );
});

test("an empty folder and a missing folder are problems, not silence", () => {
  expect(problems(folder({ "README.md": "# nothing" }))[0]).toMatch(/holds no persona file/);
  expect(() => loadPersonaFiles("/nonexistent/personas")).toThrow(/cannot read the folder/);
});

test("system_prompt and system_prompt_file together are refused", () => {
  const dir = folder({ "a.yaml": "system_prompt: p\nsystem_prompt_file: a.md\n", "a.md": "x" });
  expect(problems(dir)).toEqual([
    expect.stringMatching(/a\.yaml: system_prompt_file: and system_prompt are both set: keep one/),
  ]);
});
