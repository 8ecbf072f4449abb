/**
 * A real gRPC client of the plugin executable, as the engine is one: starts
 * `pulumi-resource-tavus` from the installed fixture (the packed package),
 * reads its port and calls the provider protocol with Pulumi's generated
 * stubs. Values go in and come out as plain data; secrets keep the protocol's
 * signature so tests can see what is marked secret.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import { installedFixture } from "./providerHost";

const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/proto/provider_pb"));
/* eslint-disable @typescript-eslint/no-explicit-any -- the generated stubs are untyped JS */
const grpc = fromPulumi("@grpc/grpc-js");
const messages = fromPulumi("./provider_pb");
const services = fromPulumi("./provider_grpc_pb");
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb");
const { Empty } = fromPulumi("google-protobuf/google/protobuf/empty_pb");

type Props = Record<string, unknown>;

/** The secret marker of the protocol, for assertions. */
export const SECRET_KEY = "4dabf18193072939515e22adb298388d";

/** A plugin process and a client bound to it. */
export interface PluginClient {
  /** Everything the plugin wrote on stderr so far. */
  stderr(): string;
  info(): Promise<{ version: string }>;
  schema(): Promise<Props>;
  configure(variables: Record<string, string>): Promise<{ acceptSecrets: boolean }>;
  check(
    type: string,
    name: string,
    olds: Props,
    news: Props,
  ): Promise<{ inputs: Props; failures: Array<{ property: string; reason: string }> }>;
  diff(
    type: string,
    name: string,
    id: string,
    olds: Props,
    news: Props,
  ): Promise<{ changes: "none" | "some" | "unknown"; replaces: string[] }>;
  create(type: string, name: string, props: Props): Promise<{ id: string; outs: Props }>;
  /** Read; without `props` it is an import's read (no properties at all). */
  read(
    type: string,
    name: string,
    id: string,
    props?: Props,
  ): Promise<{ id: string; props: Props; inputs: Props }>;
  update(type: string, name: string, id: string, olds: Props, news: Props): Promise<Props>;
  delete(type: string, name: string, id: string, props: Props): Promise<void>;
  stop(): Promise<void>;
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>` of a plugin resource. */
export function pluginUrn(type: string, name: string): string {
  return `urn:pulumi:test::plugin::${type}::${name}`;
}

/** Starts the installed `pulumi-resource-tavus` and connects to it. */
export async function startPlugin(): Promise<PluginClient> {
  const exe = path.join(installedFixture(), "node_modules", ".bin", "pulumi-resource-tavus");
  const child = spawn(exe, [], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const port = await firstLine(child);
  const client = new services.ResourceProviderClient(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  );
  const call = <T>(method: string, request: unknown): Promise<T> =>
    new Promise((resolve, reject) =>
      client[method](request, (error: Error | null, response: T) =>
        error ? reject(error) : resolve(response),
      ),
    );
  const struct = (value: Props) => Struct.fromJavaScript(value);
  const plain = (value: any): Props => (value ? value.toJavaScript() : {});
  return {
    stderr: () => stderr,
    async info() {
      const response: any = await call("getPluginInfo", new Empty());
      return { version: response.getVersion() };
    },
    async schema() {
      const request = new messages.GetSchemaRequest();
      const response: any = await call("getSchema", request);
      return JSON.parse(response.getSchema());
    },
    async configure(variables) {
      const request = new messages.ConfigureRequest();
      const args: Props = {};
      for (const [key, value] of Object.entries(variables)) {
        request.getVariablesMap().set(key.replace(/^tavus:/, "tavus:config:"), value);
        args[key.replace(/^tavus:/, "")] = value;
      }
      request.setArgs(struct(args));
      request.setAcceptsecrets(true);
      const response: any = await call("configure", request);
      return { acceptSecrets: response.getAcceptsecrets() };
    },
    async check(type, name, olds, news) {
      const request = new messages.CheckRequest();
      request.setUrn(pluginUrn(type, name));
      request.setOlds(struct(olds));
      request.setNews(struct(news));
      const response: any = await call("check", request);
      return {
        inputs: plain(response.getInputs()),
        failures: response
          .getFailuresList()
          .map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },
    async diff(type, name, id, olds, news) {
      const request = new messages.DiffRequest();
      request.setUrn(pluginUrn(type, name));
      request.setId(id);
      request.setOlds(struct(olds));
      request.setNews(struct(news));
      const response: any = await call("diff", request);
      const changes = messages.DiffResponse.DiffChanges;
      const answer = response.getChanges();
      return {
        changes:
          answer === changes.DIFF_SOME ? "some" : answer === changes.DIFF_NONE ? "none" : "unknown",
        replaces: response.getReplacesList(),
      };
    },
    async create(type, name, props) {
      const request = new messages.CreateRequest();
      request.setUrn(pluginUrn(type, name));
      request.setProperties(struct(props));
      const response: any = await call("create", request);
      return { id: response.getId(), outs: plain(response.getProperties()) };
    },
    async read(type, name, id, props) {
      const request = new messages.ReadRequest();
      request.setUrn(pluginUrn(type, name));
      request.setId(id);
      if (props) request.setProperties(struct(props));
      const response: any = await call("read", request);
      return {
        id: response.getId(),
        props: plain(response.getProperties()),
        inputs: plain(response.getInputs()),
      };
    },
    async update(type, name, id, olds, news) {
      const request = new messages.UpdateRequest();
      request.setUrn(pluginUrn(type, name));
      request.setId(id);
      request.setOlds(struct(olds));
      request.setNews(struct(news));
      const response: any = await call("update", request);
      return plain(response.getProperties());
    },
    async delete(type, name, id, props) {
      const request = new messages.DeleteRequest();
      request.setUrn(pluginUrn(type, name));
      request.setId(id);
      request.setProperties(struct(props));
      await call("delete", request);
    },
    async stop() {
      client.close();
      child.kill();
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (d: Buffer) => {
      out += d.toString();
      const newline = out.indexOf("\n");
      if (newline >= 0) {
        child.stdout!.off("data", onData);
        resolve(out.slice(0, newline).trim());
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`pulumi-resource-tavus exited (${code})`)));
  });
}

/** Plain data without the secret markers: what a secret holds. */
export function unsecret(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unsecret);
  if (value && typeof value === "object") {
    if (SECRET_KEY in value) return unsecret((value as unknown as { value: unknown }).value);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unsecret(v)]));
  }
  return value;
}
