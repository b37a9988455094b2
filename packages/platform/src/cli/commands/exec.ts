/**
 * `lp-faas exec [--dir] -- <command…>`: for CI. Starts a fresh platform for
 * the project (temporary state, a free port), runs the command with
 * LP_FAAS_PORT and LP_FAAS_PLATFORM_URL set and the terminal's stdio, stops
 * the platform and exits with the command's exit code. A command that
 * cannot start exits 127 (not found) or 126, as shells do.
 */
import { Option, type Command } from "commander";
import { spawn, type ChildProcess } from "node:child_process";
import { constants } from "node:os";
import { PORT_ENV } from "../../defaults";
import { PlatformError, PlatformErrorCodes } from "../../errors";
import { startPlatform } from "../../kit/start-platform";
import type { CommandContext } from "../context";
import { dirOption, findProjectDir, parseTimeoutMs, portOption } from "../flags";

interface ExecOptions {
  dir?: string;
  port?: number;
  timeout?: number;
}

/** Resolves once the child runs; rejects with the catalogue error when it cannot start. */
function started(child: ChildProcess, command: string): Promise<void> {
  return new Promise((resolveStart, rejectStart) => {
    child.once("spawn", () => resolveStart());
    child.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") {
        rejectStart(new PlatformError(PlatformErrorCodes.CommandNotFound, `${command}: command not found (is it on PATH?)`, { cause: error }));
      } else {
        rejectStart(new PlatformError(PlatformErrorCodes.CommandNotRunnable, `${command} cannot be started: ${error.message}`, { cause: error }));
      }
    });
  });
}

/** The child's exit code; 128 + the signal's number when a signal ended it, as shells report. */
function exited(child: ChildProcess): Promise<number> {
  return new Promise((resolveExit) => {
    child.once("exit", (code, signal) => {
      resolveExit(code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0)));
    });
  });
}

export function registerExecCommand(program: Command, context: CommandContext): void {
  program
    .command("exec")
    .summary("run a command against a fresh platform, then stop it (for CI)")
    .description(
      "Start a fresh platform for the project (temporary state: the project's .lp-faas/ is not used; a free port),\n" +
        `run the command with ${PORT_ENV} and LP_FAAS_PLATFORM_URL set (stdin, stdout and stderr are the terminal's),\n` +
        "stop the platform and exit with the command's exit code. Put the command after --.\n" +
        "A command that cannot be started: exit 127 when not found, 126 otherwise (as shells). The platform's log goes to stderr.",
    )
    .argument("<command...>", "the command and its arguments, after --")
    .addOption(dirOption())
    .addOption(portOption("the port to listen on (default 0: a free port)"))
    .addOption(new Option("--timeout <ms>", "execution timeout per invocation in milliseconds (default 30000)").argParser(parseTimeoutMs))
    .addHelpText("after", "\nExamples:\n  lp-faas exec -- npm test\n  lp-faas exec --dir examples -- npx vitest run")
    .action((command: string[], options: ExecOptions) =>
      context.run({}, async (out) => {
        const projectDir = findProjectDir(context.io, options.dir);
        const [file, ...args] = command as [string, ...string[]];
        const port = options.port ?? 0;
        const platform = await startPlatform({ projectDir, port, timeoutMs: options.timeout, log: (line) => out.warn(line) }).catch(
          (error: NodeJS.ErrnoException) => {
            if (error.code === "EADDRINUSE") throw new PlatformError(PlatformErrorCodes.PortInUse, `port ${port} is in use; leave out --port for a free one`);
            throw error;
          },
        );
        try {
          out.warn(`lp-faas exec: platform on ${platform.url} for ${projectDir}; running ${command.join(" ")}`);
          const child = spawn(file, args, {
            cwd: context.io.cwd,
            stdio: "inherit",
            env: { ...context.io.env, [PORT_ENV]: String(platform.port), LP_FAAS_PLATFORM_URL: platform.url },
          });
          const exit = exited(child);
          await started(child, file);
          // Ctrl-C (SIGINT) reaches the command from the terminal already; a SIGTERM sent to lp-faas alone is passed on.
          // Either way lp-faas waits for the command, then stops the platform.
          void context.io.waitForShutdown().then((signal) => {
            if (signal === "SIGTERM") child.kill("SIGTERM");
          });
          return await exit;
        } finally {
          await platform.close();
        }
      }),
    );
}
