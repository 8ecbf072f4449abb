/**
 * Compile-time tests of the public API, checked by `npm run lint` (tsc): the
 * types derived from the definitions accept what the README shows (Pulumi
 * inputs at any depth, secrets inside layers) and refuse what `check` would
 * refuse anyway (unknown fields, values outside an enum). Never run.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  Conversation,
  Guardrail,
  Objectives,
  Persona,
  PronunciationDictionary,
  Replica,
} from "../../provider";

export function readmeSnippets(config: pulumi.Config): void {
  const coach = new Persona("coach", {
    personaName: "Interview Coach",
    systemPrompt: "You are a calm interview coach.",
    defaultReplicaId: "rf4703150052",
    layers: {
      llm: {
        model: "tavus-gpt-oss",
        apiKey: config.requireSecret("llmKey"),
        extraBody: { top_p: 0.5 },
      }, // secret end to end
      conversationalFlow: { turnTakingPatience: "high" },
    },
  });
  new Conversation("rehearsal", { persona: coach, testMode: true });
  new Replica("face", {
    trainVideoUrl: pulumi.output("https://example.com/v.mp4"),
    waitForTraining: true,
  });
  const objectives = new Objectives("intake", {
    data: [{ objectiveName: "greet", objectivePrompt: "Greet.", modality: "verbal" }],
  });
  const guardrail = new Guardrail("safety", {
    guardrailName: "no_advice",
    guardrailPrompt: "Give no advice.",
    tags: ["safety"],
  });
  const dictionary = new PronunciationDictionary("brand", {
    name: "Brand",
    rules: [{ text: "Tavus", pronunciation: "TAH-vus", type: "alias" }],
  });
  new Persona("guarded", {
    systemPrompt: "p",
    objectives,
    guardrails: [guardrail],
    pronunciationDictionary: dictionary,
  });
  // Output properties are typed from the definition.
  const id: pulumi.Output<string> = coach.personaId;
  const prompt: pulumi.Output<string | undefined> = coach.systemPrompt;
  const guardrailId: pulumi.Output<string> = guardrail.guardrailId;
  void [id, prompt, guardrailId];
}

export function refusedAtCompileTime(): void {
  // @ts-expect-error a misspelt field
  new Persona("typo", { systemPromt: "p" });
  // @ts-expect-error a value outside the enum
  new Persona("mode", { systemPrompt: "p", pipelineMode: "half" });
  // @ts-expect-error a layer field of the wrong type
  new Persona("layers", { systemPrompt: "p", layers: { stt: { smartTurnDetection: "yes" } } });
  new PronunciationDictionary("d", {
    name: "d",
    // @ts-expect-error rule type outside its list
    rules: [{ text: "a", pronunciation: "b", type: "phonetic" }],
  });
}
