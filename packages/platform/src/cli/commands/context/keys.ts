/**
 * `lp-faas context keys create|list|revoke`: the store's API keys. A key is
 * printed once, when created; the platform keeps its hash only.
 */
import type { Command } from "commander";
import { CONTEXT_STORE_KEY_SECRET } from "lp-faas-toolbelt/platform";
import { existsSync } from "node:fs";
import { notFound } from "../../../errors";
import { stateDbPath } from "../../../state/db";
import type { CommandContext } from "../../context";
import { dirOption, findProjectDir, jsonOption } from "../../flags";
import { iso, keyJson, table, when } from "./format";
import { accountOption, accountsOf, platformAccountOption, type ContextCommandOptions } from "./options";
import { withStore } from "./project-store";

export function registerContextKeysCommands(contextCommand: Command, context: CommandContext): void {
  const { io } = context;
  const keys = contextCommand
    .command("keys")
    .summary("create, list and revoke API keys")
    .description(
      "API keys of the Context Session Store: a function sends one (maven-api-key)\n" +
        "and may then use its account's namespaces. The platform keeps a key's hash\n" +
        "only; the key is shown once, when created.",
    );

  keys
    .command("create")
    .summary("create an API key (shown once)")
    .description(
      "Create an API key for an account and print it once. Functions read it from\n" +
        `the secret ${CONTEXT_STORE_KEY_SECRET}: save it with\n` +
        `  lp-faas secrets set ${CONTEXT_STORE_KEY_SECRET} <key>\n` +
        "With --json: { accountId, apiKey, keyId, createdAt }.",
    )
    .addOption(platformAccountOption())
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((options: ContextCommandOptions) =>
      context.run(options, (out) => {
        const projectDir = findProjectDir(io, options.dir);
        const { accountId } = accountsOf(options);
        const key = withStore(projectDir, true, (store) => store.createApiKey(accountId));
        const result = { accountId: key.accountId, apiKey: key.apiKey, keyId: key.keyId, createdAt: iso(key.createdAt) };
        out.result(result, () =>
          [
            `Created Context Session Store API key ${key.keyId} for account ${key.accountId}:`,
            "",
            `  ${key.apiKey}`,
            "",
            "This is the only time it is shown (the platform keeps its hash only). Save it as the secret functions read:",
            `  lp-faas secrets set ${CONTEXT_STORE_KEY_SECRET} ${key.apiKey}`,
          ].join("\n"),
        );
      }),
    );

  keys
    .command("list")
    .summary("list the API keys' ids (never the keys)")
    .description("List the API keys by id, account and creation date (the keys themselves are\nnever shown). With --json: [{ keyId, accountId, createdAt }].")
    .addOption(accountOption("only the keys of this account (default: every account's)"))
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((options: ContextCommandOptions) =>
      context.run(options, (out) => {
        const projectDir = findProjectDir(io, options.dir);
        const list = withStore(projectDir, false, (store) => store.listApiKeys(options.account)).map(keyJson);
        out.result(list, () =>
          list.length === 0
            ? `No Context Session Store API keys${options.account === undefined ? "" : ` for account ${options.account}`} in ${projectDir} (create one with lp-faas context keys create).`
            : table(
                ["KEY ID", "ACCOUNT", "CREATED"],
                list.map((k) => [k.keyId, k.accountId, when(Date.parse(k.createdAt))]),
              ),
        );
      }),
    );

  keys
    .command("revoke")
    .summary("revoke an API key")
    .description(
      "Revoke an API key by its id (see lp-faas context keys list): functions using it\nget 403 from then on. With --json: { keyId, accountId, revoked: true }.",
    )
    .argument("<keyId>", "the key's id, as lp-faas context keys list shows it")
    .addOption(accountOption("revoke the key only if it belongs to this account"))
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((keyId: string, options: ContextCommandOptions) =>
      context.run(options, (out) => {
        const projectDir = findProjectDir(io, options.dir);
        const missing = () =>
          notFound(`There is no API key ${keyId}${options.account === undefined ? "" : ` in account ${options.account}`} (see lp-faas context keys list)`);
        if (!existsSync(stateDbPath(projectDir))) throw missing();
        const revoked = withStore(projectDir, true, (store) => {
          const key = store.listApiKeys(options.account).find((k) => k.keyId === keyId);
          return key !== undefined && store.revokeApiKey(keyId) ? key : undefined;
        });
        if (!revoked) throw missing();
        out.result({ keyId, accountId: revoked.accountId, revoked: true }, () => `Revoked API key ${keyId} of account ${revoked.accountId}`);
      }),
    );
}
