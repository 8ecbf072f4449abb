// The root Pulumi project: deploys the account folder at the project's root
// (personas/, and objectives/, guardrails/, guardrail-sets/, dictionaries/,
// documents/, tools/, replicas/ when present; `pulumi-tavus export --all .`
// writes them), and a test-mode conversation with the coach when there is one
// (free: the replica does not join).
const path = require("node:path");
const pulumi = require("@pulumi/pulumi");
const tavus = require("pulumi-tavus");

const config = new pulumi.Config();
// tavus-personas:accountFolder: another folder, relative to the project.
const root = path.join(__dirname, "..");
const account = tavus.accountFromFolder(path.resolve(root, config.get("accountFolder") ?? "."));

const coach = account.personas.coach;
const rehearsal = coach
  ? new tavus.Conversation("coach-rehearsal", {
      persona: coach,
      conversationName: "Coach rehearsal",
      testMode: true,
      hardDelete: config.getBoolean("hardDeleteConversations") ?? true,
    })
  : undefined;

exports.personaIds = Object.fromEntries(
  Object.entries(account.personas).map(([name, p]) => [name, p.personaId]),
);
exports.ids = Object.fromEntries(
  Object.entries(account).map(([kind, byName]) => [
    kind,
    Object.fromEntries(Object.entries(byName).map(([name, r]) => [name, r.id])),
  ]),
);
if (rehearsal) exports.rehearsalUrl = rehearsal.conversationUrl;
