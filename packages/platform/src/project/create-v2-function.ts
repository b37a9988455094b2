/**
 * Adds a LivePerson Functions V2 function to a project (`lp-faas create function --v2`): `functions/<name>/index.js`
 * from a V2 template (`default` unless named) and a `config.json` as lpf 2 writes it (`environmentVariables`
 * as its object placeholder `{ "key": "value" }`, which also tells the platform the function is V2 when
 * nothing else does). Nothing is overwritten.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { badInput } from "../errors";
import { EVENTS, eventById, NO_EVENT } from "../events/catalogue";
import type { CreatedFunction, CreateFunctionOptions } from "./create-function";
import { FUNCTION_NAME_PATTERN } from "./function-catalog";
import { templateCode, V2_FUNCTION_TEMPLATES, v2TemplateNamed } from "./function-templates";

/** Writes the new V2 function into `projectDir`; bad input (name, event, template, an existing function) is an es.badinput error. */
export function createV2Function(projectDir: string, name: string, options: CreateFunctionOptions = {}): CreatedFunction {
  if (!FUNCTION_NAME_PATTERN.test(name)) throw badInput(`A function name is 1-50 letters, digits or "_" (lpf's rule), not ${JSON.stringify(name)}`);
  if (options.event !== undefined && !eventById(options.event)) {
    throw badInput(`There is no event "${options.event}"; see lp-faas events list (${EVENTS.length} events)`);
  }
  const template = v2TemplateNamed(options.template ?? "default");
  if (!template) {
    throw badInput(`There is no V2 template "${options.template}"; choose one of: ${V2_FUNCTION_TEMPLATES.map((t) => t.name).join(", ")}`);
  }
  const folder = join(projectDir, "functions", name);
  if (existsSync(folder)) throw badInput(`functions/${name} exists already; choose another name`);
  if (!existsSync(join(projectDir, "functions")) || !statSync(join(projectDir, "functions")).isDirectory()) {
    throw badInput(`${projectDir} has no functions/ folder; create a project with lp-faas init --v2 first`);
  }
  const config = {
    name,
    event: options.event ?? NO_EVENT,
    description: options.description ?? template.description,
    input: { headers: [], payload: {} },
    environmentVariables: { key: "value" },
  };
  const code = templateCode(template);
  mkdirSync(folder);
  writeFileSync(join(folder, "index.js"), code, { flag: "wx" });
  writeFileSync(join(folder, "config.json"), `${JSON.stringify(config, null, 4)}\n`, { flag: "wx" });
  return { name, event: options.event ?? null, template: template.name, files: [`functions/${name}/index.js`, `functions/${name}/config.json`] };
}
