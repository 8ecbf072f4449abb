/**
 * The persona in the Get Persona page's example answer
 * (docs.tavus.io/api-reference/personas/get-persona, `data[0]`), in the two
 * stored versions of the page (one with a `vqa` layer, one with `perception`).
 * Clients copy it into a create request as it is, server members included, so
 * the emulator must accept it (issue #14).
 */
const llm = {
  model: "<string>",
  base_url: "your-base-url",
  api_key: "your-api-key",
  tools: [
    {
      type: "function",
      function: {
        name: "get_current_weather",
        description: "Get the current weather in a given location",
        parameters: {
          type: "object",
          properties: {
            location: { type: "string", description: "The city and state, e.g. San Francisco, CA" },
            unit: { type: "string", enum: ["celsius", "fahrenheit"] },
          },
          required: ["location"],
        },
      },
    },
  ],
};

const tts = {
  api_key: "your-api-key",
  tts_engine: "cartesia",
  external_voice_id: "external-voice-id",
  voice_settings: { speed: "normal", emotion: ["positivity:high", "curiosity"] },
  playht_user_id: "your-playht-user-id",
  tts_emotion_control: "false",
  tts_model_name: "sonic",
};

const stt = {
  stt_engine: "tavus-turbo",
  participant_pause_sensitivity: "low",
  participant_interrupt_sensitivity: "low",
  hotwords: "This is a hotword example",
  smart_turn_detection: true,
};

const head = {
  persona_id: "p5317866",
  persona_name: "Life Coach",
  system_prompt: "As a Life Coach, you are a dedicated professional who specializes in...",
  default_replica_id: "r79e1c033f",
  context: "Here are a few times that you have helped an individual make a breakthrough in...",
};

/** The version with a `vqa` layer. */
export const GET_PERSONA_EXAMPLE_VQA = {
  ...head,
  layers: { llm, tts, vqa: { enable_vision: "false" }, stt },
  created_at: "",
  updated_at: "<string>",
};

/** The version with a `perception` layer. */
export const GET_PERSONA_EXAMPLE_PERCEPTION = {
  ...head,
  layers: {
    llm,
    tts,
    perception: {
      perception_model: "raven-0",
      ambient_awareness_queries: [
        "Is the user showing an ID card?",
        "Does the user appear distressed or uncomfortable?",
      ],
      perception_tool_prompt:
        "You have a tool to notify the system when an ID card is detected, named `notify_if_id_shown`. You MUST use this tool when a form of ID is detected.",
      perception_tools: [
        {
          name: "notify_if_id_shown",
          description: "Notify the system when an ID card is detected",
        },
      ],
    },
    stt,
  },
  created_at: "",
  updated_at: "<string>",
};
