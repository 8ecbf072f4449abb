/**
 * `pulumi-tavus recover`: after a killed `pulumi up`, adopts into the stack the
 * objects the dead run created but never recorded, and clears the pending
 * operations, so the pipeline's rerun neither duplicates nor orphans anything.
 *
 * Pulumi records a create as a pending operation, with its inputs, before the
 * provider POSTs. When the process dies before the answer is written to the
 * state, the object may exist in the account while the stack only holds the
 * pending operation; the next `up` would create it again. The inputs say what
 * the dead run sent, so the object is recognised the way createOnce recognises
 * the answer of a lost POST: the same wire document, among the objects that no
 * resource of the stack holds. The stack records no reliable start time of the
 * dead run (the manifest's time is that of the last checkpoint write, and a file
 * backend writes the update's history only when it ends), so every unmanaged
 * user object of the kind is a candidate.
 *
 * The state is edited through `pulumi stack export` / `pulumi stack import`
 * (which also drops every pending operation). `pulumi refresh
 * --import-pending-creates <urn> <id>` does not adopt a dynamic resource with
 * CLI 3.248: it exits 0 and leaves neither the pending operation nor the
 * resource, so the object stays unmanaged (README, "After a killed run").
 */
import { execFile, spawn } from "node:child_process";
import { isDeepStrictEqual } from "node:util";
import { TavusClient } from "../client";
import { conversationDefinition } from "../definitions/conversation";
import { documentDefinition } from "../definitions/document";
import { guardrailDefinition } from "../definitions/guardrail";
import { guardrailSetDefinition } from "../definitions/guardrailSet";
import { objectivesDefinition } from "../definitions/objectives";
import { personaDefinition } from "../definitions/persona";
import { pronunciationDictionaryDefinition } from "../definitions/pronunciationDictionary";
import { replicaDefinition } from "../definitions/replica";
import type { DefinitionTable } from "../definitions/table";
import { toolDefinition } from "../definitions/tool";
import { camelCase } from "../mapping";
import { removeAt } from "../objects";
import { liveDocument, outputsFrom, requestBody } from "../resources/tableOperations";

type Props = Record<string, unknown>;

/** The type token prefix of every Tavus resource. */
export const TAVUS_TYPE_PREFIX = "pulumi-nodejs:dynamic/tavus:";

/** Pulumi's marker of a secret value in a checkpoint. */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

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

/** How one Tavus kind is listed and how a listed object is compared with what was sent. */
export interface RecoverableKind {
  def: DefinitionTable;
  listPage(client: TavusClient, page: number): Promise<{ data: object[]; total_count: number }>;
  /** The full object when a list item may be abridged. */
  full?(client: TavusClient, item: Props): Promise<object>;
  /** Whether `live` is what a POST of `body` (the request body) would have created. */
  matches?(body: Props, live: Props): boolean;
}

/**
 * The kinds created by POST, by type name. Matching is by the wire document
 * unless a kind says otherwise, as its provider's createOnce lookup does.
 */
export const RECOVERABLE: Readonly<Record<string, RecoverableKind>> = {
  Persona: {
    def: personaDefinition,
    listPage: (c, page) => c.personas.list({ page, limit: 100, personaType: "user" }),
    // A list item may lack the system prompt: Get shows the whole persona.
    full: async (c, p) => ("system_prompt" in p ? p : c.personas.retrieve(String(p.persona_id))),
  },
  Replica: {
    def: replicaDefinition,
    listPage: (c, page) => c.replicas.list({ page, limit: 100, replicaType: "user" }),
    // Get does not return training URLs: name and model are what is visible.
    matches: (body, r) =>
      (r.replica_name ?? null) === (body.replica_name ?? r.replica_name ?? null) &&
      (!body.model_name || !r.model_name || r.model_name === body.model_name),
  },
  Conversation: {
    def: conversationDefinition,
    listPage: (c, page) => c.conversations.list({ page, limit: 100 }),
    matches: (body, c) =>
      c.status === (body.test_mode ? "ended" : "active") &&
      (!body.conversation_name || c.conversation_name === body.conversation_name) &&
      (c.replica_id ?? undefined) === (body.replica_id ?? c.replica_id ?? undefined) &&
      (c.persona_id ?? undefined) === (body.persona_id ?? c.persona_id ?? undefined),
  },
  Objectives: {
    def: objectivesDefinition,
    listPage: (c, page) => c.objectives.list({ page, limit: 100 }),
  },
  Guardrail: {
    def: guardrailDefinition,
    listPage: (c, page) => c.guardrails.list({ page, limit: 100 }),
  },
  GuardrailSet: {
    def: guardrailSetDefinition,
    listPage: (c, page) => c.guardrailSets.list({ page, limit: 100 }),
  },
  PronunciationDictionary: {
    def: pronunciationDictionaryDefinition,
    listPage: (c, page) => c.pronunciationDictionaries.list({ page, limit: 100 }),
  },
  Document: {
    def: documentDefinition,
    listPage: (c, page) => c.documents.list({ page, limit: 100 }),
    matches: (body, d) =>
      d.document_url === body.document_url && sameDocument(documentDefinition, body, d),
  },
  Tool: {
    def: toolDefinition,
    listPage: (c, page) => c.tools.list({ page, limit: 100 }),
    // Names are unique in an account.
    matches: (body, t) => t.name === body.name,
  },
};

/** The kind of a Tavus type token (`pulumi-nodejs:dynamic/tavus:Persona`), if recoverable. */
export function kindOfType(type: string): RecoverableKind | undefined {
  if (!type.startsWith(TAVUS_TYPE_PREFIX)) return undefined;
  return RECOVERABLE[type.slice(TAVUS_TYPE_PREFIX.length)];
}

/**
 * Whether a live object shows the document a request body sends: both sides
 * reduced to what Get returns as sent (liveDocument), and a field the server
 * fills in when the body leaves it unset ignored on both.
 */
export function sameDocument(def: DefinitionTable, body: Props, live: Props): boolean {
  const sent = liveDocument(def, body) ?? {};
  const seen = liveDocument(def, live) ?? {};
  for (const field of def.serverDefaulted ?? []) {
    if (body[field] === undefined) {
      delete sent[field];
      delete seen[field];
    }
  }
  return isDeepStrictEqual(sent, seen);
}

/**
 * Whether `live` is what the pending create of `kind` with these (plain) inputs would have created.
 * @param options.withoutSecrets compare without the kind's secret fields (the inputs' secrets were encrypted).
 */
export function createdBy(
  kind: RecoverableKind,
  inputs: Props,
  live: Props,
  options: { withoutSecrets?: boolean } = {},
): boolean {
  const status = live.status;
  if (typeof status === "string" && kind.def.goneStatuses?.includes(status)) return false;
  const body = requestBody(kind.def, inputs);
  let seen = live;
  if (options.withoutSecrets) {
    seen = structuredClone(live);
    for (const { under, paths } of Object.values(kind.def.secretOutputs ?? {}))
      for (const path of paths) {
        removeAt(body, [under, ...path]);
        removeAt(seen, [under, ...path]);
      }
  }
  return kind.matches ? kind.matches(body, seen) : sameDocument(kind.def, body, seen);
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
    if (!kindOfType(type)) {
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
    resources.filter((r) => r.type.startsWith(TAVUS_TYPE_PREFIX) && r.id).map((r) => r.id!),
  );
}

/**
 * A copy with Pulumi's secret wrappers (`plaintext` form, as `--show-secrets`
 * writes) replaced by their values.
 * @param options.encrypted `"drop"`: an encrypted secret becomes undefined; by default it is refused.
 */
export function revealSecrets(value: unknown, options: { encrypted?: "drop" } = {}): unknown {
  if (Array.isArray(value)) return value.map((v) => revealSecrets(v, options));
  if (value === null || typeof value !== "object") return value;
  const object = value as Props;
  if (object[SECRET_SIG_KEY] === SECRET_SIG) {
    if (typeof object.plaintext === "string")
      return revealSecrets(JSON.parse(object.plaintext), options);
    if (options.encrypted === "drop") return undefined;
    throw new Error("the stack export holds encrypted secrets: export with --show-secrets");
  }
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, revealSecrets(v, options)]));
}

function isSecret(value: unknown): boolean {
  return (
    value !== null && typeof value === "object" && (value as Props)[SECRET_SIG_KEY] === SECRET_SIG
  );
}

/** Whether a secret is anywhere inside: the engine then keeps the whole output of that name secret. */
function containsSecret(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (value === null || typeof value !== "object") return false;
  return Object.values(value).some(containsSecret);
}

function secret(value: unknown): Props {
  return { [SECRET_SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(value) };
}

/**
 * The state entry of an adopted object: the pending resource with its id and
 * the outputs its provider's create would have returned (outputsFrom of the
 * live object), `__provider` kept so refresh, update and delete can run.
 * Outputs whose input held a secret, and the kind's secret outputs, stay secret.
 */
export function adoptedResource(
  kind: RecoverableKind,
  pending: StateResource,
  id: string,
  live: object,
): StateResource {
  const inputs = pending.inputs ?? {};
  const plain = revealSecrets(inputs) as Props;
  const outputs: Props = outputsFrom<Props>(kind.def, live, plain);
  const secretNames = new Set([
    ...Object.keys(inputs).filter((name) => containsSecret(inputs[name])),
    ...Object.keys(kind.def.secretOutputs ?? {}).map(camelCase),
    ...(kind.def.secretServerOutputs ?? []).map(camelCase),
  ]);
  for (const name of Object.keys(outputs))
    if (secretNames.has(name) && !isSecret(outputs[name])) outputs[name] = secret(outputs[name]);
  outputs.__provider = inputs.__provider;
  return { ...pending, id, custom: true, outputs };
}

/**
 * The deployment after the plan: adopted resources appended (a replacement's
 * old resource, same URN, marked for deletion by the next `up`, as the engine
 * leaves it after a create-before-delete), no pending operation (an import
 * drops them anyway; {@link recover} writes nothing while the plan keeps one).
 */
export function applyPlan(
  deployment: { resources?: StateResource[]; pending_operations?: PendingOperation[] },
  steps: PlanStep[],
  adopted: ReadonlyMap<string, StateResource>,
): typeof deployment {
  const resources = [...(deployment.resources ?? [])];
  for (const step of steps) {
    if (step.action !== "adopt") continue;
    const entry = adopted.get(step.urn)!;
    const old = resources.findIndex((r) => r.urn === step.urn && !r.delete);
    if (old >= 0) {
      resources[old] = { ...resources[old]!, delete: true };
      resources.splice(old + 1, 0, entry);
    } else resources.push(entry);
  }
  return { ...deployment, resources, pending_operations: [] };
}

/**
 * For `audit`: the unmanaged objects that match a pending create of the given
 * exports, id → the create's URN. An export without `--show-secrets` hides
 * secret inputs: such a create is compared without them, so a persona whose
 * only difference is its key still shows as made by the killed run.
 */
export async function pendingCreateMatches(
  client: TavusClient,
  exports: unknown[],
): Promise<Map<string, string>> {
  const deployments = exports.map(
    (e) =>
      (
        e as {
          deployment?: { resources?: StateResource[]; pending_operations?: PendingOperation[] };
        }
      ).deployment ?? {},
  );
  const pending = deployments.flatMap((d) => d.pending_operations ?? []);
  const creates = pending.filter((op) => op.type === "creating" && kindOfType(op.resource.type));
  const matched = new Map<string, string>();
  if (!creates.length) return matched;
  const managed = stateIds(deployments.flatMap((d) => d.resources ?? []));
  const candidates = new Map<string, Candidate[]>();
  for (const type of new Set(creates.map((op) => op.resource.type)))
    candidates.set(type, await unmanaged(client, kindOfType(type)!, managed));
  const steps = planRecovery(creates, candidates, (op, c) =>
    createdBy(
      kindOfType(op.resource.type)!,
      revealSecrets(op.resource.inputs ?? {}, { encrypted: "drop" }) as Props,
      c.live,
      { withoutSecrets: true },
    ),
  );
  for (const step of steps) if (step.action === "adopt") matched.set(step.id, step.urn);
  return matched;
}

// ------------------------------------------------------------ the command

/** What `recover` reports. */
export interface RecoverResult {
  steps: PlanStep[];
  /** 0 nothing left pending, 3 something could not be matched. */
  code: number;
}

/** Options of {@link recover}. */
export interface RecoverOptions {
  stack?: string | undefined;
  dryRun?: boolean | undefined;
  /** The Tavus client; by default from TAVUS_API_KEY/TAVUS_BASE_URL, else the stack's `tavus:` config. */
  client?: TavusClient;
  /** Where the plan goes. */
  log?: (line: string) => void;
  /** The `pulumi` executable. @default "pulumi" */
  pulumi?: string;
}

/** Reads the stack, plans, and (unless a dry run) imports the recovered deployment. */
export async function recover(options: RecoverOptions = {}): Promise<RecoverResult> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const pulumi = (args: string[], input?: string) =>
    runPulumi(options.pulumi ?? "pulumi", [...args, ...stackArgs(options.stack)], input);
  const exported = JSON.parse(await pulumi(["stack", "export", "--show-secrets"])) as {
    deployment?: { resources?: StateResource[]; pending_operations?: PendingOperation[] };
  };
  const deployment = exported.deployment ?? {};
  const pending = deployment.pending_operations ?? [];
  if (pending.length === 0) {
    log("nothing pending: the stack is left as it is");
    return { steps: [], code: 0 };
  }

  const client = options.client ?? (await clientFor(pulumi));
  const managed = stateIds(deployment.resources ?? []);
  const candidates = new Map<string, Candidate[]>();
  const creates = pending.filter((op) => op.type === "creating" && kindOfType(op.resource.type));
  for (const type of new Set(creates.map((op) => op.resource.type)))
    candidates.set(type, await unmanaged(client, kindOfType(type)!, managed));
  const plainInputs = new Map(
    creates.map((op) => [op, revealSecrets(op.resource.inputs ?? {}) as Props]),
  );
  const steps = planRecovery(pending, candidates, (op, c) =>
    createdBy(kindOfType(op.resource.type)!, plainInputs.get(op)!, c.live),
  );

  for (const step of steps) {
    const name = step.urn.split("::").pop();
    if (step.action === "adopt")
      log(
        `adopt ${name} = ${step.id}${step.alsoMatching.length ? ` (also matching, left unmanaged: ${step.alsoMatching.join(", ")})` : ""}`,
      );
    else log(`${step.action} ${name}: ${step.why}`);
  }
  const left = steps.filter((s) => s.action === "keep");
  const code = left.length ? 3 : 0;
  if (options.dryRun) {
    log(`dry run: ${steps.length} pending operation(s), nothing changed`);
    return { steps, code };
  }
  if (left.length) {
    // `pulumi stack import` drops every pending operation: writing now would lose these.
    log(
      `nothing changed: ${left.length} pending create(s) of other providers must be resolved first (see above), then run recover again`,
    );
    return { steps, code };
  }

  const adopted = new Map<string, StateResource>();
  for (const step of steps) {
    if (step.action !== "adopt") continue;
    const op = pending.find((o) => o.resource.urn === step.urn && o.type === "creating")!;
    const live = candidates.get(step.type)!.find((c) => c.id === step.id)!.live;
    adopted.set(step.urn, adoptedResource(kindOfType(step.type)!, op.resource, step.id, live));
  }
  const next = { ...exported, deployment: applyPlan(deployment, steps, adopted) };
  // Through stdin: the revealed secrets never touch the disk; import encrypts them again.
  await pulumi(["stack", "import"], JSON.stringify(next));
  log(
    `recovered: ${adopted.size} adopted, ${steps.length - adopted.size - left.length} cleared, ${left.length} left pending`,
  );
  return { steps, code };
}

/** Every user object of the kind that no state resource holds, as Get shows it. */
async function unmanaged(
  client: TavusClient,
  kind: RecoverableKind,
  managed: Set<string>,
): Promise<Candidate[]> {
  const found: Candidate[] = [];
  let seen = 0;
  for (let page = 1; ; page++) {
    const { data, total_count } = await kind.listPage(client, page);
    seen += data.length;
    for (const item of data as Props[]) {
      const id = String(item[kind.def.idField]);
      if (managed.has(id)) continue;
      const live = (kind.full ? await kind.full(client, item) : item) as Props;
      found.push({ id, createdAt: live.created_at as string | undefined, live });
    }
    if (data.length === 0 || seen >= total_count) return found;
  }
}

/** A client from the environment, or else from the stack's `tavus:apiKey` / `tavus:baseUrl`. */
async function clientFor(pulumi: (args: string[]) => Promise<string>): Promise<TavusClient> {
  const config = async (key: string) => {
    try {
      return (await pulumi(["config", "get", key])).trim() || undefined;
    } catch {
      return undefined;
    }
  };
  const apiKey = process.env.TAVUS_API_KEY || (await config("tavus:apiKey"));
  if (!apiKey)
    throw new Error("no Tavus API key: set TAVUS_API_KEY or the stack's tavus:apiKey config");
  const baseUrl = process.env.TAVUS_BASE_URL || (await config("tavus:baseUrl"));
  return new TavusClient({ apiKey, ...(baseUrl ? { baseUrl } : {}) });
}

function stackArgs(stack: string | undefined): string[] {
  return stack ? ["--stack", stack] : [];
}

/** Runs `pulumi`, non-interactive; stdout, or an error with its stderr. */
function runPulumi(bin: string, args: string[], input?: string): Promise<string> {
  const full = [...args, "--non-interactive"];
  if (input === undefined)
    return new Promise((resolve, reject) =>
      execFile(bin, full, { maxBuffer: 1 << 28 }, (error, stdout, stderr) =>
        error
          ? reject(new Error(`pulumi ${args.join(" ")} failed: ${stderr.trim() || error.message}`))
          : resolve(stdout),
      ),
    );
  return new Promise((resolve, reject) => {
    const child = spawn(bin, full, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0
        ? resolve(stdout)
        : reject(new Error(`pulumi ${args.join(" ")} failed: ${stderr.trim() || `exit ${code}`}`)),
    );
    child.stdin.end(input);
  });
}
