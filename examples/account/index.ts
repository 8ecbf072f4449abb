// A clinic's intake persona and everything it points at: its objectives, two
// guardrails, a legacy guardrail set and a pronunciation dictionary, each its
// own resource. Passing the resources (not their ids) to the Persona lets Pulumi
// create them first and delete them last.
import * as pulumi from "@pulumi/pulumi";
import {
  Guardrail,
  GuardrailSet,
  Objectives,
  Persona,
  PronunciationDictionary,
} from "pulumi-tavus";

const config = new pulumi.Config();

// Three steps; after the first, the conversation branches on whether the caller is new.
const intake = new Objectives("intake", {
  data: [
    {
      objectiveName: "ask_if_new_patient",
      objectivePrompt:
        config.get("firstPrompt") ?? "Ask whether the caller has visited the clinic before.",
      outputVariables: ["is_new_patient"],
      nextConditionalObjectives: {
        collect_details: "the caller is a new patient",
        confirm_appointment: "the caller has visited before",
      },
    },
    {
      objectiveName: "collect_details",
      objectivePrompt: "Collect the caller's full name and date of birth.",
      outputVariables: ["full_name", "date_of_birth"],
      nextRequiredObjectives: ["confirm_appointment"],
    },
    {
      objectiveName: "confirm_appointment",
      objectivePrompt: "Offer the next free appointment and confirm it.",
      confirmationMode: "manual",
    },
  ],
});

// Individual guardrails: a persona lists them with `guardrails`.
const noMedicalAdvice = new Guardrail("no-medical-advice", {
  guardrailName: "no_medical_advice",
  guardrailPrompt: "Never give medical advice; offer an appointment with a doctor instead.",
  tags: ["clinic", "safety"],
});
const noPrices = new Guardrail("no-prices", {
  guardrailName: "no_prices",
  guardrailPrompt: "Do not quote prices; say that the front desk confirms costs.",
  tags: ["clinic"],
});

// A legacy set, the shape personas made before individual guardrails point at.
const privacy = new GuardrailSet("privacy", {
  name: "Privacy",
  data: [
    { guardrailName: "no_other_patients", guardrailPrompt: "Never discuss other patients." },
    { guardrailName: "no_records_by_phone", guardrailPrompt: "Never read medical records aloud." },
  ],
});

// How the voice says the clinic's names. With Cartesia or ElevenLabs, Tavus
// writes its own ids into the persona's voice settings: not drift.
const names = new PronunciationDictionary("names", {
  name: "Clinic names",
  rules: [
    { text: "Aesculap", pronunciation: "ESS-kyoo-lap", type: "alias" },
    { text: "Tavus", pronunciation: "TAH-vus", type: "alias", caseSensitive: true },
  ],
});

const receptionist = new Persona("receptionist", {
  personaName: "Clinic receptionist",
  systemPrompt: "You are the friendly receptionist of a small clinic.",
  layers: {
    tts: { ttsEngine: "cartesia", externalVoiceId: "a0e99841-438c-4a64-b679-ae501e7d6091" },
  },
  objectives: intake,
  guardrails: [noMedicalAdvice, noPrices],
  guardrailSet: privacy,
  pronunciationDictionary: names,
});

export const personaId = receptionist.personaId;
export const objectivesId = intake.objectivesId;
export const guardrailIds = [noMedicalAdvice.guardrailId, noPrices.guardrailId];
export const guardrailSetId = privacy.guardrailsId;
export const pronunciationDictionaryId = names.pronunciationDictionaryId;
