/**
 * What the account and a stack hold at one moment, for the killed-run tests
 * (recover.e2e on file state, teamBackends.e2e on each shared backend): the
 * same count everywhere, so "0 orphans, 0 pending" means one thing.
 */

/** Figures of one moment: personas in the account and in state, and how they disagree. */
export interface PersonaFigures {
  account: number;
  state: number;
  orphans: number;
  missing: number;
  duplicates: number;
  pending: number;
}

/** A `pulumi stack export`, as far as the figures read it. */
export interface ExportedStack {
  deployment: {
    resources?: Array<{ type: string; id?: string }>;
    pending_operations?: unknown[];
  };
}

/**
 * Counts the user's personas against the stack's Persona resources.
 * @param exported the stack's export.
 * @param personas the account's user personas (the emulator's state, stock ones left out).
 */
export function personaFigures(
  exported: ExportedStack,
  personas: Array<{ persona_id: string; persona_name?: string }>,
): PersonaFigures {
  const state = new Set(
    (exported.deployment.resources ?? [])
      .filter((r) => r.type === "pulumi-nodejs:dynamic/tavus:Persona" && r.id)
      .map((r) => r.id!),
  );
  const ids = new Set(personas.map((p) => p.persona_id));
  const names = personas.map((p) => p.persona_name);
  return {
    account: personas.length,
    state: state.size,
    orphans: [...ids].filter((id) => !state.has(id)).length,
    missing: [...state].filter((id) => !ids.has(id)).length,
    duplicates: names.length - new Set(names).size,
    pending: exported.deployment.pending_operations?.length ?? 0,
  };
}
