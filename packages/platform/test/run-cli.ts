/** Runs the `lp-faas` CLI in-process through its main entry, capturing stdout, stderr and the exit code. */
import { main } from "../src/cli/main";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as exactly one JSON document (throws otherwise). */
  json: () => any;
}

export interface CliRunOptions {
  cwd: string;
  env?: Record<string, string>;
  /** What `dev` waits for before shutting down (default: forever). */
  waitForShutdown?: () => Promise<string>;
  /** Called with all of stdout so far, each time the CLI writes to it. */
  onStdout?: (all: string) => void;
  /** Called with all of stderr so far, each time the CLI writes to it. */
  onStderr?: (all: string) => void;
}

export async function runCli(args: string[], options: CliRunOptions): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (text) => {
      stdout += text;
      options.onStdout?.(stdout);
    },
    stderr: (text) => {
      stderr += text;
      options.onStderr?.(stderr);
    },
    cwd: options.cwd,
    env: options.env ?? {},
    waitForShutdown: options.waitForShutdown ?? (() => new Promise(() => undefined)),
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}
