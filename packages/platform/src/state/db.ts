/**
 * The platform's SQLite database, `.lp-faas/state.db` in the project: WAL
 * journal (readers never block the writer), NORMAL sync (a committed write
 * survives the process being killed), numbered migrations in `user_version`.
 */
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

export type StateDb = Database.Database;

/** Each entry moves the schema one version up; never edit a shipped entry, append a new one. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE invocations (
     id            TEXT PRIMARY KEY,
     function_name TEXT NOT NULL,
     function_uuid TEXT NOT NULL,
     source        TEXT NOT NULL,
     started_at    INTEGER NOT NULL,
     duration_ms   INTEGER NOT NULL,
     status        TEXT NOT NULL CHECK (status IN ('succeeded', 'failed')),
     error_code    TEXT,
     error_message TEXT,
     logs          TEXT NOT NULL
   );
   CREATE INDEX invocations_by_function ON invocations (function_name, started_at DESC);
   CREATE INDEX invocations_by_time ON invocations (started_at DESC);`,
  // 2: conversations imported through /_platform/conversations, and SDE events
  // sent to the Engagement Attributes API (kept as sent; shaped when read).
  `CREATE TABLE conversations (
     conversation_id TEXT PRIMARY KEY,
     record          TEXT NOT NULL,
     imported_at     INTEGER NOT NULL
   );
   CREATE TABLE sde_events (
     id          INTEGER PRIMARY KEY AUTOINCREMENT,
     account_id  TEXT NOT NULL,
     visitor_id  TEXT NOT NULL,
     session_id  TEXT NOT NULL,
     server_time INTEGER NOT NULL,
     sde_type    TEXT NOT NULL,
     sde         TEXT NOT NULL
   );
   CREATE INDEX sde_events_by_visit ON sde_events (visitor_id, session_id, id);`,
  // 3: the invocation that called this one through the gateway
  // (X-LP-FaaS-Parent-Invocation-Id), and the gateway depth it ran at.
  `ALTER TABLE invocations ADD COLUMN parent_id TEXT;
   ALTER TABLE invocations ADD COLUMN depth INTEGER;
   CREATE INDEX invocations_by_parent ON invocations (parent_id, started_at DESC) WHERE parent_id IS NOT NULL;`,
  // 4: the Context Session Store (state/context-store.ts). API keys are kept as
  // the sha256 of the key only. Everything else is keyed by account first, so
  // accounts never meet. A session row exists while it has properties;
  // `expires_at` (epoch ms, NULL = never) is set from its namespace's TTL at
  // each write. `size` is the property's share of the session's JSON in bytes
  // (`"name":value`), kept before `value` so summing it never reads the values.
  `CREATE TABLE context_api_keys (
     key_hash   BLOB PRIMARY KEY,
     key_id     TEXT NOT NULL UNIQUE,
     account_id TEXT NOT NULL,
     created_at INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE context_namespaces (
     account_id TEXT NOT NULL,
     name       TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     ttl_second INTEGER CHECK (ttl_second IS NULL OR ttl_second > 0),
     PRIMARY KEY (account_id, name)
   ) WITHOUT ROWID;
   CREATE TABLE context_sessions (
     account_id TEXT NOT NULL,
     namespace  TEXT NOT NULL,
     session_id TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     expires_at INTEGER,
     PRIMARY KEY (account_id, namespace, session_id)
   ) WITHOUT ROWID;
   CREATE INDEX context_sessions_by_expiry ON context_sessions (expires_at) WHERE expires_at IS NOT NULL;
   CREATE TABLE context_properties (
     account_id TEXT NOT NULL,
     namespace  TEXT NOT NULL,
     session_id TEXT NOT NULL,
     name       TEXT NOT NULL,
     size       INTEGER NOT NULL,
     value      TEXT NOT NULL,
     PRIMARY KEY (account_id, namespace, session_id, name)
   ) WITHOUT ROWID;`,
  // 5: the invocation log keeps a bounded history (state/invocations.ts): each
  // row's size in bytes, so the total is a sum; what the cloud would have
  // dropped of its logs (log_limit) and what the store cut itself (logs_cut), as JSON.
  `ALTER TABLE invocations ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE invocations ADD COLUMN log_limit TEXT;
   ALTER TABLE invocations ADD COLUMN logs_cut TEXT;
   UPDATE invocations SET size = length(CAST(logs AS BLOB)) + length(CAST(coalesce(error_message, '') AS BLOB)) + 200;`,
];

/** The default state folder of a project: `<project>/.lp-faas`. */
export function defaultStateDir(projectDir: string): string {
  return join(projectDir, ".lp-faas");
}

export function stateDbPath(projectDir: string, stateDir = defaultStateDir(projectDir)): string {
  return join(stateDir, "state.db");
}

export function openStateDb(path: string): StateDb {
  if (path !== ":memory:") mkdirSync(join(path, ".."), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  const version = db.pragma("user_version", { simple: true }) as number;
  for (let next = version; next < MIGRATIONS.length; next++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[next]!);
      db.pragma(`user_version = ${next + 1}`);
    })();
  }
  return db;
}
