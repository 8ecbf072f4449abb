/**
 * Deployments (docs/check-rules.md#deployments): a browser sends an origin
 * (`https://clinic.example`: scheme, host, port), never a path, so an allowed
 * origin written as a URL with a path, a query or a trailing slash matches no
 * page; and a widget that names no origin may be embedded by any site.
 */
import {
  finding,
  objectsOf,
  type CheckModel,
  type CheckObject,
  type Finding,
  type Rule,
} from "../model";

const RULE = "deployments";

/** Why `value` is no web origin; undefined when it is one. */
export function originProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is no URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return `has the scheme ${url.protocol} (an origin is http or https)`;
  if (url.username || url.password) return "holds a user name or password";
  const rest = value.slice(url.origin.length);
  if (rest)
    return `has "${rest}" after the host (an origin is scheme and host, with no path, query or trailing slash)`;
  return undefined;
}

/** The deployments rule. */
export const deployments: Rule = {
  id: RULE,
  title: "allowed origins are origins (scheme + host, no path); a widget names its origins",
  check: (model) => objectsOf(model, "Deployment").flatMap((d) => checkDeployment(model, d)),
};

function checkDeployment(model: CheckModel, deployment: CheckObject): Finding[] {
  const out: Finding[] = [];
  const origins = deployment.document.allowed_origins;
  if (Array.isArray(origins))
    origins.forEach((o, i) => {
      if (typeof o !== "string") return;
      const problem = originProblem(o);
      let fix = 'write the origin alone, e.g. "https://clinic.example"';
      try {
        if (problem && new URL(o).origin !== "null") fix = `write "${new URL(o).origin}"`;
      } catch {
        // no URL at all: the example says what one looks like
      }
      if (problem)
        out.push(
          finding(
            model,
            RULE,
            "error",
            deployment,
            ["allowed_origins", i],
            `"${o}" ${problem}: a browser's Origin never matches it`,
            fix,
          ),
        );
    });
  if (deployment.document.channel === "widget" && (!Array.isArray(origins) || origins.length === 0))
    out.push(
      finding(
        model,
        RULE,
        "warning",
        deployment,
        ["allowed_origins"],
        "the widget names no allowed origin: any website may embed it, and its calls count against your usage",
        'list the sites that embed it: allowed_origins: ["https://clinic.example"]',
      ),
    );
  return out;
}
