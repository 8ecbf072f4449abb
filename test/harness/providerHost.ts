/**
 * Drives the real `@pulumi/pulumi/cmd/dynamic-provider` host over gRPC, the way
 * the Pulumi engine does: the host is started in the installed fixture, prints
 * its port, deserializes `__provider` from each request and calls our code.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";

// The SDK ships its generated gRPC stubs as CommonJS without types we can import cleanly.
const provproto = require("@pulumi/pulumi/proto/provider_pb");
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const structproto = require("google-protobuf/google/protobuf/struct_pb");

/** Where globalSetup installed the packed package. */
export function installedFixture(): string {
  const fixture = process.env.PULUMI_TAVUS_INSTALLED;
  if (!fixture) throw new Error("PULUMI_TAVUS_INSTALLED is not set: test/harness/globalSetup.js did not run");
  return fixture;
}

/** The `__provider` texts the SDK serializes for each resource type, keyed by type token. */
export function serializedProviders(): Record<string, string> {
  const out = execFileSync(process.execPath, [path.join(installedFixture(), "serializeProviders.js")], {
    cwd: installedFixture(),
    encoding: "utf8",
    env: { ...process.env, TAVUS_API_KEY: "" },
  });
  return JSON.parse(out) as Record<string, string>;
}

type Props = Record<string, unknown>;

/** A failed gRPC call: the host's message and any ErrorResourceInitFailed details. */
export interface HostError extends Error {
  code: number;
  details: string;
  metadata: grpc.Metadata;
}

export class ProviderHost {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: grpc.Client & Record<string, (...args: unknown[]) => unknown>,
    readonly stderr: string[],
  ) {}

  /** Starts the host in `cwd` (the installed fixture) and connects to it. */
  static async start(cwd: string = installedFixture(), env: NodeJS.ProcessEnv = {}): Promise<ProviderHost> {
    const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [cwd] });
    const child = spawn(process.execPath, [script, "127.0.0.1:1"], {
      cwd,
      env: { ...process.env, PULUMI_NODEJS_PROJECT: "fixture", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stderr: string[] = [];
    child.stderr!.on("data", (d: Buffer) => stderr.push(d.toString()));
    const port = await new Promise<string>((resolve, reject) => {
      let buffer = "";
      child.stdout!.on("data", (d: Buffer) => {
        buffer += d.toString();
        const line = buffer.split("\n")[0];
        if (buffer.includes("\n") && line) resolve(line.trim());
      });
      child.on("exit", (code) => reject(new Error(`provider host exited (${code}): ${stderr.join("")}`)));
    });
    const Client = provrpc.ResourceProviderClient as new (addr: string, creds: grpc.ChannelCredentials) => grpc.Client;
    const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new ProviderHost(child, client as grpc.Client & Record<string, (...args: unknown[]) => unknown>, stderr);
  }

  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once("exit", resolve));
      this.child.kill("SIGTERM");
      await exited;
    }
  }

  async configure(config: Record<string, string>): Promise<void> {
    const req = new provproto.ConfigureRequest();
    req.setArgs(structproto.Struct.fromJavaScript(config));
    await this.call("configure", req);
  }

  async check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const req = new provproto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(structproto.Struct.fromJavaScript(olds));
    req.setNews(structproto.Struct.fromJavaScript(news));
    const resp = await this.call("check", req);
    return {
      inputs: resp.getInputs().toJavaScript(),
      failures: resp.getFailuresList().map((f: { getProperty(): string; getReason(): string }) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(urn: string, id: string, olds: Props, news: Props): Promise<{ changes: "none" | "some" | "unknown"; replaces: string[]; deleteBeforeReplace: boolean }> {
    const req = new provproto.DiffRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(structproto.Struct.fromJavaScript(olds));
    req.setNews(structproto.Struct.fromJavaScript(news));
    const resp = await this.call("diff", req);
    const C = provproto.DiffResponse.DiffChanges;
    const changes = resp.getChanges() === C.DIFF_SOME ? "some" : resp.getChanges() === C.DIFF_NONE ? "none" : "unknown";
    return { changes, replaces: resp.getReplacesList(), deleteBeforeReplace: resp.getDeletebeforereplace() };
  }

  async create(urn: string, properties: Props): Promise<{ id: string; properties: Props }> {
    const req = new provproto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(structproto.Struct.fromJavaScript(properties));
    const resp = await this.call("create", req);
    return { id: resp.getId(), properties: resp.getProperties().toJavaScript() };
  }

  async read(urn: string, id: string, properties: Props): Promise<{ id: string; properties: Props; inputs: Props | undefined }> {
    const req = new provproto.ReadRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(structproto.Struct.fromJavaScript(properties));
    const resp = await this.call("read", req);
    return { id: resp.getId(), properties: resp.getProperties()?.toJavaScript() ?? {}, inputs: resp.getInputs()?.toJavaScript() };
  }

  async update(urn: string, id: string, olds: Props, news: Props): Promise<{ properties: Props }> {
    const req = new provproto.UpdateRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(structproto.Struct.fromJavaScript(olds));
    req.setNews(structproto.Struct.fromJavaScript(news));
    const resp = await this.call("update", req);
    return { properties: resp.getProperties().toJavaScript() };
  }

  async delete(urn: string, id: string, properties: Props): Promise<void> {
    const req = new provproto.DeleteRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(structproto.Struct.fromJavaScript(properties));
    await this.call("delete", req);
  }

  /** The ErrorResourceInitFailed id carried by a failed create, if any. */
  static initFailedId(error: HostError): string | undefined {
    const bin = error.metadata?.get("grpc-status-details-bin")?.[0];
    if (!bin) return undefined;
    const statusproto = require("@pulumi/pulumi/proto/status_pb");
    const status = statusproto.Status.deserializeBinary(bin as Buffer);
    const detail = status.getDetailsList()[0];
    if (!detail) return undefined;
    const failed = provproto.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
    return failed.getId();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private call(method: string, req: unknown): Promise<any> {
    return new Promise((resolve, reject) => {
      (this.client[method] as (r: unknown, cb: (err: HostError | null, resp: unknown) => void) => void).call(
        this.client,
        req,
        (err, resp) => (err ? reject(err) : resolve(resp)),
      );
    });
  }
}

/** The URN the engine would give a resource of `type` named `name`. */
export function urnOf(type: string, name: string): string {
  return `urn:pulumi:dev::fixture::${type}::${name}`;
}
