// One persona. Change systemPrompt (or `pulumi config set prompt "…"`) and
// `pulumi up` sends a single JSON Patch to PATCH /v2/personas/{id}.
import * as pulumi from "@pulumi/pulumi";
import { Persona } from "pulumi-tavus";

const config = new pulumi.Config();

const coach = new Persona("coach", {
  personaName: "Coach",
  systemPrompt: config.get("prompt") ?? "You are a patient coach.",
  layers: {
    // An LLM key is a Pulumi secret end to end: encrypted in state, never shown.
    llm: { model: "tavus-gpt-oss", apiKey: config.getSecret("llmApiKey") },
    conversationalFlow: { turnTakingPatience: "high" },
  },
});

export const personaId = coach.personaId;
