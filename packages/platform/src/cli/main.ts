/**
 * `lp-faas`: the local LivePerson Functions platform's command line.
 * `main(argv)` parses the arguments (without "node" and the script), runs one
 * command and returns the exit code: 0 ok, 1 failure, 2 bad usage. It never
 * calls process.exit, so tests run it in-process with their own io.
 */
import { Command, CommanderError } from "commander";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { registerAllowlistCommand } from "./commands/allowlist";
import { registerContextCommand } from "./commands/context";
import { registerCreateCommand } from "./commands/create";
import { registerDebugCommand } from "./commands/debug";
import { registerConversationsCommand } from "./commands/conversations";
import { registerDevCommand } from "./commands/dev";
import { registerEventsCommand } from "./commands/events";
import { registerExecCommand } from "./commands/exec";
import { registerFunctionsCommand } from "./commands/functions-list";
import { registerInitCommand } from "./commands/init";
import { registerInvokeCommand } from "./commands/invoke";
import { registerLogsCommand } from "./commands/logs";
import { registerMtlsCommand } from "./commands/mtls";
import { registerSecretsCommand } from "./commands/secrets";
import { createCommandContext, type CommandContext } from "./context";
import { createOutput, EXIT_OK, EXIT_USAGE, usageError, type CliIo } from "./output";

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "0.0.0";
  }
}

/** Resolves with the signal's name on the first SIGINT or SIGTERM; a second one gets Node's default (exit). */
function waitForShutdown(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

/** `--json` anywhere before a `--`: usage errors must then be JSON too. */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).includes("--json");
}

export function buildProgram(context: CommandContext, json: boolean): Command {
  const { io } = context;
  const program = new Command("lp-faas")
    .description("A local LivePerson Functions platform: run, invoke and configure lpf projects offline.")
    .version(packageVersion(), "-v, --version", "print the version")
    .helpOption("-h, --help", "show help for a command")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      // In --json mode the error is reported once, as JSON, by main().
      outputError: (text, write) => (json ? undefined : write(text)),
    })
    .showSuggestionAfterError(true);
  if (!json) program.showHelpAfterError("(add --help for usage)");
  program.addHelpText(
    "after",
    `
Examples:
  lp-faas init my-project && cd my-project
  lp-faas dev
  lp-faas invoke greeting --payload '{"name":"Ada"}'
  lp-faas functions list --json
  lp-faas secrets set api-token s3cr3t
  lp-faas allowlist add api.example.com
  lp-faas mtls add api.example.com --cert client.crt --key client.key
  lp-faas conversations list --json
  lp-faas events list
  lp-faas create function farewell --event controllerbot_messaging_conversation_end

Exit codes: 0 ok, 1 failure, 2 bad usage. Every --json output is one JSON document on stdout.`,
  );

  registerInitCommand(program, context);
  registerCreateCommand(program, context);
  registerDevCommand(program, context);
  registerInvokeCommand(program, context);
  registerLogsCommand(program, context);
  registerDebugCommand(program, context);
  registerFunctionsCommand(program, context);
  registerSecretsCommand(program, context);
  registerAllowlistCommand(program, context);
  registerConversationsCommand(program, context);
  registerContextCommand(program, context);
  registerEventsCommand(program, context);
  registerExecCommand(program, context);
  registerMtlsCommand(program, context);
  return program;
}

/** Runs the CLI; `io` defaults to the process (tests pass their own). */
export async function main(argv: string[], io: Partial<CliIo> = {}): Promise<number> {
  const fullIo: CliIo = {
    stdout: io.stdout ?? ((text) => void process.stdout.write(text)),
    stderr: io.stderr ?? ((text) => void process.stderr.write(text)),
    cwd: io.cwd ?? process.cwd(),
    env: io.env ?? process.env,
    waitForShutdown: io.waitForShutdown ?? waitForShutdown,
  };
  const json = wantsJson(argv);
  const context = createCommandContext(fullIo);
  try {
    await buildProgram(context, json).parseAsync(argv, { from: "user" });
    return context.exitCode;
  } catch (error) {
    const out = createOutput(fullIo, json);
    if (error instanceof CommanderError) {
      // --help, --version, `help <command>`: commander says exit code 0.
      if (error.exitCode === 0) return EXIT_OK;
      // A command group without its subcommand (`lp-faas secrets`): commander printed its help on stderr.
      if (error.code === "commander.help") {
        return json
          ? out.fail(usageError(`a command is missing; run lp-faas ${argv.filter((a) => !a.startsWith("-")).join(" ")} --help`.replace(/ +--help/, " --help")))
          : EXIT_USAGE;
      }
      if (json) return out.fail(error);
      return EXIT_USAGE;
    }
    return out.fail(error);
  }
}
