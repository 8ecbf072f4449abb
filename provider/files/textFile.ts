/**
 * The one way a file of an account folder is read: an object file, its
 * overlay, or the text of a `<field>_file`. The folder is untrusted input (a
 * merge request may change it, issue #21), so by default nothing outside the
 * folder's root is opened, as Kustomize's LoadRestrictionsRootOnly does:
 * an absolute path, a path that climbs out and a symbolic link (or a linked
 * folder) whose real path lies outside are refused before any open. Every
 * read is bounded: the type and size are checked with stat before opening,
 * again with fstat on the open descriptor, and at most the limit is read.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Where the files of an account folder may come from.
 * - `"insideFolder"`: only from inside the folder's root (real paths, links resolved).
 * - `"anywhere"`: any path the process can read, for a trusted repository
 *   (Kustomize's LoadRestrictionsNone). The size, type and UTF-8 rules still hold.
 */
export type FileAccess = "insideFolder" | "anywhere";

/** What a read is allowed. */
export interface ReadRules {
  /** The account folder's root: the bound of `"insideFolder"`. */
  root: string;
  /** @default "insideFolder" */
  access: FileAccess;
}

/**
 * Size cap of any file of an account folder, in bytes: 1 MiB. An object file
 * or a prompt is a few kB; a text field with a documented limit has a lower
 * one (see {@link textFileLimit}).
 */
export const MAX_FILE_BYTES = 1024 * 1024;

/** The way out for a trusted repository, in every refusal of a path outside the folder. */
const TRUSTED_FIX = `or pass fileAccess: "anywhere" to accountFromFolder for a trusted repository`;

/** The text of a file, or why it was not read (a reason for a problem, with the fix). */
export type TextFileResult = { text: string } | { refused: string };

/**
 * The byte bound of a text field's file: its `maxLength` in characters times
 * 4 (UTF-8's widest character), so no text the field takes is refused here,
 * capped at {@link MAX_FILE_BYTES}.
 * @param maxLength the field's limit in characters, if it has one.
 */
export function textFileLimit(maxLength: number | undefined): number {
  return maxLength === undefined ? MAX_FILE_BYTES : Math.min(MAX_FILE_BYTES, maxLength * 4);
}

/**
 * Where a `<field>_file` path written in `objectFile` points, or why it may not be read:
 * absolute and climbing paths are refused under `"insideFolder"` without touching the disk.
 * @param ref the path as the file wrote it.
 * @param objectFile the file that names it; relative paths start from its folder.
 */
export function locateTextFile(
  ref: string,
  objectFile: string,
  rules: ReadRules,
): { path: string } | { refused: string } {
  const target = path.resolve(path.dirname(objectFile), ref);
  if (rules.access === "anywhere") return { path: target };
  if (path.isAbsolute(ref))
    return { refused: `is an absolute path (${ref}): ${outsideFix(rules.root, objectFile)}` };
  if (!isInside(path.resolve(rules.root), target))
    return {
      refused: `climbs out of the account folder (${ref}): ${outsideFix(rules.root, objectFile)}`,
    };
  return { path: target };
}

/**
 * Reads a UTF-8 text file of the account folder, within `maxBytes`.
 * Refuses, without reading: a real path outside the root (under
 * `"insideFolder"`), anything but a regular file (a directory; a FIFO, which
 * would block the read), a file over `maxBytes`; and text that is not UTF-8.
 * @param file the file's path.
 * @param maxBytes the size bound, in bytes.
 * @param what the limit's name for the message, e.g. "system_prompt (at most 120000 characters)".
 */
export function readTextFile(
  file: string,
  rules: ReadRules,
  maxBytes: number,
  what = "a file of the account folder",
): TextFileResult {
  let real: string;
  try {
    // realpath resolves links with lstat/readlink: it opens nothing.
    real = fs.realpathSync(file);
  } catch (e) {
    return { refused: `cannot read ${file}: ${reasonOf(e)}` };
  }
  if (rules.access === "insideFolder" && !isInside(realRoot(rules.root), real))
    return {
      refused: `is a symbolic link, or lies in a linked folder, that leads outside the account folder: files are read only from inside ${rules.root}; copy the file in instead of linking it, ${TRUSTED_FIX}`,
    };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(real);
  } catch (e) {
    return { refused: `cannot read ${file}: ${reasonOf(e)}` };
  }
  const before = checkStat(stat, maxBytes, what);
  if (before) return { refused: before };
  // O_NOFOLLOW: a link swapped in since realpath is not followed; O_NONBLOCK: a FIFO swapped in does not block.
  const flags =
    fs.constants.O_RDONLY |
    (fs.constants.O_NONBLOCK ?? 0) |
    (rules.access === "insideFolder" ? (fs.constants.O_NOFOLLOW ?? 0) : 0);
  let fd: number;
  try {
    fd = fs.openSync(real, flags);
  } catch (e) {
    return { refused: `cannot read ${file}: ${reasonOf(e)}` };
  }
  try {
    const after = checkStat(fs.fstatSync(fd), maxBytes, what);
    if (after) return { refused: after };
    const bytes = readAtMost(fd, maxBytes + 1);
    // The file grew since fstat: the bound holds all the same.
    if (bytes.length > maxBytes) return { refused: tooBig(bytes.length, maxBytes, what) };
    try {
      return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
    } catch {
      return { refused: "is not UTF-8 text: save it as UTF-8" };
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Whether `p` is `root` or lies under it (both absolute). */
export function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

// ------------------------------------------------------------ helpers

function checkStat(stat: fs.Stats, maxBytes: number, what: string): string | undefined {
  if (stat.isDirectory()) return "is a directory, not a file: name a text file";
  if (!stat.isFile())
    return "is not a regular file (a FIFO, socket or device): name a text file of the account folder";
  if (stat.size > maxBytes) return tooBig(stat.size, maxBytes, what);
  return undefined;
}

function tooBig(size: number, maxBytes: number, what: string): string {
  return `is ${size} bytes, over the ${maxBytes}-byte bound of ${what}: shorten it`;
}

function readAtMost(fd: number, limit: number): Buffer {
  const buffer = Buffer.alloc(limit);
  let length = 0;
  for (;;) {
    const n = fs.readSync(fd, buffer, length, limit - length, null);
    if (n === 0 || (length += n) >= limit) break;
  }
  return buffer.subarray(0, length);
}

function realRoot(root: string): string {
  try {
    return fs.realpathSync(root);
  } catch {
    return path.resolve(root);
  }
}

function outsideFix(root: string, file: string): string {
  return `files are read only from inside the account folder ${root}; put the file there and give its path relative to ${path.basename(file)}, ${TRUSTED_FIX}`;
}

function reasonOf(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES") return "permission denied";
  if (code === "ELOOP") return "a symbolic link where none may be";
  return code ?? (e as Error).message;
}
