/**
 * Every reference to the API notes in `docs/` must open: comments and READMEs cite
 * them as `docs/tavus-api/personas.md#patch`, and a renamed heading or file would
 * otherwise leave a dead link nobody notices. Pure: reads files, no network.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, extname, join, normalize, relative, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");
/** Folders that hold no project text: dependencies, build output, tool caches. */
const SKIPPED_DIRS = new Set(["node_modules", "dist", "coverage", ".git", ".tools"]);
const SCANNED_EXTENSIONS = new Set([".ts", ".js", ".md"]);

/** One link to a markdown file, and the heading it names if any. */
interface Reference {
  /** Repository-relative path of the file holding the link. */
  from: string;
  /** Repository-relative path of the markdown file linked to. */
  target: string;
  /** The `#anchor`, without `#`, or `undefined` for the whole file. */
  anchor: string | undefined;
}

/** GitHub's anchor for a heading: lowercase, punctuation dropped, spaces as hyphens; repeats get `-1`, `-2`… */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let inFence = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const heading = inFence ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1] ?? "");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/**
 * The references in one file: `docs/….md[#anchor]` anywhere (resolved from the
 * repository root, or from the file when written `../docs/…`), and in markdown files
 * every `](….md#anchor)` or `](#anchor)` link (resolved from the file).
 */
function referencesIn(from: string, text: string): Reference[] {
  const found: Reference[] = [];
  const add = (path: string, anchor: string | undefined, relativeToFile: boolean) => {
    const target = normalize(relativeToFile ? join(dirname(from), path) : path);
    found.push({ from, target, anchor });
  };
  for (const m of text.matchAll(/(?<![\w/.-])((?:\.\.\/)*)(docs\/[\w./-]*?\.md)(?:#([\w-]+))?/g)) {
    add(`${m[1] ?? ""}${m[2] ?? ""}`, m[3], (m[1] ?? "") !== "");
  }
  if (extname(from) === ".md") {
    for (const m of text.matchAll(/\]\((?!https?:|mailto:)([^)\s#]*\.md)?(?:#([^)\s]+))?\)/g)) {
      if (m[1] === undefined && m[2] === undefined) continue;
      add(m[1] ?? relative(dirname(from), from), m[2], true);
    }
  }
  return found;
}

/** The references whose file or heading does not exist, as readable lines. */
function brokenReferences(
  references: readonly Reference[],
  read: (path: string) => string | undefined,
): string[] {
  const anchorCache = new Map<string, Set<string> | undefined>();
  const broken: string[] = [];
  for (const { from, target, anchor } of references) {
    if (!anchorCache.has(target)) {
      const text = read(target);
      anchorCache.set(target, text === undefined ? undefined : anchorsOf(text));
    }
    const anchors = anchorCache.get(target);
    if (anchors === undefined) broken.push(`${from}: ${target} does not exist`);
    else if (anchor !== undefined && !anchors.has(anchor))
      broken.push(`${from}: ${target} has no heading #${anchor}`);
  }
  return broken;
}

function projectFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith("."))
        files.push(...projectFiles(join(dir, entry.name)));
    } else if (SCANNED_EXTENSIONS.has(extname(entry.name))) {
      files.push(relative(ROOT, join(dir, entry.name)));
    }
  }
  return files;
}

function readFromRoot(path: string): string | undefined {
  try {
    return readFileSync(join(ROOT, path), "utf8");
  } catch {
    return undefined;
  }
}

describe("links into docs/", () => {
  test.each([
    ["Patch", "patch"],
    ["Persona GET shape", "persona-get-shape"],
    ["Conversations (`/v2/conversations`)", "conversations-v2conversations"],
    ["Created at most once", "created-at-most-once"],
  ])("the heading %j has the anchor %j", (heading, anchor) => {
    expect(anchorsOf(`# ${heading}\n`)).toEqual(new Set([anchor]));
  });

  test("repeated headings get numbered anchors, and headings inside code fences are not headings", () => {
    expect(anchorsOf("## Get\n```sh\n# not a heading\n```\n## Get\n")).toEqual(
      new Set(["get", "get-1"]),
    );
  });

  test("reports a missing file and a missing heading, and accepts an existing one", () => {
    const docs: Record<string, string> = { "docs/tavus-api/personas.md": "# Personas\n## Patch\n" };
    const comment =
      "see docs/tavus-api/personas.md#patch, docs/tavus-api/personas.md#pach and docs/tavus-api/nope.md";
    const references = referencesIn("emulator/x.ts", comment);
    expect(brokenReferences(references, (path) => docs[path])).toEqual([
      "emulator/x.ts: docs/tavus-api/personas.md has no heading #pach",
      "emulator/x.ts: docs/tavus-api/nope.md does not exist",
    ]);
  });

  test("resolves markdown links from the file that holds them", () => {
    const references = referencesIn(
      "emulator/README.md",
      "[d](../docs/tavus-api/decisions.md#hard-delete) and [s](#run-it)",
    );
    expect(references).toEqual([
      { from: "emulator/README.md", target: "docs/tavus-api/decisions.md", anchor: "hard-delete" },
      { from: "emulator/README.md", target: "docs/tavus-api/decisions.md", anchor: "hard-delete" },
      { from: "emulator/README.md", target: "emulator/README.md", anchor: "run-it" },
    ]);
  });

  test("every reference in the repository opens a real file and heading", () => {
    // This file is left out: its cases hold broken links on purpose.
    const files = projectFiles(ROOT).filter((file) => file !== relative(ROOT, __filename));
    const references = files.flatMap((file) => referencesIn(file, readFromRoot(file) ?? ""));
    // The code cites the notes in dozens of places; finding few would mean the scan is broken.
    expect(references.filter((r) => r.target.startsWith("docs/")).length).toBeGreaterThan(40);
    expect(brokenReferences(references, readFromRoot)).toEqual([]);
  });
});
