/**
 * pulumi-tavus: Tavus personas, replicas and conversations as Pulumi resources.
 *
 * Configuration (stack config wins over the environment):
 * `tavus:apiKey` (secret) / `TAVUS_API_KEY`, `tavus:baseUrl` / `TAVUS_BASE_URL`,
 * `tavus:hardDelete` / `TAVUS_HARD_DELETE`, and the request limits in `./config`.
 */
export { Persona, type PersonaArgs } from "./resources/persona";
export { Replica, type ReplicaArgs } from "./resources/replica";
export { Conversation, type ConversationArgs, type ConversationProperties } from "./resources/conversation";
export * as PersonaProvider from "./resources/personaProvider";
export * as ReplicaProvider from "./resources/replicaProvider";
export * as ConversationProvider from "./resources/conversationProvider";
export type * from "./resources/personaLayers";
export { TavusClient, isGone, isTavusApiError, type TavusApiError, type TransportOptions } from "./client";
export { SETTINGS as CONFIG_KEYS } from "./config";
export type * as wire from "./wire";
export { personasFromFolder, type PersonaFolderOptions } from "./configs/personaFolder";
export { loadPersonaFiles, PersonaFilesError, type PersonaFile, type PersonaFileProblem } from "./configs/personaFiles";
