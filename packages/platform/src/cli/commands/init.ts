/** `lp-faas init <dir>`: scaffold an lpf-compatible project with example functions. */
import type { Command } from "commander";
import { isAbsolute, relative, resolve } from "node:path";
import { scaffoldProject } from "../../project/scaffold";
import { EXAMPLE_FUNCTIONS } from "../../project/scaffold-templates";
import type { CommandContext } from "../context";
import { jsonOption } from "../flags";

export function registerInitCommand(program: Command, context: CommandContext): void {
  program
    .command("init")
    .summary("scaffold an lpf-compatible project with example functions")
    .description(
      "Create an lpf-compatible project in <dir> (created when missing): functions/settings.json, a README, a .gitignore,\n" +
        `and example functions (${EXAMPLE_FUNCTIONS.map((fn) => fn.name).join(", ")}).\n` +
        "Refuses a folder whose functions/ is not empty.",
    )
    .argument("<dir>", "the project folder")
    .addOption(jsonOption())
    .action((dir: string, options: { json?: boolean }) =>
      context.run(options, (out) => {
        const result = scaffoldProject(resolve(context.io.cwd, dir));
        const fromCwd = relative(context.io.cwd, result.dir);
        const shown = fromCwd === "" ? "." : fromCwd.startsWith("..") || isAbsolute(fromCwd) ? result.dir : fromCwd;
        out.result(result, () =>
          [
            `Created an lpf project in ${result.dir}:`,
            ...result.created.map((file) => `  ${file}`),
            "",
            "Next:",
            ...(shown === "." ? [] : [`  cd ${shown}`]),
            "  lp-faas dev                      # run the platform, reload on change",
            `  lp-faas invoke greeting --payload '{"name":"Ada"}'`,
          ].join("\n"),
        );
      }),
    );
}
