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
 * store answers); writes create it.
 */
import { InvalidArgumentError, Option, type Command } from "commander";
import { CONTEXT_STORE_KEY_SECRET } from "lp-faas-toolbelt/platform";
import { existsSync, readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { DEFAULT_ACCOUNT_ID } from "../../defaults";
import { notFound, PlatformError, PlatformErrorCodes } from "../../errors";
import { writeFileAtomic } from "../../project/atomic-file";
import { parseJsonText } from "../../project/json-text";
import { createContextStore } from "../../state/context-store";
import { BUILT_IN_NAMESPACES, ContextLimits, DEFAULT_SESSION_ID, type ContextApiKey, type ContextNamespace, type ContextStore } from "../../state/context-types";
import { isAccountId, isNamespaceName, isSessionOrPropertyId } from "../../state/context-validation";
import { openStateDb, stateDbPath } from "../../state/db";
import type { CommandContext } from "../context";
import { dirOption, findProjectDir, jsonOption } from "../flags";
import { usageError, type CliIo } from "../output";

interface Options {
  dir?: string;
  json?: boolean;
  account?: string;
}

// --- arguments and options

export function parseAccountId(value: string): string {
  if (!isAccountId(value)) throw new InvalidArgumentError(`an account id is 1-64 letters, digits, "_" or "-" (e.g. ${DEFAULT_ACCOUNT_ID}).`);
  return value;
}

export function parseNamespaceName(value: string): string {
  if (!isNamespaceName(value)) throw new InvalidArgumentError(`a namespace name is 1-100 letters, digits, "_" or "-".`);
  return value;
}

export function parseSessionId(value: string): string {
  if (!isSessionOrPropertyId(value)) {
    throw new InvalidArgumentError(`a session id is 1-${ContextLimits.maxIdLength} characters, without "/", and not "." or "..".`);
  }
  return value;
}

/** `--account <id>`, checked when parsed: a bad id is a usage error (exit code 2). */
const accountOption = (description: string): Option => new Option("--account <id>", description).argParser(parseAccountId);
const platformAccountOption = (): Option => accountOption(`the account (default: the platform's, ${DEFAULT_ACCOUNT_ID})`);

/** `--account`, else the platform's; and the platform's (for hints). */
function accountsOf(options: Options): { accountId: string; platformAccount: string } {
  return { accountId: options.account ?? DEFAULT_ACCOUNT_ID, platformAccount: DEFAULT_ACCOUNT_ID };
}

// --- the store

/**
 * The project's store. A read on a project without state.db gets an empty
 * in-memory store (the file is not created); a write creates the file.
 */
function withStore<T>(projectDir: string, write: boolean, use: (store: ContextStore, dbPath: string) => T): T {
  const dbPath = stateDbPath(projectDir);
  const db = openStateDb(!write && !existsSync(dbPath) ? ":memory:" : dbPath);
  try {
    return use(createContextStore(db), dbPath);
  } finally {
    db.close();
  }
}

const accountHint = (accountId: string, platformAccount: string): string => (accountId === platformAccount ? "" : ` --account ${accountId}`);

/** The namespace, or a 404 that says where to look. */
function requireNamespace(store: ContextStore, accounts: { accountId: string; platformAccount: string }, name: string): ContextNamespace {
  const namespace = store.getNamespace(accounts.accountId, name);
  if (namespace) return namespace;
  throw notFound(`There is no namespace "${name}" in account ${accounts.accountId} (see lp-faas context namespaces${accountHint(accounts.accountId, accounts.platformAccount)})`);
}

// --- formatting

const iso = (ms: number): string => new Date(ms).toISOString();
const when = (ms: number): string => new Date(ms).toISOString().replace("T", " ").replace(/:\d\d\.\d+Z$/, " UTC");

/** 86400 → "86400 s (1 d)", 90 → "90 s (1.5 min)". */
export function formatTtl(ttlSecond: number | undefined): string {
  if (ttlSecond === undefined) return "none";
  const units: Array<[string, number]> = [["d", 86_400], ["h", 3600], ["min", 60]];
  const unit = units.find(([, size]) => ttlSecond >= size);
  if (!unit) return `${ttlSecond} s`;
  const amount = Math.round((ttlSecond / unit[1]) * 10) / 10;
  return `${ttlSecond} s (${amount} ${unit[0]})`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ")).join("\n");
}

const keyJson = (key: ContextApiKey) => ({ keyId: key.keyId, accountId: key.accountId, createdAt: iso(key.createdAt) });
const namespaceJson = (ns: ContextNamespace) => ({ name: ns.name, createdAt: iso(ns.createdAt), ...(ns.ttlSecond !== undefined && { ttlSecond: ns.ttlSecond }) });
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
const shown = (io: CliIo, path: string): string => relative(io.cwd, path) || path;

// --- files

/** The JSON document in `file` ("-": stdin); a usage error naming the file, and the line and column of a JSON mistake. */
export function readJsonFile(io: CliIo, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : resolve(io.cwd, file), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "it does not exist" : code === "EISDIR" ? "it is a folder" : (code ?? (error as Error).message);
    throw usageError(`${file} cannot be read: ${why}`);
  }
  return parseJsonText(text, (where) => usageError(`${file === "-" ? "stdin" : file} is not JSON: ${where}`));
}

/** Writes `text` to `path` atomically; a write-failed error that says why otherwise. */
export function writeOutputFile(path: string, text: string): void {
  try {
    writeFileAtomic(path, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? `its folder ${dirname(path)} does not exist` : code === "EISDIR" ? "it is a folder" : code === "EACCES" || code === "EPERM" ? "permission denied" : (code ?? (error as Error).message);
    throw new PlatformError(PlatformErrorCodes.WriteFailed, `cannot write ${path}: ${why}`);
  }
}

// --- commands

export function registerContextCommand(program: Command, context: CommandContext): void {
  const { io } = context;
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

  // keys
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
    .action((options: Options) =>
      context.run(options, async (out) => {
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
    .action((options: Options) =>
      context.run(options, (out) => {
        const projectDir = findProjectDir(io, options.dir);
        const list = withStore(projectDir, false, (store) => store.listApiKeys(options.account)).map(keyJson);
        out.result(list, () =>
          list.length === 0
            ? `No Context Session Store API keys${options.account === undefined ? "" : ` for account ${options.account}`} in ${projectDir} (create one with lp-faas context keys create).`
            : table(["KEY ID", "ACCOUNT", "CREATED"], list.map((k) => [k.keyId, k.accountId, when(Date.parse(k.createdAt))])),
        );
      }),
    );

  keys
    .command("revoke")
    .summary("revoke an API key")
    .description("Revoke an API key by its id (see lp-faas context keys list): functions using it\nget 403 from then on. With --json: { keyId, accountId, revoked: true }.")
    .argument("<keyId>", "the key's id, as lp-faas context keys list shows it")
    .addOption(accountOption("revoke the key only if it belongs to this account"))
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((keyId: string, options: Options) =>
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

  // namespaces, sessions, properties
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
    .action((options: Options) =>
      context.run(options, async (out) => {
        const projectDir = findProjectDir(io, options.dir);
        const { accountId } = accountsOf(options);
        const list = withStore(projectDir, false, (store) => store.listNamespaces(accountId));
        out.result(list.map(namespaceJson), () =>
          list.length === 0
            ? `No namespaces in account ${accountId} (functions create them with createNamespace(); lp-faas context import <file> too).`
            : table(["NAME", "CREATED", "TTL"], list.map((ns) => [ns.name, when(ns.createdAt), formatTtl(ns.ttlSecond)])),
        );
      }),
    );

  contextCommand
    .command("sessions")
    .summary("list a namespace's live sessions")
    .description("List the ids of a namespace's live (not expired) sessions, oldest first.\nWith --json: [sessionId, ...].")
    .argument("<namespace>", "the namespace (a custom one, or a built-in one such as faas)", parseNamespaceName)
    .addOption(platformAccountOption())
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((namespace: string, options: Options) =>
      context.run(options, async (out) => {
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
    .action((namespace: string, sessionId: string | undefined, options: Options) =>
      context.run(options, async (out) => {
        const projectDir = findProjectDir(io, options.dir);
        const accounts = accountsOf(options);
        const { accountId } = accounts;
        const session = sessionId ?? DEFAULT_SESSION_ID;
        const properties = withStore(projectDir, false, (store) => {
          requireNamespace(store, accounts, namespace);
          return store.getProperties(accountId, namespace, session);
        });
        if (!out.json && Object.keys(properties).length === 0) {
          out.warn(`note: session "${session}" of namespace "${namespace}" has no properties (it does not exist or has expired; see lp-faas context sessions ${namespace})`);
        }
        out.result(properties, () => JSON.stringify(properties, null, 2));
      }),
    );

  // export, import
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
    .action((namespace: string, options: Options & { out?: string }) =>
      context.run(options, async (out) => {
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
        out.result({ accountId, namespace, sessions, file }, () => `Exported namespace "${namespace}" of account ${accountId} (${plural(sessions, "session")}) to ${shown(io, file)}`);
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
    .action((file: string, options: Options & { namespace?: string }) =>
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
        out.result(result, () => `Imported ${plural(result.sessions, "session")} into namespace "${result.namespace}" of account ${result.accountId} (${shown(io, dbPath)})`);
      }),
    );
}
