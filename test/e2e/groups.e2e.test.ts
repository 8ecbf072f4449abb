/**
 * examples/account through the real Pulumi CLI: a persona and everything it
 * points at (objectives, two guardrails, a legacy guardrail set, a
 * pronunciation dictionary). Deploy → audit → no-op up → one objective changed
 * → drift gate with the dictionary write-back (no drift) and with a guardrail
 * edited by hand (drift) → heal → destroy to an empty account, with the
 * emulator's request log as the witness (issue #11, "Done when").
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import {
  cliBin,
  driftGate,
  exampleProject,
  guardrailPromptDrift,
  logLines,
  type Cli,
  tavusCli,
} from "../harness/e2e";

const bin = cliBin("account (objectives, guardrails, dictionaries) e2e");
const suite = bin ? describe : describe.skip;

interface Ids {
  personaId: string;
  objectivesId: string;
  guardrailIds: string[];
  guardrailSetId: string;
  pronunciationDictionaryId: string;
}

suite("examples/account with the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  let cli: Cli;
  let ids: Ids;

  const gate = () => driftGate(cli);
  const livePersona = () => emulator.state().personas.find((p) => p.persona_id === ids.personaId)!;

  beforeAll(async () => {
    emulator = await startEmulator({ strict: true });
    const project = exampleProject("account", bin!, emulator);
    cli = project.cli;
    await project.init();
  });
  afterAll(async () => {
    await emulator?.close();
  });

  test("up creates the five objects, then the persona that points at all of them", async () => {
    emulator.clearRequests();
    const up = await cli.run(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/7 created/); // six resources and the stack;
    ids = JSON.parse((await cli.run(["stack", "output", "--json"])).stdout) as Ids;

    const posts = logLines(emulator, { writesOnly: true });
    expect([...posts].sort()).toEqual(
      [
        "POST /v2/objectives",
        "POST /v2/guardrails", // two guardrails
        "POST /v2/guardrails",
        "POST /v2/guardrails", // the set
        "POST /v2/pronunciation-dictionaries",
        "POST /v2/personas",
      ].sort(),
    );
    // The persona waits for the ids of the others.
    expect(posts[posts.length - 1]).toBe("POST /v2/personas");
    // A read-back GET only where the POST answers part of the object (the definitions'
    // createAnswer): guardrails and the dictionary are their POST alone.
    const gets = logLines(emulator).filter((line) => line.startsWith("GET "));
    expect(gets.sort()).toEqual(
      [
        `GET /v2/objectives/${ids.objectivesId}`,
        `GET /v2/guardrails/${ids.guardrailSetId}`,
        `GET /v2/personas/${ids.personaId}`,
      ].sort(),
    );

    const persona = livePersona();
    expect(persona.objectives_id).toBe(ids.objectivesId);
    // guardrail_ids is a set to the provider (the persona table's setLike): its order is the provider's.
    expect([...(persona.guardrail_ids ?? [])].sort()).toEqual([...ids.guardrailIds].sort());
    expect(persona.guardrails_id).toBe(ids.guardrailSetId);
    expect(persona.layers?.tts?.pronunciation_dictionary_id).toBe(ids.pronunciationDictionaryId);
    const state = emulator.state();
    expect(state.objectives.map((o) => o.data.map((item) => item.objective_name))).toEqual([
      ["ask_if_new_patient", "collect_details", "confirm_appointment"],
    ]);
    expect(state.objectives[0]!.data[0]!.next_conditional_objectives).toEqual({
      collect_details: "the caller is a new patient",
      confirm_appointment: "the caller has visited before",
    });
    expect(state.guardrailSets.map((s) => s.guardrails_id)).toEqual([ids.guardrailSetId]);
    expect(state.pronunciationDictionaries.map((d) => d.pronunciation_dictionary_id)).toEqual([
      ids.pronunciationDictionaryId,
    ]);
  });

  test("audit finds nothing unmanaged: the set's mirrored guardrails are not counted as strays", async () => {
    // Two individual guardrails and the two mirrors of the set's items.
    expect(emulator.state().guardrails).toHaveLength(4);
    const result = await tavusCli(
      emulator,
      ["audit", "-"],
      (await cli.run(["stack", "export"])).stdout,
    );
    expect(result.stdout).toMatch(/6 managed by the given stacks; 0 unmanaged/);
    expect(result.code).toBe(0);
  });

  test("a second up changes nothing and writes nothing", async () => {
    emulator.clearRequests();
    const { stdout } = await cli.run(["up", "--yes", "--skip-preview"]);
    expect(stdout).toMatch(/7 unchanged/); // six resources and the stack
    expect(logLines(emulator, { writesOnly: true })).toEqual([]);
  });

  test("the dictionary's write-back into the persona's voice settings is not drift", async () => {
    const voiceSettings = livePersona().layers?.tts?.voice_settings as
      Record<string, unknown> | undefined;
    expect(voiceSettings?.pronunciation_dict_id).toEqual(expect.any(String));
    const clean = await gate();
    expect(clean.stdout + clean.stderr).not.toMatch(/to update|to replace/);
    expect(clean.code).toBe(0);
  });

  test("changing one objective's prompt sends one GET and one PATCH to that objectives object, nothing else", async () => {
    const before = structuredClone(emulator.state().objectives[0]!.data);
    await cli.run([
      "config",
      "set",
      "firstPrompt",
      "Ask whether this is the caller's first visit.",
    ]);
    emulator.clearRequests();
    const up = await cli.run(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/1 updated/);
    expect(logLines(emulator)).toEqual([
      `GET /v2/objectives/${ids.objectivesId}`,
      `PATCH /v2/objectives/${ids.objectivesId}`,
    ]);
    // The list is patched whole, guarded by what was read (docs/tavus-api/objectives.md#patch: `/data` replaced).
    const [guard, change, ...more] = emulator.requests()[1]!.body as Array<{
      op: string;
      path: string;
      value: Array<Record<string, unknown>>;
    }>;
    expect(more).toEqual([]);
    expect(guard).toEqual({ op: "test", path: "/data", value: before });
    expect(change).toMatchObject({ op: "replace", path: "/data" });
    expect(change!.value.map((o) => [o.objective_name, o.objective_prompt])).toEqual([
      ["ask_if_new_patient", "Ask whether this is the caller's first visit."],
      ["collect_details", "Collect the caller's full name and date of birth."],
      ["confirm_appointment", "Offer the next free appointment and confirm it."],
    ]);
    expect(change!.value.map((o) => o.next_conditional_objectives)).toEqual([
      before[0]!.next_conditional_objectives,
      undefined,
      undefined,
    ]);
    expect(emulator.state().objectives[0]!.data[0]!.objective_prompt).toBe(
      "Ask whether this is the caller's first visit.",
    );
  });

  test("a guardrail prompt edited by hand fails the drift gate, naming guardrailPrompt; up --refresh heals it with one PATCH", async () => {
    const [edited] = ids.guardrailIds;
    const writes = await guardrailPromptDrift(
      emulator,
      cli,
      edited!,
      "Never give medical advice; offer an appointment with a doctor instead.",
    );
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([`PATCH /v2/guardrails/${edited}`]);
    expect(writes[0]!.body).toEqual([
      { op: "test", path: "/guardrail_prompt", value: "Medical advice is fine." },
      {
        op: "replace",
        path: "/guardrail_prompt",
        value: "Never give medical advice; offer an appointment with a doctor instead.",
      },
    ]);
  });

  test("destroy deletes the persona first, then the rest, and leaves an empty account", async () => {
    emulator.clearRequests();
    const destroy = await cli.run(["destroy", "--yes", "--skip-preview"]);
    expect(destroy.stdout).toMatch(/7 deleted/);
    const deletes = logLines(emulator);
    expect(deletes[0]).toBe(`DELETE /v2/personas/${ids.personaId}`);
    expect([...deletes].sort()).toEqual(
      [
        `DELETE /v2/personas/${ids.personaId}`,
        `DELETE /v2/objectives/${ids.objectivesId}`,
        ...ids.guardrailIds.map((id) => `DELETE /v2/guardrails/${id}`),
        `DELETE /v2/guardrails/${ids.guardrailSetId}`,
        `DELETE /v2/pronunciation-dictionaries/${ids.pronunciationDictionaryId}`,
      ].sort(),
    );
    expect(emulator.requests().every((r) => r.status === 204 || r.status === 200)).toBe(true);
    const state = emulator.state();
    expect(state.personas.filter((p) => p.persona_type !== "system")).toEqual([]);
    expect(state.objectives).toEqual([]);
    expect(state.guardrails).toEqual([]);
    expect(state.guardrailSets).toEqual([]);
    expect(state.pronunciationDictionaries).toEqual([]);
  });
});
