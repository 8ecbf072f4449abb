/**
 * Conversation: a Tavus video conversation (a room a replica joins). The API
 * cannot edit one, so any input change but `hardDelete` replaces it; destroy
 * ends it first, then deletes it. Use `testMode: true` outside production: the
 * replica does not join and no credits are spent.
 */
import * as pulumi from "@pulumi/pulumi";
import * as ConversationProvider from "./conversationProvider";
import type { Persona } from "./persona";

/** Per-call settings (tavus-api.md §5.1 `properties`). */
export interface ConversationProperties {
  /** Seconds, at most 3600. @default 3600 (server side) */
  maxCallDuration?: pulumi.Input<number>;
  /** Seconds. @default 0 (server side) */
  participantLeftTimeout?: pulumi.Input<number>;
  /** Seconds. @default 300 (server side) */
  participantAbsentTimeout?: pulumi.Input<number>;
  enableRecording?: pulumi.Input<boolean>;
  enableClosedCaptions?: pulumi.Input<boolean>;
  applyGreenscreen?: pulumi.Input<boolean>;
  /** A full language name (`"english"`) or `"multilingual"`. */
  language?: pulumi.Input<string>;
  recordingS3BucketName?: pulumi.Input<string>;
  recordingS3BucketRegion?: pulumi.Input<string>;
  awsAssumeRoleArn?: pulumi.Input<string>;
}

/** The inputs of a {@link Conversation}. Needs `replicaId`, or a persona with a default replica. */
export interface ConversationArgs {
  replicaId?: pulumi.Input<string>;
  personaId?: pulumi.Input<string>;
  /** A Persona resource: sets `personaId`, and lets `check` see its default replica. */
  persona?: Persona;
  conversationName?: pulumi.Input<string>;
  conversationalContext?: pulumi.Input<string>;
  customGreeting?: pulumi.Input<string>;
  callbackUrl?: pulumi.Input<string>;
  audioOnly?: pulumi.Input<boolean>;
  /** The replica does not join and the conversation starts `ended`: free, for tests. */
  testMode?: pulumi.Input<boolean>;
  /** The response then carries `meetingToken` (a secret). */
  requireAuth?: pulumi.Input<boolean>;
  /** At least 2: the replica counts as one. */
  maxParticipants?: pulumi.Input<number>;
  memoryStores?: pulumi.Input<pulumi.Input<string>[]>;
  documentIds?: pulumi.Input<pulumi.Input<string>[]>;
  documentTags?: pulumi.Input<pulumi.Input<string>[]>;
  documentRetrievalStrategy?: pulumi.Input<"speed" | "quality" | "balanced">;
  properties?: pulumi.Input<ConversationProperties>;
  /** Delete with `?hard=true` (irrevocable: assets too). @default the stack's `tavus:hardDelete`, else false */
  hardDelete?: pulumi.Input<boolean>;
}

/** A Tavus conversation. Type token `pulumi-nodejs:dynamic/tavus:Conversation`. */
export class Conversation extends pulumi.dynamic.Resource {
  declare readonly conversationId: pulumi.Output<string>;
  /** `https://tavus.daily.co/<id>`: where participants join. */
  declare readonly conversationUrl: pulumi.Output<string>;
  /** `active` or `ended`; an ended conversation is not drift. */
  declare readonly status: pulumi.Output<string>;
  /** JWT for `?t=` when `requireAuth`; always a Pulumi secret. */
  declare readonly meetingToken: pulumi.Output<string | undefined>;
  declare readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: ConversationArgs, opts: pulumi.CustomResourceOptions = {}) {
    const { persona, ...rest } = args;
    const props = {
      ...rest,
      // The resource id, not the personaId output: an id stays known while the
      // persona is updated, so a preview does not show a spurious replacement.
      personaId: rest.personaId ?? persona?.id,
      // Only for check: a persona with a default replica needs no replicaId.
      personaDefaultReplicaId: persona?.defaultReplicaId,
      conversationId: undefined,
      conversationUrl: undefined,
      status: undefined,
      meetingToken: undefined,
      createdAt: undefined,
    };
    const secretOutputs = [...(opts.additionalSecretOutputs ?? []), "meetingToken"];
    super(ConversationProvider, name, props, { ...opts, additionalSecretOutputs: secretOutputs }, "tavus", "Conversation");
  }
}
