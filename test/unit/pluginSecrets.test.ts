/**
 * The plugin's secret handling (provider/plugin/secrets.ts): a program may write
 * a secret where the API has it or in the secret output; check moves it into
 * the secret output, marked secret; outputs are marked on the way back.
 */
import { personaDefinition } from "../../provider/definitions/persona";
import { toolDefinition } from "../../provider/definitions/tool";
import { markSecretOutputs, splitSecretInputs } from "../../provider/plugin/secrets";
import { conversationDefinition } from "../../provider/definitions/conversation";
import { isSecretValue } from "../../provider/secretSignature";

const valueOf = (marked: unknown) => (marked as { value: unknown }).value;

describe("splitSecretInputs", () => {
  test("moves every secret path of a persona's layers into layerSecrets, marked secret", () => {
    const inputs = splitSecretInputs(personaDefinition, {
      systemPrompt: "p",
      layers: {
        llm: { model: "m", apiKey: "sk-1", headers: { Authorization: "Bearer x" } },
        tts: { ttsEngine: "cartesia", apiKey: "tts-1" },
      },
    });
    expect(inputs.layers).toEqual({ llm: { model: "m" }, tts: { ttsEngine: "cartesia" } });
    expect(isSecretValue(inputs.layerSecrets)).toBe(true);
    expect(valueOf(inputs.layerSecrets)).toEqual({
      llm: { apiKey: "sk-1", headers: { Authorization: "Bearer x" } },
      tts: { apiKey: "tts-1" },
    });
  });

  test("keeps a secret the program wrote in layerSecrets, and adds one written in layers", () => {
    const inputs = splitSecretInputs(personaDefinition, {
      layers: { tts: { apiKey: "tts-1" } },
      layerSecrets: { llm: { apiKey: "sk-1" } },
    });
    expect(valueOf(inputs.layerSecrets)).toEqual({
      llm: { apiKey: "sk-1" },
      tts: { apiKey: "tts-1" },
    });
    expect(inputs.layers).toEqual({ tts: {} });
  });

  test("a tool's header names are the user's own: moved as written", () => {
    const inputs = splitSecretInputs(toolDefinition, {
      name: "lookup",
      delivery: { api: { url: "https://example.com", headers: { "X-Api-Key": "k-1" } } },
    });
    expect(inputs.delivery).toEqual({ api: { url: "https://example.com" } });
    expect(valueOf(inputs.deliverySecrets)).toEqual({ api: { headers: { "X-Api-Key": "k-1" } } });
  });

  test("inputs without secrets come back unchanged, with no secret output", () => {
    const news = { personaName: "n", layers: { llm: { model: "m" } } };
    expect(splitSecretInputs(personaDefinition, news)).toEqual(news);
  });
});

describe("markSecretOutputs", () => {
  test("marks the secret outputs and the secret server outputs, once", () => {
    const outs = markSecretOutputs(conversationDefinition, {
      conversationId: "c1",
      meetingToken: "tok",
    });
    expect(outs.conversationId).toBe("c1");
    expect(valueOf(outs.meetingToken)).toBe("tok");
    expect(markSecretOutputs(conversationDefinition, outs)).toEqual(outs);
  });
});
