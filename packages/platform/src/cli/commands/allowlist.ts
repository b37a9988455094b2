/**
 * `lp-faas allowlist list|add|remove`: the hosts functions may call, kept in
 * functions/settings.json `whitelist` (lpf's name). Entries are validated:
 * `api.example.com`, `*.example.com` or an IP address.
 */
import type { Command } from "commander";
import { PlatformError, PlatformErrorCodes } from "../../errors";
import { openSettingsStore } from "../../project/settings-store";
import type { CommandContext } from "../context";
import { dirOption, findProjectDir, jsonOption } from "../flags";

interface Options {
  dir?: string;
  json?: boolean;
}

export function registerAllowlistCommand(program: Command, context: CommandContext): void {
  const allowlist = program
    .command("allowlist")
    .summary("list, add and remove the hosts functions may call")
    .description(
      'The hosts functions may call through the toolbelt, kept in functions/settings.json "whitelist".\n' +
        'Entries: a host ("api.example.com"), a domain and its subdomains ("*.example.com") or an IP address.',
    );
  const store = (options: Options) => openSettingsStore(findProjectDir(context.io, options.dir));

  allowlist
    .command("list")
    .summary("list the entries")
    .description("List the entries. With --json: { entries: [...] }.")
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((options: Options) =>
      context.run(options, (out) => {
        const entries = store(options).listAllowlist();
        out.result({ entries }, () => (entries.length === 0 ? "The allowlist is empty (add a host with lp-faas allowlist add <host>)." : entries.join("\n")));
      }),
    );

  allowlist
    .command("add")
    .summary("add a host, *.domain or IP address")
    .description("Add an entry (already listed: nothing changes). With --json: { entry, added, entries }.")
    .argument("<entry>", 'a host ("api.example.com"), "*.example.com" or an IP address')
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((entry: string, options: Options) =>
      context.run(options, (out) => {
        const settings = store(options);
        const added = settings.addAllowlist(entry);
        const entries = settings.listAllowlist();
        out.result({ entry, added, entries }, () => (added ? `Added ${entry} to the allowlist in ${settings.path}` : `${entry} is already on the allowlist`));
      }),
    );

  allowlist
    .command("remove")
    .summary("remove an entry")
    .description("Remove an entry. With --json: { entry, removed: true, entries }.")
    .argument("<entry>", "the entry as listed")
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((entry: string, options: Options) =>
      context.run(options, (out) => {
        const settings = store(options);
        if (!settings.removeAllowlist(entry)) {
          throw new PlatformError(PlatformErrorCodes.NotFound, `${entry} is not on the allowlist (see lp-faas allowlist list)`);
        }
        out.result({ entry, removed: true, entries: settings.listAllowlist() }, () => `Removed ${entry} from the allowlist in ${settings.path}`);
      }),
    );
}
