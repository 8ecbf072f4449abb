/**
 * Stock ("system") objects every Tavus account can see. They are re-created
 * on start and on reset, and are read-only: PATCH and DELETE on them answer
 * 400 `Invalid <x>_id`, as for an id the account does not own.
 */
import type { PersonaRecord, ReplicaRecord } from "./store";

/** When the stock objects were "created": the timestamp of the real persona in docs/tavus-api/personas.md#document (S21). */
const SEEDED_AT = "2025-03-21T20:57:47.868278Z";
const SEEDED_MS = Date.parse("2025-03-21T20:57:47.868Z");

/** Stock replicas: `rf4703150052` (the Tavus Researcher's, S21) and `r4067604db72` (LiveKit's stock face, C2):
 * docs/tavus-api/names-and-clients.md#ids-clients-use-without-creating. */
export const SEED_REPLICAS: readonly ReplicaRecord[] = [
  stockReplica("rf4703150052", "Tavus Researcher"),
  stockReplica("r4067604db72", "Stock Replica"),
];

/** The stock Tavus Researcher persona, with the keys of the real document (docs/tavus-api/personas.md#document). */
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
];

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
