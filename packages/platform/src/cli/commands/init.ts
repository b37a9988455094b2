/** `lp-faas init <dir>`: scaffold an lpf-compatible project with example functions. */
import type { Command } from "commander";
import { isAbsolute, relative, resolve } from "node:path";
import { createFunction, pickTemplate } from "../../project/create-function";
import { scaffoldProject } from "../../project/scaffold";
import { EXAMPLE_FUNCTIONS } from "../../project/scaffold-templates";
import type { CommandContext } from "../context";
import { jsonOption } from "../flags";
import { eventOption, templateOption, templatesHelp } from "./create";

export function registerInitCommand(program: Command, context: CommandContext): void {
  program
    .command("init")
    .summary("scaffold an lpf-compatible project with example functions")
    .description(
      "Create an lpf-compatible project in <dir> (created when missing): functions/settings.json, a README, a .gitignore,\n" +
        `and example functions (${EXAMPLE_FUNCTIONS.map((fn) => fn.name).join(", ")}).\n` +
        "Refuses a folder whose functions/ is not empty. With --template (and --event), also adds a function named after\n" +
        "the template, as lp-faas create function does.\n\nTemplates:\n" +
        templatesHelp(),
    )
    .argument("<dir>", "the project folder")
    .addOption(templateOption())
    .addOption(eventOption())
    .addOption(jsonOption())
    .action((dir: string, options: { json?: boolean; template?: string; event?: string }) =>
      context.run(options, (out) => {
        // Checked before anything is written: a bad template or event leaves no half-made project.
        const template = options.template === undefined && options.event === undefined ? undefined : pickTemplate(options).template;
        const result = scaffoldProject(resolve(context.io.cwd, dir));
        // The template's function, unless an example of that name is there already (it is that template).
        const added = template && !result.functions.includes(template.name) ? createFunction(result.dir, template.name, options) : undefined;
        if (added) {
          result.created.push(...added.files);
          result.functions.push(added.name);
        }
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
            ...(added ? [`  lp-faas invoke ${added.name}${added.event ? ` --event ${added.event}` : ""}`] : []),
          ].join("\n"),
        );
      }),
    );
}
