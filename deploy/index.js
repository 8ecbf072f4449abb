// The root Pulumi project: deploys every persona file in ../personas, and a
// test-mode conversation with the coach (free: the replica does not join).
const path = require("node:path");
const pulumi = require("@pulumi/pulumi");
const tavus = require("pulumi-tavus");

const personas = tavus.personasFromFolder(path.join(__dirname, "..", "personas"));

const config = new pulumi.Config();
const rehearsal = new tavus.Conversation("coach-rehearsal", {
  persona: personas.coach,
  conversationName: "Coach rehearsal",
  testMode: true,
  hardDelete: config.getBoolean("hardDeleteConversations") ?? true,
});

exports.personaIds = Object.fromEntries(
  Object.entries(personas).map(([name, p]) => [name, p.personaId]),
);
exports.rehearsalUrl = rehearsal.conversationUrl;
