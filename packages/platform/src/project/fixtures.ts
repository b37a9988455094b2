/**
 * Conversation fixtures: `fixtures/conversations/*.json` in the project.
 * Each file holds one Messaging Interactions search response
 * `{ "_metadata": {...}, "conversationHistoryRecords": [record, ...] }` or one
 * bare conversation record `{ "info": { "conversationId": "..." }, ... }`.
 * Files are read at each call (an edit is seen at once). A file that cannot
 * be read or parsed, or that does not hold conversation records, is reported
 * as a problem naming its path and skipped; it never stops the others.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { badInput, PlatformError } from "../errors";
import { parseProjectJson } from "./json-text";

/** One conversation as the Messaging Interactions API returns it (`conversationHistoryRecords[i]`). */
export type ConversationRecord = Record<string, unknown> & { info: Record<string, unknown> & { conversationId: string } };

export interface FixtureConversation {
  conversationId: string;
  record: ConversationRecord;
  /** The file, relative to the project with "/" separators (e.g. fixtures/conversations/order.json). */
  file: string;
}

export interface FixtureProblem {
  /** Absolute path of the file. */
  path: string;
  message: string;
}

export const CONVERSATION_FIXTURES_DIR = "fixtures/conversations";
/** The longest conversation id accepted (real ones are 36-character uuids). */
export const MAX_CONVERSATION_ID_LENGTH = 200;

export function conversationFixturesDir(projectDir: string): string {
  return join(projectDir, ...CONVERSATION_FIXTURES_DIR.split("/"));
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const SHAPE =
  'a Messaging Interactions search response { "_metadata": {...}, "conversationHistoryRecords": [ { "info": { "conversationId": "..." }, ... } ] } or one such record';

function checkRecord(value: unknown, where: string): ConversationRecord {
  if (!isObject(value)) throw badInput(`${where} must be a conversation record: an object with "info": { "conversationId": "..." }`);
  const info = value.info;
  if (!isObject(info)) throw badInput(`${where} has no "info" object; a record needs "info": { "conversationId": "..." }`);
  const id = info.conversationId;
  if (typeof id !== "string" || id.trim() === "") throw badInput(`${where}: "info.conversationId" must be a non-empty string`);
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (id.length > MAX_CONVERSATION_ID_LENGTH || /[\u0000-\u001f\u007f]/.test(id)) {
    throw badInput(`${where}: "info.conversationId" must be at most ${MAX_CONVERSATION_ID_LENGTH} printable characters`);
  }
  for (const member of ["messageRecords", "consumerParticipants", "agentParticipants"]) {
    if (member in value && !Array.isArray(value[member])) throw badInput(`${where}: "${member}" must be an array`);
  }
  for (const member of ["sdes", "unAuthSdes"]) {
    if (!(member in value)) continue;
    const part = value[member];
    if (!isObject(part) || ("events" in part && !Array.isArray(part.events))) throw badInput(`${where}: "${member}" must be { "events": [...] }`);
  }
  for (const field of ["visitorId", "sessionId"]) {
    if (field in info && info[field] !== null && typeof info[field] !== "string") throw badInput(`${where}: "info.${field}" must be a string`);
  }
  return value as ConversationRecord;
}

/**
 * The conversation records a document holds: a search response's records,
 * or the document itself when it is a bare record. Throws PlatformError 400
 * (com.liveperson.faas.es.badinput) naming `what` and the offending record.
 */
export function extractConversationRecords(value: unknown, what: string): ConversationRecord[] {
  if (!isObject(value)) throw badInput(`${what} must be ${SHAPE}`);
  let records: ConversationRecord[];
  if ("conversationHistoryRecords" in value) {
    const list = value.conversationHistoryRecords;
    if (!Array.isArray(list)) throw badInput(`${what}: "conversationHistoryRecords" must be an array of conversation records`);
    if (list.length === 0) throw badInput(`${what} holds no conversation: "conversationHistoryRecords" is empty`);
    records = list.map((record, i) => checkRecord(record, `${what}: conversationHistoryRecords[${i}]`));
  } else if ("info" in value) {
    records = [checkRecord(value, what)];
  } else {
    throw badInput(`${what} must be ${SHAPE}`);
  }
  const seen = new Set<string>();
  for (const record of records) {
    const id = record.info.conversationId;
    if (seen.has(id)) throw badInput(`${what} holds conversation ${id} twice`);
    seen.add(id);
  }
  return records;
}

/** Every conversation of the project's fixture files, and what was wrong with the files left out. */
export function loadConversationFixtures(projectDir: string): { conversations: FixtureConversation[]; problems: FixtureProblem[] } {
  const dir = conversationFixturesDir(projectDir);
  const conversations: FixtureConversation[] = [];
  const problems: FixtureProblem[] = [];
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && entry.name.toLowerCase().endsWith(".json"))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR") problems.push({ path: dir, message: `${dir} cannot be read (${code ?? (error as Error).message})` });
    return { conversations, problems };
  }
  const ids = new Map<string, string>();
  for (const name of names) {
    const path = join(dir, name);
    const file = relative(projectDir, path).split("\\").join("/");
    try {
      let text: string;
      try {
        text = readFileSync(path, "utf8");
      } catch (error) {
        throw badInput(`${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
      const records = extractConversationRecords(parseProjectJson(path, text), path);
      for (const record of records) {
        const id = record.info.conversationId;
        const earlier = ids.get(id);
        if (earlier !== undefined) {
          problems.push({ path, message: `${path}: conversation ${id} is left out: ${earlier} already holds it` });
          continue;
        }
        ids.set(id, file);
        conversations.push({ conversationId: id, record, file });
      }
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      problems.push({ path, message: error.message.startsWith(path) ? error.message : `${path}: ${error.message}` });
    }
  }
  return { conversations, problems };
}
