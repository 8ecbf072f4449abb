/**
 * Run with the installed fixture as working directory. Declares one resource of
 * each kind under Pulumi's mock runtime and prints, as JSON, the `__provider`
 * text the SDK wrote into each one's inputs: exactly what lands in state.
 */
const pulumi = require("@pulumi/pulumi");

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

const tavus = require("pulumi-tavus");
const declared = [new tavus.Persona("persona", { systemPrompt: "serialize me", layers: { llm: { apiKey: "sk-never-in-state" } } })];
for (const [kind, args] of [
  ["Replica", { trainVideoUrl: "https://example.com/train.mp4" }],
  ["Conversation", { replicaId: "rf4703150052", testMode: true }],
]) {
  if (tavus[kind]) declared.push(new tavus[kind](kind.toLowerCase(), args));
}
pulumi
  .all(declared.map((r) => r.urn))
  .apply(() => setTimeout(() => process.stdout.write(JSON.stringify(captured)), 50));
