/**
 * Run with an installed fixture (scripts/lib/fixture.js, any install mode) as
 * working directory. Declares one resource of each kind under Pulumi's mock
 * runtime and prints, as JSON keyed by type token, the `__provider` text each
 * one registered: exactly what lands in state.
 */
// Resolve from the fixture (the working directory), not from this file: the
// program and pulumi-tavus must share the fixture's one copy of the SDK.
const fromFixture = (name) => require(require.resolve(name, { paths: [process.cwd()] }));
const pulumi = fromFixture("@pulumi/pulumi");

const captured = {};
pulumi.runtime.setMocks(
  {
    newResource(args) {
      captured[args.type] = args.inputs.__provider;
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call() {
      return {};
    },
  },
  "fixture",
  "dev",
  false,
);

const tavus = fromFixture("pulumi-tavus");
const declared = [
  new tavus.Persona("persona", {
    systemPrompt: "serialize me",
    layers: { llm: { apiKey: "sk-never-in-state" } },
  }),
];
for (const [kind, args] of [
  ["Replica", { trainVideoUrl: "https://example.com/train.mp4" }],
  ["Conversation", { replicaId: "rf4703150052", testMode: true }],
  ["Document", { documentUrl: "https://example.com/handbook.pdf" }],
  ["Tool", { name: "book_visit", description: "Books a visit.", delivery: { appMessage: true } }],
  ["Deployment", { palId: "p48fdf065d6b", channel: "widget", password: "never-in-state" }],
  ["Objectives", { data: [{ objectiveName: "greet", objectivePrompt: "Greet the user." }] }],
  ["MemoryStore", { palId: "p48fdf065d6b", participantTag: "class-1" }],
  ["Guardrail", { guardrailName: "no_advice", guardrailPrompt: "Give no medical advice." }],
  [
    "GuardrailSet",
    {
      name: "Set",
      data: [{ guardrailName: "no_advice", guardrailPrompt: "Give no medical advice." }],
    },
  ],
  [
    "PronunciationDictionary",
    { name: "Brand", rules: [{ text: "Tavus", pronunciation: "TAH-vus", type: "alias" }] },
  ],
]) {
  if (tavus[kind]) declared.push(new tavus[kind](kind.toLowerCase(), args));
}
pulumi
  .all(declared.map((r) => r.urn))
  .apply(() => setTimeout(() => process.stdout.write(JSON.stringify(captured)), 50));
