/**
 * Conversations and SDE events in the platform's SQLite database (they
 * survive restarts):
 * - `conversations`: records imported through `POST /_platform/conversations`
 *   or `lp-faas conversations import`, one row per conversation id (a new
 *   import of the same id replaces the row);
 * - `sde_events`: every SDE sent to the Engagement Attributes API, as sent,
 *   with the visit (visitor id + session id) it was sent for and the server
 *   time it arrived. Events belong to the visit, not to a conversation: a
 *   conversation shows the events of its visit whenever it is read
 *   (conversations/conversation-catalog.ts), also when it is imported later.
 */
import type { ConversationRecord } from "../project/fixtures";
import type { StateDb } from "./db";

export interface ImportedConversation {
  conversationId: string;
  record: ConversationRecord;
  /** Epoch ms. */
  importedAt: number;
}

export interface StoredSde {
  id: number;
  accountId: string;
  visitorId: string;
  sessionId: string;
  /** Epoch ms when the platform received it. */
  serverTime: number;
  /** The SDE as sent: `{ type, ... }`. */
  sde: Record<string, unknown> & { type: string };
}

export interface ConversationStateStore {
  /** Inserts or replaces, all in one transaction. */
  putConversations(records: ConversationRecord[], importedAt: number): void;
  getConversation(conversationId: string): ImportedConversation | undefined;
  listConversations(): ImportedConversation[];
  deleteConversation(conversationId: string): boolean;
  /** Stores the SDEs of one request, in order, all with the same server time. */
  addSdes(visit: { accountId: string; visitorId: string; sessionId: string }, sdes: ReadonlyArray<StoredSde["sde"]>, serverTime: number): StoredSde[];
  /** The visit's SDEs in arrival order; without a session id, every session of the visitor. */
  sdesForVisit(visitorId: string, sessionId?: string): StoredSde[];
}

interface ConversationRow {
  conversation_id: string;
  record: string;
  imported_at: number;
}

interface SdeRow {
  id: number;
  account_id: string;
  visitor_id: string;
  session_id: string;
  server_time: number;
  sde_type: string;
  sde: string;
}

const fromConversationRow = (row: ConversationRow): ImportedConversation => ({
  conversationId: row.conversation_id,
  record: JSON.parse(row.record) as ConversationRecord,
  importedAt: row.imported_at,
});

const fromSdeRow = (row: SdeRow): StoredSde => ({
  id: row.id,
  accountId: row.account_id,
  visitorId: row.visitor_id,
  sessionId: row.session_id,
  serverTime: row.server_time,
  sde: JSON.parse(row.sde) as StoredSde["sde"],
});

export function createConversationStateStore(db: StateDb): ConversationStateStore {
  const upsert = db.prepare(
    `INSERT INTO conversations (conversation_id, record, imported_at) VALUES (?, ?, ?)
     ON CONFLICT (conversation_id) DO UPDATE SET record = excluded.record, imported_at = excluded.imported_at`,
  );
  const byId = db.prepare(`SELECT * FROM conversations WHERE conversation_id = ?`);
  const all = db.prepare(`SELECT * FROM conversations ORDER BY imported_at, rowid`);
  const remove = db.prepare(`DELETE FROM conversations WHERE conversation_id = ?`);
  const insertSde = db.prepare(`INSERT INTO sde_events (account_id, visitor_id, session_id, server_time, sde_type, sde) VALUES (?, ?, ?, ?, ?, ?)`);
  const sdesOfVisit = db.prepare(`SELECT * FROM sde_events WHERE visitor_id = ? AND session_id = ? ORDER BY id`);
  const sdesOfVisitor = db.prepare(`SELECT * FROM sde_events WHERE visitor_id = ? ORDER BY id`);

  const putAll = db.transaction((records: ConversationRecord[], importedAt: number) => {
    for (const record of records) upsert.run(record.info.conversationId, JSON.stringify(record), importedAt);
  });
  const addAll = db.transaction(
    (visit: { accountId: string; visitorId: string; sessionId: string }, sdes: ReadonlyArray<StoredSde["sde"]>, serverTime: number) =>
      sdes.map((sde) => {
        const info = insertSde.run(visit.accountId, visit.visitorId, visit.sessionId, serverTime, sde.type, JSON.stringify(sde));
        return { id: Number(info.lastInsertRowid), ...visit, serverTime, sde };
      }),
  );

  return {
    putConversations(records, importedAt) {
      putAll(records, importedAt);
    },
    getConversation(conversationId) {
      const row = byId.get(conversationId) as ConversationRow | undefined;
      return row && fromConversationRow(row);
    },
    listConversations() {
      return (all.all() as ConversationRow[]).map(fromConversationRow);
    },
    deleteConversation(conversationId) {
      return remove.run(conversationId).changes > 0;
    },
    addSdes(visit, sdes, serverTime) {
      return addAll(visit, sdes, serverTime);
    },
    sdesForVisit(visitorId, sessionId) {
      const rows = (sessionId === undefined ? sdesOfVisitor.all(visitorId) : sdesOfVisit.all(visitorId, sessionId)) as SdeRow[];
      return rows.map(fromSdeRow);
    },
  };
}
