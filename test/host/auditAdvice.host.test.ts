/**
 * `audit` on an account holding one unmanaged object of every kind of the
 * list: each is named, with advice that works for its kind (memory stores are
 * counted instead, with the kind's advice: a participant's store is user data). For an adoptable
 * kind the advice is `adoptId` in code or the file `export --all` writes;
 * following it (the file's fields with the advised adoptId, through the real
 * dynamic-provider host) takes the object over with reads only. A conversation
 * cannot be adopted: its advice is to end it, and once ended it is no longer
 * reported.
 */
import { parse } from "yaml";
import { TavusClient } from "../../provider/client";
import { audit } from "../../provider/cli/audit";
import { exportAccount, LEFT_OUT_FOLDERS } from "../../provider/cli/exportAccount";
import type { Listing } from "../../provider/definitions/table";
import { isAdoptable, KINDS, moduleNameOf } from "../../provider/kinds";
import { fromWire } from "../../provider/mapping";
import { byHand } from "../harness/byHand";
import { TYPES, useProviderHost } from "../harness/hostSuite";
import { urnOf } from "../harness/providerHost";

const suite = useProviderHost({ emulator: { replicaTrainingMs: 0 } });
type Props = Record<string, unknown>;

/** One object of each kind, made by hand as in the dashboard: path, body (given the ids made so far) and id field. */
const HAND_MADE: Record<
  string,
  { path: string; body: Props | ((ids: Map<string, string>) => Props); idField: string }
> = {
  Objectives: {
    path: "/v2/objectives",
    body: { data: [{ objective_name: "greet", objective_prompt: "Greet." }] },
    idField: "objectives_id",
  },
  Guardrail: {
    path: "/v2/guardrails",
    body: { guardrail_name: "no_advice", guardrail_prompt: "No advice." },
    idField: "uuid",
  },
  GuardrailSet: {
    path: "/v2/guardrails",
    body: { name: "Legacy set", data: [{ guardrail_name: "g", guardrail_prompt: "p" }] },
    idField: "guardrails_id",
  },
  PronunciationDictionary: {
    path: "/v2/pronunciation-dictionaries",
    body: { name: "Brand", rules: [{ text: "Tavus", pronunciation: "TAH-vus", type: "alias" }] },
    idField: "pronunciation_dictionary_id",
  },
  Document: {
    path: "/v2/documents",
    body: { document_url: "https://example.com/faq.pdf", document_name: "FAQ" },
    idField: "document_id",
  },
  Tool: {
    path: "/v2/tools",
    body: { name: "book_visit", description: "Books a visit.", delivery: { app_message: true } },
    idField: "tool_id",
  },
  Replica: {
    path: "/v2/replicas",
    body: { train_video_url: "https://example.com/train.mp4", replica_name: "Hand made" },
    idField: "replica_id",
  },
  Persona: {
    path: "/v2/personas",
    body: { persona_name: "Hand made", system_prompt: "Be kind." },
    idField: "persona_id",
  },
  MemoryStore: {
    path: "/v2/memory-stores",
    body: (ids) => ({ pal_id: ids.get("Persona"), participant_tag: "classroom-1" }),
    idField: "memory_store_id",
  },
  Deployment: {
    path: "/v2/deployments",
    body: (ids) => ({
      pal_id: ids.get("Persona"),
      channel: "widget",
      name: "Site widget",
      allowed_origins: ["https://example.com"],
    }),
    idField: "deployment_id",
  },
  Conversation: {
    path: "/v2/conversations",
    body: { replica_id: "rf4703150052", conversation_name: "Live call" },
    idField: "conversation_id",
  },
};

test("the kinds list and this test's hand-made objects agree", () => {
  expect(Object.keys(HAND_MADE).sort()).toEqual(KINDS.map((k) => k.typeName).sort());
});

test("every unmanaged object is named with advice for its kind, and following it adopts with reads only", async () => {
  const ids = new Map<string, string>();
  for (const kind of KINDS) {
    const made = HAND_MADE[kind.typeName]!;
    const body = typeof made.body === "function" ? made.body(ids) : made.body;
    const answer = await byHand(suite.emulator, "POST", made.path, body);
    expect({ kind: kind.typeName, status: answer.status }).toEqual({
      kind: kind.typeName,
      status: 200,
    });
    ids.set(kind.typeName, String(answer.body[made.idField]));
  }
  const client = new TavusClient({ apiKey: suite.emulator.apiKey, baseUrl: suite.emulator.url });
  const report = await audit(client, new Set());
  // With the left-out kinds too (--include memory-stores): the files give every kind's fields.
  const exported = await exportAccount(client, "yaml", { include: new Set(LEFT_OUT_FOLDERS) });

  for (const kind of KINDS) {
    const id = ids.get(kind.typeName)!;
    const found = report.unmanaged.filter((u) => u.id === id);
    const file = exported.files.find((f) => f.id === id)!;
    let adoptId: string | undefined;
    const { unlisted } = kind.listing as Listing;
    if (unlisted !== undefined) {
      // Counted, not named (a participant's memory store is user data): the advice is the kind's.
      expect({ kind: kind.typeName, reported: found.length }).toEqual({
        kind: kind.typeName,
        reported: 0,
      });
      expect(report.unlisted).toContainEqual({
        kind: kind.kind.replace(/ /g, "-"),
        count: 1,
        why: unlisted,
      });
      expect(unlisted).toContain(`new ${kind.typeName}("<name>", { adoptId: "<id>"`);
      adoptId = id;
    } else {
      expect({ kind: kind.typeName, reported: found.length }).toEqual({
        kind: kind.typeName,
        reported: 1,
      });
      const advice = found[0]!.adopt;
      if (!isAdoptable(kind)) {
        expect(advice).toBe(`end it: POST /v2/conversations/${id}/end`);
        continue;
      }
      expect(advice).toContain(`new ${kind.typeName}("`);
      adoptId = /adoptId: "([^"]+)"/.exec(advice)?.[1];
      expect(adoptId).toBe(id);
      expect(advice).toContain(
        `or the file ${file.folder}/${file.name}.yaml that "npx pulumi-tavus export --all`,
      );
    }

    // Follow it: the exported file's fields, adoptId from the advice, through the host.
    // `$ref:<folder>/<name>` stands for the id of that file's object, as accountFromFolder resolves it.
    const { [kind.idField]: _id, ...fields } = JSON.parse(
      JSON.stringify(parse(file.text)).replace(/"\$ref:([^"]+)"/g, (_, ref: string) =>
        JSON.stringify(exported.files.find((f) => `${f.folder}/${f.name}` === ref)!.id),
      ),
    ) as Props;
    const type = TYPES[moduleNameOf(kind) as keyof typeof TYPES];
    suite.emulator.clearRequests();
    const adopted = await suite.host.create(urnOf(type, `adopted-${moduleNameOf(kind)}`), {
      ...fromWire<Props>(fields, kind.schema),
      adoptId,
      __provider: suite.providers[type]!,
    });
    expect(adopted.id).toBe(id);
    const writes = suite.calls().filter((c) => !c.startsWith("GET "));
    expect({ kind: kind.typeName, writes }).toEqual({ kind: kind.typeName, writes: [] });
  }

  // The conversation's advice, followed: once ended it is no longer reported.
  const conversation = ids.get("Conversation")!;
  expect(
    (await byHand(suite.emulator, "POST", `/v2/conversations/${conversation}/end`)).status,
  ).toBe(200);
  const after = await audit(client, new Set());
  expect(after.unmanaged.map((u) => u.id)).not.toContain(conversation);
});
