/**
 * Pulumi-facing (camelCase) types of a persona's layers, mirroring the wire
 * types in `../wire.ts` (tavus-api.md §3.6). Free-form maps keep their keys.
 */

/** An OpenAI-style function tool. `parameters` is a JSON Schema, passed through untouched. */
export interface LlmTool {
  type: "function";
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export interface LlmLayer {
  /** e.g. `"tavus-gpt-oss"`, or your own OpenAI-compatible model with `baseUrl`. */
  model?: string;
  baseUrl?: string;
  /** Secret: stored only in the encrypted `layerSecrets` output. */
  apiKey?: string;
  tools?: LlmTool[];
  speculativeInference?: boolean;
  /** Secret (may carry credentials): stored only in `layerSecrets`. Keys untouched. */
  headers?: Record<string, string>;
  /** Sent as-is to the model (`temperature`, `top_p`, …). Keys untouched. */
  extraBody?: Record<string, unknown>;
}

export interface TtsLayer {
  ttsEngine?: "cartesia" | "elevenlabs" | "playht" | "azure";
  /** Secret: stored only in the encrypted `layerSecrets` output. */
  apiKey?: string;
  externalVoiceId?: string;
  ttsModelName?: string;
  ttsEmotionControl?: boolean;
  voiceSettings?: Record<string, unknown>;
  playhtUserId?: string;
  pronunciationDictionaryId?: string;
}

type Sensitivity = "high" | "medium" | "low" | "verylow" | "superlow";
type LowMediumHigh = "low" | "medium" | "high";

export interface SttLayer {
  sttEngine?: "tavus-turbo" | "tavus-advanced";
  participantPauseSensitivity?: Sensitivity;
  participantInterruptSensitivity?: Sensitivity;
  hotwords?: string;
  smartTurnDetection?: boolean;
}

export interface PerceptionLayer {
  perceptionModel?: "raven-1" | "raven-0" | "basic" | "off";
  ambientAwarenessQueries?: string[];
  perceptionToolPrompt?: string;
  perceptionTools?: LlmTool[];
  visualAwarenessQueries?: string[];
  audioAwarenessQueries?: string[];
  perceptionAnalysisQueries?: string[];
  visualToolPrompt?: string;
  visualTools?: LlmTool[];
  audioToolPrompt?: string;
  audioTools?: LlmTool[];
  emotionRecognition?: boolean;
}

export interface ConversationalFlowLayer {
  turnDetectionModel?: "sparrow-1" | "sparrow-0" | "sparrow-2" | "time-based" | "timebased";
  turnTakingPatience?: LowMediumHigh;
  turnCommitment?: LowMediumHigh;
  replicaInterruptibility?: LowMediumHigh;
  activeListening?: "off" | LowMediumHigh;
  voiceIsolation?: "off" | "near";
  idleEngagement?: "off" | "patient" | "eager";
  idleEndBehavior?: string;
}

export interface TransportLayer {
  transportType?: string;
  inputSettings?: Record<string, unknown>;
  roomSettings?: Record<string, unknown>;
}

export interface PersonaLayers {
  llm?: LlmLayer;
  tts?: TtsLayer;
  stt?: SttLayer;
  perception?: PerceptionLayer;
  conversationalFlow?: ConversationalFlowLayer;
  transport?: TransportLayer;
  vqa?: Record<string, unknown>;
}

/** The secret parts of the layers, kept apart so Pulumi encrypts them in state. */
export interface PersonaLayerSecrets {
  llm?: { apiKey?: string; headers?: Record<string, string> };
  tts?: { apiKey?: string };
}
