/**
 * The resource class of every kind, by class name: what the account folder
 * declares for a file. Typed by the kinds list (../kinds.ts), so a kind
 * without a class here is a compile error.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { KindName } from "../kinds";
import { Conversation } from "./conversation";
import { Deployment } from "./deployment";
import { Document } from "./document";
import { Guardrail } from "./guardrail";
import { GuardrailSet } from "./guardrailSet";
import { MemoryStore } from "./memoryStore";
import { Objectives } from "./objectives";
import { Persona } from "./persona";
import { PronunciationDictionary } from "./pronunciationDictionary";
import { Replica } from "./replica";
import { Tool } from "./tool";

/** A class of the list, its args erased (the account folder builds them from validated files). */
export type ResourceClass = new (
  name: string,
  args: never,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

/** Every kind's class. */
export const RESOURCE_CLASSES = {
  Objectives,
  Guardrail,
  GuardrailSet,
  PronunciationDictionary,
  Document,
  Tool,
  Replica,
  Persona,
  MemoryStore,
  Conversation,
  Deployment,
} as const satisfies Record<KindName, ResourceClass>;
