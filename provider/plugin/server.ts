/**
 * The plugin's gRPC service: Pulumi's provider protocol answered with the
 * provider modules the dynamic resources use (plugin/kinds.ts), so a YAML
 * program, `pulumi import` and a TypeScript program run the same CRUD code.
 *
 * What is the plugin's own: the type token picks the kind, `Configure` feeds
 * the stack config to the same settings module, secrets are marked on the way
 * back (secrets.ts), and `Read` without properties (an import) is a read of
 * an object the program has not described yet. Protocol facts: docs/pulumi/plugin.md.
 */
import type * as GrpcJs from "@grpc/grpc-js";
import type * as pulumi from "@pulumi/pulumi";
import { isSecretValue } from "../secretSignature";
import { configureFromStack } from "../settings";
import { pluginKindOf, type PluginKind } from "./kinds";
import {
  Any,
  Empty,
  grpc,
  messages,
  plainOf,
  pluginMessages,
  ResourceProviderService,
  Status,
  structOf,
} from "./proto";
import { markSecretOutputs, splitSecretInputs } from "./secrets";

type Props = Record<string, unknown>;
type Call<Request> = { request: Request };
type Callback<Response> = (error: GrpcJs.ServiceError | null, response?: Response) => void;

/** What the plugin serves besides the kinds: its version and the package schema (JSON text). */
export interface PluginInfo {
  version: string;
  schema: string;
}

/**
 * The handlers of `pulumirpc.ResourceProvider`. Methods left out (Construct,
 * Call, Invoke, CheckConfig, DiffConfig, Handshake…) answer UNIMPLEMENTED,
 * which the engine takes as "not supported".
 */
export function providerHandlers(info: PluginInfo): GrpcJs.UntypedServiceImplementation {
  return {
    getPluginInfo: unary(async () => {
      const response = new pluginMessages.PluginInfo();
      response.setVersion(info.version);
      return response;
    }),

    getSchema: unary(async (request: InstanceType<typeof messages.GetSchemaRequest>) => {
      if (request.getVersion() !== 0)
        throw new Error(`unsupported schema version ${request.getVersion()}`);
      const response = new messages.GetSchemaResponse();
      response.setSchema(info.schema);
      return response;
    }),

    configure: unary(async (request: InstanceType<typeof messages.ConfigureRequest>) => {
      configureFromStack(stackConfigOf(request));
      const response = new messages.ConfigureResponse();
      // Plain values in, as the provider modules expect; secrets are marked on the way out.
      response.setAcceptsecrets(false);
      response.setAcceptresources(false);
      response.setSupportspreview(false);
      return response;
    }),

    check: unary(async (request: InstanceType<typeof messages.CheckRequest>) => {
      const kind = kindFor(request.getUrn());
      const news = splitSecretInputs(kind.definition, plainOf(request.getNews()));
      const result = await kind.provider().check!(plainOf(request.getOlds()), news);
      const response = new messages.CheckResponse();
      response.setInputs(structOf(markSecretOutputs(kind.definition, result.inputs ?? news)));
      response.setFailuresList(
        (result.failures ?? []).map((f) => {
          const failure = new messages.CheckFailure();
          failure.setProperty(f.property);
          failure.setReason(f.reason);
          return failure;
        }),
      );
      return response;
    }),

    diff: unary(async (request: InstanceType<typeof messages.DiffRequest>) => {
      const kind = kindFor(request.getUrn());
      const result = await kind.provider().diff!(
        request.getId(),
        plainOf(request.getOlds()),
        plainOf(request.getNews()),
      );
      const response = new messages.DiffResponse();
      const changes = messages.DiffResponse.DiffChanges;
      response.setChanges(
        result.changes === true
          ? changes.DIFF_SOME
          : result.changes === false
            ? changes.DIFF_NONE
            : changes.DIFF_UNKNOWN,
      );
      response.setReplacesList([...(result.replaces ?? [])]);
      response.setStablesList([...(result.stables ?? [])]);
      response.setDeletebeforereplace(result.deleteBeforeReplace ?? false);
      return response;
    }),

    create: unary(async (request: InstanceType<typeof messages.CreateRequest>) => {
      const kind = kindFor(request.getUrn());
      const result = await kind
        .provider()
        .create(plainOf(request.getProperties()))
        .catch((e: { properties?: Props }) => {
          // Created but unhealthy: the state the engine records is marked like any other.
          if (e?.properties) e.properties = markSecretOutputs(kind.definition, e.properties);
          throw e;
        });
      const response = new messages.CreateResponse();
      response.setId(result.id);
      response.setProperties(structOf(markSecretOutputs(kind.definition, result.outs ?? {})));
      return response;
    }),

    read: unary(async (request: InstanceType<typeof messages.ReadRequest>) => {
      const kind = kindFor(request.getUrn());
      // `pulumi import` sends no properties: the read is the first sight of the object.
      const result = await kind.provider().read!(request.getId(), plainOf(request.getProperties()));
      const response = new messages.ReadResponse();
      if (!result.id) return response; // gone: refresh drops it, import says it does not exist
      response.setId(result.id);
      response.setProperties(structOf(markSecretOutputs(kind.definition, result.props ?? {})));
      if (result.inputs)
        response.setInputs(structOf(markSecretOutputs(kind.definition, result.inputs)));
      return response;
    }),

    update: unary(async (request: InstanceType<typeof messages.UpdateRequest>) => {
      const kind = kindFor(request.getUrn());
      const result = await kind.provider().update!(
        request.getId(),
        plainOf(request.getOlds()),
        plainOf(request.getNews()),
      );
      const response = new messages.UpdateResponse();
      response.setProperties(structOf(markSecretOutputs(kind.definition, result.outs ?? {})));
      return response;
    }),

    delete: unary(async (request: InstanceType<typeof messages.DeleteRequest>) => {
      const kind = kindFor(request.getUrn());
      await kind.provider().delete!(request.getId(), plainOf(request.getProperties()));
      return new Empty();
    }),

    cancel: unary(async () => new Empty()),
  };
}

/** Serves the plugin on a free local port and prints the port, as the engine expects. */
export async function servePlugin(info: PluginInfo): Promise<GrpcJs.Server> {
  const server = new grpc.Server();
  server.addService(ResourceProviderService, providerHandlers(info));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  process.stdout.write(`${port}\n`);
  return server;
}

/**
 * The stack config as the settings module reads it (`tavus:apiKey`…): from the
 * request's args (a provider resource's properties or the stack's `tavus:*`
 * config), else from its variables (`tavus:config:apiKey`).
 */
function stackConfigOf(request: InstanceType<typeof messages.ConfigureRequest>): {
  get(key: string): string | undefined;
} {
  const args = plainOf(request.getArgs());
  const variables = request.getVariablesMap();
  return {
    get(key) {
      const name = key.replace(/^tavus:/, "");
      const arg = revealed(args[name]);
      if (arg !== undefined && arg !== null)
        return typeof arg === "string" ? arg : JSON.stringify(arg);
      return variables.get(key.replace(/^tavus:/, "tavus:config:"));
    },
  };
}

/** A config arg without its secret wrapper (the engine sends secret args marked). */
function revealed(value: unknown): unknown {
  return isSecretValue(value) ? (value as { value: unknown }).value : value;
}

/** The kind a URN's type names, or an error naming the types this plugin serves. */
function kindFor(
  urn: string,
): PluginKind & { provider: () => Required<pulumi.dynamic.ResourceProvider> } {
  const kind = pluginKindOf(urn);
  if (!kind) throw new Error(`pulumi-resource-tavus does not serve the type of ${urn}`);
  return kind as PluginKind & { provider: () => Required<pulumi.dynamic.ResourceProvider> };
}

/**
 * A unary handler from an async function; a thrown error becomes a gRPC
 * error, with the object's id and state when it was created but is unhealthy
 * (the engine records it instead of losing it).
 */
function unary<Request, Response>(
  handle: (request: Request) => Promise<Response>,
): (call: Call<Request>, callback: Callback<Response>) => void {
  return (call, callback) => {
    handle(call.request).then(
      (response) => callback(null, response),
      (error: unknown) => callback(serviceError(error)),
    );
  };
}

function serviceError(error: unknown): GrpcJs.ServiceError {
  const e = error as Error & { id?: string; properties?: object; reasons?: string[] };
  const metadata = new grpc.Metadata();
  const message = e?.message ?? String(error);
  if (e?.id) {
    const failed = new messages.ErrorResourceInitFailed();
    failed.setId(e.id);
    failed.setProperties(structOf(e.properties ?? {}));
    failed.setReasonsList(e.reasons ?? []);
    const detail = new Any();
    detail.pack(failed.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    status.addDetails(detail);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return Object.assign(new Error(message), {
    code: grpc.status.UNKNOWN,
    details: message,
    metadata,
  });
}
