/**
 * What every command's action gets: the io to write to, and `run()`, which
 * builds the output for the command's `--json` flag, runs the action and
 * turns whatever it throws into one error report and an exit code.
 */
import { createOutput, EXIT_OK, type CliIo, type Output } from "./output";

export interface CommandContext {
  readonly io: CliIo;
  /** The exit code main() returns; set by run(). */
  exitCode: number;
  run(options: { json?: boolean }, action: (out: Output) => Promise<number | void> | number | void): Promise<void>;
}

export function createCommandContext(io: CliIo): CommandContext {
  const context: CommandContext = {
    io,
    exitCode: EXIT_OK,
    async run(options, action) {
      const out = createOutput(io, options.json === true);
      try {
        context.exitCode = (await action(out)) ?? EXIT_OK;
      } catch (error) {
        context.exitCode = out.fail(error);
      }
    },
  };
  return context;
}
