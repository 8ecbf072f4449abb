/**
 * Tool: a function a persona can call, delivered to your app (`delivery:
 * {appMessage: true}`) or to an API (`delivery: {api: {url, method, headers,
 * auth, …}}`), with `name`, `description`, `parameters` (a JSON Schema),
 * `triggerType`, `origin`, `onCall`, `onResolve`, `staticFiller`.
 *
 * `delivery.api.headers` and `delivery.api.auth` are write-only secrets: moved
 * to the encrypted output `deliverySecrets`, compared with what was last sent
 * (Get masks them), sent only when they change. Personas point at tools by id
 * (`toolIds`); a TypeScript program may pass the resources instead (`tools: [t]`).
 * Fields and their rules: ../definitions/tool.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ArgsOf, OutputPropertiesOf } from "../definitions/table";
import { toolDefinition, type ToolInputs, type ToolOutputs } from "../definitions/tool";
import { providerModule, TavusResource } from "./tavusResource";
import * as ToolProvider from "./toolProvider";

/** The inputs of a {@link Tool}: the API's fields in camelCase, and `adoptId` to take over an existing tool. */
export type ToolArgs = ArgsOf<Omit<ToolInputs, "deliverySecrets">>;

/** The output properties, typed from the definition (declaration merging with the class). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Tool extends OutputPropertiesOf<ToolOutputs> {}

/** A Tavus tool. Type token `pulumi-nodejs:dynamic/tavus:Tool`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Tool extends TavusResource {
  constructor(name: string, args: ToolArgs, opts: pulumi.CustomResourceOptions = {}) {
    const provider = providerModule<ToolInputs, ToolOutputs>(ToolProvider);
    super(toolDefinition, provider, name, args, opts);
  }
}
