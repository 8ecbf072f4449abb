#!/usr/bin/env node
/**
 * `npm run build`, after tsc: writes the plugin's package schema to
 * dist/provider/plugin/schema.json (shipped in the package; pulumi-resource-tavus
 * serves it), from the built definitions (provider/plugin/schema.ts) and the
 * TSDoc of the sources, read here with the TypeScript compiler API so that the
 * descriptions have one source: a resource's is its class file's header
 * comment, a setting's the TSDoc of its field in ProviderSettings.
 */
const fs = require("node:fs");
const path = require("node:path");
const ts = require("typescript");

const root = path.join(__dirname, "..");
const { packageSchema } = require("../dist/provider/plugin/schema");
const { PLUGIN_KINDS } = require("../dist/provider/plugin/kinds");
const { SETTINGS } = require("../dist/provider/settings");

/** The first `/** … *\/` comment of a file (its header), as Markdown paragraphs. */
function headerComment(file) {
  const text = fs.readFileSync(file, "utf8");
  const range = (ts.getLeadingCommentRanges(text, 0) ?? []).find((r) =>
    text.startsWith("/**", r.pos),
  );
  if (!range) throw new Error(`${file}: no header comment to describe the resource`);
  const lines = text
    .slice(range.pos + 3, range.end - 2)
    .split("\n")
    .map((line) => line.replace(/^\s*\*\s?/, "").trim());
  return paragraphs(lines);
}

/** The TSDoc of each field of an interface: its text, then `@default` as "Default: …". */
function fieldDocs(file, interfaceName) {
  // Parent pointers: the JSDoc helpers walk up from a member.
  const text = fs.readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const declaration = source.statements.find(
    (s) => ts.isInterfaceDeclaration(s) && s.name.text === interfaceName,
  );
  if (!declaration) throw new Error(`${file}: no interface ${interfaceName}`);
  const docs = {};
  for (const member of declaration.members) {
    const parts = [];
    for (const doc of ts.getJSDocCommentsAndTags(member)) {
      if (!ts.isJSDoc(doc)) continue;
      const comment = ts.getTextOfJSDocComment(doc.comment);
      if (comment) parts.push(sentence(comment));
      for (const tag of doc.tags ?? []) {
        const value = ts.getTextOfJSDocComment(tag.comment);
        if (tag.tagName.text === "default" && value) parts.push(`Default: ${value}.`);
      }
    }
    if (parts.length && member.name) docs[member.name.getText(source)] = parts.join(" ");
  }
  return docs;
}

/** Lines to paragraphs; `{@link X}` to `X`; a sentence pointing at our sources dropped (a schema reader has none). */
function paragraphs(lines) {
  return lines
    .join("\n")
    .split(/\n\s*\n/)
    .map((p) =>
      p
        .replace(/\s*\n\s*/g, " ")
        .replace(/\{@link\s+([^}\s]+)\s*\}/g, "$1")
        .replace(/[^.]*\.\.\/\S+/g, "")
        .trim(),
    )
    .filter(Boolean)
    .join("\n\n");
}

function sentence(text) {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

const descriptions = {};
for (const kind of PLUGIN_KINDS) {
  descriptions[kind.token] = headerComment(path.join(root, "provider/resources", kind.classFile));
}
const settingDocs = fieldDocs(path.join(root, "provider/settings.ts"), "ProviderSettings");
for (const [name, { config }] of Object.entries(SETTINGS)) {
  if (settingDocs[name]) descriptions[config] = settingDocs[name];
}

const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const schema = packageSchema({ version, descriptions });
const out = path.join(root, "dist/provider/plugin/schema.json");
fs.writeFileSync(out, `${JSON.stringify(schema, null, 2)}\n`);
console.log(
  `${path.relative(root, out)}: ${Object.keys(schema.resources).length} resources, ${Object.keys(schema.types).length} types`,
);
