/**
 * `lp-faas init <dir>`: writes an lpf-compatible project. Like `lpf init`,
 * files outside `functions/` are written only when missing (an existing
 * README stays; an existing .gitignore gets the lines it lacks), but the
 * example functions need an empty (or missing) `functions/` folder: init
 * never mixes its examples into someone's functions.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { badInput } from "../errors";
import { configJson, conversationFixtureJson, EXAMPLE_CONVERSATION_FIXTURES, EXAMPLE_FUNCTIONS, GITIGNORE_LINES, readme, settingsJson } from "./scaffold-templates";

export interface ScaffoldResult {
  /** Absolute project folder. */
  dir: string;
  /** Files written or changed, relative to `dir`, with "/" separators. */
  created: string[];
  /** Names of the example functions. */
  functions: string[];
}

/**
 * Scaffolds a project in `dir` (created when missing). Throws PlatformError
 * 400 `com.liveperson.faas.es.badinput` when `dir` is a file or `functions/`
 * already holds something.
 */
export function scaffoldProject(dir: string): ScaffoldResult {
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

  const created: string[] = [];
  const write = (path: string, text: string): void => {
    writeFileSync(path, text, { flag: "wx" });
    created.push(relative(root, path).split("\\").join("/"));
  };

  mkdirSync(functionsDir, { recursive: true });
  write(join(functionsDir, "settings.json"), settingsJson());
  for (const fn of EXAMPLE_FUNCTIONS) {
    const fnDir = join(functionsDir, fn.name);
    mkdirSync(fnDir);
    write(join(fnDir, "index.js"), fn.code);
    write(join(fnDir, "config.json"), configJson(fn));
  }

  const readmePath = join(root, "README.md");
  if (!existsSync(readmePath)) write(readmePath, readme(basename(root)));

  const fixturesDir = join(root, "fixtures", "conversations");
  mkdirSync(fixturesDir, { recursive: true });
  for (const fixture of EXAMPLE_CONVERSATION_FIXTURES) {
    const path = join(fixturesDir, fixture.file);
    if (!existsSync(path)) write(path, conversationFixtureJson(fixture));
  }

  const gitignorePath = join(root, ".gitignore");
  if (!existsSync(gitignorePath)) {
    write(gitignorePath, `${GITIGNORE_LINES.join("\n")}\n`);
  } else {
    const text = readFileSync(gitignorePath, "utf8");
    const lines = new Set(text.split(/\r?\n/).map((line) => line.trim()));
    const missing = GITIGNORE_LINES.filter((line) => !lines.has(line) && !lines.has(line.replace(/\/$/, "")));
    if (missing.length > 0) {
      appendFileSync(gitignorePath, `${text === "" || text.endsWith("\n") ? "" : "\n"}${missing.join("\n")}\n`);
      created.push(".gitignore");
    }
  }

  return { dir: root, created, functions: EXAMPLE_FUNCTIONS.map((fn) => fn.name) };
}
