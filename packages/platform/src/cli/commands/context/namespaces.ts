/** `lp-faas context namespaces`: an account's custom namespaces with their TTLs. */
import type { Command } from "commander";
import { BUILT_IN_NAMESPACES } from "../../../state/context-types";
import type { CommandContext } from "../../context";
import { dirOption, findProjectDir, jsonOption } from "../../flags";
import { formatTtl, namespaceJson, table, when } from "./format";
import { accountsOf, platformAccountOption, type ContextCommandOptions } from "./options";
import { withStore } from "./project-store";

export function registerContextNamespacesCommand(contextCommand: Command, context: CommandContext): void {
  const { io } = context;
  contextCommand
    .command("namespaces")
    .summary("list the namespaces")
    .description(
      "List an account's custom namespaces, oldest first: name, creation date, TTL (a\n" +
        "session expires that many seconds after its last write). The built-in ones\n" +
        `(${BUILT_IN_NAMESPACES.join(", ")}) always exist and are not listed.\n` +
        "With --json: [{ name, createdAt, ttlSecond? }].",
    )
    .addOption(platformAccountOption())
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((options: ContextCommandOptions) =>
      context.run(options, (out) => {
        const projectDir = findProjectDir(io, options.dir);
        const { accountId } = accountsOf(options);
        const list = withStore(projectDir, false, (store) => store.listNamespaces(accountId));
        out.result(list.map(namespaceJson), () =>
          list.length === 0
            ? `No namespaces in account ${accountId} (functions create them with createNamespace(); lp-faas context import <file> too).`
            : table(
                ["NAME", "CREATED", "TTL"],
                list.map((ns) => [ns.name, when(ns.createdAt), formatTtl(ns.ttlSecond)]),
              ),
        );
      }),
    );
}
