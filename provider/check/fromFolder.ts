/**
 * An account folder as the check reads it: the same loader as
 * `accountFromFolder` (../files/accountFiles.ts), so every file problem is
 * found first, the same way; then each file is one object, its `$ref:`
 * strings resolved to the objects of the files they name.
 */
import * as path from "node:path";
import { AccountFilesError, loadAccountFiles, type LoadOptions } from "../files/accountFiles";
import { FILE_KINDS, REF_PREFIX } from "../files/kinds";
import type { CheckModel, CheckObject, Finding, Target } from "./model";
import { renderPath } from "./model";

/** A folder read for checking: the model, or the loader's problems as findings. */
export type FolderRead = { model: CheckModel } | { findings: Finding[] };

/**
 * Reads the account folder `dir`.
 * @param options the stack whose overlays apply; where files may be read from.
 * @returns the model, or (when a file has problems) the loader's problems as error findings.
 */
export function checkModelFromFolder(dir: string, options: LoadOptions = {}): FolderRead {
  let files;
  try {
    files = loadAccountFiles(dir, options);
  } catch (e) {
    if (!(e as Partial<AccountFilesError>).isAccountFilesError) throw e;
    return {
      findings: (e as AccountFilesError).problems.map((p) => ({
        severity: "error",
        rule: "files",
        where: p.file,
        field: p.field,
        message: p.reason,
        // The loader's reasons carry their fix ("did you mean …").
        fix: "",
      })),
    };
  }
  const objects: CheckObject[] = [];
  const byRef = new Map<string, CheckObject>();
  for (const kind of FILE_KINDS)
    for (const file of files[kind.folder]) {
      const object: CheckObject = {
        kind: kind.definition,
        name: file.name,
        where: path.relative(process.cwd(), file.file) || file.file,
        document: file.document,
      };
      objects.push(object);
      byRef.set(`${REF_PREFIX}${kind.folder}/${file.name}`, object);
    }
  return {
    model: {
      source: "folder",
      objects,
      target: (_from, _path, value): Target => {
        const object = typeof value === "string" ? byRef.get(value) : undefined;
        return object ? { object } : { literal: String(value) };
      },
      fieldName: (_object, fieldPath) => renderPath(fieldPath),
    },
  };
}
