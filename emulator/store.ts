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
  DocumentRecord,
  GuardrailRecord,
  GuardrailSetRecord,
  ObjectivesRecord,
  PalToolsRecord,
  PersonaRecord,
  PronunciationDictionaryRecord,
  ReplicaRecord,
  ToolRecord,
} from "./records";
import { SEED_PERSONAS, SEED_REPLICAS } from "./seeds";
import { SEED_TOOLS } from "./toolSeeds";

export type * from "./records";

/** The whole store as plain JSON: the data file's format and `GET /__emulator/state`. */
export interface StoreSnapshot {
  version: 1;
  personas: PersonaRecord[];
  replicas: ReplicaRecord[];
  conversations: ConversationRecord[];
  objectives: ObjectivesRecord[];
  guardrails: GuardrailRecord[];
  guardrailSets: GuardrailSetRecord[];
  pronunciationDictionaries: PronunciationDictionaryRecord[];
  documents: DocumentRecord[];
  tools: ToolRecord[];
  palTools: PalToolsRecord[];
}

/** Every kind of object by id, in creation order. */
export class Store {
  readonly personas = new Map<string, PersonaRecord>();
  readonly replicas = new Map<string, ReplicaRecord>();
  readonly conversations = new Map<string, ConversationRecord>();
  readonly objectives = new Map<string, ObjectivesRecord>();
  /** Individual guardrails by `uuid`, including the mirrors of legacy set items. */
  readonly guardrails = new Map<string, GuardrailRecord>();
  readonly guardrailSets = new Map<string, GuardrailSetRecord>();
  readonly pronunciationDictionaries = new Map<string, PronunciationDictionaryRecord>();
  readonly documents = new Map<string, DocumentRecord>();
  /** Tools by `tool_id`, soft-deleted ones and the system tools included. */
  readonly tools = new Map<string, ToolRecord>();
  /**
   * Attached tool ids by PAL (persona) id. Kept apart from the persona record
   * so GET persona is unchanged: the docs list a PAL's tools on their own route.
   */
  readonly palTools = new Map<string, string[]>();

  /**
   * @param dataFile Where to persist; `undefined` keeps everything in memory.
   *   An existing file is loaded now (a corrupt one throws, rather than being
   *   silently replaced by an empty store).
   */
  constructor(private readonly dataFile?: string) {
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
    this.seed();
    this.commit();
  }

  /** A deep copy of everything, soft-deleted objects included. */
  snapshot(): StoreSnapshot {
    return structuredClone({
      version: 1,
      personas: [...this.personas.values()],
      replicas: [...this.replicas.values()],
      conversations: [...this.conversations.values()],
      objectives: [...this.objectives.values()],
      guardrails: [...this.guardrails.values()],
      guardrailSets: [...this.guardrailSets.values()],
      pronunciationDictionaries: [...this.pronunciationDictionaries.values()],
      documents: [...this.documents.values()],
      tools: [...this.tools.values()],
      palTools: [...this.palTools].map(([pal_id, tool_ids]) => ({ pal_id, tool_ids })),
    });
  }

  private allMaps(): Map<string, unknown>[] {
    return [
      this.personas,
      this.replicas,
      this.conversations,
      this.objectives,
      this.guardrails,
      this.guardrailSets,
      this.pronunciationDictionaries,
      this.documents,
      this.tools,
    ];
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
    for (const persona of data.personas) this.personas.set(persona.persona_id, persona);
    for (const replica of data.replicas) this.replicas.set(replica.replica_id, replica);
    for (const conversation of data.conversations)
      this.conversations.set(conversation.conversation_id, conversation);
    // Files written before these groups existed lack their arrays: read as empty.
    for (const objectives of data.objectives ?? [])
      this.objectives.set(objectives.objectives_id, objectives);
    for (const guardrail of data.guardrails ?? []) this.guardrails.set(guardrail.uuid, guardrail);
    for (const set of data.guardrailSets ?? []) this.guardrailSets.set(set.guardrails_id, set);
    for (const dictionary of data.pronunciationDictionaries ?? [])
      this.pronunciationDictionaries.set(dictionary.pronunciation_dictionary_id, dictionary);
    for (const document of data.documents ?? []) this.documents.set(document.document_id, document);
    for (const tool of data.tools ?? []) this.tools.set(tool.tool_id, tool);
    for (const { pal_id, tool_ids } of data.palTools ?? []) this.palTools.set(pal_id, tool_ids);
  }
}
