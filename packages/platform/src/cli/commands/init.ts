/** `lp-faas init <dir>`: scaffold an lpf-compatible project with example functions. */
import type { Command } from "commander";
import { isAbsolute, relative, resolve } from "node:path";
import { createFunction, pickTemplate } from "../../project/create-function";
import { createV2Function } from "../../project/create-v2-function";
import { V2_FUNCTION_TEMPLATES, v2TemplateNamed, type FunctionTemplate } from "../../project/function-templates";
import { scaffoldProject } from "../../project/scaffold";
import { EXAMPLE_FUNCTIONS, V2_EXAMPLE_FUNCTIONS } from "../../project/scaffold-templates";
import { badInput } from "../../errors";
import type { CommandContext } from "../context";
import { jsonOption } from "../flags";
import { eventOption, templateOption, templatesHelp, v2Option, v2TemplatesHelp } from "./create";

/** The V2 template `--template` names (default: default); es.badinput for an unknown one. */
function v2Template(name = "default"): FunctionTemplate {
  const template = v2TemplateNamed(name);
  if (!template) throw badInput(`There is no V2 template "${name}"; choose one of: ${V2_FUNCTION_TEMPLATES.map((t) => t.name).join(", ")}`);
  return template;
}

export function registerInitCommand(program: Command, context: CommandContext): void {
  program
    .command("init")
    .summary("scaffold an lpf-compatible project with example functions")
    .description(
      "Create an lpf-compatible project in <dir> (created when missing): functions/settings.json, a README, a .gitignore,\n" +
        `and example functions (${EXAMPLE_FUNCTIONS.map((fn) => fn.name).join(", ")}).\n` +
        "Refuses a folder whose functions/ is not empty. With --template (and --event), also adds a function named after\n" +
        "the template, as lp-faas create function does.\n" +
        "With --v2: a LivePerson Functions V2 project as lpf 2's init makes it (functions/settings.json with secrets only,\n" +
        `the bin/core-functions-toolbelt marker) with V2 examples (${V2_EXAMPLE_FUNCTIONS.map((fn) => fn.name).join(", ")}).\n\nTemplates:\n` +
        templatesHelp() +
        "\n\nV2 templates (--v2):\n" +
        v2TemplatesHelp(),
    )
    .argument("<dir>", "the project folder")
    .addOption(templateOption())
    .addOption(eventOption())
    .addOption(v2Option("a LivePerson Functions V2 project, with V2 example functions"))
    .addOption(jsonOption())
    .action((dir: string, options: { json?: boolean; template?: string; event?: string; v2?: boolean }) =>
      context.run(options, (out) => {
        // Checked before anything is written: a bad template or event leaves no half-made project.
        const v2 = options.v2 === true;
        const template =
          options.template === undefined && options.event === undefined ? undefined : v2 ? v2Template(options.template) : pickTemplate(options).template;
        const result = scaffoldProject(resolve(context.io.cwd, dir), { generation: v2 ? 2 : 1 });
        // The template's function, unless an example of that name is there already (it is that template).
        const create = v2 ? createV2Function : createFunction;
        const added = template && !result.functions.includes(template.name) ? create(result.dir, template.name, options) : undefined;
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
            v2 ? "  lp-faas invoke hello" : `  lp-faas invoke greeting --payload '{"name":"Ada"}'`,
            ...(added ? [`  lp-faas invoke ${added.name}${added.event ? ` --event ${added.event}` : ""}`] : []),
          ].join("\n"),
        );
      }),
    );
}
