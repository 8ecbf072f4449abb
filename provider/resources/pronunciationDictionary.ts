/**
 * PronunciationDictionary: how the voice says particular words (`name`, `rules`:
 * `text`, `pronunciation`, `type` alias|ipa, `caseSensitive`, `wordBoundaries`). A
 * persona points at one by id (`layers.tts.pronunciationDictionaryId`); a TypeScript
 * program may pass the resource instead (`pronunciationDictionary: <PronunciationDictionary>`).
 * Fields and their rules: ../definitions/pronunciationDictionary.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  pronunciationDictionaryDefinition,
  type PronunciationDictionaryInputs,
  type PronunciationDictionaryOutputs,
} from "../definitions/pronunciationDictionary";
import type { ArgsOf, OutputPropertiesOf } from "../definitions/table";
import * as PronunciationDictionaryProvider from "./pronunciationDictionaryProvider";
import { providerModule, TavusResource } from "./tavusResource";

/** The inputs of a {@link PronunciationDictionary}: the API's fields in camelCase. */
export type PronunciationDictionaryArgs = ArgsOf<PronunciationDictionaryInputs>;

/** The output properties, typed from the definition (declaration merging with the class). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface PronunciationDictionary extends OutputPropertiesOf<PronunciationDictionaryOutputs> {}

/** A Tavus PronunciationDictionary. Type token `pulumi-nodejs:dynamic/tavus:PronunciationDictionary`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class PronunciationDictionary extends TavusResource {
  constructor(
    name: string,
    args: PronunciationDictionaryArgs,
    opts: pulumi.CustomResourceOptions = {},
  ) {
    const provider = providerModule<PronunciationDictionaryInputs, PronunciationDictionaryOutputs>(
      PronunciationDictionaryProvider,
    );
    super(pronunciationDictionaryDefinition, provider, name, args, opts);
  }
}
