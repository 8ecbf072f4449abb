/**
 * Stock ("system") objects every Tavus account can see. They are re-created
 * on start and on reset, and are read-only: PATCH and DELETE on them answer
 * 400 `Invalid <x>_id`, as for an id the account does not own.
 */
import type { PersonaRecord, ReplicaRecord } from "./records";

/** When the stock objects were "created": the timestamp of the real persona in docs/tavus-api/personas.md#document (S21). */
const SEEDED_AT = "2025-03-21T20:57:47.868278Z";
const SEEDED_MS = Date.parse("2025-03-21T20:57:47.868Z");

/**
 * Stock replicas that public examples and SDKs use without creating them
 * (docs/tavus-api/names-and-clients.md#ids-clients-use-without-creating):
 * `rf4703150052` (the Tavus Researcher's, S21), `r4067604db72` (LiveKit's stock
 * face, C2), `r6e055828f63`, and `r79e1c033f` (the docs' own examples,
 * including the Get Persona example's `default_replica_id`).
 */
export const SEED_REPLICAS: readonly ReplicaRecord[] = [
  stockReplica("rf4703150052", "Tavus Researcher"),
  stockReplica("r4067604db72", "Stock Replica"),
  stockReplica("r6e055828f63", "Stock Replica"),
  stockReplica("r79e1c033f", "Stock Replica"),
];

/**
 * The stock personas. The Tavus Researcher has the keys of the real document
 * (docs/tavus-api/personas.md#document). The docs show no document for the
 * others, so they carry the same keys and nothing more: a name, a prompt (or
 * echo mode) and a stock default replica, so that a conversation naming only
 * the persona works, as it does in the examples that use them.
 */
export const SEED_PERSONAS: readonly PersonaRecord[] = [
  {
    persona_id: "p48fdf065d6b",
    persona_name: "Tavus Researcher",
    persona_type: "system",
    pipeline_mode: "full",
    system_prompt:
      "You are the Tavus Researcher, a friendly guide to Tavus and its conversational video interface.",
    context: "You answer questions about Tavus products, personas, replicas and conversations.",
    layers: {
      conversational_flow: {
        turn_detection_model: "sparrow-1",
        turn_taking_patience: "medium",
        replica_interruptibility: "low",
      },
    },
    default_replica_id: "rf4703150052",
    created_at: SEEDED_AT,
    updated_at: SEEDED_AT,
  },
  stockPersona("p9a95912", "Stock Persona", "r79e1c033f"),
  stockPersona("p3bb4745d4f9", "Stock Persona", "r6e055828f63"),
  stockPersona("p7fb2f122a0f", "Stock Persona", "rf4703150052"),
  // LiveKit's stock PAL pairs with its stock face (C2); LiveKit drives it in echo mode.
  stockPersona("pb87e71797da", "Stock PAL", "r4067604db72", "echo"),
  // Pipecat's ids: Tavus only renders the video, Pipecat's bot brings the
  // speech (C1), hence echo mode and no default replica (Pipecat sends one).
  stockPersona("pipecat0", "Pipecat", undefined, "echo"),
  stockPersona("pipecat-stream", "Pipecat Stream", undefined, "echo"),
];

function stockPersona(
  persona_id: string,
  persona_name: string,
  default_replica_id: string | undefined,
  pipeline_mode: "full" | "echo" = "full",
): PersonaRecord {
  const persona: PersonaRecord = {
    persona_id,
    persona_name,
    persona_type: "system",
    pipeline_mode,
    created_at: SEEDED_AT,
    updated_at: SEEDED_AT,
  };
  if (pipeline_mode === "full")
    persona.system_prompt = "You are a helpful assistant in a Tavus conversational video.";
  if (default_replica_id !== undefined) persona.default_replica_id = default_replica_id;
  return persona;
}

function stockReplica(replica_id: string, replica_name: string): ReplicaRecord {
  return {
    replica_id,
    replica_name,
    replica_type: "system",
    model_name: "phoenix-3",
    created_at: SEEDED_AT,
    updated_at: SEEDED_AT,
    training_started_ms: SEEDED_MS,
    training_ms: 0,
    training_fails: false,
    request: {},
  };
}
