import * as PersonaProvider from "../../provider/resources/personaProvider";
import { UNKNOWN } from "../../provider/diff";

const check = (news: Record<string, unknown>) =>
  PersonaProvider.check({}, news as PersonaProvider.PersonaInputs);

describe("Persona check", () => {
  test("a valid persona has no failures", async () => {
    const result = await check({
      personaName: "Coach",
      systemPrompt: "Be kind.",
      layers: { llm: { model: "tavus-gpt-oss" }, tts: { ttsEngine: "cartesia" } },
    });
    expect(result.failures).toBeUndefined();
  });

  test.each<[string, Record<string, unknown>, string, RegExp]>([
    [
      "system prompt missing in full mode",
      { personaName: "x" },
      "systemPrompt",
      /required unless pipelineMode is "echo"/,
    ],
    [
      "bad pipeline mode",
      { systemPrompt: "p", pipelineMode: "half" },
      "pipelineMode",
      /must be one of "full", "echo"/,
    ],
    ["wrong type", { systemPrompt: 42 }, "systemPrompt", /must be a string/],
    [
      "unknown field with a suggestion",
      { systemPrompt: "p", systemPromt: "p" },
      "systemPromt",
      /did you mean "systemPrompt"/,
    ],
    [
      "unknown layer field",
      { systemPrompt: "p", layers: { llm: { modle: "x" } } },
      "layers.llm.modle",
      /did you mean "model"/,
    ],
    [
      "TTS engine that is not a string",
      { systemPrompt: "p", layers: { tts: { ttsEngine: 7 } } },
      "layers.tts.ttsEngine",
      /must be a string/,
    ],
    [
      "bad sensitivity",
      { systemPrompt: "p", layers: { stt: { participantPauseSensitivity: "extreme" } } },
      "layers.stt.participantPauseSensitivity",
      /"superlow"/,
    ],
    [
      "bad base URL",
      { systemPrompt: "p", layers: { llm: { baseUrl: "not a url" } } },
      "layers.llm.baseUrl",
      /absolute http\(s\) URL/,
    ],
    [
      "malformed tool",
      {
        systemPrompt: "p",
        layers: { llm: { tools: [{ type: "function", function: { name: "bad name!" } }] } },
      },
      "layers.llm.tools[0].function.name",
      /1-64 letters/,
    ],
    [
      "tool parameters not an object schema",
      {
        systemPrompt: "p",
        layers: {
          llm: {
            tools: [{ type: "function", function: { name: "t", parameters: { type: "string" } } }],
          },
        },
      },
      "layers.llm.tools[0].function.parameters.type",
      /must be "object"/,
    ],
    [
      "oversized prompt",
      { systemPrompt: "x".repeat(120_001) },
      "systemPrompt",
      /too long: at most 120000/,
    ],
    [
      "bad replica id",
      { systemPrompt: "p", defaultReplicaId: "not-a-replica" },
      "defaultReplicaId",
      /replica id such as/,
    ],
    [
      "hardDelete is refused",
      { systemPrompt: "p", hardDelete: true },
      "hardDelete",
      /personas have no hard delete/,
    ],
    [
      "more than 50 guardrails",
      { systemPrompt: "p", guardrailIds: Array.from({ length: 51 }, (_, i) => `g${i}`) },
      "guardrailIds",
      /at most 50 guardrails; group the rest with guardrailTags/,
    ],
    [
      "a guardrail tag that is not a string",
      { systemPrompt: "p", guardrailTags: ["safety", 7] },
      "guardrailTags[1]",
      /must be a string/,
    ],
  ])("%s", async (_name, news, property, reason) => {
    const { failures } = await check(news);
    const failure = failures?.find((f) => f.property === property);
    expect(failure).toBeDefined();
    expect(failure!.reason).toMatch(reason);
  });

  test("guardrailIds (up to 50) and guardrailTags are persona fields", async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `g${i}`);
    expect(
      (await check({ systemPrompt: "p", guardrailIds: ids, guardrailTags: ["safety"] })).failures,
    ).toBeUndefined();
  });

  test("echo mode needs no system prompt", async () => {
    expect((await check({ pipelineMode: "echo" })).failures).toBeUndefined();
  });

  test("all problems are reported at once", async () => {
    const { failures } = await check({
      pipelineMode: "half",
      layers: { tts: { ttsEngine: 7 } },
      extra: 1,
    });
    expect(failures?.map((f) => f.property).sort()).toEqual([
      "extra",
      "layers.tts.ttsEngine",
      "pipelineMode",
      "systemPrompt",
    ]);
  });

  test("values unknown during preview are not judged", async () => {
    expect(
      (await check({ systemPrompt: UNKNOWN, pipelineMode: UNKNOWN })).failures,
    ).toBeUndefined();
  });

  test("the secret layer fields are validated too", async () => {
    const { failures } = await check({ systemPrompt: "p", layerSecrets: { llm: { apiKey: 5 } } });
    expect(failures?.[0]?.property).toBe("layers.llm.apiKey");
  });
});

describe("catalogue values (engines, models) the provider does not know", () => {
  /** Runs `check` and returns what it wrote to stderr. */
  async function warningsOf(news: Record<string, unknown>) {
    const spy = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const result = await check(news);
      return { failures: result.failures, stderr: spy.mock.calls.map((c) => String(c[0])) };
    } finally {
      spy.mockRestore();
    }
  }

  test.each<[string, Record<string, unknown>, string]>([
    ["TTS engine", { tts: { ttsEngine: "neuraltalk" } }, "layers.tts.ttsEngine"],
    ["STT engine", { stt: { sttEngine: "whisper" } }, "layers.stt.sttEngine"],
    [
      "perception model",
      { perception: { perceptionModel: "raven-9" } },
      "layers.perception.perceptionModel",
    ],
    [
      "turn detection model",
      { conversationalFlow: { turnDetectionModel: "sparrow-9" } },
      "layers.conversationalFlow.turnDetectionModel",
    ],
  ])(
    "a new %s passes check with one warning naming the field, the value and the known values",
    async (_, layers, property) => {
      const { failures, stderr } = await warningsOf({
        personaName: "Coach",
        systemPrompt: "p",
        layers,
      });
      expect(failures).toBeUndefined();
      expect(stderr).toHaveLength(1);
      expect(stderr[0]).toMatch(
        new RegExp(`^warning: Tavus persona "Coach": ${property.replace(/\./g, "\\.")}: "`),
      );
      expect(stderr[0]).toMatch(
        /is not a value pulumi-tavus knows \(known: ".+"\)(\.|; did you mean "[^"]+"\?) It is sent as written and Tavus decides\.\n$/,
      );
    },
  );

  test("a case slip gets did you mean", async () => {
    const { stderr } = await warningsOf({
      systemPrompt: "p",
      layers: { tts: { ttsEngine: "ElevenLabs" } },
    });
    expect(stderr).toEqual([
      'warning: Tavus persona: layers.tts.ttsEngine: "ElevenLabs" is not a value pulumi-tavus knows (known: "cartesia", "elevenlabs", "playht", "azure"); did you mean "elevenlabs"? It is sent as written and Tavus decides.\n',
    ]);
  });

  test("a known value and a closed enum write no warning", async () => {
    const { failures, stderr } = await warningsOf({
      systemPrompt: "p",
      layers: { tts: { ttsEngine: "azure" }, conversationalFlow: { turnTakingPatience: "low" } },
    });
    expect(failures).toBeUndefined();
    expect(stderr).toEqual([]);
  });
});
