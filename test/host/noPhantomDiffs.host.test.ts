/**
 * The drift gate must not cry wolf: a live persona that differs from what we
 * sent only in representation (nulls for unset fields, empty lists, reordered
 * tag lists, server-only fields, the documented `{"data":[…]}` envelope) reads
 * back as no change; a real difference still shows.
 */
import { urnOf } from "../harness/providerHost";
import { useProviderHost } from "../harness/hostSuite";

const TYPE = "pulumi-nodejs:dynamic/tavus:Persona";
const urn = urnOf(TYPE, "normalized");

const suite = useProviderHost({});

const inputs = {
  personaName: "Support",
  systemPrompt: "Help with billing.",
  documentTags: ["billing", "faq", "refunds"],
  guardrailIds: ["g2", "g1"],
  guardrailTags: ["safety", "compliance"],
  layers: {
    stt: { sttEngine: "tavus-advanced", hotwords: "invoice" },
    llm: { model: "tavus-gpt-oss" },
  },
};

/** Makes the next GET of `id` answer `body` instead of the stored persona. */
function answerNextGet(id: string, body: unknown) {
  suite.emulator.addFault({
    method: "GET",
    path: `/v2/personas/${id}`,
    kind: "status",
    status: 200,
    body: JSON.stringify(body),
    times: 1,
  });
}

test.each<[string, (live: Record<string, unknown>) => unknown]>([
  [
    "nulls and empty values for unset fields",
    (live) => ({
      ...live,
      context: null,
      greeting: "",
      document_ids: [],
      objectives_id: null,
      layers: { ...(live.layers as object), perception: {}, tts: null },
    }),
  ],
  ["a reordered tag list", (live) => ({ ...live, document_tags: ["refunds", "billing", "faq"] })],
  [
    "reordered guardrail ids and tags",
    (live) => ({ ...live, guardrail_ids: ["g1", "g2"], guardrail_tags: ["compliance", "safety"] }),
  ],
  ["server-only fields", (live) => ({ ...live, is_published: false, persona_type: "user" })],
  ["the documented {data:[…]} envelope", (live) => ({ data: [live] })],
  ["reordered keys", (live) => Object.fromEntries(Object.entries(live).reverse())],
])("no change when the live persona differs only by %s", async (_name, vary) => {
  const created = await suite.host.create(urn, { ...inputs, __provider: suite.providers[TYPE]! });
  const live = suite.emulator
    .state()
    .personas.find((p) => p.persona_id === created.id) as unknown as Record<string, unknown>;
  answerNextGet(created.id, vary(live));
  const read = await suite.host.read(urn, created.id, created.properties);
  expect(read.id).toBe(created.id);
  const diff = await suite.host.diff(urn, created.id, read.properties, {
    ...inputs,
    __provider: suite.providers[TYPE]!,
  });
  expect(diff.changes).toBe("none");
});

test("guardrail ids reach the API on create, and one guardrail more is one add-free replace of the list", async () => {
  suite.emulator.clearRequests();
  const created = await suite.host.create(urn, { ...inputs, __provider: suite.providers[TYPE]! });
  expect(suite.emulator.requests()[0]!.body).toMatchObject({
    guardrail_ids: ["g1", "g2"],
    guardrail_tags: ["compliance", "safety"],
  });
  expect(created.properties.guardrailIds).toEqual(["g1", "g2"]);
  suite.emulator.clearRequests();
  await suite.host.update(urn, created.id, created.properties, {
    ...inputs,
    guardrailIds: ["g1", "g2", "g3"],
    __provider: suite.providers[TYPE]!,
  });
  const patch = suite.emulator.requests().find((r) => r.method === "PATCH")!.body as Array<{
    op: string;
    path: string;
    value?: unknown;
  }>;
  expect(patch.filter((op) => op.op !== "test")).toEqual([
    { op: "replace", path: "/guardrail_ids", value: ["g1", "g2", "g3"] },
  ]);
});

test("a real difference hidden among representation noise still shows", async () => {
  const created = await suite.host.create(urn, { ...inputs, __provider: suite.providers[TYPE]! });
  const live = suite.emulator
    .state()
    .personas.find((p) => p.persona_id === created.id) as unknown as Record<string, unknown>;
  answerNextGet(created.id, { ...live, context: null, document_tags: ["refunds", "billing"] });
  const read = await suite.host.read(urn, created.id, created.properties);
  expect(read.properties.documentTags).toEqual(["billing", "refunds"]);
  expect(
    (
      await suite.host.diff(urn, created.id, read.properties, {
        ...inputs,
        __provider: suite.providers[TYPE]!,
      })
    ).changes,
  ).toBe("some");
});
