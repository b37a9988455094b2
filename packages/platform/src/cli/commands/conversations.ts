/**
 * `lp-faas conversations list|show|import`: the test conversations the
 * platform's Messaging Interactions API serves (fixtures/conversations/*.json
 * plus imported ones in .lp-faas/state.db), with the SDE events added to
 * their visits.
 *
 * All three work on the project's files directly, like `functions list` and
 * `secrets`: `import` writes into the project's SQLite database (WAL; the
 * running platform reads it at each request, so an import is served at once),
 * whether or not a platform runs, and never reaches another project's
 * platform that might answer on the port.
 */
import type { Command } from "commander";
import { existsSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { notFound } from "../../errors";
import type { ConversationRecord } from "../../project/fixtures";
import { createConversationCatalog, type ConversationCatalog, type ConversationSummary } from "../../conversations/conversation-catalog";
import { createConversationStateStore } from "../../state/conversations";
import { openStateDb, stateDbPath } from "../../state/db";
import type { CommandContext } from "../context";
import { dirOption, findProjectDir, jsonOption } from "../flags";
import { usageError, type CliIo } from "../output";

interface Options {
  dir?: string;
  json?: boolean;
}

/** A value of a hand-written record as text: strings as they are, anything else as JSON, `fallback` when absent. */
const shown = (value: unknown, fallback: string): string =>
  value === undefined || value === null ? fallback : typeof value === "string" ? value : JSON.stringify(value);

/** The project's conversations; without state.db yet, reads leave the database alone (fixtures only). */
function withCatalog<T>(projectDir: string, create: boolean, use: (catalog: ConversationCatalog, dbPath: string) => T): T {
  const dbPath = stateDbPath(projectDir);
  if (!create && !existsSync(dbPath)) return use(createConversationCatalog({ projectDir }), dbPath);
  const db = openStateDb(dbPath);
  try {
    return use(createConversationCatalog({ projectDir, store: createConversationStateStore(db) }), dbPath);
  } finally {
    db.close();
  }
}

const iso = (ms: unknown): string =>
  typeof ms === "number" && Number.isFinite(ms)
    ? new Date(ms)
        .toISOString()
        .replace("T", " ")
        .replace(/:\d\d\.\d+Z$/, " UTC")
    : "-";

export function formatList(list: ConversationSummary[], projectDir: string): string {
  if (list.length === 0) {
    return `No conversations in ${projectDir}: add fixtures/conversations/<name>.json (a Messaging Interactions search response) or run lp-faas conversations import <file>.`;
  }
  const rows = list.map((c) => [c.conversationId, c.status ?? "-", iso(c.startTime), String(c.messages), String(c.sdeEvents), c.file ?? "imported"]);
  const header = ["CONVERSATION ID", "STATUS", "START", "MESSAGES", "SDES", "SOURCE"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ")).join("\n");
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const clock = (ms: unknown): string => (typeof ms === "number" ? new Date(ms).toISOString().slice(11, 19) : "--:--:--");

function messageLine(message: unknown): string {
  if (!isObject(message)) return "  (malformed message)";
  const data = isObject(message.messageData) ? message.messageData : {};
  const file = isObject(data.file) ? data.file : undefined;
  const msg = isObject(data.msg) ? data.msg : undefined;
  const body =
    message.type === "HOSTED_FILE" && file
      ? `[file] ${shown(file.caption, "")}${file.relativePath ? ` (${shown(file.relativePath, "")})` : ""}`
      : msg && typeof msg.text === "string"
        ? msg.text
        : `[${shown(message.type, "?")}]`;
  return `  ${clock(message.timeL)}  ${shown(message.sentBy, "?").padEnd(8)}  ${body}`;
}

function eventLines(part: unknown, label: string): string[] {
  const events = isObject(part) && Array.isArray(part.events) ? part.events : [];
  if (events.length === 0) return [];
  return [
    `${label} (${events.length}):`,
    ...events.map((event) => {
      const e = isObject(event) ? event : {};
      const ts = Number(e.serverTimeStamp);
      return `  ${Number.isFinite(ts) ? new Date(ts).toISOString() : shown(e.serverTimeStamp, "?")}  ${shown(e.sdeType, "?")}`;
    }),
  ];
}

export function formatConversation(record: ConversationRecord, summary: ConversationSummary): string {
  const info = record.info;
  const messages = Array.isArray(record.messageRecords) ? record.messageRecords : [];
  const consumers = Array.isArray(record.consumerParticipants) ? record.consumerParticipants.filter(isObject) : [];
  const agents = Array.isArray(record.agentParticipants) ? record.agentParticipants.filter(isObject) : [];
  const name = (p: Record<string, unknown>, keys: string[]): string =>
    (keys.map((k) => p[k]).find((v) => typeof v === "string" && v !== "") as string | undefined) ?? "?";
  const events = [...eventLines(record.sdes, "SDE events"), ...eventLines(record.unAuthSdes, "Unauthenticated SDE events")];
  return [
    `Conversation ${summary.conversationId}  (${summary.source === "fixture" ? summary.file : "imported"})`,
    `  status ${summary.status ?? "-"}, skill ${summary.latestSkillName ?? "-"}, started ${iso(summary.startTime)}`,
    `  visitor ${summary.visitorId ?? "-"}, session ${summary.sessionId ?? "-"}, brand ${shown(info.brandId, "-")}`,
    `  consumers: ${consumers.map((p) => name(p, ["consumerName", "firstName", "participantId"])).join(", ") || "-"}`,
    `  agents: ${agents.map((p) => name(p, ["agentNickname", "agentFullName", "agentLoginName", "agentId"])).join(", ") || "-"}`,
    "",
    `Messages (${messages.length}):`,
    ...messages.map(messageLine),
    ...(events.length > 0 ? ["", ...events] : ["", "SDE events: none"]),
  ].join("\n");
}

function readDocument(io: CliIo, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : resolve(io.cwd, file), "utf8");
  } catch (error) {
    throw usageError(`${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw usageError(`${file} is not JSON: ${(error as Error).message.split("\n")[0]}`);
  }
}

export function registerConversationsCommand(program: Command, context: CommandContext): void {
  const conversations = program
    .command("conversations")
    .summary("list, show and import test conversations")
    .description(
      "Test conversations for ConversationUtil, SDEUtil and GDPRUtil: the project's fixtures/conversations/*.json\n" +
        "plus conversations imported into .lp-faas/state.db, with the SDEs added to their visits.",
    );

  conversations
    .command("list")
    .summary("list the conversations")
    .description(
      "List the conversations the platform serves. Fixture files that cannot be used are named on stderr.\n" +
        "With --json: [{ conversationId, status, startTime, latestSkillName, messages, visitorId, sessionId, sdeEvents, source, file? }].",
    )
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((options: Options) =>
      context.run(options, (out) => {
        const projectDir = findProjectDir(context.io, options.dir);
        const { conversations: list, problems } = withCatalog(projectDir, false, (catalog) => catalog.list());
        for (const problem of problems) out.warn(`warning: conversation fixture left out: ${problem.message}`);
        out.result(list, () => formatList(list, projectDir));
      }),
    );

  conversations
    .command("show")
    .summary("print a conversation")
    .description(
      "Print a conversation: its info, messages and SDE events. With --json: the conversation record as the Messaging Interactions API returns it (v=2).",
    )
    .argument("<id>", "the conversation id")
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((id: string, options: Options) =>
      context.run(options, (out) => {
        const projectDir = findProjectDir(context.io, options.dir);
        const found = withCatalog(projectDir, false, (catalog) => catalog.get(id));
        if (!found) throw notFound(`There is no conversation ${id} in this project (see lp-faas conversations list)`);
        out.result(found.record, () => formatConversation(found.record, found.summary));
      }),
    );

  conversations
    .command("import")
    .summary("import a conversation from a JSON file")
    .description(
      'Import conversations from a JSON file ("-" reads stdin): one conversation record { info: { conversationId }, ... }\n' +
        "or a Messaging Interactions search response { _metadata, conversationHistoryRecords: [...] }. They are stored in\n" +
        ".lp-faas/state.db (a running platform serves them at once; they survive restarts); an id imported again is replaced.\n" +
        "With --json: { imported: [{ conversationId, ... }] }.",
    )
    .argument("<file>", "the JSON file")
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((file: string, options: Options) =>
      context.run(options, (out) => {
        const projectDir = findProjectDir(context.io, options.dir);
        const document = readDocument(context.io, file);
        const { imported, dbPath } = withCatalog(projectDir, true, (catalog, path) => ({
          imported: catalog.importDocument(document, file === "-" ? "stdin" : file),
          dbPath: path,
        }));
        out.result({ imported }, () =>
          [
            `Imported ${imported.length} conversation${imported.length === 1 ? "" : "s"} into ${relative(context.io.cwd, dbPath) || dbPath}:`,
            ...imported.map((c) => `  ${c.conversationId}  ${c.status ?? "-"}, ${c.messages} message${c.messages === 1 ? "" : "s"}`),
          ].join("\n"),
        );
      }),
    );
}
