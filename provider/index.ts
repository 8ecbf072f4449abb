/**
 * pulumi-tavus: Tavus personas, replicas and conversations as Pulumi resources.
 *
 * Configuration (stack config wins over the environment):
 * `tavus:apiKey` (secret) / `TAVUS_API_KEY`, `tavus:baseUrl` / `TAVUS_BASE_URL`,
 * `tavus:hardDelete` / `TAVUS_HARD_DELETE`, and the request limits in `./settings`.
 */
import type { PersonaInputs } from "./definitions/persona";

export { Persona, type PersonaArgs } from "./resources/persona";
export { Replica, type ReplicaArgs } from "./resources/replica";
export { Conversation, type ConversationArgs, type ConversationProperties } from "./resources/conversation";
export * as PersonaProvider from "./resources/personaProvider";
export * as ReplicaProvider from "./resources/replicaProvider";
export * as ConversationProvider from "./resources/conversationProvider";
export type { PersonaInputs, PersonaOutputs } from "./definitions/persona";
export type { ReplicaInputs, ReplicaOutputs } from "./definitions/replica";
export type { ConversationInputs, ConversationOutputs } from "./definitions/conversation";
/** A persona's layers in Pulumi's names (`llm`, `tts`, `stt`, `perception`, `conversationalFlow`, …). */
export type PersonaLayers = NonNullable<PersonaInputs["layers"]>;
export { TavusClient, isGone, isTavusApiError, type TavusApiError, type TransportOptions } from "./client";
export { SETTINGS as CONFIG_KEYS } from "./settings";
export type * as wire from "./wire";
export { personasFromFolder, type PersonaFolderOptions } from "./files/personaFolder";
export { loadPersonaFiles, PersonaFilesError, type PersonaFile, type PersonaFileProblem } from "./files/personaFiles";
