/**
 * Adds a function to a project (`lp-faas create function`): `functions/<name>/index.js` from a
 * template and an lpf `config.json` naming its event. Nothing is overwritten.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { badInput } from "../errors";
import { EVENTS, eventById, NO_EVENT } from "../events/catalogue";
import { FUNCTION_NAME_PATTERN } from "./function-catalog";
import { defaultTemplateFor, FUNCTION_TEMPLATES, templateCode, templateNamed, type FunctionTemplate } from "./function-templates";

export interface CreateFunctionOptions {
  /** The event it listens to (an eventId); absent: none ("No Event"). */
  event?: string;
  /** The template's name; absent: the event's default. */
  template?: string;
  /** config.json `description`; absent: the template's. */
  description?: string;
}

export interface CreatedFunction {
  name: string;
  event: string | null;
  template: string;
  /** The files written, relative to the project. */
  files: string[];
}

/**
 * The template and event the options pick: the event's default template when none is named, and a
 * template meant for one event only implies that event. es.badinput for an unknown event or template,
 * or a template not meant for the event.
 */
export function pickTemplate(options: Pick<CreateFunctionOptions, "event" | "template">): { template: FunctionTemplate; event: string | undefined } {
  if (options.event !== undefined && !eventById(options.event)) {
    throw badInput(`There is no event "${options.event}"; see lp-faas events list (${EVENTS.length} events)`);
  }
  if (options.template === undefined) return { template: defaultTemplateFor(options.event), event: options.event };
  const template = templateNamed(options.template);
  if (!template) throw badInput(`There is no template "${options.template}"; choose one of: ${FUNCTION_TEMPLATES.map((t) => t.name).join(", ")}`);
  if (!template.onlyFor) return { template, event: options.event };
  const event = options.event ?? (template.onlyFor.length === 1 ? template.onlyFor[0] : undefined);
  if (event === undefined || !template.onlyFor.includes(event)) {
    throw badInput(`The template ${template.name} is for the event ${template.onlyFor.join(" or ")}, not ${event ?? "a function without an event"}`);
  }
  return { template, event };
}

/** Writes the new function into `projectDir`; bad input (name, event, template, an existing function) is an es.badinput error. */
export function createFunction(projectDir: string, name: string, options: CreateFunctionOptions = {}): CreatedFunction {
  if (!FUNCTION_NAME_PATTERN.test(name)) throw badInput(`A function name is 1-50 letters, digits or "_" (lpf's rule), not ${JSON.stringify(name)}`);
  const { template, event } = pickTemplate(options);
  const folder = join(projectDir, "functions", name);
  if (existsSync(folder)) throw badInput(`functions/${name} exists already; choose another name`);
  if (!existsSync(join(projectDir, "functions")) || !statSync(join(projectDir, "functions")).isDirectory()) {
    throw badInput(`${projectDir} has no functions/ folder; create a project with lp-faas init first`);
  }
  const config = {
    name,
    event: event ?? NO_EVENT,
    description: options.description ?? template.description,
    input: { headers: [], payload: {} },
    environmentVariables: [],
  };
  mkdirSync(folder);
  writeFileSync(join(folder, "index.js"), templateCode(template), { flag: "wx" });
  writeFileSync(join(folder, "config.json"), `${JSON.stringify(config, null, 4)}\n`, { flag: "wx" });
  return { name, event: event ?? null, template: template.name, files: [`functions/${name}/index.js`, `functions/${name}/config.json`] };
}
