/**
 * The JSON Patch kinds of issue #11 (Objectives, Guardrail, GuardrailSet,
 * PronunciationDictionary) through the real dynamic-provider host, each with
 * its provider serialized as the SDK writes it, against the emulator. Every
 * step asserts the emulator's request log: create is a POST and a read-back
 * GET, an unchanged diff costs nothing, an update is one GET and one guarded
 * PATCH of what changed, refresh is one GET, delete one DELETE, gone is gone.
 */
import { urnOf } from "../harness/providerHost";
import { TYPES, useProviderHost } from "../harness/hostSuite";

const suite = useProviderHost({});
const wire = () => suite.calls({ status: true });
type Props = Record<string, unknown>;

interface KindCase {
  name: keyof typeof TYPES;
  path: string;
  idOutput: string;
  /** The POST answers only part of the object (the definition's `createAnswer`), so create reads it back. */
  readsBack: boolean;
  inputs: Props;
  /** An in-place change, and the JSON Patch ops (without tests) it must send. */
  change: { inputs: Props; ops: Array<{ op: string; path: string }> };
  /** An edit made out of band (JSON Patch on the emulator), and the property it drifts. */
  outOfBand: { ops: unknown[]; property: string };
}

const CASES: KindCase[] = [
  {
    name: "objectives",
    path: "/v2/objectives",
    idOutput: "objectivesId",
    readsBack: true,
    inputs: {
      data: [
        {
          objectiveName: "greet",
          objectivePrompt: "Greet the patient.",
          nextConditionalObjectives: { book_visit: "wants a visit" },
        },
        {
          objectiveName: "book_visit",
          objectivePrompt: "Book a visit.",
          outputVariables: ["date"],
        },
      ],
    },
    change: {
      inputs: {
        data: [
          {
            objectiveName: "greet",
            objectivePrompt: "Greet the patient warmly.",
            nextConditionalObjectives: { book_visit: "wants a visit" },
          },
          {
            objectiveName: "book_visit",
            objectivePrompt: "Book a visit.",
            outputVariables: ["date"],
          },
        ],
      },
      ops: [{ op: "replace", path: "/data" }],
    },
    outOfBand: {
      ops: [{ op: "replace", path: "/data/1/objective_prompt", value: "Edited by hand." }],
      property: "data",
    },
  },
  {
    name: "guardrail",
    path: "/v2/guardrails",
    idOutput: "guardrailId",
    readsBack: false,
    inputs: {
      guardrailName: "no_medical_advice",
      guardrailPrompt: "Never give medical advice.",
      tags: ["safety", "health"],
    },
    change: {
      inputs: {
        guardrailName: "no_medical_advice",
        guardrailPrompt: "Never give medical or legal advice.",
        tags: ["safety", "health"],
      },
      ops: [{ op: "replace", path: "/guardrail_prompt" }],
    },
    outOfBand: {
      ops: [{ op: "replace", path: "/guardrail_prompt", value: "Edited by hand." }],
      property: "guardrailPrompt",
    },
  },
  {
    name: "guardrailSet",
    path: "/v2/guardrails",
    idOutput: "guardrailsId",
    readsBack: true,
    inputs: {
      name: "Compliance",
      data: [{ guardrailName: "no_pricing", guardrailPrompt: "Never quote prices." }],
    },
    change: {
      inputs: {
        name: "Compliance v2",
        data: [{ guardrailName: "no_pricing", guardrailPrompt: "Never quote prices." }],
      },
      ops: [{ op: "replace", path: "/name" }],
    },
    outOfBand: {
      ops: [{ op: "replace", path: "/data/0/guardrail_prompt", value: "Edited by hand." }],
      property: "data",
    },
  },
  {
    name: "pronunciationDictionary",
    path: "/v2/pronunciation-dictionaries",
    idOutput: "pronunciationDictionaryId",
    readsBack: false,
    inputs: {
      name: "Brand names",
      rules: [{ text: "Tavus", pronunciation: "TAH-vus", type: "alias" }],
    },
    change: {
      inputs: {
        name: "Brand names",
        rules: [
          { text: "Tavus", pronunciation: "TAH-vus", type: "alias" },
          { text: "Raven", pronunciation: "RAY-ven", type: "alias", caseSensitive: true },
        ],
      },
      ops: [{ op: "replace", path: "/rules" }],
    },
    outOfBand: {
      ops: [{ op: "replace", path: "/name", value: "Edited by hand" }],
      property: "name",
    },
  },
];

describe.each(CASES)("$name through the provider host", (kind) => {
  const type = TYPES[kind.name];
  const urn = urnOf(type, `a-${kind.name}`);
  const withProvider = (props: Props) => ({ ...props, __provider: suite.providers[type]! });
  let id = "";
  let outputs: Props = {};

  test("the serialized provider is a bare require of the installed package, under 1 KB", () => {
    expect(suite.providers[type]!).toMatch(
      new RegExp(`require\\("pulumi-tavus/providers/${kind.name}"\\)`),
    );
    expect(Buffer.byteLength(suite.providers[type]!)).toBeLessThan(1024);
  });

  test(`create is one POST${kind.readsBack ? " and a read-back GET (the answer is partial)" : " (the answer is the object)"}; its outputs are what Get shows`, async () => {
    suite.emulator.clearRequests();
    const created = await suite.host.create(urn, withProvider(kind.inputs));
    id = created.id;
    outputs = created.properties;
    expect(id).not.toBe("");
    expect(wire()).toEqual([
      `POST ${kind.path} 200`,
      ...(kind.readsBack ? [`GET ${kind.path}/${id} 200`] : []),
    ]);
    expect(outputs[kind.idOutput]).toBe(id);
    expect(outputs.createdAt).toEqual(expect.any(String));
    expect(outputs.updatedAt).toEqual(expect.any(String));
    // The same outputs as a read-back would have given, server fields included.
    expect((await suite.host.read(urn, id, outputs)).properties).toEqual(outputs);
  });

  test("an unchanged diff makes no request, after create and after a refresh", async () => {
    suite.emulator.clearRequests();
    expect((await suite.host.diff(urn, id, outputs, withProvider(kind.inputs))).changes).toBe(
      "none",
    );
    const read = await suite.host.read(urn, id, outputs);
    expect(wire()).toEqual([`GET ${kind.path}/${id} 200`]);
    expect(read.id).toBe(id);
    expect(
      (await suite.host.diff(urn, id, read.properties, withProvider(kind.inputs))).changes,
    ).toBe("none");
    expect((await suite.host.diff(urn, id, outputs, withProvider(read.inputs!))).changes).toBe(
      "none",
    );
  });

  test("an update is one GET and one PATCH of only what changed, each replace guarded by a test", async () => {
    expect(await suite.host.diff(urn, id, outputs, withProvider(kind.change.inputs))).toMatchObject(
      { changes: "some", replaces: [] },
    );
    suite.emulator.clearRequests();
    const updated = await suite.host.update(urn, id, outputs, withProvider(kind.change.inputs));
    expect(wire()).toEqual([`GET ${kind.path}/${id} 200`, `PATCH ${kind.path}/${id} 200`]);
    const sent = suite.emulator.requests()[1]!.body as Array<{ op: string; path: string }>;
    expect(sent.filter((op) => op.op !== "test").map(({ op, path }) => ({ op, path }))).toEqual(
      kind.change.ops,
    );
    expect(sent.filter((op) => op.op === "test").map((op) => op.path)).toEqual(
      kind.change.ops.map((op) => op.path),
    );
    outputs = updated.properties;
    suite.emulator.clearRequests();
    expect(
      (await suite.host.diff(urn, id, outputs, withProvider(kind.change.inputs))).changes,
    ).toBe("none");
    const read = await suite.host.read(urn, id, outputs);
    expect(
      (await suite.host.diff(urn, id, read.properties, withProvider(kind.change.inputs))).changes,
    ).toBe("none");
    expect(wire()).toEqual([`GET ${kind.path}/${id} 200`]);
  });

  test("an edit made out of band shows in read and in the next diff, and an update heals it", async () => {
    const edited = await fetch(`${suite.emulator.url}${kind.path}/${id}`, {
      method: "PATCH",
      headers: { "x-api-key": suite.emulator.apiKey, "content-type": "application/json" },
      body: JSON.stringify(kind.outOfBand.ops),
    });
    expect(edited.status).toBe(200);
    const read = await suite.host.read(urn, id, outputs);
    expect(read.properties[kind.outOfBand.property]).not.toEqual(outputs[kind.outOfBand.property]);
    expect(
      (await suite.host.diff(urn, id, read.properties, withProvider(kind.change.inputs))).changes,
    ).toBe("some");
    suite.emulator.clearRequests();
    const healed = await suite.host.update(
      urn,
      id,
      read.properties,
      withProvider(kind.change.inputs),
    );
    expect(wire()).toEqual([`GET ${kind.path}/${id} 200`, `PATCH ${kind.path}/${id} 200`]);
    expect(healed.properties[kind.outOfBand.property]).toEqual(outputs[kind.outOfBand.property]);
    outputs = healed.properties;
  });

  test("delete is one DELETE; deleting again counts as done; refresh then drops it", async () => {
    suite.emulator.clearRequests();
    await suite.host.delete(urn, id, outputs);
    expect(wire()).toEqual([`DELETE ${kind.path}/${id} 204`]);
    await suite.host.delete(urn, id, outputs);
    expect(wire()[1]).toMatch(new RegExp(`^DELETE ${kind.path}/${id} (400|404)$`));
    expect((await suite.host.read(urn, id, outputs)).id).toBe("");
  });

  test("a POST whose answer is lost: the lookup finds the object, and create reads it back (no answer of ours)", async () => {
    suite.emulator.addFault({ method: "POST", path: kind.path, kind: "reset-after", times: 1 });
    suite.emulator.clearRequests();
    const lostUrn = urnOf(type, `lost-${kind.name}`);
    const found = await suite.host.create(lostUrn, withProvider(kind.inputs));
    const calls = wire();
    expect(calls.filter((c) => c.startsWith("POST "))).toEqual([`POST ${kind.path} 0`]);
    expect(calls.at(-1)).toBe(`GET ${kind.path}/${found.id} 200`);
    expect(found.properties[kind.idOutput]).toBe(found.id);
    expect(found.properties.updatedAt).toEqual(expect.any(String));
    await suite.host.delete(lostUrn, found.id, found.properties);
  });
});

describe("what the API writes into personas", () => {
  const personaUrn = urnOf(TYPES.persona, "voiced");
  const dictionaryUrn = urnOf(TYPES.pronunciationDictionary, "brand");

  test("a dictionary's write-back into the persona's voice settings is never drift", async () => {
    const dictionary = await suite.host.create(dictionaryUrn, {
      name: "Brand",
      rules: [{ text: "Tavus", pronunciation: "TAH-vus", type: "alias" }],
      __provider: suite.providers[TYPES.pronunciationDictionary]!,
    });
    for (const ttsEngine of ["cartesia", "elevenlabs"]) {
      const inputs = {
        systemPrompt: "Say Tavus right.",
        layers: {
          tts: {
            ttsEngine,
            voiceSettings: { stability: 0.5 },
            pronunciationDictionaryId: dictionary.id,
          },
        },
        __provider: suite.providers[TYPES.persona]!,
      };
      const persona = await suite.host.create(personaUrn, inputs);
      const live = suite.emulator.state().personas.find((p) => p.persona_id === persona.id)!;
      const written = Object.keys((live.layers?.tts?.voice_settings ?? {}) as object);
      expect(written).toEqual(
        expect.arrayContaining([
          "stability",
          ttsEngine === "cartesia" ? "pronunciation_dict_id" : "pronunciation_dictionary_locators",
        ]),
      );
      const read = await suite.host.read(personaUrn, persona.id, persona.properties);
      expect(read.properties.layers).toEqual(inputs.layers);
      expect((await suite.host.diff(personaUrn, persona.id, read.properties, inputs)).changes).toBe(
        "none",
      );
      // An update of another field leaves the written fields alone.
      suite.emulator.clearRequests();
      await suite.host.update(personaUrn, persona.id, read.properties, {
        ...inputs,
        systemPrompt: "Say it right.",
      });
      const patch = suite.emulator.requests().find((r) => r.method === "PATCH")!.body as Array<{
        path: string;
      }>;
      expect(patch.map((op) => op.path)).toEqual(["/system_prompt", "/system_prompt"]);
      await suite.host.delete(personaUrn, persona.id, persona.properties);
    }
  });

  test("deleting a guardrail set out of band strips it from the persona: refresh reports it, update puts it back", async () => {
    const setUrn = urnOf(TYPES.guardrailSet, "rules");
    const set = await suite.host.create(setUrn, {
      name: "Rules",
      data: [{ guardrailName: "no_pricing", guardrailPrompt: "Never quote prices." }],
      __provider: suite.providers[TYPES.guardrailSet]!,
    });
    const inputs = {
      systemPrompt: "Sell nothing.",
      guardrailsId: set.id,
      __provider: suite.providers[TYPES.persona]!,
    };
    const persona = await suite.host.create(personaUrn, inputs);
    const recreated = await suite.host.create(setUrn, {
      name: "Rules",
      data: [{ guardrailName: "no_pricing", guardrailPrompt: "Never quote prices." }],
      __provider: suite.providers[TYPES.guardrailSet]!,
    });
    await suite.host.delete(setUrn, set.id, set.properties);
    const read = await suite.host.read(personaUrn, persona.id, persona.properties);
    expect(read.properties.guardrailsId).toBeUndefined();
    const healedInputs = { ...inputs, guardrailsId: recreated.id };
    expect(
      (await suite.host.diff(personaUrn, persona.id, read.properties, healedInputs)).changes,
    ).toBe("some");
    const healed = await suite.host.update(personaUrn, persona.id, read.properties, healedInputs);
    expect(healed.properties.guardrailsId).toBe(recreated.id);
  });
});

describe("adoptId on every kind: take an existing object over without a POST", () => {
  /** Creates an object as a person would in the dashboard; resolves to its id. */
  async function byHand(path: string, body: unknown, idField: string): Promise<string> {
    const res = await fetch(`${suite.emulator.url}${path}`, {
      method: "POST",
      headers: { "x-api-key": suite.emulator.apiKey, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return ((await res.json()) as Record<string, string>)[idField]!;
  }

  const cases: Array<{
    name: keyof typeof TYPES;
    path: string;
    idField: string;
    wireBody: unknown;
    inputs: Props;
    changed: Props;
  }> = [
    {
      name: "objectives",
      path: "/v2/objectives",
      idField: "objectives_id",
      wireBody: { data: [{ objective_name: "greet", objective_prompt: "Greet." }] },
      inputs: { data: [{ objectiveName: "greet", objectivePrompt: "Greet." }] },
      changed: { data: [{ objectiveName: "greet", objectivePrompt: "Greet warmly." }] },
    },
    {
      name: "guardrail",
      path: "/v2/guardrails",
      idField: "uuid",
      wireBody: { guardrail_name: "no_advice", guardrail_prompt: "No advice." },
      inputs: { guardrailName: "no_advice", guardrailPrompt: "No advice." },
      changed: { guardrailName: "no_advice", guardrailPrompt: "No advice at all." },
    },
    {
      name: "guardrailSet",
      path: "/v2/guardrails",
      idField: "guardrails_id",
      wireBody: { name: "Set", data: [{ guardrail_name: "g", guardrail_prompt: "p" }] },
      inputs: { name: "Set", data: [{ guardrailName: "g", guardrailPrompt: "p" }] },
      changed: { name: "Set v2", data: [{ guardrailName: "g", guardrailPrompt: "p" }] },
    },
    {
      name: "pronunciationDictionary",
      path: "/v2/pronunciation-dictionaries",
      idField: "pronunciation_dictionary_id",
      wireBody: {
        name: "Brand",
        rules: [{ text: "Tavus", pronunciation: "TAH-vus", type: "alias" }],
      },
      inputs: {
        name: "Brand",
        rules: [{ text: "Tavus", pronunciation: "TAH-vus", type: "alias" }],
      },
      changed: {
        name: "Brand v2",
        rules: [{ text: "Tavus", pronunciation: "TAH-vus", type: "alias" }],
      },
    },
    {
      name: "document",
      path: "/v2/documents",
      idField: "document_id",
      wireBody: { document_url: "https://example.com/faq.pdf", document_name: "FAQ" },
      inputs: { documentUrl: "https://example.com/faq.pdf", documentName: "FAQ" },
      changed: { documentUrl: "https://example.com/faq.pdf", documentName: "FAQ v2" },
    },
  ];

  test.each(cases)(
    "$name: one GET when it matches, one GET and one PATCH when it differs, never a POST",
    async (kind) => {
      const type = TYPES[kind.name];
      const urn = urnOf(type, `adopted-${kind.name}`);
      const id = await byHand(kind.path, kind.wireBody, kind.idField);
      suite.emulator.clearRequests();
      const same = await suite.host.create(urn, {
        ...kind.inputs,
        adoptId: id,
        __provider: suite.providers[type]!,
      });
      expect(same.id).toBe(id);
      expect(wire()).toEqual([`GET ${kind.path}/${id} 200`]);
      suite.emulator.clearRequests();
      await suite.host.create(urn, {
        ...kind.changed,
        adoptId: id,
        __provider: suite.providers[type]!,
      });
      expect(wire()).toEqual([`GET ${kind.path}/${id} 200`, `PATCH ${kind.path}/${id} 200`]);
      const another = await suite.host.diff(urn, id, same.properties, {
        ...kind.inputs,
        adoptId: "o0000000000a",
        __provider: suite.providers[type]!,
      });
      expect(another).toMatchObject({ changes: "some", replaces: ["adoptId"] });
    },
  );

  test("replica: adopting a trained replica needs no training URL, and renames only when asked", async () => {
    const urn = urnOf(TYPES.replica, "adopted-face");
    suite.emulator.clearRequests();
    const { failures } = await suite.host.check(
      urn,
      {},
      { adoptId: "r4067604db72", __provider: suite.providers[TYPES.replica]! },
    );
    expect(failures).toEqual([]);
    const id = await byHand(
      "/v2/replicas",
      { train_video_url: "https://example.com/t.mp4", replica_name: "Face" },
      "replica_id",
    );
    suite.emulator.clearRequests();
    const adopted = await suite.host.create(urn, {
      adoptId: id,
      replicaName: "Face",
      __provider: suite.providers[TYPES.replica]!,
    });
    expect(adopted.properties).toMatchObject({ replicaId: id, replicaName: "Face" });
    expect(wire()).toEqual([`GET /v2/replicas/${id} 200`]);
  });
});
