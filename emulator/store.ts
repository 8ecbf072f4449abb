/**
 * The emulator's in-memory store of personas, replicas and conversations, with
 * optional persistence to one JSON file so that state survives a restart (the
 * CLI's `--data FILE`, used by the demo across `pulumi up` runs).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { CreateConversationRequest, CreateReplicaRequest, PersonaWire } from "../provider/wire";
import { SEED_PERSONAS, SEED_REPLICAS } from "./seeds";
import type { TrainingPlan } from "./training";

/**
 * A persona exactly as stored: what the client sent plus `persona_id`,
 * `created_at` and `updated_at` (server defaults are never written into it,
 * docs/tavus-api/decisions.md#server-defaults). Stock personas also carry `persona_type: "system"`.
 */
export type PersonaRecord = PersonaWire;

/** A replica as stored; the wire view (status, progress) is computed from it. */
export interface ReplicaRecord extends TrainingPlan {
  replica_id: string;
  replica_name?: string;
  replica_type: "user" | "system";
  model_name: string;
  created_at: string;
  updated_at: string;
  /** Set by a soft delete; the replica stays and GET reports `status: "deleted"`. */
  deleted_at?: string;
  /** The create request as received, for `GET /__emulator/state`. */
  request: CreateReplicaRequest;
}

/** A conversation as stored. */
export interface ConversationRecord {
  conversation_id: string;
  conversation_name: string;
  conversation_url: string;
  callback_url: string;
  status: "active" | "ended";
  replica_id: string;
  persona_id: string | null;
  created_at: string;
  updated_at: string;
  test_mode: boolean;
  ended_at?: string;
  shutdown_reason?: string;
  /** Set by a soft delete; GET then reports `status: "deleted"`. */
  deleted_at?: string;
  /** The create request as received, for `GET /__emulator/state`. */
  request: CreateConversationRequest;
}

/** The whole store as plain JSON: the data file's format and `GET /__emulator/state`. */
export interface StoreSnapshot {
  version: 1;
  personas: PersonaRecord[];
  replicas: ReplicaRecord[];
  conversations: ConversationRecord[];
}

/** Personas, replicas and conversations by id, in creation order. */
export class Store {
  readonly personas = new Map<string, PersonaRecord>();
  readonly replicas = new Map<string, ReplicaRecord>();
  readonly conversations = new Map<string, ConversationRecord>();

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
    return this.personas.has(id) || this.replicas.has(id) || this.conversations.has(id);
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
    this.personas.clear();
    this.replicas.clear();
    this.conversations.clear();
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
    });
  }

  private seed(): void {
    for (const persona of SEED_PERSONAS) this.personas.set(persona.persona_id, structuredClone(persona));
    for (const replica of SEED_REPLICAS) this.replicas.set(replica.replica_id, structuredClone(replica));
  }

  private load(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return; // first run: nothing saved yet
      throw e;
    }
    let data: StoreSnapshot;
    try {
      data = JSON.parse(text) as StoreSnapshot;
    } catch (e) {
      throw new Error(`Cannot read emulator data file ${file}: ${(e as Error).message}`);
    }
    if (data.version !== 1 || !Array.isArray(data.personas) || !Array.isArray(data.replicas) || !Array.isArray(data.conversations)) {
      throw new Error(`Cannot read emulator data file ${file}: not an emulator store (version 1)`);
    }
    for (const persona of data.personas) this.personas.set(persona.persona_id, persona);
    for (const replica of data.replicas) this.replicas.set(replica.replica_id, replica);
    for (const conversation of data.conversations) this.conversations.set(conversation.conversation_id, conversation);
  }
}
