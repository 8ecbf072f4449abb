/**
 * Printing for `npm run bench` (scripts/bench.js): Markdown tables on stdout,
 * so the output can be pasted into the README as is, and the few statistics
 * and unit formats the tables use. Progress goes to stderr, never into a table.
 */

/** Prints one line on stdout. */
function print(line = "") {
  process.stdout.write(`${line}\n`);
}

/** Prints a progress line on stderr (kept out of the tables). */
function progress(line) {
  process.stderr.write(`  … ${line}\n`);
}

/** Prints a `## title` heading, with an optional one-line note under it. */
function section(title, note) {
  print(`\n## ${title}`);
  if (note) print(note);
}

/**
 * Prints a Markdown table with padded columns.
 * @param {string[]} header column titles.
 * @param {Array<Array<string|number>>} rows cells, one array a row.
 */
function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    "| " + cells.map((c, i) => String(c).padEnd(widths[i])).join(" | ") + " |";
  print(line(header));
  print("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
  for (const r of rows) print(line(r));
}

/**
 * The nearest-rank percentile of `values`.
 * @param {number[]} values
 * @param {number} p 0–100.
 */
function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Milliseconds, one decimal: "1.7 ms". */
const ms = (v) => `${v.toFixed(1)} ms`;
/** Milliseconds shown as seconds, one decimal: "39.1 s". */
const s = (v) => `${(v / 1000).toFixed(1)} s`;
/** Bytes shown as MiB: "177 MiB". */
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/**
 * Peak resident memory of a live process, from /proc/<pid>/status (VmHWM), in bytes.
 * @param {number} pid
 * @returns {number | undefined} undefined where /proc is not available.
 */
function peakRss(pid) {
  try {
    const status = require("node:fs").readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

module.exports = { print, progress, section, table, percentile, ms, s, mib, peakRss };
