/**
 * `lp-faas context keys|namespaces|sessions|properties|export|import`: the
 * platform's Context Session Store (state/context-store.ts), read and written
 * in the project's SQLite database `.lp-faas/state.db` directly, like
 * `conversations` and `secrets`: whether or not a platform runs (WAL; the
 * running platform reads the file at each request, so a new key or an import
 * is served at once), and never through another project's platform that might
 * answer on the port.
 *
 * Reads on a project without state.db leave it uncreated (an empty in-memory
 * store answers); writes create it. One file per subcommand group; shared
 * arguments in `options.ts`, the store's opening in `project-store.ts`.
 */
import type { Command } from "commander";
import type { CommandContext } from "../../context";
import { registerContextExportImportCommands } from "./export-import";
import { registerContextKeysCommands } from "./keys";
import { registerContextNamespacesCommand } from "./namespaces";
import { registerContextSessionsCommands } from "./sessions";

export function registerContextCommand(program: Command, context: CommandContext): void {
  const contextCommand = program
    .command("context")
    .summary("manage the Context Session Store: API keys, namespaces, sessions, export/import")
    .description(
      "The platform's Context Session Store (what Toolbelt.ContextServiceClient()\n" +
        "talks to), kept in the project's .lp-faas/state.db. These commands read and\n" +
        "write that file directly, whether or not lp-faas dev runs (a running platform\n" +
        "sees the changes at once). Without state.db yet, reads show nothing and create\n" +
        "nothing.",
    )
    .addHelpText(
      "after",
      `
Examples:
  lp-faas context keys create
  lp-faas context namespaces
  lp-faas context sessions onboarding
  lp-faas context properties onboarding conv-1
  lp-faas context export onboarding --out onboarding.json
  lp-faas context import onboarding.json --dir ../other-project`,
    );

  // In this order in the help's command list.
  registerContextKeysCommands(contextCommand, context);
  registerContextNamespacesCommand(contextCommand, context);
  registerContextSessionsCommands(contextCommand, context);
  registerContextExportImportCommands(contextCommand, context);
}
