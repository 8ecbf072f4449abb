/**
 * What one kind does to another on the server: a persona points at guardrail
 * sets (`guardrails_id`) and at a pronunciation dictionary
 * (`layers.tts.pronunciation_dictionary_id`), and Tavus keeps those links
 * tidy itself (docs/tavus-api/guardrails.md#legacy-sets,
 * docs/tavus-api/pronunciation-dictionaries.md#persona-write-back):
 * - deleting a guardrail set strips it from every persona that references it;
 * - saving a persona that references a dictionary writes the provider-side
 *   dictionary into its `layers.tts.voice_settings` (Cartesia:
 *   `pronunciation_dict_id`; ElevenLabs: `pronunciation_dictionary_locators`);
 * - updating a dictionary updates those personas, deleting one removes it.
 * These are server write-backs the client did not make, which is exactly what
 * the provider must learn not to report as drift.
 */
import type { ElevenLabsPronunciationLocatorWire, PersonaWire } from "../provider/wire";
import { nowTimestamp } from "./ids";
import { deepEqual } from "./jsonPatch";
import type { PronunciationDictionaryRecord, Store } from "./store";
import { isRecord } from "./validate";

/** The `voice_settings` members the dictionary write-back owns. */
export const WRITE_BACK_FIELDS = {
  cartesia: "pronunciation_dict_id",
  elevenlabs: "pronunciation_dictionary_locators",
} as const;

/** The locators an ElevenLabs persona gets for `dictionary`. */
export function elevenLabsLocators(
  dictionary: PronunciationDictionaryRecord,
): ElevenLabsPronunciationLocatorWire[] {
  return [
    {
      pronunciation_dictionary_id: dictionary.provider.elevenlabs_dictionary_id,
      version_id: dictionary.provider.elevenlabs_version_id,
    },
  ];
}

/**
 * The persona as the server saves it: the written-back dictionary fields set
 * for the dictionary and engine it names now, and removed where they came from
 * a dictionary it no longer uses (or an engine it no longer has).
 * @param store For the dictionaries.
 * @param persona The persona about to be saved; not mutated.
 * @param gone A dictionary being deleted, whose written fields must go too.
 * @returns a copy, equal to `persona` when nothing needs writing.
 */
export function reconcilePronunciation(
  store: Store,
  persona: PersonaWire,
  gone?: PronunciationDictionaryRecord,
): PersonaWire {
  const copy = structuredClone(persona);
  const tts = copy.layers?.tts as Record<string, unknown> | undefined;
  if (!isRecord(tts)) return copy;
  const known = [
    ...store.pronunciationDictionaries.values(),
    ...(gone === undefined ? [] : [gone]),
  ];
  const id = tts["pronunciation_dictionary_id"];
  const wanted =
    typeof id === "string" && id !== "" ? store.pronunciationDictionaries.get(id) : undefined;
  const engine = tts["tts_engine"];

  const settings = isRecord(tts["voice_settings"]) ? tts["voice_settings"] : undefined;
  if (settings !== undefined) {
    // Only values some dictionary wrote are removed: a provider dictionary the
    // user put in voice_settings themselves (custodial key) is theirs.
    const cartesia = settings[WRITE_BACK_FIELDS.cartesia];
    if (typeof cartesia === "string" && known.some((d) => d.provider.cartesia_dict_id === cartesia))
      delete settings[WRITE_BACK_FIELDS.cartesia];
    const locators = settings[WRITE_BACK_FIELDS.elevenlabs];
    if (
      Array.isArray(locators) &&
      locators.length > 0 &&
      locators.every(
        (l) =>
          isRecord(l) &&
          known.some(
            (d) => d.provider.elevenlabs_dictionary_id === l["pronunciation_dictionary_id"],
          ),
      )
    ) {
      delete settings[WRITE_BACK_FIELDS.elevenlabs];
    }
    // An object the write-back created and then emptied goes with it.
    if (Object.keys(settings).length === 0) delete tts["voice_settings"];
  }

  if (wanted !== undefined && (engine === "cartesia" || engine === "elevenlabs")) {
    const target = isRecord(tts["voice_settings"]) ? tts["voice_settings"] : {};
    if (engine === "cartesia")
      target[WRITE_BACK_FIELDS.cartesia] = wanted.provider.cartesia_dict_id;
    else target[WRITE_BACK_FIELDS.elevenlabs] = elevenLabsLocators(wanted);
    tts["voice_settings"] = target;
  }
  return copy;
}

/**
 * Re-saves every persona whose stored document changes under `change`,
 * bumping its `updated_at`. Callers commit the store.
 * @returns how many personas changed.
 */
export function rewritePersonas(
  store: Store,
  change: (persona: PersonaWire) => PersonaWire,
): number {
  let changed = 0;
  for (const [id, persona] of store.personas) {
    const next = change(persona);
    if (deepEqual(next, persona)) continue;
    store.personas.set(id, { ...next, updated_at: nowTimestamp() });
    changed++;
  }
  return changed;
}

/** After a dictionary's rules changed: the personas using it get the new provider data. */
export function refreshDictionaryUsers(store: Store): number {
  return rewritePersonas(store, (persona) => reconcilePronunciation(store, persona));
}

/**
 * A dictionary was deleted: it is removed from every persona that named it,
 * with the fields it wrote. Call after removing it from the store.
 */
export function stripDictionary(store: Store, gone: PronunciationDictionaryRecord): number {
  return rewritePersonas(store, (persona) => {
    const copy = structuredClone(persona);
    const tts = copy.layers?.tts;
    if (tts?.pronunciation_dictionary_id === gone.pronunciation_dictionary_id)
      delete tts.pronunciation_dictionary_id;
    return reconcilePronunciation(store, copy, gone);
  });
}

/** A guardrail set was deleted: personas that referenced it by `guardrails_id` lose the reference. */
export function stripGuardrailSet(store: Store, setId: string): number {
  return rewritePersonas(store, (persona) => {
    if (persona.guardrails_id !== setId) return persona;
    const { guardrails_id: _dropped, ...rest } = persona;
    return rest as PersonaWire;
  });
}
