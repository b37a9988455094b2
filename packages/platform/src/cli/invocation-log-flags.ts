/** `lp-faas dev`'s flags bounding the invocation log (state/invocations.ts). */
import { InvalidArgumentError, Option } from "commander";
import { DEFAULT_MAX_INVOCATION_LOG_BYTES, DEFAULT_MAX_INVOCATIONS } from "../defaults";

const MB = 1024 * 1024;

function wholeNumber(what: string, min: number, max: number) {
  return (value: string): number => {
    const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!(n >= min && n <= max)) throw new InvalidArgumentError(`${what} is a whole number from ${min} to ${max}.`);
    return n;
  };
}

export interface InvocationLogFlags {
  maxInvocations?: number;
  maxInvocationLogMb?: number;
}

export function maxInvocationsOption(): Option {
  return new Option("--max-invocations <n>", `invocations the invocation log keeps, oldest dropped first (default ${DEFAULT_MAX_INVOCATIONS})`).argParser(
    wholeNumber("--max-invocations", 1, 1_000_000),
  );
}

export function maxInvocationLogMbOption(): Option {
  return new Option(
    "--max-invocation-log-mb <n>",
    `megabytes of records the invocation log keeps, oldest dropped first (default ${DEFAULT_MAX_INVOCATION_LOG_BYTES / MB})`,
  ).argParser(wholeNumber("--max-invocation-log-mb", 1, 100_000));
}

/** The `startPlatform` options of the flags given. */
export function invocationLogPlatformOptions(flags: InvocationLogFlags): { maxInvocations?: number; maxInvocationLogBytes?: number } {
  return {
    ...(flags.maxInvocations !== undefined && { maxInvocations: flags.maxInvocations }),
    ...(flags.maxInvocationLogMb !== undefined && { maxInvocationLogBytes: flags.maxInvocationLogMb * MB }),
  };
}
