/**
 * `lp-faas create function <name> [--event <eventId>] [--template <name>]`: adds a function to the
 * project from a template (the event's default when none is named). Also the options `init` shares.
 */
import { Option, type Command } from "commander";
import { createFunction, type CreatedFunction } from "../../project/create-function";
import { createV2Function } from "../../project/create-v2-function";
import { FUNCTION_TEMPLATES, V2_FUNCTION_TEMPLATES } from "../../project/function-templates";
import type { CommandContext } from "../context";
import { dirOption, findProjectDir, jsonOption } from "../flags";

/** The templates, one per line, for help texts. */
export function templatesHelp(): string {
  const width = Math.max(...FUNCTION_TEMPLATES.map((t) => t.name.length));
  return FUNCTION_TEMPLATES.map((t) => {
    const scope = t.onlyFor
      ? ` (only ${t.onlyFor.join(", ")})`
      : t.defaultFor.length > 0
        ? ` (default for ${t.defaultFor.length === 1 ? t.defaultFor[0] : `${t.defaultFor.length} events`})`
        : "";
    return `  ${t.name.padEnd(width)}  ${t.title}${scope}`;
  }).join("\n");
}

/** The V2 templates, one per line, for help texts. */
export function v2TemplatesHelp(): string {
  const width = Math.max(...V2_FUNCTION_TEMPLATES.map((t) => t.name.length));
  return V2_FUNCTION_TEMPLATES.map((t) => `  ${t.name.padEnd(width)}  ${t.title}`).join("\n");
}

export const v2Option = (what: string): Option => new Option("--v2", what);
export const eventOption = (): Option => new Option("-e, --event <eventId>", "the event the function listens to (lp-faas events list)");
export const templateOption = (): Option => new Option("-t, --template <name>", "the template to start from (default: the event's, else greeting)");

export function describeCreated(created: CreatedFunction): string {
  return [
    `Created function ${created.name} from the ${created.template} template${created.event ? ` (event ${created.event})` : ""}:`,
    ...created.files.map((file) => `  ${file}`),
    "",
    "Next:",
    `  lp-faas invoke ${created.name}${created.event ? ` --event ${created.event}` : ""}`,
  ].join("\n");
}

export function registerCreateCommand(program: Command, context: CommandContext): void {
  const create = program.command("create").summary("add to the project").description("Add a function to the project.");
  create
    .command("function")
    .summary("add a function from a template")
    .description(
      "Add functions/<name>/index.js and config.json to the project, from a template: the event's default template\n" +
        "when --template is not given (greeting without an event). With --json: { name, event, template, files }.\n" +
        "With --v2: a LivePerson Functions V2 function (an ES module with a top-level async lambda, lpf 2's config.json),\n" +
        "from a V2 template (default: default).\n\nTemplates:\n" +
        templatesHelp() +
        "\n\nV2 templates (--v2):\n" +
        v2TemplatesHelp(),
    )
    .argument("<name>", 'the function\'s name: 1-50 letters, digits or "_"')
    .addOption(eventOption())
    .addOption(templateOption())
    .addOption(new Option("--description <text>", "config.json's description (default: the template's)"))
    .addOption(v2Option("a LivePerson Functions V2 function, from a V2 template"))
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((name: string, options: { event?: string; template?: string; description?: string; dir?: string; v2?: boolean; json?: boolean }) =>
      context.run(options, (out) => {
        const projectDir = findProjectDir(context.io, options.dir);
        const created = options.v2 ? createV2Function(projectDir, name, options) : createFunction(projectDir, name, options);
        out.result(created, () => describeCreated(created));
      }),
    );
}
