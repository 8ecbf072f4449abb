/**
 * The account folder is untrusted input (issue #21): a merge request must not
 * read the runner. Each hostile folder of the corpus gets one precise problem
 * (the file, the field, the fix), reads nothing outside the folder (a sentinel
 * outside, and in the environment, never shows; no file outside is opened)
 * and leaves the process's objects untouched. `fileAccess: "anywhere"` lifts
 * the root rule for a trusted repository, and only that rule.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  loadAccountFiles,
  PersonaFilesError,
  type LoadOptions,
} from "../../provider/files/accountFiles";
import { loadPersonaFiles } from "../../provider/files/personaFiles";
import { resolve } from "../../provider/files/accountFolder";

const SENTINEL = "SENTINEL-outside-the-folder-7f3a";
const ENV_SENTINEL = "SENTINEL-in-the-environment-91c2";
/** A persona file needs little else: the cases vary the rest. */
const PERSONA = "persona_name: A\n";

/** A fresh place: `outside/` (with the sentinel) beside `account/` (the root). */
function place(): { root: string; outside: string } {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "hostile-folder-")));
  const outside = path.join(base, "outside");
  fs.mkdirSync(path.join(outside, "guardrails"), { recursive: true });
  fs.writeFileSync(path.join(outside, "secret.txt"), `${SENTINEL}\n`);
  fs.writeFileSync(
    path.join(outside, "guardrails", "g.yaml"),
    `guardrail_name: g\nguardrail_prompt: ${SENTINEL}\n`,
  );
  const root = path.join(base, "account");
  fs.mkdirSync(path.join(root, "personas"), { recursive: true });
  return { root, outside };
}

function write(root: string, files: Record<string, string | Buffer>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
}

interface Case {
  name: string;
  /** Builds the folder; `root` holds personas/, `outside` the sentinel. */
  build: (root: string, outside: string) => void;
  /** The one problem, as "<file relative to root>: <field>: <reason>"; ROOT and OUT stand for the paths. */
  problem: string;
  options?: LoadOptions;
}

const OUTSIDE_FIX = (file: string) =>
  `files are read only from inside the account folder ROOT; put the file there and give its path relative to ${file}, or pass fileAccess: "anywhere" to accountFromFolder for a trusted repository`;
const LINK_REASON =
  'is a symbolic link, or lies in a linked folder, that leads outside the account folder: files are read only from inside ROOT; copy the file in instead of linking it, or pass fileAccess: "anywhere" to accountFromFolder for a trusted repository';
const PROTO_REASON =
  "is a key JavaScript reserves for prototypes; no Tavus object has this field: remove it";

const CASES: Case[] = [
  {
    name: "an absolute path to the runner's environment",
    build: (root) =>
      write(root, { "personas/a.yaml": `${PERSONA}system_prompt_file: /proc/self/environ\n` }),
    problem: `personas/a.yaml: system_prompt_file: is an absolute path (/proc/self/environ): ${OUTSIDE_FIX("a.yaml")}`,
  },
  {
    name: "an absolute path to a file outside",
    build: (root, outside) =>
      write(root, { "personas/a.yaml": `${PERSONA}system_prompt_file: ${outside}/secret.txt\n` }),
    problem: `personas/a.yaml: system_prompt_file: is an absolute path (OUT/secret.txt): ${OUTSIDE_FIX("a.yaml")}`,
  },
  {
    name: "a path that climbs out",
    build: (root) =>
      write(root, {
        "personas/a.yaml": `${PERSONA}system_prompt_file: ../../outside/secret.txt\n`,
      }),
    problem: `personas/a.yaml: system_prompt_file: climbs out of the account folder (../../outside/secret.txt): ${OUTSIDE_FIX("a.yaml")}`,
  },
  {
    name: "a symlinked text file",
    build: (root, outside) => {
      write(root, { "personas/a.yaml": `${PERSONA}system_prompt_file: prompt.md\n` });
      fs.symlinkSync(path.join(outside, "secret.txt"), path.join(root, "personas", "prompt.md"));
    },
    problem: `personas/a.yaml: system_prompt_file: ${LINK_REASON}`,
  },
  {
    name: "a file in a symlinked folder",
    build: (root, outside) => {
      write(root, { "personas/a.yaml": `${PERSONA}system_prompt_file: common/secret.txt\n` });
      fs.symlinkSync(outside, path.join(root, "personas", "common"));
    },
    problem: `personas/a.yaml: system_prompt_file: ${LINK_REASON}`,
  },
  {
    name: "a symlinked object file",
    build: (root, outside) =>
      fs.symlinkSync(path.join(outside, "secret.txt"), path.join(root, "personas", "a.yaml")),
    problem: `personas/a.yaml: : ${LINK_REASON}`,
  },
  {
    name: "a symlinked kind folder",
    build: (root, outside) => {
      write(root, { "personas/a.yaml": `${PERSONA}system_prompt: p\n` });
      fs.symlinkSync(path.join(outside, "guardrails"), path.join(root, "guardrails"));
    },
    problem:
      'guardrails: : is a symbolic link to a folder outside the account folder: files are read only from inside ROOT; move the folder in instead of linking it, or pass fileAccess: "anywhere" to accountFromFolder for a trusted repository',
  },
  {
    name: "a symlinked overlay folder",
    build: (root, outside) => {
      write(root, { "personas/a.yaml": `${PERSONA}system_prompt: p\n` });
      fs.mkdirSync(path.join(outside, "dev"));
      fs.symlinkSync(path.join(outside, "secret.txt"), path.join(outside, "dev", "a.yaml"));
      fs.symlinkSync(outside, path.join(root, "personas", "stacks"));
    },
    options: { stack: "dev" },
    problem: `personas/stacks/dev/a.yaml: : ${LINK_REASON}`,
  },
  {
    name: "a huge text file (30 MB, sparse: refused on its size, never read)",
    build: (root) => {
      write(root, {
        "personas/a.yaml": `${PERSONA}system_prompt_file: a.md\n`,
        "personas/a.md": "",
      });
      fs.truncateSync(path.join(root, "personas", "a.md"), 30 * 1024 * 1024);
    },
    problem:
      "personas/a.yaml: system_prompt_file: is 31457280 bytes, over the 480000-byte bound of system_prompt (at most 120000 characters): shorten it",
  },
  {
    name: "a huge object file",
    build: (root) => {
      write(root, { "personas/a.yaml": "" });
      fs.truncateSync(path.join(root, "personas", "a.yaml"), 2 * 1024 * 1024);
    },
    problem:
      "personas/a.yaml: : is 2097152 bytes, over the 1048576-byte bound of a file of the account folder: shorten it",
  },
  {
    name: "a YAML alias bomb",
    build: (root) =>
      write(root, {
        "personas/a.yaml": [
          "a: &a [x, x, x, x, x, x, x, x, x]",
          "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
          "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
          "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
          "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]",
          "",
        ].join("\n"),
      }),
    problem:
      "personas/a.yaml: : is refused: its YAML aliases expand too far (Excessive alias count indicates a resource exhaustion attack); write the values out, or use fewer aliases",
  },
  {
    name: "__proto__ in a YAML file",
    build: (root) =>
      write(root, {
        "personas/a.yaml": `${PERSONA}system_prompt: p\n__proto__:\n  polluted: yes\n`,
      }),
    problem: `personas/a.yaml: __proto__: ${PROTO_REASON}`,
  },
  {
    name: "constructor.prototype nested in a YAML file",
    build: (root) =>
      write(root, {
        "personas/a.yaml": `${PERSONA}system_prompt: p\nlayers:\n  constructor:\n    prototype:\n      polluted: yes\n`,
      }),
    problem: `personas/a.yaml: layers.constructor: ${PROTO_REASON}`,
  },
  {
    name: "__proto__ in a JSON file",
    build: (root) =>
      write(root, {
        "personas/a.json":
          '{"persona_name": "A", "system_prompt": "p", "__proto__": {"polluted": true}}',
      }),
    problem: `personas/a.json: __proto__: ${PROTO_REASON}`,
  },
  {
    name: "__proto__ in an overlay",
    build: (root) =>
      write(root, {
        "personas/a.yaml": `${PERSONA}system_prompt: p\nlayers:\n  llm:\n    model: tavus-gpt-oss\n`,
        "personas/stacks/dev/a.yaml": "layers:\n  __proto__:\n    polluted: yes\n",
      }),
    options: { stack: "dev" },
    problem: `personas/stacks/dev/a.yaml: layers.__proto__: ${PROTO_REASON}`,
  },
  {
    name: "prototype at the top of a JSON overlay",
    build: (root) =>
      write(root, {
        "personas/a.json": '{"persona_name": "A", "system_prompt": "p"}',
        "personas/stacks/dev/a.json": '{"prototype": {"polluted": true}}',
      }),
    options: { stack: "dev" },
    problem: `personas/stacks/dev/a.json: prototype: ${PROTO_REASON}`,
  },
  {
    name: "a text file that is not UTF-8",
    build: (root) =>
      write(root, {
        "personas/a.yaml": `${PERSONA}system_prompt_file: a.md\n`,
        "personas/a.md": Buffer.from([0x48, 0x69, 0xc3, 0x28, 0xff]),
      }),
    problem: "personas/a.yaml: system_prompt_file: is not UTF-8 text: save it as UTF-8",
  },
  {
    name: "an object file that is not UTF-8",
    build: (root) =>
      write(root, { "personas/a.yaml": Buffer.from([0x61, 0x3a, 0x20, 0xfe, 0x0a]) }),
    problem: "personas/a.yaml: : is not UTF-8 text: save it as UTF-8",
  },
  {
    name: "a text file that is a directory",
    build: (root) => {
      write(root, { "personas/a.yaml": `${PERSONA}system_prompt_file: prompts\n` });
      fs.mkdirSync(path.join(root, "personas", "prompts"));
    },
    problem: "personas/a.yaml: system_prompt_file: is a directory, not a file: name a text file",
  },
  {
    name: "a text file that is a FIFO (never blocks)",
    build: (root) => {
      write(root, { "personas/a.yaml": `${PERSONA}system_prompt_file: pipe\n` });
      execFileSync("mkfifo", [path.join(root, "personas", "pipe")]);
    },
    problem:
      "personas/a.yaml: system_prompt_file: is not a regular file (a FIFO, socket or device): name a text file of the account folder",
  },
  {
    name: "an object file that is a FIFO",
    build: (root) => execFileSync("mkfifo", [path.join(root, "personas", "a.yaml")]),
    problem:
      "personas/a.yaml: : is not a regular file (a FIFO, socket or device): name a text file of the account folder",
  },
  {
    name: "duplicate YAML keys",
    build: (root) =>
      write(root, {
        "personas/a.yaml": `${PERSONA}system_prompt: p\nsystem_prompt: ${SENTINEL}\n`,
      }),
    problem: "personas/a.yaml: : is not valid YAML: Map keys must be unique at line 3, column 1:",
  },
  {
    name: "$secret:tavus:apiKey, the provider's own key",
    build: (root) =>
      write(root, {
        "personas/a.yaml": `${PERSONA}system_prompt: p\nlayers:\n  llm:\n    model: my-llm\n    base_url: https://llm.example.com/v1\n    api_key: "$secret:tavus:apiKey"\n`,
      }),
    problem:
      'personas/a.yaml: layers.llm.api_key: "$secret:tavus:apiKey" names the provider\'s own configuration (tavus:*): a file may not read it, or the provider\'s credentials would land in a Tavus object; store the value under a key of this project (pulumi config set --secret <name> <value>) and write "$secret:<name>"',
  },
];

const fsModule = require("node:fs") as typeof fs;
let opened: string[] = [];
beforeEach(() => {
  opened = [];
  process.env.HOSTILE_FOLDER_SENTINEL = ENV_SENTINEL;
  // Every open the loader makes, by path: none may lie outside the folder.
  const open = fsModule.openSync;
  jest.spyOn(fsModule, "openSync").mockImplementation(((p: fs.PathLike, ...rest: unknown[]) => {
    opened.push(String(p));
    return (open as (...a: unknown[]) => number)(p, ...rest);
  }) as typeof fs.openSync);
  jest.spyOn(fsModule, "readFileSync");
});
afterEach(() => {
  jest.restoreAllMocks();
  delete process.env.HOSTILE_FOLDER_SENTINEL;
});

function problemsOf(root: string, options: LoadOptions = {}): { problems: string[]; text: string } {
  try {
    loadAccountFiles(root, options);
  } catch (e) {
    expect((e as PersonaFilesError).isPersonaFilesError).toBe(true);
    const problems = (e as PersonaFilesError).problems.map(
      (p) => `${path.relative(root, p.file)}: ${p.field}: ${p.reason}`,
    );
    return { problems, text: `${(e as Error).message}\n${problems.join("\n")}` };
  }
  throw new Error("expected problems");
}

const skipFifo = process.platform === "win32" ? test.skip : test;

describe("a hostile account folder", () => {
  test.each(CASES.filter((c) => !c.name.includes("FIFO")).map((c) => [c.name, c] as const))(
    "%s: a precise problem, nothing read outside, no object touched",
    (_, c) => expectRefused(c),
  );
  skipFifo.each(CASES.filter((c) => c.name.includes("FIFO")).map((c) => [c.name, c] as const))(
    "%s: a precise problem, nothing read outside, no object touched",
    (_, c) => expectRefused(c),
  );
});

function expectRefused(c: Case): void {
  const { root, outside } = place();
  c.build(root, outside);
  const { problems, text } = problemsOf(root, c.options);
  expect(problems).toEqual([c.problem.replaceAll("ROOT", root).replaceAll("OUT", outside)]);
  expect(text).not.toContain(SENTINEL);
  expect(text).not.toContain(ENV_SENTINEL);
  expect(opened.filter((p) => !p.startsWith(`${root}${path.sep}`))).toEqual([]);
  // Every read goes through the bounded reader: no whole-file read of anything.
  expect(fsModule.readFileSync).not.toHaveBeenCalled();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty("polluted");
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
}
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

describe("inside the folder", () => {
  test("a `_file` beside the object, or in a sibling folder of the root, is read", () => {
    const { root } = place();
    write(root, {
      "personas/a.yaml": `${PERSONA}system_prompt_file: prompts/a.md\ncontext_file: ../common/context.md\n`,
      "personas/prompts/a.md": "Be kind. Grüße.\n",
      "common/context.md": "Shared context.\n",
    });
    expect(loadAccountFiles(root).personas[0]!.document).toMatchObject({
      system_prompt: "Be kind. Grüße.",
      context: "Shared context.",
    });
    // The spy sees the loader's opens: its silence in the hostile cases means something.
    expect(opened).toContain(path.join(root, "personas", "prompts", "a.md"));
  });

  test("a link that stays inside the folder is followed", () => {
    const { root } = place();
    write(root, {
      "personas/a.yaml": `${PERSONA}system_prompt_file: link.md\n`,
      "common/p.md": "Linked.\n",
    });
    fs.symlinkSync(path.join(root, "common", "p.md"), path.join(root, "personas", "link.md"));
    expect(loadAccountFiles(root).personas[0]!.document.system_prompt).toBe("Linked.");
  });

  test("a persona folder read on its own is its own root", () => {
    const { root } = place();
    write(root, {
      "personas/a.yaml": `${PERSONA}system_prompt_file: ../common/p.md\n`,
      "common/p.md": "Elsewhere.\n",
    });
    expect(() => loadPersonaFiles(path.join(root, "personas"))).toThrow(
      /system_prompt_file: climbs out of the account folder \(\.\.\/common\/p\.md\)/,
    );
  });

  test("resolve() refuses $secret:tavus:* even when the loader was skipped", () => {
    expect(() => resolve("$secret:tavus:apiKey", {} as never, new Map())).toThrow(
      /names the provider's own configuration \(tavus:\*\)/,
    );
  });
});

describe('fileAccess: "anywhere", for a trusted repository', () => {
  test("reads an absolute path, a climbing path and links that lead out", () => {
    const { root, outside } = place();
    write(root, {
      "personas/abs.yaml": `${PERSONA}system_prompt_file: ${outside}/secret.txt\n`,
      "personas/climb.yaml": `${PERSONA}system_prompt_file: ../../outside/secret.txt\n`,
      "personas/link.yaml": `${PERSONA}system_prompt_file: link.md\n`,
      "personas/linked-folder.yaml": `${PERSONA}system_prompt_file: common/secret.txt\n`,
    });
    fs.symlinkSync(path.join(outside, "secret.txt"), path.join(root, "personas", "link.md"));
    fs.symlinkSync(outside, path.join(root, "personas", "common"));
    fs.symlinkSync(path.join(outside, "guardrails"), path.join(root, "guardrails"));
    const files = loadAccountFiles(root, { fileAccess: "anywhere" });
    expect(files.personas.map((f) => [f.name, f.document.system_prompt])).toEqual([
      ["abs", SENTINEL],
      ["climb", SENTINEL],
      ["link", SENTINEL],
      ["linked-folder", SENTINEL],
    ]);
    expect(files.guardrails.map((f) => f.document.guardrail_prompt)).toEqual([SENTINEL]);
  });

  test("keeps the size, type, UTF-8, YAML and $secret rules", () => {
    const { root } = place();
    write(root, {
      "personas/a.yaml": `${PERSONA}system_prompt_file: a.md\n`,
      "personas/a.md": "",
      "personas/b.yaml": `${PERSONA}system_prompt: p\n__proto__: {}\n`,
      "personas/c.yaml": `${PERSONA}system_prompt: "$secret:tavus:apiKey"\n`,
    });
    fs.truncateSync(path.join(root, "personas", "a.md"), 30 * 1024 * 1024);
    const { problems } = problemsOf(root, { fileAccess: "anywhere" });
    expect(problems).toEqual([
      expect.stringMatching(/^personas\/a\.yaml: system_prompt_file: is 31457280 bytes, over/),
      `personas/b.yaml: __proto__: ${PROTO_REASON}`,
      expect.stringMatching(/^personas\/c\.yaml: system_prompt: "\$secret:tavus:apiKey" names/),
    ]);
  });
});
