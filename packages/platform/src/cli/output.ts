/**
 * The CLI's only writer. Human mode prints text; `--json` mode prints exactly
 * one JSON document on stdout (the result, or `{ "error": { code, message } }`)
 * and nothing else there. Errors never show a stack trace.
 */
import { CommanderError } from "commander";
import { PlatformError, PlatformErrorCodes } from "../errors";

/** Where the CLI writes and what it runs in; main() fills it from the process, tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); used by `dev`. */
  waitForShutdown(): Promise<string>;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export const CliErrorCodes = {
  Usage: "com.liveperson.faas.cli.usage",
  NoPlatform: "com.liveperson.faas.cli.platform-unreachable",
  NoProject: "com.liveperson.faas.cli.project-missing",
  PortInUse: "com.liveperson.faas.cli.port-in-use",
  InvocationFailed: "com.liveperson.faas.cli.invocation-failed",
} as const;

/** A failure the CLI reports itself: a code, a message, and the exit code (1, or 2 for bad usage). */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export const usageError = (message: string): CliError => new CliError(CliErrorCodes.Usage, message, EXIT_USAGE);

export interface ErrorBody {
  code: string;
  message: string;
}

/** Any thrown value as `{ code, message }` plus the exit code it means. */
export function describeError(error: unknown): { body: ErrorBody; exitCode: number } {
  if (error instanceof CliError) return { body: { code: error.code, message: error.message }, exitCode: error.exitCode };
  if (error instanceof CommanderError) {
    return { body: { code: CliErrorCodes.Usage, message: error.message.replace(/^error: /, "") }, exitCode: EXIT_USAGE };
  }
  if (error instanceof PlatformError) return { body: { code: error.code, message: error.message }, exitCode: EXIT_FAILURE };
  const message = error instanceof Error ? error.message : String(error);
  return { body: { code: PlatformErrorCodes.General, message }, exitCode: EXIT_FAILURE };
}

export interface Output {
  readonly json: boolean;
  /** The command's result: `data` as JSON in --json mode, else the text `human()` returns. */
  result(data: unknown, human: () => string): void;
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
    note(text) {
      if (!json) io.stdout(line(text));
    },
    warn(text) {
      io.stderr(line(text));
    },
    fail(error) {
      const { body, exitCode } = describeError(error);
      if (json && printed) io.stderr(line(`Error: ${body.message}`)); // the one document is out already
      else if (json) printJson({ error: body });
      else io.stderr(line(`Error: ${body.message}${body.code === CliErrorCodes.Usage || body.code === PlatformErrorCodes.General ? "" : ` (${body.code})`}`));
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
