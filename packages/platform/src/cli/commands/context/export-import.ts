/**
 * `lp-faas context export|import`: a namespace with its live sessions as one
 * JSON document (`state/context-export.ts`), written to stdout or a file, and
 * read back into this or another project, account or namespace.
 */
import { Option, type Command } from "commander";
import { resolve } from "node:path";
import type { CommandContext } from "../../context";
import { dirOption, findProjectDir, jsonOption } from "../../flags";
import { readJsonFile, writeOutputFile } from "./files";
import { plural, shown } from "./format";
import { accountOption, accountsOf, parseNamespaceName, platformAccountOption, type ContextCommandOptions } from "./options";
import { requireNamespace, withStore } from "./project-store";

export function registerContextExportImportCommands(contextCommand: Command, context: CommandContext): void {
  const { io } = context;
  contextCommand
    .command("export")
    .summary("write a namespace and its sessions as JSON")
    .description(
      "Export a namespace with its live sessions as one JSON document (format\n" +
        "lp-faas-context-namespace, version 1) on stdout, or into --out FILE (written\n" +
        "atomically). lp-faas context import reads it back. With --json and --out:\n" +
        "{ accountId, namespace, sessions, file }; without --out, the document itself.",
    )
    .argument("<namespace>", "the namespace", parseNamespaceName)
    .option("-o, --out <file>", "write the document to this file instead of stdout (replaced if it exists)")
    .addOption(platformAccountOption())
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((namespace: string, options: ContextCommandOptions & { out?: string }) =>
      context.run(options, (out) => {
        const projectDir = findProjectDir(io, options.dir);
        const accounts = accountsOf(options);
        const { accountId } = accounts;
        const document = withStore(projectDir, false, (store) => {
          requireNamespace(store, accounts, namespace);
          return store.exportNamespace(accountId, namespace);
        });
        const text = `${JSON.stringify(document, null, 2)}\n`;
        if (options.out === undefined) {
          io.stdout(text); // the document itself, in both modes
          return;
        }
        const file = resolve(io.cwd, options.out);
        writeOutputFile(file, text);
        const sessions = Object.keys(document.sessions).length;
        out.result(
          { accountId, namespace, sessions, file },
          () => `Exported namespace "${namespace}" of account ${accountId} (${plural(sessions, "session")}) to ${shown(io, file)}`,
        );
      }),
    );

  contextCommand
    .command("import")
    .summary("create or merge a namespace from an export")
    .description(
      'Import a document lp-faas context export wrote ("-" reads stdin): creates the\n' +
        "namespace when missing (with the document's TTL; an existing one keeps its\n" +
        "own) and merges every session into it (named properties replaced, others\n" +
        "kept), in one transaction. With --json: { accountId, namespace, sessions }.",
    )
    .argument("<file>", "the JSON file")
    .addOption(new Option("--namespace <name>", "import into this namespace (default: the document's)").argParser(parseNamespaceName))
    .addOption(accountOption("import into this account (default: the document's accountId)"))
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((file: string, options: ContextCommandOptions & { namespace?: string }) =>
      context.run(options, (out) => {
        const projectDir = findProjectDir(io, options.dir);
        const document = readJsonFile(io, file);
        const { result, dbPath } = withStore(projectDir, true, (store, path) => ({
          result: store.importNamespace(document, {
            ...(options.account !== undefined && { accountId: options.account }),
            ...(options.namespace !== undefined && { namespace: options.namespace }),
          }),
          dbPath: path,
        }));
        out.result(
          result,
          () => `Imported ${plural(result.sessions, "session")} into namespace "${result.namespace}" of account ${result.accountId} (${shown(io, dbPath)})`,
        );
      }),
    );
}
