/** /v2/pronunciation-dictionaries and the persona write-back, against docs/tavus-api/pronunciation-dictionaries.md. */
import { call, useEmulator, type ApiResponse } from "./helpers";

const emulator = useEmulator();

/** The Create Pronunciation Dictionary example request. */
const brandTerms = {
  name: "Brand Terms",
  rules: [{ text: "Tavus", pronunciation: "TAH-vus", type: "alias" }],
};
/** The same rule as the example answer shows it, defaults filled in. */
const tavusRule = {
  text: "Tavus",
  pronunciation: "TAH-vus",
  type: "alias",
  case_sensitive: false,
  word_boundaries: true,
};

async function createDictionary(body: object = brandTerms): Promise<string> {
  const created = await call(emulator(), "POST", "/v2/pronunciation-dictionaries", { body });
  expect(created.status).toBe(200);
  return created.json.pronunciation_dictionary_id as string;
}

async function createPersona(tts: object): Promise<string> {
  const created = await call(emulator(), "POST", "/v2/personas", {
    body: { system_prompt: "x", layers: { tts } },
  });
  expect(created.status).toBe(200);
  return created.json.persona_id as string;
}

async function persona(id: string): Promise<ApiResponse["json"]> {
  return (await call(emulator(), "GET", `/v2/personas/${id}`)).json;
}

describe("POST /v2/pronunciation-dictionaries", () => {
  test("answers the dictionary: pd_ id, name, rules with the documented defaults, rules_count, timestamps", async () => {
    const created = await call(emulator(), "POST", "/v2/pronunciation-dictionaries", {
      body: brandTerms,
    });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      pronunciation_dictionary_id: expect.stringMatching(/^pd_[0-9a-f]{14}$/),
      name: "Brand Terms",
      rules: [tavusRule],
      rules_count: 1,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(
      (
        await call(
          emulator(),
          "GET",
          `/v2/pronunciation-dictionaries/${created.json.pronunciation_dictionary_id}`,
        )
      ).json,
    ).toEqual(created.json);
  });

  test("keeps IPA rules raw or pipe-delimited and explicit options", async () => {
    const rules = [
      {
        text: "bayou",
        pronunciation: "ˈ|b|ɑ|j|u",
        type: "ipa",
        case_sensitive: true,
        word_boundaries: false,
      },
      {
        text: "hello",
        pronunciation: "hɛloʊ",
        type: "ipa",
        case_sensitive: false,
        word_boundaries: true,
      },
    ];
    const id = await createDictionary({ name: "IPA", rules });
    expect(
      (await call(emulator(), "GET", `/v2/pronunciation-dictionaries/${id}`)).json.rules,
    ).toEqual(rules);
  });

  test.each([
    [
      "a duplicate text",
      {
        name: "d",
        rules: [brandTerms.rules[0], { text: "Tavus", pronunciation: "TAY-vus", type: "alias" }],
      },
      'rules[1].text "Tavus" is a duplicate; each text may appear once',
    ],
    [
      "a type outside alias|ipa",
      { name: "d", rules: [{ ...brandTerms.rules[0], type: "sounds_like" }] },
      "rules[0].type must be one of: alias, ipa",
    ],
    [
      "rules that are not a list",
      { name: "d", rules: { Tavus: "TAH-vus" } },
      "rules must be an array of rules",
    ],
    [
      "a rule without pronunciation",
      { name: "d", rules: [{ text: "Tavus", type: "alias" }] },
      "rules[0].pronunciation is required",
    ],
    [
      "a name of 256 characters",
      { name: "n".repeat(256), rules: [] },
      "name must be a non-empty string of at most 255 characters",
    ],
    [
      "an unknown field",
      { ...brandTerms, language: "en" },
      'Unknown field "language"; allowed fields are: name, rules',
    ],
  ])("rejects %s with 400 naming it", async (_name, body, error) => {
    const created = await call(emulator(), "POST", "/v2/pronunciation-dictionaries", { body });
    expect(created.status).toBe(400);
    expect(created.json).toEqual({ error });
  });
});

describe("GET /v2/pronunciation-dictionaries", () => {
  test("lists newest first in {data, total_count}; unknown ids are 404", async () => {
    const first = await createDictionary();
    const second = await createDictionary({ name: "Second" });
    const list = await call(emulator(), "GET", "/v2/pronunciation-dictionaries?limit=1");
    expect(list.json).toEqual({
      data: [
        expect.objectContaining({ pronunciation_dictionary_id: second, rules: [], rules_count: 0 }),
      ],
      total_count: 2,
    });
    expect(list.json.data[0].provider).toBeUndefined();
    expect(
      (await call(emulator(), "GET", "/v2/pronunciation-dictionaries?page=2&limit=1")).json.data[0]
        .pronunciation_dictionary_id,
    ).toBe(first);
    const missing = await call(
      emulator(),
      "GET",
      "/v2/pronunciation-dictionaries/pd_00000000000000",
    );
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: "Pronunciation dictionary not found" });
  });
});

describe("PATCH /v2/pronunciation-dictionaries/{id}", () => {
  test("replaces /name and /rules (as a whole) and answers 200 with the dictionary", async () => {
    const id = await createDictionary();
    const before = (await call(emulator(), "GET", `/v2/pronunciation-dictionaries/${id}`)).json;
    const rules = [
      brandTerms.rules[0],
      { text: "UN", pronunciation: "United Nations", type: "alias", case_sensitive: true },
    ];
    const patched = await call(emulator(), "PATCH", `/v2/pronunciation-dictionaries/${id}`, {
      body: [
        { op: "replace", path: "/name", value: "Updated Brand Terms" },
        { op: "replace", path: "/rules", value: rules },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toEqual({
      ...before,
      name: "Updated Brand Terms",
      rules: [
        tavusRule,
        {
          text: "UN",
          pronunciation: "United Nations",
          type: "alias",
          case_sensitive: true,
          word_boundaries: true,
        },
      ],
      rules_count: 2,
      updated_at: expect.any(String),
    });
    expect(patched.json.updated_at > before.updated_at).toBe(true);
  });

  test.each([
    ["an empty patch", []],
    ["the same name", [{ op: "replace", path: "/name", value: "Brand Terms" }]],
    [
      "the same rules written with their defaults",
      [{ op: "replace", path: "/rules", value: [tavusRule] }],
    ],
    [
      "only read-only paths, which are silently ignored",
      [
        { op: "replace", path: "/created_at", value: "2020-01-01T00:00:00Z" },
        { op: "replace", path: "/rules_count", value: 9 },
      ],
    ],
  ])("answers 304 with no body on %s", async (_name, body) => {
    const id = await createDictionary();
    const before = (await call(emulator(), "GET", `/v2/pronunciation-dictionaries/${id}`)).json;
    const patched = await call(emulator(), "PATCH", `/v2/pronunciation-dictionaries/${id}`, {
      body,
    });
    expect(patched.status).toBe(304);
    expect(patched.text).toBe("");
    expect((await call(emulator(), "GET", `/v2/pronunciation-dictionaries/${id}`)).json).toEqual(
      before,
    );
  });

  test("ignores a read-only path beside a real change", async () => {
    const id = await createDictionary();
    const patched = await call(emulator(), "PATCH", `/v2/pronunciation-dictionaries/${id}`, {
      body: [
        { op: "replace", path: "/pronunciation_dictionary_id", value: "pd_other" },
        { op: "replace", path: "/name", value: "Renamed" },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toEqual(
      expect.objectContaining({ pronunciation_dictionary_id: id, name: "Renamed" }),
    );
  });

  test.each([
    [
      "a path inside one rule",
      [{ op: "replace", path: "/rules/0/pronunciation", value: "TAY-vus" }],
      expect.stringContaining("Invalid patch operation"),
    ],
    [
      "a path outside name and rules",
      [{ op: "add", path: "/language", value: "en" }],
      expect.stringContaining("Invalid patch operation"),
    ],
    [
      "a failed test",
      [{ op: "test", path: "/rules/0/text", value: "Other" }],
      "Invalid patch operation",
    ],
    [
      "rules with a duplicate text",
      [{ op: "replace", path: "/rules", value: [tavusRule, tavusRule] }],
      'rules[1].text "Tavus" is a duplicate; each text may appear once',
    ],
  ])("answers 400 on %s", async (_name, body, error) => {
    const id = await createDictionary();
    const patched = await call(emulator(), "PATCH", `/v2/pronunciation-dictionaries/${id}`, {
      body,
    });
    expect(patched.status).toBe(400);
    expect(patched.json).toEqual({ error });
  });
});

describe("write-back into personas", () => {
  test("a cartesia persona saved with the dictionary gets voice_settings.pronunciation_dict_id", async () => {
    const dictionary = await createDictionary();
    const id = await createPersona({
      tts_engine: "cartesia",
      pronunciation_dictionary_id: dictionary,
    });
    const tts = (await persona(id)).layers.tts;
    expect(tts).toEqual({
      tts_engine: "cartesia",
      pronunciation_dictionary_id: dictionary,
      voice_settings: { pronunciation_dict_id: expect.stringMatching(/^emulator-cartesia-/) },
    });
  });

  test("an elevenlabs persona gets pronunciation_dictionary_locators [{pronunciation_dictionary_id, version_id}], beside its own voice_settings", async () => {
    const dictionary = await createDictionary();
    const id = await createPersona({
      tts_engine: "elevenlabs",
      pronunciation_dictionary_id: dictionary,
      voice_settings: { stability: 0.5 },
    });
    expect((await persona(id)).layers.tts.voice_settings).toEqual({
      stability: 0.5,
      pronunciation_dictionary_locators: [
        {
          pronunciation_dictionary_id: expect.stringMatching(/^emulator-elevenlabs-/),
          version_id: expect.any(String),
        },
      ],
    });
  });

  test("a PATCH that adds the dictionary to an existing persona writes back too; one that removes the written field is 304", async () => {
    const dictionary = await createDictionary();
    const id = await createPersona({ tts_engine: "cartesia" });
    const patched = await call(emulator(), "PATCH", `/v2/personas/${id}`, {
      body: [{ op: "add", path: "/layers/tts/pronunciation_dictionary_id", value: dictionary }],
    });
    expect(patched.status).toBe(200);
    expect(patched.json.layers.tts.voice_settings.pronunciation_dict_id).toEqual(
      expect.stringMatching(/^emulator-cartesia-/),
    );
    const undo = await call(emulator(), "PATCH", `/v2/personas/${id}`, {
      body: [{ op: "remove", path: "/layers/tts/voice_settings/pronunciation_dict_id" }],
    });
    expect(undo.status).toBe(304);
  });

  test('setting pronunciation_dictionary_id to "" removes the dictionary and what it wrote', async () => {
    const dictionary = await createDictionary();
    const id = await createPersona({
      tts_engine: "cartesia",
      pronunciation_dictionary_id: dictionary,
      voice_settings: { speed: "fast" },
    });
    await call(emulator(), "PATCH", `/v2/personas/${id}`, {
      body: [{ op: "replace", path: "/layers/tts/pronunciation_dictionary_id", value: "" }],
    });
    expect((await persona(id)).layers.tts).toEqual({
      tts_engine: "cartesia",
      pronunciation_dictionary_id: "",
      voice_settings: { speed: "fast" },
    });
  });

  test("other engines, unknown dictionary ids and a user's own provider dictionary are left alone", async () => {
    const dictionary = await createDictionary();
    const playht = await createPersona({
      tts_engine: "playht",
      pronunciation_dictionary_id: dictionary,
    });
    expect((await persona(playht)).layers.tts.voice_settings).toBeUndefined();
    const unknown = await createPersona({
      tts_engine: "cartesia",
      pronunciation_dictionary_id: "pd_00000000000000",
    });
    expect((await persona(unknown)).layers.tts.voice_settings).toBeUndefined();
    const custodial = await createPersona({
      tts_engine: "cartesia",
      voice_settings: { pronunciation_dict_id: "my-own-cartesia-dict" },
    });
    expect((await persona(custodial)).layers.tts.voice_settings).toEqual({
      pronunciation_dict_id: "my-own-cartesia-dict",
    });
  });

  test("updating the rules updates the personas using the dictionary (a new ElevenLabs version), renaming does not", async () => {
    const dictionary = await createDictionary();
    const eleven = await createPersona({
      tts_engine: "elevenlabs",
      pronunciation_dictionary_id: dictionary,
    });
    const cartesia = await createPersona({
      tts_engine: "cartesia",
      pronunciation_dictionary_id: dictionary,
    });
    const before = await persona(eleven);
    const cartesiaBefore = await persona(cartesia);

    await call(emulator(), "PATCH", `/v2/pronunciation-dictionaries/${dictionary}`, {
      body: [{ op: "replace", path: "/name", value: "Renamed" }],
    });
    expect(await persona(eleven)).toEqual(before);

    await call(emulator(), "PATCH", `/v2/pronunciation-dictionaries/${dictionary}`, {
      body: [{ op: "replace", path: "/rules", value: [] }],
    });
    const after = await persona(eleven);
    const [oldLocator] = before.layers.tts.voice_settings.pronunciation_dictionary_locators;
    const [newLocator] = after.layers.tts.voice_settings.pronunciation_dictionary_locators;
    expect(newLocator.pronunciation_dictionary_id).toBe(oldLocator.pronunciation_dictionary_id);
    expect(newLocator.version_id).not.toBe(oldLocator.version_id);
    expect(after.updated_at > before.updated_at).toBe(true);
    // The Cartesia copy keeps its id, so that persona's document is unchanged.
    expect(await persona(cartesia)).toEqual(cartesiaBefore);
  });

  test("DELETE answers 204 and removes the dictionary and its written fields from every persona", async () => {
    const dictionary = await createDictionary();
    const other = await createDictionary({ name: "Other" });
    const cartesia = await createPersona({
      tts_engine: "cartesia",
      pronunciation_dictionary_id: dictionary,
    });
    const eleven = await createPersona({
      tts_engine: "elevenlabs",
      pronunciation_dictionary_id: dictionary,
      voice_settings: { stability: 0.3 },
    });
    const untouched = await createPersona({
      tts_engine: "cartesia",
      pronunciation_dictionary_id: other,
    });
    const untouchedBefore = await persona(untouched);

    const deleted = await call(
      emulator(),
      "DELETE",
      `/v2/pronunciation-dictionaries/${dictionary}`,
    );
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expect(
      (await call(emulator(), "GET", `/v2/pronunciation-dictionaries/${dictionary}`)).status,
    ).toBe(404);
    expect((await persona(cartesia)).layers.tts).toEqual({ tts_engine: "cartesia" });
    expect((await persona(eleven)).layers.tts).toEqual({
      tts_engine: "elevenlabs",
      voice_settings: { stability: 0.3 },
    });
    expect(await persona(untouched)).toEqual(untouchedBefore);
    expect(
      (await call(emulator(), "DELETE", `/v2/pronunciation-dictionaries/${dictionary}`)).status,
    ).toBe(404);
  });

  test("dictionaries are in GET /__emulator/state with their provider ids", async () => {
    const dictionary = await createDictionary();
    const state = (await call(emulator(), "GET", "/__emulator/state")).json;
    expect(state.pronunciationDictionaries).toEqual([
      expect.objectContaining({
        pronunciation_dictionary_id: dictionary,
        provider: expect.any(Object),
      }),
    ]);
  });
});
