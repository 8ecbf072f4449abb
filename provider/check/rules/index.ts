/**
 * The rules of `pulumi-tavus check`, in the order their findings print. A rule
 * is one module of this folder with one job; adding one is a module and a line
 * here, and a section of docs/check-rules.md (test/check/rulesDocumented.test.ts).
 */
import type { Rule } from "../model";
import { deployments } from "./deployments";
import { objectiveGraph } from "./objectiveGraph";
import { references } from "./references";
import { spokenText } from "./spokenText";
import { tools } from "./tools";

/** Every rule. */
export const RULES: readonly Rule[] = [objectiveGraph, references, spokenText, tools, deployments];
