/**
 * `lp-faas secrets list|get|set|delete`: edits functions/settings.json
 * directly (the running platform reads the file on every request). `list`
 * shows keys only; values are printed by `get` alone.
 */
import type { Command } from "commander";
import { isSystemSecret } from "lp-faas-toolbelt/platform";
import { PlatformError, PlatformErrorCodes } from "../../errors";
import { openSettingsStore } from "../../project/settings-store";
import type { CommandContext } from "../context";
import { dirOption, findProjectDir, jsonOption } from "../flags";
import { formatValue } from "../output";

interface Options {
  dir?: string;
  json?: boolean;
  force?: boolean;
}

/** System secrets (the platform's app keys) are changed on purpose only: `--force`. */
function refuseSystemSecret(key: string, options: Options, verb: "overwrite" | "delete"): void {
  if (options.force || !isSystemSecret(key)) return;
  throw new PlatformError(PlatformErrorCodes.SecretForbidden, `${key} is a system secret (the platform's own app key); pass --force to ${verb} it anyway`);
}

const notFound = (key: string): PlatformError =>
  new PlatformError(PlatformErrorCodes.SecretNotFound, `There is no secret ${key} in this project (see lp-faas secrets list)`);

/** `set`'s value: JSON when it parses (`42`, `true`, `{"a":1}`, `"quoted"`), else the text itself. */
export function parseSecretValue(text: string, forceString: boolean): unknown {
  if (forceString) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function registerSecretsCommand(program: Command, context: CommandContext): void {
  const secrets = program
    .command("secrets")
    .summary("list, read, set and delete the project's secrets")
    .description("The project's secrets, kept in functions/settings.json (what Toolbelt.SecretClient() reads).");
  const store = (options: Options) => openSettingsStore(findProjectDir(context.io, options.dir));

  secrets
    .command("list")
    .summary("list the keys (never the values)")
    .description("List the secrets' keys (never their values). With --json: [{ key }].")
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((options: Options) =>
      context.run(options, (out) => {
        const keys = store(options)
          .read()
          .secrets.map(({ key }) => ({ key }));
        out.result(keys, () => (keys.length === 0 ? "No secrets (add one with lp-faas secrets set <key> <value>)." : keys.map(({ key }) => key).join("\n")));
      }),
    );

  secrets
    .command("get")
    .summary("print a secret's value")
    .description("Print a secret's value. With --json: { key, value }.")
    .argument("<key>", "the secret's name")
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((key: string, options: Options) =>
      context.run(options, (out) => {
        const secret = store(options).getSecret(key);
        if (!secret) throw notFound(key);
        out.result(secret, () => formatValue(secret.value));
      }),
    );

  secrets
    .command("set")
    .summary("create or replace a secret")
    .description(
      'Create or replace a secret. The value is stored as JSON when it is valid JSON (42, true, {"a":1}),\n' +
        "else as the text itself; --string always stores the text. With --json: { key, value, created }.",
    )
    .argument("<key>", 'the secret\'s name: 1-100 letters, digits, "_" or "-"')
    .argument("<value>", "the value")
    .option("--string", "store the value as a string even when it looks like JSON")
    .option("--force", "replace a system secret (lp-faas-default-app-key, lp-faas-orchestrator-app-key, LIVEPERSON_DEFAULT_*) too")
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((key: string, text: string, options: Options & { string?: boolean }) =>
      context.run(options, (out) => {
        const settings = store(options);
        const value = parseSecretValue(text, options.string === true);
        const created = settings.getSecret(key) === undefined;
        if (!created) refuseSystemSecret(key, options, "overwrite");
        settings.setSecret(key, value);
        out.result({ key, value, created }, () => `${created ? "Created" : "Updated"} secret ${key} in ${settings.path}`);
      }),
    );

  secrets
    .command("delete")
    .summary("delete a secret")
    .description("Delete a secret. With --json: { key, deleted: true }.")
    .argument("<key>", "the secret's name")
    .option("--force", "delete a system secret (lp-faas-default-app-key, lp-faas-orchestrator-app-key, LIVEPERSON_DEFAULT_*) too")
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((key: string, options: Options) =>
      context.run(options, (out) => {
        const settings = store(options);
        if (settings.getSecret(key) !== undefined) refuseSystemSecret(key, options, "delete");
        if (!settings.deleteSecret(key)) throw notFound(key);
        out.result({ key, deleted: true }, () => `Deleted secret ${key} from ${settings.path}`);
      }),
    );
}
