/** Every rule of `pulumi-tavus check` has its section in docs/check-rules.md, and no section is left without a rule. */
import * as fs from "node:fs";
import * as path from "node:path";
import { RULES } from "../../provider/check/rules";

test("docs/check-rules.md has one section a rule, named by its id", () => {
  const doc = fs.readFileSync(path.join(__dirname, "../../docs/check-rules.md"), "utf8");
  const sections = [...doc.matchAll(/^## (\S+)$/gm)].map((m) => m[1]);
  expect(sections).toEqual(RULES.map((r) => r.id));
});
