/**
 * The SQL of the Context Session Store (`context-store.ts`), prepared once per
 * connection. Tables: migration 4 in `state/db.ts`. A session is live while
 * `expires_at IS NULL OR expires_at > ?` (the read's clock): every read of
 * sessions or properties filters on it.
 */
import type { Statement } from "better-sqlite3";
import type { ContextNamespace } from "./context-types";
import type { StateDb } from "./db";

/** A row of `context_namespaces` as `namespaceGet` and `namespaceList` return it. */
export interface NamespaceRow {
  name: string;
  created_at: number;
  ttl_second: number | null;
}

export const fromNamespaceRow = (row: NamespaceRow): ContextNamespace => ({
  name: row.name,
  createdAt: row.created_at,
  ...(row.ttl_second !== null && { ttlSecond: row.ttl_second }),
});

const LIVE = `(s.expires_at IS NULL OR s.expires_at > ?)`;
const JOIN = `FROM context_sessions s JOIN context_properties p ON p.account_id = s.account_id AND p.namespace = s.namespace AND p.session_id = s.session_id`;

/** How a read returns a row: an object by column (`plain`, also every write), an array (`raw`), its first column (`pluck`). */
type RowShape = "plain" | "raw" | "pluck";

const STATEMENTS = {
  // --- namespaces
  namespaceGet: ["plain", `SELECT name, created_at, ttl_second FROM context_namespaces WHERE account_id = ? AND name = ?`],
  namespaceTtl: ["raw", `SELECT ttl_second FROM context_namespaces WHERE account_id = ? AND name = ?`],
  namespaceList: ["plain", `SELECT name, created_at, ttl_second FROM context_namespaces WHERE account_id = ? ORDER BY created_at, name`],
  namespaceCount: ["pluck", `SELECT count(*) FROM context_namespaces WHERE account_id = ?`],
  namespaceInsert: ["plain", `INSERT INTO context_namespaces (account_id, name, created_at, ttl_second) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`],
  namespaceDelete: ["plain", `DELETE FROM context_namespaces WHERE account_id = ? AND name = ?`],
  namespacePropertiesDelete: ["plain", `DELETE FROM context_properties WHERE account_id = ? AND namespace = ?`],
  namespaceSessionsDelete: ["plain", `DELETE FROM context_sessions WHERE account_id = ? AND namespace = ?`],

  // --- sessions
  sessionExpiry: ["raw", `SELECT expires_at FROM context_sessions WHERE account_id = ? AND namespace = ? AND session_id = ?`],
  sessionUpsert: [
    "plain",
    `INSERT INTO context_sessions (account_id, namespace, session_id, created_at, updated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (account_id, namespace, session_id) DO UPDATE SET updated_at = excluded.updated_at, expires_at = excluded.expires_at`,
  ],
  sessionTouch: ["plain", `UPDATE context_sessions SET updated_at = ?, expires_at = ? WHERE account_id = ? AND namespace = ? AND session_id = ?`],
  sessionDelete: ["plain", `DELETE FROM context_sessions WHERE account_id = ? AND namespace = ? AND session_id = ?`],
  sessionPropertiesDelete: ["plain", `DELETE FROM context_properties WHERE account_id = ? AND namespace = ? AND session_id = ?`],
  sessionHasProperties: ["pluck", `SELECT 1 FROM context_properties WHERE account_id = ? AND namespace = ? AND session_id = ? LIMIT 1`],
  sessionBytes: ["pluck", `SELECT total(size) + count(*) + 1 FROM context_properties WHERE account_id = ? AND namespace = ? AND session_id = ?`],
  sessionList: [
    "pluck",
    `SELECT s.session_id FROM context_sessions s WHERE s.account_id = ? AND s.namespace = ? AND ${LIVE} ORDER BY s.created_at, s.session_id`,
  ],
  expiredBatch: ["raw", `SELECT account_id, namespace, session_id FROM context_sessions WHERE expires_at <= ? LIMIT ?`],

  // --- properties
  propertiesOfSession: ["raw", `SELECT p.name, p.value ${JOIN} WHERE s.account_id = ? AND s.namespace = ? AND s.session_id = ? AND ${LIVE}`],
  propertyOfSession: ["pluck", `SELECT p.value ${JOIN} WHERE s.account_id = ? AND s.namespace = ? AND s.session_id = ? AND ${LIVE} AND p.name = ?`],
  propertiesOfNamespace: [
    "raw",
    `SELECT s.session_id, p.name, p.value ${JOIN} WHERE s.account_id = ? AND s.namespace = ? AND ${LIVE} ORDER BY s.created_at, s.session_id, p.name`,
  ],
  propertyUpsert: [
    "plain",
    `INSERT INTO context_properties (account_id, namespace, session_id, name, size, value) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (account_id, namespace, session_id, name) DO UPDATE SET size = excluded.size, value = excluded.value`,
  ],
  propertyDelete: ["plain", `DELETE FROM context_properties WHERE account_id = ? AND namespace = ? AND session_id = ? AND name = ?`],
} as const satisfies Record<string, readonly [RowShape, string]>;

/** Every statement of the store by name (the API keys have theirs in `context-api-keys.ts`). */
export type ContextStatements = { readonly [Name in keyof typeof STATEMENTS]: Statement };

export function prepareContextStatements(db: StateDb): ContextStatements {
  const prepared = {} as Record<keyof typeof STATEMENTS, Statement>;
  for (const name of Object.keys(STATEMENTS) as Array<keyof typeof STATEMENTS>) {
    const [shape, sql] = STATEMENTS[name];
    const statement = db.prepare(sql);
    prepared[name] = shape === "raw" ? statement.raw() : shape === "pluck" ? statement.pluck() : statement;
  }
  return prepared;
}
