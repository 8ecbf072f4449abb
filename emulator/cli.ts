#!/usr/bin/env node
/**
 * `tavus-emulator`: runs the emulator until SIGINT or SIGTERM.
 * Prints exactly one line on stdout once it listens, which scripts wait for:
 * `Tavus emulator listening on http://127.0.0.1:<port>`.
 */
import { parseArgs } from "node:util";
import { startEmulator, type EmulatorOptions } from "./index";

const USAGE = `Usage: tavus-emulator [options]
  --port N             TCP port on 127.0.0.1 (default 0: a free port, printed on start)
  --api-key K          the x-api-key to accept (default "tavus-emulator-key")
  --data FILE          persist the store in FILE (loaded on start, rewritten on change)
  --data-envelope      GET /v2/personas/{id} answers {"data":[persona]} instead of the bare object
  --training-ms N      replica training time in ms (default 2000)
  --max-concurrent N   active conversations allowed at once (default 10)
  --out-of-credits     POST /v2/conversations answers 402
  --latency-ms N       delay before every /v2 response, in ms (default 0)
  --strict             refuse fields the docs do not list (400 Unknown field) and page=0
  --no-callbacks       never call a request's callback_url
  --callback-retries N retries of a failed callback (default 3)
  --cors-origin O      Access-Control-Allow-Origin on every answer (default "*")
  --replica-write-status 200|204
                       status of replica rename and delete (default 200, as documented)
  --zero-data-retention
                       a zero-data-retention account: memory store create answers 403
  --help               show this help`;

/** Parses argv into emulator options; throws with a message naming the bad flag. */
function parseOptions(argv: string[]): EmulatorOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: "string" },
      "api-key": { type: "string" },
      data: { type: "string" },
      "data-envelope": { type: "boolean" },
      "training-ms": { type: "string" },
      "max-concurrent": { type: "string" },
      "out-of-credits": { type: "boolean" },
      "latency-ms": { type: "string" },
      strict: { type: "boolean" },
      "no-callbacks": { type: "boolean" },
      "callback-retries": { type: "string" },
      "cors-origin": { type: "string" },
      "replica-write-status": { type: "string" },
      "zero-data-retention": { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help === true) return "help";
  const options: EmulatorOptions = {};
  if (values.port !== undefined) options.port = integerFlag("--port", values.port, 65535);
  if (values["api-key"] !== undefined) options.apiKey = values["api-key"];
  if (values.data !== undefined) options.dataFile = values.data;
  if (values["data-envelope"] === true) options.personaGetEnvelope = "data";
  if (values["training-ms"] !== undefined)
    options.replicaTrainingMs = integerFlag("--training-ms", values["training-ms"]);
  if (values["max-concurrent"] !== undefined)
    options.maxConcurrentConversations = integerFlag("--max-concurrent", values["max-concurrent"]);
  if (values["out-of-credits"] === true) options.outOfCredits = true;
  if (values["latency-ms"] !== undefined)
    options.latencyMs = integerFlag("--latency-ms", values["latency-ms"]);
  if (values.strict === true) options.strict = true;
  if (values["no-callbacks"] === true) options.callbacks = false;
  if (values["callback-retries"] !== undefined)
    options.callbackRetries = integerFlag("--callback-retries", values["callback-retries"], 10);
  if (values["cors-origin"] !== undefined) options.corsOrigin = values["cors-origin"];
  const writeStatus = values["replica-write-status"];
  if (writeStatus !== undefined) {
    if (writeStatus !== "200" && writeStatus !== "204")
      throw new Error(`--replica-write-status must be 200 or 204, got "${writeStatus}"`);
    options.replicaWriteStatus = writeStatus === "200" ? 200 : 204;
  }
  if (values["zero-data-retention"] === true) options.zeroDataRetention = true;
  return options;
}

function integerFlag(flag: string, raw: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^[0-9]+$/.test(raw) || Number(raw) > max)
    throw new Error(`${flag} must be an integer from 0 to ${max}, got "${raw}"`);
  return Number(raw);
}

async function main(): Promise<void> {
  let options: EmulatorOptions | "help";
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`tavus-emulator: ${(e as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const emulator = await startEmulator(options);
  process.stdout.write(`Tavus emulator listening on ${emulator.url}\n`);
  const stop = (): void => {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    // Closing leaves nothing on the event loop, so the process then exits with 0.
    emulator.close().catch((e: unknown) => {
      process.stderr.write(`tavus-emulator: error while closing: ${String(e)}\n`);
      process.exitCode = 1;
    });
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`tavus-emulator: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
