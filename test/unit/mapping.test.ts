import { personaSchema } from "../../provider/definitions/persona";
import { fromWire, toWire } from "../../provider/mapping";

describe("camelCase <-> snake_case mapping", () => {
  const cases: Array<[string, unknown, unknown]> = [
    [
      "top-level fields",
      { personaName: "A", systemPrompt: "B", defaultReplicaId: "r1" },
      { persona_name: "A", system_prompt: "B", default_replica_id: "r1" },
    ],
    [
      "nested layers",
      {
        layers: {
          conversationalFlow: { turnTakingPatience: "high" },
          stt: { participantPauseSensitivity: "low" },
        },
      },
      {
        layers: {
          conversational_flow: { turn_taking_patience: "high" },
          stt: { participant_pause_sensitivity: "low" },
        },
      },
    ],
    [
      "LLM headers and extra_body pass through untouched",
      {
        layers: {
          llm: { headers: { "X-Custom_Header": "v" }, extraBody: { top_p: 0.5, maxTokens: 10 } },
        },
      },
      {
        layers: {
          llm: { headers: { "X-Custom_Header": "v" }, extra_body: { top_p: 0.5, maxTokens: 10 } },
        },
      },
    ],
    [
      "tool parameter schemas pass through untouched",
      {
        layers: {
          llm: {
            tools: [
              {
                type: "function",
                function: {
                  name: "get_weather",
                  parameters: {
                    type: "object",
                    properties: { cityName: { type: "string" }, unit_system: { type: "string" } },
                  },
                },
              },
            ],
          },
          perception: {
            visualTools: [
              {
                type: "function",
                function: {
                  name: "t",
                  parameters: { type: "object", properties: { someArg: {} } },
                },
              },
            ],
          },
        },
      },
      {
        layers: {
          llm: {
            tools: [
              {
                type: "function",
                function: {
                  name: "get_weather",
                  parameters: {
                    type: "object",
                    properties: { cityName: { type: "string" }, unit_system: { type: "string" } },
                  },
                },
              },
            ],
          },
          perception: {
            visual_tools: [
              {
                type: "function",
                function: {
                  name: "t",
                  parameters: { type: "object", properties: { someArg: {} } },
                },
              },
            ],
          },
        },
      },
    ],
    [
      "arrays of strings stay as they are",
      { documentIds: ["d1", "d2"] },
      { document_ids: ["d1", "d2"] },
    ],
  ];

  test.each(cases)("%s: camel -> wire", (_name, camel, wire) => {
    expect(toWire(camel, personaSchema)).toEqual(wire);
  });

  test.each(cases)("%s: wire -> camel", (_name, camel, wire) => {
    expect(fromWire(wire, personaSchema)).toEqual(camel);
  });
});
