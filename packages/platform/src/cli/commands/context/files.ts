/** The files `lp-faas context export` writes and `import` reads, with errors that say why. */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PlatformError, PlatformErrorCodes } from "../../../errors";
import { writeFileAtomic } from "../../../project/atomic-file";
import { parseJsonText } from "lp-faas-toolbelt/platform";
import { usageError, type CliIo } from "../../output";

/** The JSON document in `file` ("-": stdin); a usage error naming the file, and the line and column of a JSON mistake. */
export function readJsonFile(io: CliIo, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : resolve(io.cwd, file), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "it does not exist" : code === "EISDIR" ? "it is a folder" : (code ?? (error as Error).message);
    throw usageError(`${file} cannot be read: ${why}`);
  }
  return parseJsonText(text, (where) => usageError(`${file === "-" ? "stdin" : file} is not JSON: ${where}`));
}

/** Writes `text` to `path` atomically; a write-failed error that says why otherwise. */
export function writeOutputFile(path: string, text: string): void {
  try {
    writeFileAtomic(path, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? `its folder ${dirname(path)} does not exist`
        : code === "EISDIR"
          ? "it is a folder"
          : code === "EACCES" || code === "EPERM"
            ? "permission denied"
            : (code ?? (error as Error).message);
    throw new PlatformError(PlatformErrorCodes.WriteFailed, `cannot write ${path}: ${why}`);
  }
}
