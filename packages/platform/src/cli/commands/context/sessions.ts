/** `lp-faas context sessions|properties`: a namespace's live sessions, and one session's properties. */
import type { Command } from "commander";
import { DEFAULT_SESSION_ID } from "../../../state/context-types";
import type { CommandContext } from "../../context";
import { dirOption, findProjectDir, jsonOption } from "../../flags";
import { accountsOf, parseNamespaceName, parseSessionId, platformAccountOption, type ContextCommandOptions } from "./options";
import { requireNamespace, withStore } from "./project-store";

export function registerContextSessionsCommands(contextCommand: Command, context: CommandContext): void {
  const { io } = context;
  contextCommand
    .command("sessions")
    .summary("list a namespace's live sessions")
    .description("List the ids of a namespace's live (not expired) sessions, oldest first.\nWith --json: [sessionId, ...].")
    .argument("<namespace>", "the namespace (a custom one, or a built-in one such as faas)", parseNamespaceName)
    .addOption(platformAccountOption())
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((namespace: string, options: ContextCommandOptions) =>
      context.run(options, (out) => {
        const projectDir = findProjectDir(io, options.dir);
        const accounts = accountsOf(options);
        const { accountId } = accounts;
        const sessions = withStore(projectDir, false, (store) => {
          requireNamespace(store, accounts, namespace);
          return store.listSessions(accountId, namespace);
        });
        out.result(sessions, () => (sessions.length === 0 ? `No live sessions in namespace "${namespace}" of account ${accountId}.` : sessions.join("\n")));
      }),
    );

  contextCommand
    .command("properties")
    .summary("print a session's properties")
    .description(
      "Print a live session's properties as JSON (name → value); {} when the session\n" +
        `does not exist or has expired. Without a session id: the default session,\n` +
        `${DEFAULT_SESSION_ID}. With --json: the same object.`,
    )
    .argument("<namespace>", "the namespace", parseNamespaceName)
    .argument("[sessionId]", `the session (default: ${DEFAULT_SESSION_ID})`, parseSessionId)
    .addOption(platformAccountOption())
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((namespace: string, sessionId: string | undefined, options: ContextCommandOptions) =>
      context.run(options, (out) => {
        const projectDir = findProjectDir(io, options.dir);
        const accounts = accountsOf(options);
        const { accountId } = accounts;
        const session = sessionId ?? DEFAULT_SESSION_ID;
        const properties = withStore(projectDir, false, (store) => {
          requireNamespace(store, accounts, namespace);
          return store.getProperties(accountId, namespace, session);
        });
        if (!out.json && Object.keys(properties).length === 0) {
          out.warn(
            `note: session "${session}" of namespace "${namespace}" has no properties (it does not exist or has expired; see lp-faas context sessions ${namespace})`,
          );
        }
        out.result(properties, () => JSON.stringify(properties, null, 2));
      }),
    );
}
