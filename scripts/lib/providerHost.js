/**
 * Drives the real `@pulumi/pulumi/cmd/dynamic-provider` host over gRPC, the way
 * the Pulumi engine does: the host is started in a project folder (where
 * pulumi-tavus is installed), prints its port, deserializes `__provider` from
 * each request and calls our code. Used by the tests and by the benchmark.
 *
 * The same client drives the plugin executable (`pulumi-resource-tavus`,
 * `ProviderHost.startPlugin`): it speaks the same protocol, so tests and the
 * bench compare the two with one driver.
 */
const path = require("node:path");
const { spawn } = require("node:child_process");
const grpc = require("@grpc/grpc-js");
const provproto = require("@pulumi/pulumi/proto/provider_pb");
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const statusproto = require("@pulumi/pulumi/proto/status_pb");
const structproto = require("google-protobuf/google/protobuf/struct_pb");
const emptyproto = require("google-protobuf/google/protobuf/empty_pb");

const toStruct = (o) => structproto.Struct.fromJavaScript(o);

class ProviderHost {
  constructor(child, client, stderr, plugin = false) {
    /** True for the plugin executable: Configure is sent as the engine sends a plugin's. */
    this.plugin = plugin;
    /** @type {import("node:child_process").ChildProcess} */
    this.child = child;
    this.client = client;
    /** Everything the host printed on stderr. */
    this.stderr = stderr;
  }

  /**
   * Starts the host in `cwd` and connects to it.
   * @param {string} cwd a project folder where @pulumi/pulumi and pulumi-tavus are installed.
   * @param {NodeJS.ProcessEnv} [env] extra environment.
   * @returns {Promise<ProviderHost>}
   */
  static async start(cwd, env = {}) {
    const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [cwd] });
    const child = spawn(process.execPath, [script, "127.0.0.1:1"], {
      cwd,
      env: { ...process.env, PULUMI_NODEJS_PROJECT: "fixture", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    return ProviderHost.connect(child, false);
  }

  /**
   * Starts the installed plugin executable `pulumi-resource-tavus` (the
   * package's bin in `cwd`'s node_modules) and connects to it.
   * @param {string} cwd a project folder where pulumi-tavus is installed.
   * @param {NodeJS.ProcessEnv} [env] extra environment.
   * @returns {Promise<ProviderHost>}
   */
  static async startPlugin(cwd, env = {}) {
    const exe = path.join(cwd, "node_modules", ".bin", "pulumi-resource-tavus");
    const child = spawn(exe, ["127.0.0.1:1"], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    return ProviderHost.connect(child, true);
  }

  /** Reads the port line of a started provider process and connects a client to it. */
  static async connect(child, plugin) {
    const stderr = [];
    child.stderr.on("data", (d) => stderr.push(d.toString()));
    const port = await new Promise((resolve, reject) => {
      let buffer = "";
      child.stdout.on("data", (d) => {
        buffer += d.toString();
        const line = buffer.split("\n")[0];
        if (buffer.includes("\n") && line) resolve(line.trim());
      });
      child.on("exit", (code) =>
        reject(new Error(`provider host exited (${code}): ${stderr.join("")}`)),
      );
    });
    const client = new provrpc.ResourceProviderClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
    );
    return new ProviderHost(child, client, stderr, plugin);
  }

  async stop() {
    this.client.close();
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once("exit", resolve));
      this.child.kill("SIGTERM");
      await exited;
    }
  }

  /** @param {Record<string,string>} config stack config, e.g. `{"tavus:apiKey": …}`. */
  async configure(config) {
    const req = new provproto.ConfigureRequest();
    if (this.plugin) {
      // As the engine configures a plugin: args without the package prefix, and
      // variables as `tavus:config:<key>`.
      const args = {};
      for (const [key, value] of Object.entries(config)) {
        args[key.replace(/^tavus:/, "")] = value;
        req.getVariablesMap().set(key.replace(/^tavus:/, "tavus:config:"), value);
      }
      req.setArgs(toStruct(args));
    } else {
      req.setArgs(toStruct(config));
    }
    return { acceptSecrets: (await this.call("configure", req)).getAcceptsecrets() };
  }

  /** The plugin's version (GetPluginInfo). */
  async pluginInfo() {
    return { version: (await this.call("getPluginInfo", new emptyproto.Empty())).getVersion() };
  }

  /** The package schema the plugin serves (GetSchema), parsed. */
  async schema() {
    return JSON.parse((await this.call("getSchema", new provproto.GetSchemaRequest())).getSchema());
  }

  async check(urn, olds, news) {
    const req = new provproto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const resp = await this.call("check", req);
    return {
      inputs: resp.getInputs().toJavaScript(),
      failures: resp
        .getFailuresList()
        .map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(urn, id, olds, news) {
    const req = new provproto.DiffRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const resp = await this.call("diff", req);
    const C = provproto.DiffResponse.DiffChanges;
    const changes =
      resp.getChanges() === C.DIFF_SOME
        ? "some"
        : resp.getChanges() === C.DIFF_NONE
          ? "none"
          : "unknown";
    return {
      changes,
      replaces: resp.getReplacesList(),
      deleteBeforeReplace: resp.getDeletebeforereplace(),
    };
  }

  async create(urn, properties) {
    const req = new provproto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(toStruct(properties));
    const resp = await this.call("create", req);
    return { id: resp.getId(), properties: resp.getProperties().toJavaScript() };
  }

  async read(urn, id, properties) {
    const req = new provproto.ReadRequest();
    req.setUrn(urn);
    req.setId(id);
    // `pulumi import` reads with no properties at all.
    if (properties !== undefined) req.setProperties(toStruct(properties));
    const resp = await this.call("read", req);
    return {
      id: resp.getId(),
      properties: resp.getProperties()?.toJavaScript() ?? {},
      inputs: resp.getInputs()?.toJavaScript(),
    };
  }

  async update(urn, id, olds, news) {
    const req = new provproto.UpdateRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const resp = await this.call("update", req);
    return { properties: resp.getProperties().toJavaScript() };
  }

  async delete(urn, id, properties) {
    const req = new provproto.DeleteRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(toStruct(properties));
    await this.call("delete", req);
  }

  /** The id an *init failed* error carries (created, but unhealthy), if any. */
  static initFailedId(error) {
    const bin = error.metadata?.get("grpc-status-details-bin")?.[0];
    if (!bin) return undefined;
    const detail = statusproto.Status.deserializeBinary(bin).getDetailsList()[0];
    return detail
      ? provproto.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8()).getId()
      : undefined;
  }

  call(method, req) {
    return new Promise((resolve, reject) =>
      this.client[method](req, (err, resp) => (err ? reject(err) : resolve(resp))),
    );
  }
}

/** The protocol's marker of a secret value in a Struct. */
const SECRET_KEY = "4dabf18193072939515e22adb298388d";

/** Plain data with every secret marker replaced by what it holds. */
function unsecret(value) {
  if (Array.isArray(value)) return value.map(unsecret);
  if (value && typeof value === "object") {
    if (SECRET_KEY in value) return unsecret(value.value);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unsecret(v)]));
  }
  return value;
}

/** The URN the engine would give a resource of `type` named `name`. */
function urnOf(type, name) {
  return `urn:pulumi:dev::fixture::${type}::${name}`;
}

module.exports = { ProviderHost, urnOf, SECRET_KEY, unsecret };
