#!/usr/bin/env node
/**
 * `pulumi-resource-tavus`: the Pulumi plugin executable. The engine starts it,
 * reads the port from its first line of output and speaks gRPC to it
 * (server.ts). The schema was generated from the definitions at build time
 * (schema.json beside this file).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { servePlugin } from "./server";

const { version } = JSON.parse(
  fs.readFileSync(path.join(__dirname, "../../../package.json"), "utf8"),
) as { version: string };
const schema = fs.readFileSync(path.join(__dirname, "schema.json"), "utf8");

servePlugin({ version, schema }).catch((error: Error) => {
  process.stderr.write(`pulumi-resource-tavus: ${error.message}\n`);
  process.exit(1);
});
