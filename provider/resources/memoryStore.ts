/**
 * MemoryStore: a *shared* memory store of a persona (PAL): the pinned
 * memories (`pinnedMemories`) every conversation with one participant tag
 * (`participantTag`) starts from, e.g. the facts of a class or a team. The
 * memories the persona learns in conversations are the server's: read by no
 * one here, never drift. Stores per end user are user data, not configuration.
 * Fields and their rules: ../definitions/memoryStore.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  memoryStoreDefinition,
  type MemoryStoreInputs,
  type MemoryStoreOutputs,
} from "../definitions/memoryStore";
import type { ArgsOf, OutputPropertiesOf } from "../definitions/table";
import * as MemoryStoreProvider from "./memoryStoreProvider";
import { idFromResource } from "./idFromResource";
import type { Persona } from "./persona";
import { providerModule, TavusResource } from "./tavusResource";

/**
 * The inputs of a {@link MemoryStore}: `palId` or the persona itself (`pal`),
 * `participantTag`, `pinnedMemories`, and `adoptId` to take over an existing store.
 */
export type MemoryStoreArgs = ArgsOf<MemoryStoreInputs> & {
  /** The persona (PAL) the store is for: sets `palId`, so Pulumi creates the persona first. */
  pal?: Persona;
};

/** The output properties, typed from the definition (declaration merging with the class). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface MemoryStore extends OutputPropertiesOf<MemoryStoreOutputs> {}

/** A Tavus memory store. Type token `pulumi-nodejs:dynamic/tavus:MemoryStore`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class MemoryStore extends TavusResource {
  constructor(name: string, args: MemoryStoreArgs, opts: pulumi.CustomResourceOptions = {}) {
    const withPal = idFromResource("MemoryStore", name, args, "pal", "palId");
    const provider = providerModule<MemoryStoreInputs, MemoryStoreOutputs>(MemoryStoreProvider);
    super(memoryStoreDefinition, provider, name, withPal, opts);
  }
}
