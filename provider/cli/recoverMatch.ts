/**
 * `pulumi-tavus recover`, deciding: which unmanaged object each pending create
 * of a killed run made, recognised by what the create sent (the wire document,
 * as createOnce recognises the answer of a lost POST), each object claimed once.
 * The why of recovery: recover.ts.
 */
import type { DefinitionTable } from "../definitions/table";
import { DYNAMIC_TYPE_PREFIX, kindOfDynamicType } from "../kinds";
import { removeAt } from "../objects";
import { createdBy } from "../resources/createdBy";
import { requestBody } from "../resources/documents";

type Props = Record<string, unknown>;

/** One resource of a checkpoint, as `pulumi stack export` writes it. */
export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  custom?: boolean;
  delete?: boolean;
  inputs?: Props;
  outputs?: Props;
  [key: string]: unknown;
}

/** One pending operation of a checkpoint. */
export interface PendingOperation {
  resource: StateResource;
  type: string;
}

/** An unmanaged object of the account, as a candidate for a pending create. */
export interface Candidate {
  id: string;
  createdAt?: string | undefined;
  /** The full object, as Get answers it. */
  live: Props;
}

/** What recover does with one pending operation. */
export type PlanStep =
  | { action: "adopt"; urn: string; type: string; id: string; alsoMatching: string[] }
  | { action: "clear"; urn: string; type: string; why: string }
  | { action: "keep"; urn: string; type: string; why: string };

/**
 * Whether `live` is what the pending create of `kind` with these (plain) inputs
 * would have created: the kind's one matcher (../resources/createdBy.ts).
 * @param options.withoutSecrets compare without the kind's secret fields (the inputs' secrets were encrypted).
 */
export function madeByPendingCreate(
  kind: DefinitionTable,
  inputs: Props,
  live: Props,
  options: { withoutSecrets?: boolean } = {},
): boolean {
  const body = requestBody(kind, inputs);
  let seen = live;
  if (options.withoutSecrets) {
    seen = structuredClone(live);
    for (const { under, paths } of Object.values(kind.secretOutputs ?? {}))
      for (const path of paths) {
        removeAt(body, [under, ...path]);
        removeAt(seen, [under, ...path]);
      }
  }
  return createdBy(kind, body, seen);
}

/**
 * Decides each pending operation: a Tavus create adopts the newest unclaimed
 * candidate it matches (each candidate is claimed once, so identical creates
 * take one object each), or is cleared when none matches; updates and deletes
 * are cleared (the next `up` re-reads and re-diffs them; a delete of a gone
 * object counts as done); a create of another provider is kept, with why.
 * @param candidates unmanaged objects by type token.
 * @param matches whether a candidate is what the operation's create sent.
 */
export function planRecovery(
  pending: PendingOperation[],
  candidates: ReadonlyMap<string, Candidate[]>,
  matches: (op: PendingOperation, candidate: Candidate) => boolean,
): PlanStep[] {
  const claimed = new Set<string>();
  const steps: PlanStep[] = [];
  for (const op of pending) {
    const { urn, type } = op.resource;
    if (op.type !== "creating") {
      steps.push({
        action: "clear",
        urn,
        type,
        why: `pending ${op.type}: the next "pulumi up" reads and diffs it again`,
      });
      continue;
    }
    if (!kindOfDynamicType(type)) {
      steps.push({
        action: "keep",
        urn,
        type,
        why: `not a Tavus resource created by POST: resolve it with "pulumi refresh --import-pending-creates ${urn} <id>" or "--clear-pending-creates"`,
      });
      continue;
    }
    const found = newestFirst(
      (candidates.get(type) ?? []).filter((c) => !claimed.has(c.id) && matches(op, c)),
    );
    const [chosen, ...others] = found;
    if (!chosen) {
      steps.push({
        action: "clear",
        urn,
        type,
        why: "no unmanaged object matches what it sent: it created nothing",
      });
      continue;
    }
    claimed.add(chosen.id);
    steps.push({
      action: "adopt",
      urn,
      type,
      id: chosen.id,
      alsoMatching: others.map((c) => c.id),
    });
  }
  return steps;
}

function newestFirst(candidates: Candidate[]): Candidate[] {
  const at = (c: Candidate) => Date.parse(c.createdAt ?? "") || 0;
  return [...candidates].sort((a, b) => at(b) - at(a));
}

/** Ids held by the state's Tavus resources (any object they hold is not a candidate). */
export function stateIds(resources: StateResource[]): Set<string> {
  return new Set(
    resources.filter((r) => r.type.startsWith(DYNAMIC_TYPE_PREFIX) && r.id).map((r) => r.id!),
  );
}
