/** The payload and header options `invoke` and `debug` share: `--payload <json>`, `-H key=value`, `--payload-file <file>`. */
import { InvalidArgumentError } from "commander";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { usageError, type CliIo } from "./output";

/** `--payload`: JSON, or a usage error that says how to quote. */
export function parseJsonArgument(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidArgumentError(`it must be JSON (${(error as Error).message.split("\n")[0]}); quote strings: '"text"'.`);
  }
}

/** `-H, --header key=value`, repeatable. */
export function collectHeader(text: string, previous: Array<{ key: string; value: string }> = []): Array<{ key: string; value: string }> {
  const at = text.indexOf("=");
  if (at <= 0) throw new InvalidArgumentError('a header is written key=value, for example "X-Request-Id=42".');
  return [...previous, { key: text.slice(0, at), value: text.slice(at + 1) }];
}

/** `--payload-file <file>` ("-" reads stdin): its JSON, or a usage error naming the file. */
export function readPayloadFile(io: CliIo, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : resolve(io.cwd, file), "utf8");
  } catch (error) {
    throw usageError(`--payload-file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw usageError(`--payload-file ${file} is not JSON: ${(error as Error).message.split("\n")[0]}`);
  }
}
