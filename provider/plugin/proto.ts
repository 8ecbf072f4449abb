/**
 * The gRPC plumbing of the plugin: Pulumi's provider protocol messages and
 * service, as generated from Pulumi's public `.proto` files and shipped in
 * `@pulumi/pulumi/proto/`, plus `@grpc/grpc-js` and `google-protobuf`.
 *
 * Why not `@pulumi/pulumi/provider`'s `main()`: its `Configure` drops the
 * request (the provider never sees `tavus:apiKey`) and its `Read` crashes on
 * `pulumi import` (no properties). Serving the protocol ourselves keeps both
 * in our hands; what we rely on is the generated stubs' shape, which the
 * protocol tests (test/host/plugin.host.test.ts, a real gRPC client) exercise.
 * Facts relied on: docs/pulumi/plugin.md#configure.
 *
 * grpc-js and google-protobuf are loaded from where `@pulumi/pulumi` loads
 * them, so a `Struct` built here is the class the generated messages expect.
 */
import { createRequire } from "node:module";
import type * as GrpcJs from "@grpc/grpc-js";
import type * as ProviderMessages from "@pulumi/pulumi/proto/provider_pb";
import type * as PluginMessages from "@pulumi/pulumi/proto/plugin_pb";
import type * as StructMessages from "google-protobuf/google/protobuf/struct_pb";

const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/proto/provider_pb"));

/** `@grpc/grpc-js`, the copy `@pulumi/pulumi` uses. */
export const grpc = fromPulumi("@grpc/grpc-js") as typeof GrpcJs;
/** The provider protocol's messages (`pulumirpc.*Request`, `*Response`). */
export const messages = fromPulumi("./provider_pb") as typeof ProviderMessages;
/** `pulumirpc.PluginInfo`. */
export const pluginMessages = fromPulumi("./plugin_pb") as typeof PluginMessages;
/** `google.protobuf.Struct` and friends. */
export const structs = fromPulumi(
  "google-protobuf/google/protobuf/struct_pb",
) as typeof StructMessages;
/** `google.protobuf.Empty`. */
export const Empty = (
  fromPulumi("google-protobuf/google/protobuf/empty_pb") as {
    Empty: new () => object;
  }
).Empty;
/** `google.protobuf.Any`, to pack error details. */
export const Any = (
  fromPulumi("google-protobuf/google/protobuf/any_pb") as {
    Any: new () => { pack(bytes: Uint8Array, typeName: string): void };
  }
).Any;
/** `google.rpc.Status`, the carrier of error details. */
export const Status = (
  fromPulumi("./status_pb") as {
    Status: new () => {
      setCode(code: number): void;
      setMessage(message: string): void;
      addDetails(detail: object): void;
      serializeBinary(): Uint8Array;
    };
  }
).Status;
/** The service definition grpc-js serves (`pulumirpc.ResourceProvider`). */
export const ResourceProviderService = (
  fromPulumi("./provider_grpc_pb") as { ResourceProviderService: GrpcJs.ServiceDefinition }
).ResourceProviderService;

type Plain = Record<string, unknown>;

/** A Struct as plain data; a missing Struct (`pulumi import` sends none) is `{}`. */
export function plainOf(struct: StructMessages.Struct | undefined): Plain {
  return struct ? (struct.toJavaScript() as Plain) : {};
}

/** Plain data as a Struct; `undefined` members are left out (a Struct cannot hold them). */
export function structOf(value: object): StructMessages.Struct {
  return structs.Struct.fromJavaScript(
    JSON.parse(JSON.stringify(value)) as Parameters<typeof structs.Struct.fromJavaScript>[0],
  );
}
