/**
 * The emulator's in-memory store of personas, replicas, conversations,
 * objectives, guardrails (individual and legacy sets) and pronunciation
 * dictionaries, plus documents, tools and PAL-tool attachments (issue #12), with
 * optional persistence to one JSON file so that state survives a restart (the
 * CLI's `--data FILE`, used by the demo across `pulumi up` runs).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type {
  ConversationRecord,
  DeploymentRecord,
  DocumentRecord,
  GuardrailRecord,
  GuardrailSetRecord,
  MemoryStoreRecord,
  ObjectivesRecord,
  PalToolsRecord,
  PersonaRecord,
  PronunciationDictionaryRecord,
  ReplicaRecord,
  ToolRecord,
} from "./records";
import type { KindCollection } from "../provider/kinds";
import type { PalSkillWire } from "../provider/wire";
import { SEED_PERSONAS, SEED_REPLICAS } from "./seeds";
import { SEED_TOOLS } from "./toolSeeds";

export type * from "./records";

/** The record type of each collection; the names are the kinds list's (provider/kinds.ts). */
interface CollectionRecords {
  personas: PersonaRecord;
  replicas: ReplicaRecord;
  conversations: ConversationRecord;
  objectives: ObjectivesRecord;
  /** Individual guardrails by `uuid`, including the mirrors of legacy set items. */
  guardrails: GuardrailRecord;
  guardrailSets: GuardrailSetRecord;
  pronunciationDictionaries: PronunciationDictionaryRecord;
  documents: DocumentRecord;
  /** Tools by `tool_id`, soft-deleted ones and the system tools included. */
  tools: ToolRecord;
  memoryStores: MemoryStoreRecord;
  deployments: DeploymentRecord;
}

/**
 * The id field of each collection's records: one row per kind of the list,
 * which the compiler holds to the list (a kind without a collection, or a
 * collection of no kind, fails `tsc`). Only the names come from the provider:
 * the emulator's validation stays its own, or its bugs would mirror ours.
 */
const ID_FIELDS = {
  objectives: "objectives_id",
  guardrails: "uuid",
  guardrailSets: "guardrails_id",
  pronunciationDictionaries: "pronunciation_dictionary_id",
  documents: "document_id",
  tools: "tool_id",
  replicas: "replica_id",
  personas: "persona_id",
  memoryStores: "memory_store_id",
  conversations: "conversation_id",
  deployments: "deployment_id",
} as const satisfies { [K in KindCollection]: keyof CollectionRecords[K] & string };

/** The collections, in the kinds list's order. */
export const COLLECTIONS = Object.keys(ID_FIELDS) as KindCollection[];

type Collections = { readonly [K in KindCollection]: Map<string, CollectionRecords[K]> };

/** The whole store as plain JSON: the data file's format and `GET /__emulator/state`. */
export type StoreSnapshot = {
  version: 1;
  palTools: PalToolsRecord[];
  palSkills?: Array<{ pal_id: string; skills: Record<string, PalSkillWire> }>;
} & {
  [K in KindCollection]: CollectionRecords[K][];
};

/** Every kind of object by id, in creation order: one map per collection (`store.personas`, …). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Store extends Collections {}

/** Every kind of object by id, in creation order. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Store {
  /**
   * Attached tool ids by PAL (persona) id. Kept apart from the persona record
   * so GET persona is unchanged: the docs list a PAL's tools on their own route.
   */
  readonly palTools = new Map<string, string[]>();

  /** Attached skills by PAL id, then by skill id: listed on their own route, like tools. */
  readonly palSkills = new Map<string, Record<string, PalSkillWire>>();
  /** PALs with an open PAL Maker draft (docs/tavus-api/live-api.md#pal-maker-drafts); never persisted. */
  readonly makerDrafts = new Set<string>();

  /**
   * @param dataFile Where to persist; `undefined` keeps everything in memory.
   *   An existing file is loaded now (a corrupt one throws, rather than being
   *   silently replaced by an empty store).
   */
  constructor(private readonly dataFile?: string) {
    for (const name of COLLECTIONS)
      (this as unknown as Record<string, Map<string, unknown>>)[name] = new Map();
    if (dataFile !== undefined) this.load(dataFile);
    this.seed(); // after loading, so the stock objects are always the current ones
  }

  /** Whether any object of any kind already has `id`. */
  has(id: string): boolean {
    return this.allMaps().some((map) => map.has(id));
  }

  /**
   * Records a mutation: handlers call it after changing a map or a record.
   * With a data file, the whole store is written to a temporary file and renamed
   * over the old one, so a crash mid-write never leaves a torn file.
   */
  commit(): void {
    if (this.dataFile === undefined) return;
    mkdirSync(dirname(this.dataFile), { recursive: true });
    const temporary = `${this.dataFile}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.snapshot(), null, 2) + "\n");
    renameSync(temporary, this.dataFile);
  }

  /** Empties the store back to the stock objects (and persists that). */
  reset(): void {
    for (const map of this.allMaps()) map.clear();
    this.palTools.clear();
    this.palSkills.clear();
    this.makerDrafts.clear();
    this.seed();
    this.commit();
  }

  /** A deep copy of everything, soft-deleted objects included. */
  snapshot(): StoreSnapshot {
    const collections = Object.fromEntries(
      COLLECTIONS.map((name) => [name, [...this[name].values()]]),
    ) as { [K in KindCollection]: CollectionRecords[K][] };
    return structuredClone({
      version: 1,
      ...collections,
      palTools: [...this.palTools].map(([pal_id, tool_ids]) => ({ pal_id, tool_ids })),
      palSkills: [...this.palSkills].map(([pal_id, skills]) => ({ pal_id, skills })),
    });
  }

  private allMaps(): Map<string, unknown>[] {
    return COLLECTIONS.map((name) => this[name]);
  }

  private seed(): void {
    for (const persona of SEED_PERSONAS)
      this.personas.set(persona.persona_id, structuredClone(persona));
    for (const replica of SEED_REPLICAS)
      this.replicas.set(replica.replica_id, structuredClone(replica));
    for (const tool of SEED_TOOLS) this.tools.set(tool.tool_id, structuredClone(tool));
  }

  private load(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return; // first run: nothing saved yet
      throw e;
    }
    let data: Partial<StoreSnapshot>;
    try {
      data = JSON.parse(text) as Partial<StoreSnapshot>;
    } catch (e) {
      throw new Error(`Cannot read emulator data file ${file}: ${(e as Error).message}`);
    }
    if (
      data.version !== 1 ||
      !Array.isArray(data.personas) ||
      !Array.isArray(data.replicas) ||
      !Array.isArray(data.conversations)
    ) {
      throw new Error(`Cannot read emulator data file ${file}: not an emulator store (version 1)`);
    }
    // Files written before a collection existed lack its array: read as empty.
    for (const name of COLLECTIONS) {
      const map = this[name] as Map<string, unknown>;
      for (const record of (data[name] ?? []) as unknown as Record<string, unknown>[])
        map.set(String(record[ID_FIELDS[name]]), record);
    }
    for (const { pal_id, tool_ids } of data.palTools ?? []) this.palTools.set(pal_id, tool_ids);
    for (const { pal_id, skills } of data.palSkills ?? []) this.palSkills.set(pal_id, skills);
  }
}
