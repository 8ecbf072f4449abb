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
 *
 * Deciding which object a create made: recoverMatch.ts; the state it writes: recoverState.ts;
 * writing it under the stack's lock, only if unchanged meanwhile: recoverWrite.ts.
 */
import { execFile, spawn } from "node:child_process";
import { TavusClient } from "../client";
import type { DefinitionTable } from "../definitions/table";
import { kindOfDynamicType } from "../kinds";
import { ownObjects } from "../resources/ownObjects";
import {
  madeByPendingCreate,
  planRecovery,
  stateIds,
  type Candidate,
  type PendingOperation,
  type PlanStep,
  type StateResource,
} from "./recoverMatch";
import { adoptedResource, applyPlan, revealSecrets } from "./recoverState";
import { importIfUnchanged } from "./recoverWrite";

type Props = Record<string, unknown>;

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
  const creates = pending.filter(
    (op) => op.type === "creating" && kindOfDynamicType(op.resource.type),
  );
  const matched = new Map<string, string>();
  if (!creates.length) return matched;
  const managed = stateIds(deployments.flatMap((d) => d.resources ?? []));
  const candidates = new Map<string, Candidate[]>();
  for (const type of new Set(creates.map((op) => op.resource.type)))
    candidates.set(type, await unmanaged(client, kindOfDynamicType(type)!, managed));
  const steps = planRecovery(creates, candidates, (op, c) =>
    madeByPendingCreate(
      kindOfDynamicType(op.resource.type)!,
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
  /** 0 nothing left pending, 3 something could not be matched, 4 nothing written: the stack was locked or changed meanwhile. */
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
  const creates = pending.filter(
    (op) => op.type === "creating" && kindOfDynamicType(op.resource.type),
  );
  for (const type of new Set(creates.map((op) => op.resource.type)))
    candidates.set(type, await unmanaged(client, kindOfDynamicType(type)!, managed));
  const plainInputs = new Map(
    creates.map((op) => [op, revealSecrets(op.resource.inputs ?? {}) as Props]),
  );
  const steps = planRecovery(pending, candidates, (op, c) =>
    madeByPendingCreate(kindOfDynamicType(op.resource.type)!, plainInputs.get(op)!, c.live),
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
    adopted.set(
      step.urn,
      adoptedResource(kindOfDynamicType(step.type)!, op.resource, step.id, live),
    );
  }
  const next = { ...exported, deployment: applyPlan(deployment, steps, adopted) };
  // Through stdin: the revealed secrets never touch the disk; import encrypts them again.
  // Under the stack's lock, and only if no one wrote the stack meanwhile (recoverWrite.ts).
  const outcome = await importIfUnchanged(
    options.pulumi ?? "pulumi",
    stackArgs(options.stack),
    (args) => pulumi(args),
    exported.deployment,
    next,
  );
  if (!outcome.written) {
    log(
      `nothing written: ${outcome.why}. If another update runs, let it end; if a killed run left its lock, \`pulumi cancel --yes\`; then run recover again`,
    );
    return { steps, code: 4 };
  }
  log(
    `recovered: ${adopted.size} adopted, ${steps.length - adopted.size - left.length} cleared, ${left.length} left pending`,
  );
  return { steps, code };
}

/** Every own object of the kind that no state resource holds, as Get shows it. */
async function unmanaged(
  client: TavusClient,
  kind: DefinitionTable,
  managed: Set<string>,
): Promise<Candidate[]> {
  const found: Candidate[] = [];
  for (const live of await ownObjects(client, kind)) {
    const id = String(live[kind.idField]);
    if (managed.has(id)) continue;
    found.push({ id, createdAt: live.created_at as string | undefined, live });
  }
  return found;
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
