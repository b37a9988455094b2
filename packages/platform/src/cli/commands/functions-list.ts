/** `lp-faas functions list [dir]`: the project's functions with their uuids, from disk. */
import type { Command } from "commander";
import { relative } from "node:path";
import { loadFunctionCatalog } from "../../project/function-catalog";
import type { CommandContext } from "../context";
import { dirOption, findProjectDir, jsonOption } from "../flags";

export function registerFunctionsCommand(program: Command, context: CommandContext): void {
  const functions = program.command("functions").summary("list the project's functions").description("The project's functions.");
  functions
    .command("list")
    .summary("list the functions, their uuids and generations")
    .description(
      "List the project's functions (folders under functions/ with an index.js), their uuids and their generation\n" +
        "(V1 or V2: how the platform runs them, see docs/platform/runtime.md). With --json: [{ name, uuid, generation }].",
    )
    .argument("[dir]", "the project folder (default: the current folder or the nearest parent holding functions/)")
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((dir: string | undefined, options: { json?: boolean; dir?: string }) =>
      context.run(options, (out) => {
        const projectDir = findProjectDir(context.io, dir ?? options.dir);
        const catalog = loadFunctionCatalog(projectDir);
        const list = catalog.list();
        for (const problem of catalog.problems()) out.warn(`warning: function ${problem.functionName} is left out: ${problem.message}`);
        out.result(
          list.map(({ name, uuid, generation }) => ({ name, uuid, generation: generation ?? 1 })),
          () => {
            if (list.length === 0) return `No functions in ${projectDir}/functions (a function is a folder with index.js and config.json).`;
            const width = Math.max(4, ...list.map((fn) => fn.name.length));
            const entries = list.map((fn) => relative(projectDir, fn.entry));
            const entryWidth = Math.max(5, ...entries.map((entry) => entry.length));
            const rows = list.map((fn, i) => `${fn.name.padEnd(width)}  ${fn.uuid}  ${entries[i]!.padEnd(entryWidth)}  V${fn.generation ?? 1}`);
            return [`${"NAME".padEnd(width)}  ${"UUID".padEnd(36)}  ${"ENTRY".padEnd(entryWidth)}  GEN`, ...rows].join("\n");
          },
        );
      }),
    );
}
