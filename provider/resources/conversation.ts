/**
 * Conversation: a Tavus video conversation (a room a replica joins). The API
 * cannot edit one, so any input change but `hardDelete` replaces it; destroy
 * ends it first, then deletes it. Use `testMode: true` outside production: the
 * replica does not join and no credits are spent.
 * Fields and their rules: ../definitions/conversation.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  conversationDefinition,
  type ConversationInputs,
  type ConversationOutputs,
} from "../definitions/conversation";
import type { ArgsOf, OutputPropertiesOf } from "../definitions/table";
import * as ConversationProvider from "./conversationProvider";
import type { Document } from "./document";
import { idFromResource } from "./idFromResource";
import type { Persona } from "./persona";
import { providerModule, TavusResource } from "./tavusResource";

/**
 * The inputs of a {@link Conversation}: the API's fields in camelCase; it needs
 * `replicaId`, or a persona with a default replica (`personaId`, or `persona`: not both).
 */
export type ConversationArgs = ArgsOf<Omit<ConversationInputs, "personaDefaultReplicaId">> & {
  /** A Persona resource: sets `personaId`, and lets `check` see its default replica. */
  persona?: Persona;
  /** Sets `documentIds`: the knowledge-base documents the conversation answers from. */
  documents?: Document[];
};

/** Per-call settings (`properties`). */
export type ConversationProperties = NonNullable<ConversationArgs["properties"]>;

/** The output properties, typed from the definition (declaration merging with the class). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Conversation extends OutputPropertiesOf<ConversationOutputs> {}

/** A Tavus conversation. Type token `pulumi-nodejs:dynamic/tavus:Conversation`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Conversation extends TavusResource {
  constructor(name: string, args: ConversationArgs, opts: pulumi.CustomResourceOptions = {}) {
    const { documents, ...rest } = idFromResource(
      "Conversation",
      name,
      args,
      "persona",
      "personaId",
    );
    if (documents && rest.documentIds !== undefined) {
      throw new Error(`Conversation ${name}: give documents or documentIds, not both`);
    }
    const withPersona = {
      ...rest,
      ...(documents ? { documentIds: documents.map((d) => d.id) } : {}),
      // Only for check: a persona with a default replica needs no replicaId.
      personaDefaultReplicaId: args.persona?.defaultReplicaId,
    };
    const provider = providerModule<ConversationInputs, ConversationOutputs>(ConversationProvider);
    super(conversationDefinition, provider, name, withPersona, opts);
  }
}
