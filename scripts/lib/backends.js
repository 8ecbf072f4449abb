/**
 * Pulumi's self-managed state backends as a team runs them, on real servers on this
 * machine: S3 (gofakes3), Azure Blob (Azurite) and PostgreSQL. Each starts on a free port
 * and gives the `pulumi login` URL, the environment the CLI needs, a way to read every
 * object (or row) it stores, and `stop()`. The servers come from
 * scripts/ensure-backends.sh (pinned, cached, never a dependency of the package).
 * Shared by the e2e tier (test/e2e/teamBackends.e2e.test.ts) and the demo (`--backend`).
 */
const { spawn, execFile } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const http = require("node:http");
const net = require("node:net");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "../..");

/** The backends, in the order the suite and the README take them. */
const BACKENDS = ["s3", "azblob", "postgres"];

/**
 * Runs scripts/ensure-backends.sh for `names`.
 * @param {string[]} names
 * @returns {Promise<Record<string, { path: string } | { skip: string }>>}
 */
function locateBackends(names = BACKENDS) {
  return new Promise((resolve) => {
    execFile(
      "bash",
      [path.join(ROOT, "scripts/ensure-backends.sh"), ...names],
      { cwd: ROOT, maxBuffer: 1 << 24 },
      (error, stdout, stderr) => {
        const found = {};
        for (const line of stdout.split("\n")) {
          const m = /^(\w+)(-skip)?=(.*)$/.exec(line);
          if (m) found[m[1]] = m[2] ? { skip: m[3] } : { path: m[3] };
        }
        for (const name of names)
          found[name] ??= {
            skip: `scripts/ensure-backends.sh said nothing of it (${error ? error.message : "no line"}): ${stderr.trim().split("\n").slice(-3).join(" | ")}`,
          };
        resolve(found);
      },
    );
  });
}

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `probe()` resolves true, or throws after `ms` with the server's output. */
async function until(probe, ms, what, output, server) {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (server && server.child.exitCode !== null)
      throw new Error(`${what} exited at start (code ${server.child.exitCode}):\n${output()}`);
    if (await probe().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`${what} did not start within ${ms / 1000}s:\n${output()}`);
}

/** Starts `command` with its output kept; `stop()` kills it and waits for its exit. */
function serve(command, args, options = {}) {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
  let output = "";
  child.stdout.on("data", (d) => (output = (output + d).slice(-20000)));
  child.stderr.on("data", (d) => (output = (output + d).slice(-20000)));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}

/** One HTTP request; the body as text. */
function request(url, options = {}, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, options, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const xmlValues = (xml, tag) =>
  [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, "g"))].map((m) => m[1]);

// ---------------------------------------------------------------- S3: gofakes3

/**
 * A fault proxy in front of an HTTP server: forwards every request, except that while
 * `failing(req)` holds it answers 500 without forwarding (a storage service in trouble).
 */
async function faultProxy(target) {
  const port = await freePort();
  const state = { failing: () => false, refused: 0 };
  const server = http.createServer((req, res) => {
    if (state.failing(req)) {
      state.refused++;
      req.resume();
      req.on("end", () => {
        res.writeHead(500, { "content-type": "application/xml" });
        res.end(
          "<Error><Code>InternalError</Code><Message>fault proxy: the store is failing</Message></Error>",
        );
      });
      return;
    }
    const upstream = http.request(
      { host: "127.0.0.1", port: target, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port,
    /** Answers 500 to the requests `predicate` picks, until called again with undefined. */
    fail(predicate) {
      state.failing = predicate ?? (() => false);
    },
    refused: () => state.refused,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function startS3(exe, options) {
  const port = await freePort();
  const server = serve(exe, [
    "-backend",
    "memory",
    "-initialbucket",
    "state",
    "-host",
    `127.0.0.1:${port}`,
  ]);
  const base = `http://127.0.0.1:${port}`;
  await until(
    async () => (await request(`${base}/state?list-type=2`)).status === 200,
    15000,
    "gofakes3",
    server.output,
    server,
  );
  const proxy = options.faultProxy ? await faultProxy(port) : undefined;
  const front = proxy ? proxy.port : port;
  return {
    name: "s3",
    url: `s3://state?endpoint=http://127.0.0.1:${front}&use_path_style=true&region=us-east-1`,
    env: {
      AWS_ACCESS_KEY_ID: "team",
      AWS_SECRET_ACCESS_KEY: "team-secret",
      AWS_REGION: "us-east-1",
    },
    proxy,
    /** Every object of the bucket: its key and its text. */
    async objects() {
      const keys = [];
      let token;
      do {
        const query = `list-type=2&max-keys=1000${token ? `&continuation-token=${encodeURIComponent(token)}` : ""}`;
        const listing = await request(`${base}/state?${query}`);
        keys.push(...xmlValues(listing.text, "Key"));
        token = xmlValues(listing.text, "NextContinuationToken")[0];
      } while (token);
      const objects = [];
      for (const key of keys)
        objects.push({
          key,
          text: (await request(`${base}/state/${key.split("/").map(encodeURIComponent).join("/")}`))
            .text,
        });
      return objects;
    },
    async stop() {
      await proxy?.close();
      await server.stop();
    },
  };
}

// ---------------------------------------------------------------- Azure Blob: Azurite

/** Azurite's well-known development account (public, documented by Microsoft). */
const AZURITE_ACCOUNT = "devstoreaccount1";
const AZURITE_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/** A Blob service request signed with SharedKey, the way every Azure Storage client signs it. */
function azureRequest(base, method, resource, query = {}, headers = {}) {
  const date = new Date().toUTCString();
  const all = { "x-ms-date": date, "x-ms-version": "2021-08-06", ...headers };
  const canonicalHeaders = Object.keys(all)
    .filter((k) => k.startsWith("x-ms-"))
    .sort()
    .map((k) => `${k}:${all[k]}\n`)
    .join("");
  const canonicalQuery = Object.keys(query)
    .sort()
    .map((k) => `\n${k}:${query[k]}`)
    .join("");
  const toSign = [method, "", "", "", "", "", "", "", "", "", "", ""].join("\n");
  const signed = `${toSign}\n${canonicalHeaders}/${AZURITE_ACCOUNT}/${AZURITE_ACCOUNT}${resource}${canonicalQuery}`;
  const signature = crypto
    .createHmac("sha256", Buffer.from(AZURITE_KEY, "base64"))
    .update(signed, "utf8")
    .digest("base64");
  const qs = new URLSearchParams(query).toString();
  return request(`${base}/${AZURITE_ACCOUNT}${resource}${qs ? `?${qs}` : ""}`, {
    method,
    headers: { ...all, authorization: `SharedKey ${AZURITE_ACCOUNT}:${signature}` },
  });
}

async function startAzblob(exe, options) {
  const port = await freePort();
  const server = serve(
    process.execPath,
    [
      fs.realpathSync(exe),
      "--blobHost",
      "127.0.0.1",
      "--blobPort",
      String(port),
      "--loose",
      "--silent",
      "--inMemoryPersistence",
      "--disableTelemetry",
    ],
    { cwd: options.workDir },
  );
  const base = `http://127.0.0.1:${port}`;
  await until(
    async () => (await azureRequest(base, "GET", "/", { comp: "list" })).status === 200,
    30000,
    "Azurite",
    server.output,
    server,
  );
  // Pulumi does not create the container: a team creates it once, as here.
  const created = await azureRequest(base, "PUT", "/state", { restype: "container" });
  if (created.status !== 201) throw new Error(`creating the container: ${created.text}`);
  return {
    name: "azblob",
    url: "azblob://state",
    env: {
      AZURE_STORAGE_ACCOUNT: AZURITE_ACCOUNT,
      AZURE_STORAGE_KEY: AZURITE_KEY,
      AZURE_STORAGE_IS_LOCAL_EMULATOR: "true",
      AZURE_STORAGE_PROTOCOL: "http",
      AZURE_STORAGE_DOMAIN: `127.0.0.1:${port}`,
    },
    async objects() {
      const listing = await azureRequest(base, "GET", "/state", {
        comp: "list",
        restype: "container",
      });
      const objects = [];
      for (const key of xmlValues(listing.text, "Name"))
        objects.push({
          key,
          text: (
            await azureRequest(
              base,
              "GET",
              `/state/${key.split("/").map(encodeURIComponent).join("/")}`,
            )
          ).text,
        });
      return objects;
    },
    stop: () => server.stop(),
  };
}

// ---------------------------------------------------------------- PostgreSQL

/** As root, the server runs as the `postgres` user (initdb refuses root). */
function asServerUser(bin, command, args) {
  const exe = path.join(bin, command);
  if (process.getuid?.() !== 0) return [exe, args];
  return ["runuser", ["-u", "postgres", "--", exe, ...args]];
}

function run(command, args) {
  return new Promise((resolve, reject) =>
    execFile(command, args, { maxBuffer: 1 << 26 }, (error, stdout, stderr) =>
      error
        ? reject(new Error(`${command} ${args.join(" ")}: ${stderr || error.message}`))
        : resolve(stdout),
    ),
  );
}

async function startPostgres(bin, options) {
  const port = await freePort();
  const data = path.join(options.workDir, "pgdata");
  fs.mkdirSync(data, { mode: 0o700 });
  if (process.getuid?.() === 0) {
    await run("chown", ["-R", "postgres", options.workDir]);
    fs.chmodSync(options.workDir, 0o755);
  }
  await run(
    ...asServerUser(bin, "initdb", [
      "-D",
      data,
      "-U",
      "pulumi",
      "--auth=trust",
      "-E",
      "UTF8",
      "--no-sync",
    ]),
  );
  const pgctl = (...args) => run(...asServerUser(bin, "pg_ctl", ["-D", data, ...args]));
  await pgctl(
    "-o",
    `-p ${port} -k ${data} -c listen_addresses=127.0.0.1 -c fsync=off`,
    "-l",
    path.join(data, "server.log"),
    "-w",
    "start",
  );
  const psql = fs.existsSync(path.join(bin, "psql")) ? path.join(bin, "psql") : "psql";
  const dsn = `postgres://pulumi@127.0.0.1:${port}/postgres?sslmode=disable`;
  return {
    name: "postgres",
    url: dsn,
    env: {},
    /** Every row of every table Pulumi wrote: its key and its data as text. */
    async objects() {
      const tables = (
        await run(psql, [
          dsn,
          "-At",
          "-c",
          "select tablename from pg_tables where schemaname = 'public'",
        ])
      )
        .split("\n")
        .filter(Boolean);
      const rows = [];
      for (const table of tables) {
        const out = await run(psql, [
          dsn,
          "-At",
          "-c",
          `select json_agg(t)::text from "${table}" t`,
        ]);
        // Pulumi stores each object as {"data": base64}: the text is the row and its decoding.
        for (const row of JSON.parse(out.trim() || "null") ?? []) {
          const encoded = row.data?.data;
          const decoded =
            typeof encoded === "string" ? Buffer.from(encoded, "base64").toString() : "";
          rows.push({
            key: `${table}:${row.key ?? "?"}`,
            text: `${JSON.stringify(row)}\n${decoded}`,
          });
        }
      }
      return rows;
    },
    stop: () => pgctl("-m", "immediate", "stop").catch(() => undefined),
  };
}

const STARTERS = { s3: startS3, azblob: startAzblob, postgres: startPostgres };

/**
 * Starts backend `name` from the server `found` names (see {@link locateBackends}).
 * @param {"s3" | "azblob" | "postgres"} name
 * @param {string} found the executable (or bin folder for postgres).
 * @param {{ faultProxy?: boolean }} [options] `faultProxy`: S3 only, a proxy that can fail requests.
 */
async function startBackend(name, found, options = {}) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `tavus-${name}-`));
  const backend = await STARTERS[name](found, { ...options, workDir });
  const stop = backend.stop;
  backend.stop = async () => {
    await stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  };
  return backend;
}

module.exports = { BACKENDS, locateBackends, startBackend, freePort };
