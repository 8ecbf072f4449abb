/**
 * pulumi-tavus: Tavus personas, replicas, conversations and what a persona
 * points at (objectives, guardrails, pronunciation dictionaries) as Pulumi resources.
 *
 * Configuration (stack config wins over the environment):
 * `tavus:apiKey` (secret) / `TAVUS_API_KEY`, `tavus:baseUrl` / `TAVUS_BASE_URL`,
 * `tavus:hardDelete` / `TAVUS_HARD_DELETE`, and the request limits in `./settings`.
 */
import type { PersonaInputs } from "./definitions/persona";

export { Persona, type PersonaArgs } from "./resources/persona";
export { Replica, type ReplicaArgs } from "./resources/replica";
export {
  Conversation,
  type ConversationArgs,
  type ConversationProperties,
} from "./resources/conversation";
export { Objectives, type ObjectivesArgs } from "./resources/objectives";
export { Guardrail, type GuardrailArgs } from "./resources/guardrail";
export { GuardrailSet, type GuardrailSetArgs } from "./resources/guardrailSet";
export { MemoryStore, type MemoryStoreArgs } from "./resources/memoryStore";
export {
  PronunciationDictionary,
  type PronunciationDictionaryArgs,
} from "./resources/pronunciationDictionary";
export { Document, type DocumentArgs } from "./resources/document";
export { Tool, type ToolArgs } from "./resources/tool";
export { Deployment, type DeploymentArgs } from "./resources/deployment";
export type { PersonaReferences } from "./resources/persona";
export * as PersonaProvider from "./resources/personaProvider";
export * as ReplicaProvider from "./resources/replicaProvider";
export * as ConversationProvider from "./resources/conversationProvider";
export * as ObjectivesProvider from "./resources/objectivesProvider";
export * as GuardrailProvider from "./resources/guardrailProvider";
export * as GuardrailSetProvider from "./resources/guardrailSetProvider";
export * as MemoryStoreProvider from "./resources/memoryStoreProvider";
export * as PronunciationDictionaryProvider from "./resources/pronunciationDictionaryProvider";
export * as DocumentProvider from "./resources/documentProvider";
export * as ToolProvider from "./resources/toolProvider";
export * as DeploymentProvider from "./resources/deploymentProvider";
export type { PersonaInputs, PersonaOutputs } from "./definitions/persona";
export type { ReplicaInputs, ReplicaOutputs } from "./definitions/replica";
export type { ConversationInputs, ConversationOutputs } from "./definitions/conversation";
export type { ObjectivesInputs, ObjectivesOutputs } from "./definitions/objectives";
export type { GuardrailInputs, GuardrailOutputs } from "./definitions/guardrail";
export type { GuardrailSetInputs, GuardrailSetOutputs } from "./definitions/guardrailSet";
export type { MemoryStoreInputs, MemoryStoreOutputs } from "./definitions/memoryStore";
export type { DocumentInputs, DocumentOutputs } from "./definitions/document";
export type { ToolInputs, ToolOutputs } from "./definitions/tool";
export type { DeploymentInputs, DeploymentOutputs } from "./definitions/deployment";
export type {
  PronunciationDictionaryInputs,
  PronunciationDictionaryOutputs,
} from "./definitions/pronunciationDictionary";
/** A persona's layers in Pulumi's names (`llm`, `tts`, `stt`, `perception`, `conversationalFlow`, …). */
export type PersonaLayers = NonNullable<PersonaInputs["layers"]>;
export {
  TavusClient,
  isGone,
  isTavusApiError,
  type TavusApiError,
  type TransportOptions,
} from "./client";
export { SETTINGS as CONFIG_KEYS } from "./settings";
export type * as wire from "./wire";
export { personasFromFolder, type PersonaFolderOptions } from "./files/personaFolder";
export { accountFromFolder, type Account, type AccountFolderOptions } from "./files/accountFolder";
export {
  loadAccountFiles,
  type AccountFile,
  type AccountFiles,
  type FileAccess,
  type LoadOptions,
} from "./files/accountFiles";
export {
  loadPersonaFiles,
  AccountFilesError,
  PersonaFilesError,
  type PersonaFile,
  type PersonaFileProblem,
} from "./files/personaFiles";
