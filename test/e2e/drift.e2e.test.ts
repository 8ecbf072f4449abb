/**
 * The root project (Pulumi.yaml → deploy/ → personas/) as a pipeline uses it:
 * `pulumi preview --refresh --expect-no-changes` must be a reliable drift gate.
 * No phantom diffs after create or refresh; every real out-of-band change is
 * reported with the property that drifted; `up` heals it.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { cliBin, driftGate, projectFrom, type Cli } from "../harness/e2e";
import { editPersona } from "../harness/dashboard";

const bin = cliBin("drift e2e");
const suite = bin ? describe : describe.skip;

suite("the personas folder deployed by the root project", () => {
  let emulator: RunningEmulator;
  let cli: Cli;
  let ids: Record<string, string>;

  const gate = () => driftGate(cli);
  const patch = (id: string, ops: unknown[]) => editPersona(emulator, id, ops);

  beforeAll(async () => {
    emulator = await startEmulator({ strict: true });
    const project = projectFrom(
      "root",
      ["Pulumi.yaml", "deploy", "personas", "guardrails"],
      bin!,
      emulator,
    );
    cli = project.cli;
    await project.init();
    await cli.run(["up", "--yes", "--skip-preview"]);
    ids = JSON.parse((await cli.run(["stack", "output", "personaIds", "--json"])).stdout) as Record<
      string,
      string
    >;
  });
  afterAll(async () => {
    await cli?.run(["destroy", "--yes", "--skip-preview"], { allowFailure: true });
    await emulator?.close();
  });

  test("three personas deploy from the folder, named after their files", () => {
    expect(Object.keys(ids).sort()).toEqual(["coach", "researcher", "support"]);
  });

  test("no phantom diff right after create, nor after a refresh", async () => {
    expect((await gate()).code).toBe(0);
    await cli.run(["refresh", "--yes", "--skip-preview"]);
    const again = await gate();
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/to update|to replace/);
  });

  test("a changed system_prompt and a removed layer field are both reported, then healed", async () => {
    expect(
      await patch(ids.researcher!, [{ op: "replace", path: "/system_prompt", value: "Hijacked." }]),
    ).toBe(200);
    expect(await patch(ids.support!, [{ op: "remove", path: "/layers/stt/hotwords" }])).toBe(200);
    const drift = await gate();
    expect(drift.code).not.toBe(0);
    expect(drift.stdout).toMatch(/~ systemPrompt\s*:[\s\S]*Hijacked\./);
    expect(drift.stdout).toMatch(/hotwords\s*: "Tavus, invoice, refund"/);
    expect(drift.stdout).toMatch(/2 to update/);

    emulator.clearRequests();
    await cli.run(["up", "--yes", "--skip-preview", "--refresh"]);
    const patches = emulator.requests().filter((r) => r.method === "PATCH");
    expect(patches.map((r) => r.path).sort()).toEqual(
      [`/v2/personas/${ids.researcher}`, `/v2/personas/${ids.support}`].sort(),
    );
    expect(patches.find((r) => r.path.endsWith(ids.support!))!.body).toEqual([
      { op: "add", path: "/layers/stt/hotwords", value: "Tavus, invoice, refund" },
    ]);
    expect((await gate()).code).toBe(0);
  });

  test("a persona deleted out of band is dropped by refresh and recreated by up", async () => {
    await fetch(`${emulator.url}/v2/personas/${ids.coach}`, {
      method: "DELETE",
      headers: { "x-api-key": emulator.apiKey },
    });
    const drift = await gate();
    expect(drift.code).not.toBe(0);
    await cli.run(["up", "--yes", "--skip-preview", "--refresh"]);
    const after = JSON.parse(
      (await cli.run(["stack", "output", "personaIds", "--json"])).stdout,
    ) as Record<string, string>;
    expect(after.coach).not.toBe(ids.coach);
    expect((await gate()).code).toBe(0);
  });
});
