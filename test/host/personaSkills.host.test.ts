/**
 * A persona's skills (issue #23) through the real dynamic-provider host,
 * against the emulator, with the exact requests of each case: create attaches
 * each skill; an unchanged diff costs nothing; one skill's config changed is
 * one merge PATCH of it; adding or removing one is one PUT or DELETE of it,
 * never the whole-set PUT; `attached_at`/`updated_at` never drift; a skill
 * detached by hand shows on refresh and the next update reattaches it.
 */
import { urnOf } from "../harness/providerHost";
import { TYPES, useProviderHost } from "../harness/hostSuite";

const suite = useProviderHost({});
const wire = () => suite.calls({ status: true });
type Props = Record<string, unknown>;

const urn = urnOf(TYPES.persona, "presenter");
const withProvider = (props: Props) => ({
  systemPrompt: "Present the deck.",
  ...props,
  __provider: suite.providers[TYPES.persona]!,
});
const presentation = (prompt: string) => ({
  documentIds: ["d1-000000000001"],
  slidesTrigger: "on_demand",
  prompt,
});

describe("skills on a persona through the provider host", () => {
  let id = "";
  let outputs: Props = {};
  const skills = { internetSearch: {}, presentation: presentation("Walk through it.") };

  test("create attaches each skill with one PUT of it, after the persona", async () => {
    suite.emulator.clearRequests();
    const created = await suite.host.create(urn, withProvider({ skills }));
    id = created.id;
    outputs = created.properties;
    expect(wire()).toEqual([
      "POST /v2/personas 200",
      `GET /v2/personas/${id} 200`,
      `PUT /v2/pals/${id}/skills/internet_search 200`,
      `PUT /v2/pals/${id}/skills/presentation 200`,
    ]);
    expect(suite.emulator.requests()[3]!.body).toEqual({
      config: {
        document_ids: ["d1-000000000001"],
        slides_trigger: "on_demand",
        prompt: "Walk through it.",
      },
    });
    expect(outputs.skills).toEqual(skills);
  });

  test("an unchanged diff makes no request; refresh lists the skills; their times never drift", async () => {
    suite.emulator.clearRequests();
    expect((await suite.host.diff(urn, id, outputs, withProvider({ skills }))).changes).toBe(
      "none",
    );
    expect(wire()).toEqual([]);
    const read = await suite.host.read(urn, id, outputs);
    expect(wire()).toEqual([`GET /v2/personas/${id} 200`, `GET /v2/pals/${id}/skills 200`]);
    expect(read.properties.skills).toEqual(skills);
    expect(JSON.stringify(read.properties.skills)).not.toMatch(/attached_?[aA]t|updated_?[aA]t/i);
    expect(
      (await suite.host.diff(urn, id, read.properties, withProvider({ skills }))).changes,
    ).toBe("none");
  });

  test("changing one skill's config is one merge PATCH of that skill, nothing else", async () => {
    const next = { ...skills, presentation: presentation("Take questions after each slide.") };
    expect((await suite.host.diff(urn, id, outputs, withProvider({ skills: next }))).changes).toBe(
      "some",
    );
    suite.emulator.clearRequests();
    outputs = (await suite.host.update(urn, id, outputs, withProvider({ skills: next })))
      .properties;
    expect(wire()).toEqual([`PATCH /v2/pals/${id}/skills/presentation 200`]);
    expect(suite.emulator.requests()[0]!.body).toEqual({
      config: { prompt: "Take questions after each slide." },
    });
    const live = suite.emulator.state().palSkills!.find((p) => p.pal_id === id)!.skills;
    expect(live.presentation!.config).toEqual({
      document_ids: ["d1-000000000001"],
      slides_trigger: "on_demand",
      prompt: "Take questions after each slide.",
    });
  });

  test("adding one skill is one PUT of it; removing one is one DELETE of it", async () => {
    const current = outputs.skills as Record<string, unknown>;
    const added: Record<string, unknown> = {
      ...current,
      magicCanvas: { components: { chart: { enabled: true } } },
    };
    suite.emulator.clearRequests();
    outputs = (await suite.host.update(urn, id, outputs, withProvider({ skills: added })))
      .properties;
    expect(wire()).toEqual([`PUT /v2/pals/${id}/skills/magic_canvas 200`]);
    expect(suite.emulator.requests()[0]!.body).toEqual({
      config: { components: { chart: { enabled: true } } },
    });
    const { internetSearch: _dropped, ...removed } = added;
    suite.emulator.clearRequests();
    outputs = (await suite.host.update(urn, id, outputs, withProvider({ skills: removed })))
      .properties;
    expect(wire()).toEqual([`DELETE /v2/pals/${id}/skills/internet_search 204`]);
    expect(
      Object.keys(suite.emulator.state().palSkills!.find((p) => p.pal_id === id)!.skills).sort(),
    ).toEqual(["magic_canvas", "presentation"]);
  });

  test("a skill detached by hand shows on refresh, and the next update reattaches it alone", async () => {
    const desired = outputs.skills as Record<string, unknown>;
    const detached = await fetch(`${suite.emulator.url}/v2/pals/${id}/skills/magic_canvas`, {
      method: "DELETE",
      headers: { "x-api-key": suite.emulator.apiKey },
    });
    expect(detached.status).toBe(204);
    const read = await suite.host.read(urn, id, outputs);
    expect(Object.keys(read.properties.skills as object)).toEqual(["presentation"]);
    expect(
      (await suite.host.diff(urn, id, read.properties, withProvider({ skills: desired }))).changes,
    ).toBe("some");
    suite.emulator.clearRequests();
    outputs = (await suite.host.update(urn, id, read.properties, withProvider({ skills: desired })))
      .properties;
    expect(wire()).toEqual([`PUT /v2/pals/${id}/skills/magic_canvas 200`]);
  });

  test("an unknown skill and a presentation without documents fail at plan time, naming the property", async () => {
    suite.emulator.clearRequests();
    const { failures } = await suite.host.check(
      urn,
      {},
      withProvider({ skills: { webBrowse: {}, presentation: { prompt: "no deck" } } }),
    );
    expect([...failures].sort((a, b) => a.property.localeCompare(b.property))).toEqual([
      {
        property: "skills.presentation.documentIds",
        reason: expect.stringContaining("documentIds"),
      },
      {
        property: "skills.webBrowse",
        reason: expect.stringContaining('unknown skill "webBrowse"'),
      },
    ]);
    expect(wire()).toEqual([]);
  });

  test("without skills in the program, a persona's skills are not touched", async () => {
    const { skills: _skills, ...withoutSkills } = outputs;
    suite.emulator.clearRequests();
    const read = await suite.host.read(urn, id, withoutSkills);
    expect(wire()).toEqual([`GET /v2/personas/${id} 200`]);
    expect(read.properties.skills).toBeUndefined();
    await suite.host.delete(urn, id, outputs);
  });
});
