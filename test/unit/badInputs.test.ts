/**
 * The bad-input corpus (./badInputCorpus.ts) against the providers' `check`,
 * called directly with no API configured at all: each input fails on the named
 * property, saying what is wrong. test/host/badInputs.host.test.ts runs the same
 * corpus through the provider host and shows that no request reaches the API.
 */
import { checkers, corpus, type Kind } from "./badInputCorpus";

test("the corpus holds at least 40 distinct invalid inputs", () => {
  expect(corpus.length).toBeGreaterThanOrEqual(40);
  expect(new Set(corpus.map(([name]) => name)).size).toBe(corpus.length);
});

test.each(corpus)("%s (%s)", async (_name, kind, news, property, reason) => {
  const { failures } = await checkers[kind](news);
  const failure = failures?.find((f) => f.property === property);
  if (!failure) throw new Error(`no failure for ${property}; got ${JSON.stringify(failures)}`);
  expect(failure.reason).toMatch(reason);
});

/** Valid inputs at the edges of each rule: the schemas must not refuse what the API takes. */
const valid: Array<[string, Kind, Record<string, unknown>]> = [
  ["echo mode without a system prompt", "persona", { pipelineMode: "echo" }],
  [
    "temperature 2 and top_p 0",
    "persona",
    { systemPrompt: "p", layers: { llm: { extraBody: { temperature: 2, top_p: 0, seed: 7 } } } },
  ],
  [
    "Cartesia speed as a word, ElevenLabs ranges at their ends",
    "persona",
    {
      systemPrompt: "p",
      layers: { tts: { voiceSettings: { speed: "normal", stability: 0, style: 1 } } },
    },
  ],
  [
    "an image with a voice",
    "replica",
    { trainImageUrl: "https://example.com/i.png", voiceName: "anna" },
  ],
  [
    "two participants and an hour",
    "conversation",
    { replicaId: "rf4703150052", maxParticipants: 2, properties: { maxCallDuration: 3600 } },
  ],
  [
    "legacy enableTranscription",
    "conversation",
    { replicaId: "rf4703150052", properties: { enableTranscription: true } },
  ],
  [
    "a persona's default replica instead of replicaId",
    "conversation",
    { personaId: "p48fdf065d6b" },
  ],
  [
    "three objectives, one conditional",
    "objectives",
    {
      data: [
        {
          objectiveName: "greet",
          objectivePrompt: "Greet.",
          nextConditionalObjectives: { book: "wants a visit", close: "does not" },
        },
        {
          objectiveName: "book",
          objectivePrompt: "Book.",
          nextRequiredObjectives: ["close"],
          confirmationMode: "manual",
        },
        { objectiveName: "close", objectivePrompt: "Close." },
      ],
    },
  ],
  [
    "a guardrail at its limits",
    "guardrail",
    {
      guardrailName: "g".repeat(100),
      guardrailPrompt: "p".repeat(1000),
      tags: Array(32).fill("t".repeat(64)),
    },
  ],
  [
    "an IPA rule",
    "pronunciationDictionary",
    {
      name: "IPA",
      rules: [{ text: "Bayou", pronunciation: "ˈ|b|ɑ|j|u", type: "ipa", wordBoundaries: false }],
    },
  ],
];

test.each(valid)("accepted: %s (%s)", async (_name, kind, news) => {
  expect((await checkers[kind](news)).failures).toBeUndefined();
});
