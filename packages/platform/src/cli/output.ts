/**
 * The CLI's only writer. Human mode prints text; `--json` mode prints exactly
 * one JSON document on stdout (the result, or `{ "error": { code, message } }`)
 * and nothing else there. Errors never show a stack trace.
 */
import { CommanderError } from "commander";
import { catalogueEntry, ExitCodes, PlatformError, PlatformErrorCodes } from "../errors";

/** Where the CLI writes and what it runs in; main() fills it from the process, tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); used by `dev`. */
  waitForShutdown(): Promise<string>;
}

export const EXIT_OK = ExitCodes.Ok;
export const EXIT_FAILURE = ExitCodes.Failure;
export const EXIT_USAGE = ExitCodes.Usage;

export const usageError = (message: string): PlatformError => new PlatformError(PlatformErrorCodes.Usage, message);

/** An error the running platform answered with (its code may be one this CLI does not know). */
export class PlatformAnswerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "PlatformAnswerError";
  }
}

export interface ErrorBody {
  code: string;
  message: string;
}

/** Any thrown value as `{ code, message }` plus the exit code the catalogue gives it. */
export function describeError(error: unknown): { body: ErrorBody; exitCode: number } {
  if (error instanceof PlatformError || error instanceof PlatformAnswerError) {
    return { body: { code: error.code, message: error.message }, exitCode: catalogueEntry(error.code)?.exitCode ?? EXIT_FAILURE };
  }
  if (error instanceof CommanderError) {
    return { body: { code: PlatformErrorCodes.Usage, message: error.message.replace(/^error: /, "") }, exitCode: EXIT_USAGE };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { body: { code: PlatformErrorCodes.General, message }, exitCode: EXIT_FAILURE };
}

export interface Output {
  readonly json: boolean;
  /** The command's result: `data` as JSON in --json mode, else the text `human()` returns. */
  result(data: unknown, human: () => string): void;
  /**
   * One item of an open-ended stream (`logs --follow`): with --json one compact
   * JSON line (NDJSON, the one exception to "one document"), else the text.
   */
  item(data: unknown, human: () => string): void;
  /** Human-only progress or notes on stdout (dropped in --json mode). */
  note(text: string): void;
  /** Warnings and log lines: stderr, in both modes (never on stdout in --json mode). */
  warn(text: string): void;
  /** Reports a failure; returns the exit code to use. */
  fail(error: unknown): number;
}

const line = (text: string): string => (text.endsWith("\n") ? text : `${text}\n`);

export function createOutput(io: CliIo, json: boolean): Output {
  let printed = false;
  const printJson = (document: unknown): void => {
    if (printed) return; // one document, whatever happens after
    printed = true;
    io.stdout(`${JSON.stringify(document, null, 2)}\n`);
  };
  return {
    json,
    result(data, human) {
      if (json) printJson(data);
      else io.stdout(line(human()));
    },
    item(data, human) {
      if (!json) return void io.stdout(line(human()));
      printed = true; // a later failure goes to stderr, not into the stream
      io.stdout(`${JSON.stringify(data)}\n`);
    },
    note(text) {
      if (!json) io.stdout(line(text));
    },
    warn(text) {
      io.stderr(line(text));
    },
    fail(error) {
      const { body, exitCode } = describeError(error);
      if (json && printed)
        io.stderr(line(`Error: ${body.message}`)); // the one document is out already
      else if (json) printJson({ error: body });
      else
        io.stderr(line(`Error: ${body.message}${body.code === PlatformErrorCodes.Usage || body.code === PlatformErrorCodes.General ? "" : ` (${body.code})`}`));
      return exitCode;
    },
  };
}

/** A value for human output: strings as they are, everything else as indented JSON. */
export function formatValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "";
  return JSON.stringify(value, null, 2);
}
