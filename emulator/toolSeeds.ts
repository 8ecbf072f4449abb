/**
 * The system tools every account has (docs/tavus-api/tools.md#system-tools):
 * today only `end_call`. Their id is their name, `owner_id` is null, and they
 * cannot be created, updated, deleted or attached. Re-created on start and reset.
 */
import type { ToolRecord } from "./records";

/** When the stock objects were "created" (as in seeds.ts). */
const SEEDED_AT = "2025-03-21T20:57:47.868278Z";

/** The stock system tools. */
export const SEED_TOOLS: readonly ToolRecord[] = [
  {
    tool_id: "end_call",
    owner_id: null,
    name: "end_call",
    description: "End the conversation when the user says goodbye or asks to end the call.",
    parameters: {},
    delivery: { app_message: true },
    is_system_tool: true,
    trigger_type: "in_call",
    origin: "llm",
    on_call: "silent",
    on_resolve: "fire_and_forget",
    static_filler: null,
    created_at: SEEDED_AT,
    updated_at: SEEDED_AT,
  },
];
