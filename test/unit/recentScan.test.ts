/**
 * The create-at-most-once lookup's matcher on abridged list pages: an item
 * whose listed name differs from the body's is ruled out without reading it
 * whole; an unnamed body or item still is read and compared.
 */
import type { TavusClient } from "../../provider/client";
import { namesDiffer, recentScan } from "../../provider/resources/createdBy";
import { kindNamed } from "../../provider/kinds";

const persona = kindNamed("Persona")!;

/** A persona list item as a list page may show it: no system_prompt, so abridged. */
const listed = (id: string, name?: string) => ({
  persona_id: id,
  persona_type: "user",
  created_at: "2026-12-02T08:00:00Z",
  ...(name === undefined ? {} : { persona_name: name }),
});

/** A client whose personas group counts the Gets and answers the whole persona. */
function countingClient(whole: Record<string, object>) {
  const retrieved: string[] = [];
  const client = {
    personas: {
      list: async () => ({ data: [], total_count: 0 }),
      retrieve: async (id: string) => {
        retrieved.push(id);
        return whole[id];
      },
    },
  } as unknown as TavusClient;
  return { client, retrieved };
}

describe("recentScan on abridged list pages", () => {
  const body = { persona_name: "Gamma", system_prompt: "Be brief." };
  const wholeGamma = { ...listed("p1", "Gamma"), system_prompt: "Be brief." };

  test("another listed name is ruled out with no Get", async () => {
    const { client, retrieved } = countingClient({});
    const scan = recentScan(client, persona, body);
    expect(await scan.matches(listed("p2", "Alpha"))).toBe(false);
    expect(retrieved).toEqual([]);
  });

  test("the same listed name is read whole and compared", async () => {
    const { client, retrieved } = countingClient({ p1: wholeGamma });
    const scan = recentScan(client, persona, body);
    expect(await scan.matches(listed("p1", "Gamma"))).toBe(true);
    expect(retrieved).toEqual(["p1"]);
  });

  test("an item that lists no name is read whole: a missing name proves nothing", async () => {
    const { client, retrieved } = countingClient({ p1: wholeGamma });
    expect(await recentScan(client, persona, body).matches(listed("p1"))).toBe(true);
    expect(retrieved).toEqual(["p1"]);
  });

  test("an unnamed body reads every recent item whole", async () => {
    const unnamed = { system_prompt: "Be brief." };
    const { client, retrieved } = countingClient({ p2: { ...listed("p2", "Alpha"), ...unnamed } });
    expect(await recentScan(client, persona, unnamed).matches(listed("p2", "Alpha"))).toBe(false);
    expect(retrieved).toEqual(["p2"]);
  });
});

describe("namesDiffer", () => {
  test.each([
    ["Gamma", "Alpha", true],
    ["Gamma", "Gamma", false],
    ["", "Alpha", false],
    ["Gamma", "", false],
  ])("body %j, listed %j → %s", (sent, shown, expected) => {
    expect(namesDiffer(persona, { persona_name: sent }, { persona_name: shown })).toBe(expected);
  });
});
