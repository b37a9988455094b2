/**
 * `lp-faas init <dir>`: writes an lpf-compatible project. Like `lpf init`,
 * files outside `functions/` are written only when missing (an existing
 * README stays; an existing .gitignore gets the lines it lacks), but the
 * example functions need an empty (or missing) `functions/` folder: init
 * never mixes its examples into someone's functions. The files come from the
 * package's `templates/project/` (scaffold-templates.ts).
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { badInput } from "../errors";
import {
  EXAMPLE_FUNCTIONS,
  randomScaffoldValues,
  renderProjectTemplates,
  renderV2ProjectTemplates,
  V2_EXAMPLE_FUNCTIONS,
  type ScaffoldValues,
} from "./scaffold-templates";

export interface ScaffoldResult {
  /** Absolute project folder. */
  dir: string;
  /** Files written or changed, relative to `dir`, with "/" separators. */
  created: string[];
  /** Names of the example functions. */
  functions: string[];
}

export interface ScaffoldOptions {
  /**
   * Values init otherwise computes (templates/README.md, placeholders): the project name (default:
   * the folder's name) and random local credentials. `npm run examples:generate` fixes them so that
   * the checked-in examples/ does not change from one run to the next.
   */
  values?: Partial<ScaffoldValues>;
  /**
   * 2: a LivePerson Functions V2 project as lpf 2's `init` lays it out (`lp-faas init --v2`): V2 example
   * functions, `functions/settings.json` with secrets only, the `bin/core-functions-toolbelt/` marker.
   * Default 1.
   */
  generation?: 1 | 2;
}

/**
 * Scaffolds a project in `dir` (created when missing). Throws PlatformError
 * 400 `com.liveperson.faas.es.badinput` when `dir` is a file or `functions/`
 * already holds something.
 */
export function scaffoldProject(dir: string, options: ScaffoldOptions = {}): ScaffoldResult {
  const root = resolve(dir);
  if (existsSync(root) && !statSync(root).isDirectory()) throw badInput(`${root} is a file; give init a folder for the project`);
  const functionsDir = join(root, "functions");
  if (existsSync(functionsDir)) {
    if (!statSync(functionsDir).isDirectory()) throw badInput(`${functionsDir} is a file; move it away or choose another folder`);
    const present = readdirSync(functionsDir);
    if (present.length > 0) {
      throw badInput(
        `${functionsDir} is not empty (${present.slice(0, 3).join(", ")}${present.length > 3 ? ", ..." : ""}); ` +
          "init only writes into a new project: choose another folder, or empty functions/ first",
      );
    }
  }

  const values: ScaffoldValues = { ...randomScaffoldValues(basename(root)), ...options.values };
  const v2 = options.generation === 2;
  // All of them before the first write: a broken template writes nothing.
  const files = v2 ? renderV2ProjectTemplates(values) : renderProjectTemplates(values);
  const created: string[] = [];
  mkdirSync(functionsDir, { recursive: true });
  for (const { path, text } of files) {
    const file = join(root, ...path.split("/"));
    if (path === ".gitignore") {
      if (mergeGitignore(file, text)) created.push(path);
    } else if (path.startsWith("functions/") || !existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text, { flag: "wx" });
      created.push(path);
    }
  }
  return { dir: root, created, functions: (v2 ? V2_EXAMPLE_FUNCTIONS : EXAMPLE_FUNCTIONS).map((fn) => fn.name) };
}

/** Writes the template .gitignore, or appends the lines an existing one lacks; true when the file changed. */
function mergeGitignore(file: string, template: string): boolean {
  if (!existsSync(file)) {
    writeFileSync(file, template, { flag: "wx" });
    return true;
  }
  const text = readFileSync(file, "utf8");
  const lines = new Set(text.split(/\r?\n/).map((line) => line.trim()));
  const missing = template.split("\n").filter((line) => line !== "" && !lines.has(line) && !lines.has(line.replace(/\/$/, "")));
  if (missing.length === 0) return false;
  appendFileSync(file, `${text === "" || text.endsWith("\n") ? "" : "\n"}${missing.join("\n")}\n`);
  return true;
}
