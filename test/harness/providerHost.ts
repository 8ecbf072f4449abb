/**
 * Typed access, for the tests, to scripts/lib/providerHost.js (which drives the
 * real @pulumi/pulumi/cmd/dynamic-provider host over gRPC), plus the installed
 * fixture that fixtureSetup.js prepared.
 */
import type * as grpc from "@grpc/grpc-js";

type Props = Record<string, unknown>;

/** A failed gRPC call: the host's message and any ErrorResourceInitFailed details. */
export interface HostError extends Error {
  code: number;
  details: string;
  metadata: grpc.Metadata;
}

export interface ProviderHost {
  readonly stderr: string[];
  stop(): Promise<void>;
  /** Stack config as `tavus:*` keys; answers whether the process takes secrets marked as such. */
  configure(config: Record<string, string>): Promise<{ acceptSecrets: boolean }>;
  /** The plugin only: GetPluginInfo. */
  pluginInfo(): Promise<{ version: string }>;
  /** The plugin only: GetSchema, parsed. */
  schema(): Promise<Record<string, unknown>>;
  check(
    urn: string,
    olds: Props,
    news: Props,
  ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
  diff(
    urn: string,
    id: string,
    olds: Props,
    news: Props,
  ): Promise<{
    changes: "none" | "some" | "unknown";
    replaces: string[];
    deleteBeforeReplace: boolean;
  }>;
  create(urn: string, properties: Props): Promise<{ id: string; properties: Props }>;
  /** Read; without `properties` it is an import's read (no properties at all). */
  read(
    urn: string,
    id: string,
    properties?: Props,
  ): Promise<{ id: string; properties: Props; inputs: Props | undefined }>;
  update(urn: string, id: string, olds: Props, news: Props): Promise<{ properties: Props }>;
  delete(urn: string, id: string, properties: Props): Promise<void>;
}

const lib = require("../../scripts/lib/providerHost") as {
  ProviderHost: {
    start(cwd: string, env?: NodeJS.ProcessEnv): Promise<ProviderHost>;
    startPlugin(cwd: string, env?: NodeJS.ProcessEnv): Promise<ProviderHost>;
    initFailedId(error: HostError): string | undefined;
  };
  urnOf(type: string, name: string): string;
  SECRET_KEY: string;
  unsecret(value: unknown): unknown;
};

/** Where test/harness/fixtureSetup.js installed the packed package. */
export function installedFixture(): string {
  const fixture = process.env.PULUMI_TAVUS_INSTALLED;
  if (!fixture)
    throw new Error("PULUMI_TAVUS_INSTALLED is not set: test/harness/fixtureSetup.js did not run");
  return fixture;
}

export const ProviderHost = {
  /** Starts the host in the installed fixture (or `cwd`). */
  start: (cwd: string = installedFixture(), env: NodeJS.ProcessEnv = {}) =>
    lib.ProviderHost.start(cwd, env),
  /** Starts the plugin executable `pulumi-resource-tavus` of the installed fixture (or `cwd`). */
  startPlugin: (cwd: string = installedFixture(), env: NodeJS.ProcessEnv = {}) =>
    lib.ProviderHost.startPlugin(cwd, env),
  initFailedId: (error: HostError) => lib.ProviderHost.initFailedId(error),
};

/** The protocol's marker of a secret value, for assertions on what is marked secret. */
export const SECRET_KEY = lib.SECRET_KEY;
/** Plain data with every secret marker replaced by what it holds. */
export const unsecret = lib.unsecret;

export const urnOf = lib.urnOf;

const fixture = require("../../scripts/lib/fixture") as {
  serializedProviders(dir: string): Record<string, string>;
};

/** The `__provider` texts the SDK serializes for each resource type, keyed by type token. */
export function serializedProviders(): Record<string, string> {
  return fixture.serializedProviders(installedFixture());
}
