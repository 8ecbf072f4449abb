// A persona with a default replica, and a conversation with it. testMode keeps
// it free: the replica does not join and the conversation starts "ended".
import * as pulumi from "@pulumi/pulumi";
import { Conversation, Persona } from "pulumi-tavus";

const config = new pulumi.Config();

const host = new Persona("host", {
  personaName: "Webinar host",
  systemPrompt: "You host a short product webinar and take questions.",
  defaultReplicaId: config.get("replicaId") ?? "rf4703150052",
});

const webinar = new Conversation("webinar", {
  persona: host,
  conversationName: "Product webinar",
  testMode: config.getBoolean("testMode") ?? true,
  requireAuth: true,
  properties: { maxCallDuration: 1800, enableClosedCaptions: true },
  hardDelete: config.getBoolean("hardDelete"),
});

export const conversationUrl = webinar.conversationUrl;
export const meetingToken = webinar.meetingToken;
