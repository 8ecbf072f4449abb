/**
 * `pulumi-tavus check -` on `pulumi preview --json`: the planned inputs of the
 * Tavus resources, references that are not known yet followed through
 * `propertyDependencies`; and `--summary`, the change in words.
 */
import { checkModelFromPreview, UNKNOWN, type PreviewStep } from "../../provider/check/fromPreview";
import { runRules } from "../../provider/check/run";
import { previewSummary } from "../../provider/check/summary";
import { check } from "../../provider/cli/check";
import { accountPreview, previewObjectives } from "./helpers";

const PREFIX = "urn:pulumi:e2e::tavus-account-example::pulumi-nodejs:dynamic/tavus:";
const urn = (type: string, name: string) => `${PREFIX}${type}::${name}`;
const provider = 'exports.handler = () => require("pulumi-tavus/providers/persona");\n';

describe("check of a preview", () => {
  test("examples/account's preview: every Tavus resource, references to their resources, clean (notices only)", async () => {
    const preview = accountPreview();
    const model = checkModelFromPreview(preview);
    expect(model.objects.map((o) => o.where)).toEqual([
      "Objectives intake",
      "GuardrailSet privacy",
      "Guardrail no-medical-advice",
      "PronunciationDictionary names",
      "Guardrail no-prices",
      "Persona receptionist",
    ]);
    const persona = model.objects.at(-1)!;
    expect(persona.document.objectives_id).toBe(UNKNOWN);
    const target = model.target(persona, ["objectives_id"], UNKNOWN);
    expect("unknown" in target && target.unknown.map((o) => o.where)).toEqual([
      "Objectives intake",
    ]);
    const result = await check({ source: "-", input: JSON.stringify(preview) });
    expect(result.findings.filter((f) => f.severity !== "notice")).toEqual([]);
    expect(result.code).toBe(0);
  });

  test("a reference to a resource of the wrong kind is an error naming the Pulumi field", () => {
    const preview = accountPreview();
    const persona = preview.steps.find((s) => s.urn.endsWith("::receptionist"))!;
    // objectives: noPrices, as a slip of the pen would write it.
    persona.newState!.propertyDependencies!.objectivesId = [urn("Guardrail", "no-prices")];
    const findings = runRules(checkModelFromPreview(preview)).filter(
      (f) => f.rule === "references",
    );
    expect(findings.map((f) => [f.where, f.field, f.severity])).toEqual([
      ["Persona receptionist", "objectivesId", "error"],
    ]);
    expect(findings[0]!.message).toBe(
      "takes the id of a objectives, but gets the id of guardrail no-prices",
    );
  });

  test("input that is no preview says what to pipe in", async () => {
    const result = await check({ source: "-", input: "not json" });
    expect(result.code).toBe(1);
    expect(result.err[0]).toMatch(/pipe "pulumi preview --json" into "pulumi-tavus check -"/);
    await expect(check({ source: "-", input: "{}" })).rejects.toThrow(/has no "steps" list/);
  });
});

/** The objectives of examples/account, as the preview shows them. */
const INTAKE = previewObjectives(accountPreview().steps, "intake");

/** A preview of examples/account after `up`: a prompt edited, an objective added, a guardrail removed. */
function threeChanges(): unknown {
  const personaInputs = {
    __provider: provider,
    personaName: "Clinic receptionist",
    systemPrompt: "You are the friendly receptionist of a small clinic.",
    objectivesId: "o1",
    guardrailIds: ["g1", "g2"],
    guardrailsId: "s1",
    layers: { llm: { apiKey: "[secret]" }, tts: { ttsEngine: "cartesia" } },
  };
  return {
    steps: [
      {
        op: "update",
        urn: urn("Objectives", "intake"),
        oldState: {
          type: "pulumi-nodejs:dynamic/tavus:Objectives",
          id: "o1",
          inputs: { data: INTAKE },
          outputs: { objectivesId: "o1" },
        },
        newState: {
          type: "pulumi-nodejs:dynamic/tavus:Objectives",
          inputs: {
            // A new branch: the edge to the new objective is part of adding it.
            data: [
              {
                ...INTAKE[0]!,
                nextConditionalObjectives: {
                  ...INTAKE[0]!.nextConditionalObjectives,
                  ask_insurance: "the caller asks about insurance",
                },
              },
              INTAKE[1],
              {
                objectiveName: "ask_insurance",
                objectivePrompt: "Ask for the insurer.",
                nextRequiredObjectives: ["confirm_appointment"],
              },
              INTAKE[2],
            ],
          },
        },
      },
      {
        op: "update",
        urn: urn("Persona", "receptionist"),
        oldState: {
          type: "pulumi-nodejs:dynamic/tavus:Persona",
          id: "p1",
          inputs: personaInputs,
          outputs: { personaId: "p1" },
        },
        newState: {
          type: "pulumi-nodejs:dynamic/tavus:Persona",
          inputs: {
            ...personaInputs,
            systemPrompt: "You are the cheerful receptionist of a small clinic.",
            guardrailIds: ["g1"],
          },
          propertyDependencies: {
            guardrailIds: [urn("Guardrail", "no-medical-advice")],
            objectivesId: [urn("Objectives", "intake")],
          },
        },
      },
      {
        op: "delete",
        urn: urn("Guardrail", "no-prices"),
        oldState: {
          type: "pulumi-nodejs:dynamic/tavus:Guardrail",
          id: "g2",
          inputs: { guardrailName: "no_prices", guardrailPrompt: "Do not quote prices." },
          outputs: { guardrailId: "g2" },
        },
      },
    ],
  };
}

describe("--summary", () => {
  test("a preview that edits a prompt, adds an objective and removes a guardrail says exactly those three things", () => {
    const summary = previewSummary(threeChanges());
    const bullets = summary.split("\n").filter((l) => l.startsWith("- "));
    expect(bullets).toEqual([
      "- system prompt: You are the ~~friendly~~ **cheerful** receptionist of a small clinic.",
      "- guardrails: removed `no-prices`",
      "- objectives `intake`: added objective `ask_insurance` (after `ask_if_new_patient`)",
    ]);
    expect(summary).toContain("**Persona `receptionist`** (Clinic receptionist)");
  });

  test("holds no secret: secret and write-only fields say only that they changed", () => {
    const preview = threeChanges() as { steps: PreviewStep[] };
    const persona = preview.steps[1]!;
    // As `pulumi preview --json --show-secrets` would print them.
    persona.oldState!.inputs = {
      ...persona.oldState!.inputs,
      layers: { llm: { apiKey: "sk-old-7f3a91" } },
    };
    persona.newState!.inputs = {
      ...persona.newState!.inputs,
      layers: { llm: { apiKey: "sk-new-c0ffee" } },
    };
    preview.steps.push({
      op: "update",
      urn: urn("Deployment", "site"),
      oldState: {
        type: "pulumi-nodejs:dynamic/tavus:Deployment",
        id: "d1",
        inputs: {
          palId: "p1",
          channel: "widget",
          password: "hunter2-old",
          allowedOrigins: ["https://a.example"],
        },
      },
      newState: {
        type: "pulumi-nodejs:dynamic/tavus:Deployment",
        inputs: {
          palId: "p1",
          channel: "widget",
          password: "hunter2-new",
          allowedOrigins: ["https://b.example"],
        },
      },
    });
    const summary = previewSummary(preview);
    for (const secret of ["sk-old-7f3a91", "sk-new-c0ffee", "hunter2-old", "hunter2-new"])
      expect(summary).not.toContain(secret);
    expect(summary).toContain("- layers.llm.api_key: changed (secret, not shown)");
    expect(summary).toContain(
      "deployment `site`: allowed origins: added `https://b.example`; removed `https://a.example`",
    );
    expect(summary).toContain("deployment `site`: password: changed (secret, not shown)");
  });

  test("a preview with no Tavus change says so", () => {
    expect(previewSummary({ steps: [] })).toContain("No Tavus resource changes.");
  });
});
