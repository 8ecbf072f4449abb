/**
 * The PronunciationDictionary definition: how the voice says particular words
 * (docs/tavus-api/pronunciation-dictionaries.md), and its table.
 */
import { GROUP_LIMITS, PRONUNCIATION_RULE_TYPES } from "../apiValues";
import { stringField } from "./common";
import { defineResource, type InputsOf, type OutputsOf } from "./table";

/** JSON Schema of POST /v2/pronunciation-dictionaries. */
export const pronunciationDictionarySchema = {
  $id: "tavus:pronunciation-dictionary",
  type: "object",
  additionalProperties: false,
  required: ["name"],
  properties: {
    name: {
      type: "string",
      minLength: 1,
      maxLength: GROUP_LIMITS.pronunciationDictionaryNameLength,
    },
    rules: {
      type: "array",
      "x-hint": 'a list of rules such as {text: "Tavus", pronunciation: "TAH-vus", type: "alias"}',
      items: {
        type: "object",
        additionalProperties: false,
        required: ["text", "pronunciation", "type"],
        properties: {
          text: { type: "string", minLength: 1 },
          pronunciation: { type: "string", minLength: 1 },
          type: { enum: PRONUNCIATION_RULE_TYPES },
          case_sensitive: { type: "boolean", default: false },
          // Applied by ElevenLabs only.
          word_boundaries: { type: "boolean", default: true },
        },
      },
    },
  },
} as const;

/** The PronunciationDictionary definition: schema and table. */
export const pronunciationDictionaryDefinition = defineResource({
  schema: pronunciationDictionarySchema,
  kind: "pronunciation dictionary",
  typeName: "PronunciationDictionary",
  idField: "pronunciation_dictionary_id",
  // POST answers the dictionary (docs/tavus-api/pronunciation-dictionaries.md#create).
  createAnswer: "whole",
  // PATCH takes /name and /rules (the rules replaced whole): both change in place.
  replaceOnChanges: [],
  readBack: "all",
  patchConflictStatus: 400,
  options: { adopt_id: "string" },
  collection: "pronunciationDictionaries",
  listing: {},
  nameOf: stringField("name"),
  folder: { name: "dictionaries", sampleId: "pd0000000000" },
  serverOutputs: { created_at: "string", updated_at: "string" },
  ignoredServerFields: { rules_count: "positiveNumber" },
});

/** Plain inputs of a PronunciationDictionary, as the engine passes them. */
export type PronunciationDictionaryInputs = InputsOf<typeof pronunciationDictionaryDefinition>;
/** A PronunciationDictionary's outputs in state. */
export type PronunciationDictionaryOutputs = OutputsOf<typeof pronunciationDictionaryDefinition>;
