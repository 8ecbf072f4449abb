/**
 * PronunciationDictionaryProvider: the CRUD of {@link PronunciationDictionary},
 * as a module (see personaProvider.ts for why a module). Everything comes from
 * the definition and the shared JSON Patch kind; its own: two rules may not
 * share a text, checked before any call.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  pronunciationDictionaryDefinition,
  type PronunciationDictionaryInputs,
  type PronunciationDictionaryOutputs,
} from "../definitions/pronunciationDictionary";
import { jsonPatchProvider } from "./jsonPatchKind";

export type {
  PronunciationDictionaryInputs,
  PronunciationDictionaryOutputs,
} from "../definitions/pronunciationDictionary";

function uniqueTexts(news: PronunciationDictionaryInputs): pulumi.dynamic.CheckFailure[] {
  if (!Array.isArray(news.rules)) return [];
  const texts = news.rules.map((rule) => rule?.text);
  return texts.flatMap((text, i) =>
    typeof text === "string" && texts.indexOf(text) !== i
      ? [
          {
            property: `rules[${i}].text`,
            reason: `"${text}" already has a rule (rules[${texts.indexOf(text)}]): merge the two, one rule a text`,
          },
        ]
      : [],
  );
}

const provider = jsonPatchProvider<PronunciationDictionaryInputs, PronunciationDictionaryOutputs>(
  pronunciationDictionaryDefinition,
  (client) => client.pronunciationDictionaries as never,
  uniqueTexts,
);
/** The provider functions, from the definition (see jsonPatchKind.ts). */
export const { configure, check, diff, create, read, update } = provider;
const delete_ = provider.delete;
/** DELETE, as the engine calls it (`delete` is a reserved word for a function name). */
export { delete_ as delete };
