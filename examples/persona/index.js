// One persona. Change systemPrompt (or `pulumi config set prompt "…"`) and
// `pulumi up` sends a single JSON Patch to PATCH /v2/personas/{id}.
const pulumi = require("@pulumi/pulumi");
const tavus = require("pulumi-tavus");

const config = new pulumi.Config();

const coach = new tavus.Persona("coach", {
  personaName: "Coach",
  systemPrompt: config.get("prompt") ?? "You are a patient coach.",
  layers: {
    llm: {
      model: "tavus-gpt-oss",
      // An LLM key is a Pulumi secret end to end: encrypted in state, never shown.
      apiKey: config.getSecret("llmApiKey"),
    },
    conversationalFlow: { turnTakingPatience: "high" },
  },
});

exports.personaId = coach.personaId;
