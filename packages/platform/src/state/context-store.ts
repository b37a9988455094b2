/**
 * The Context Session Store in the platform's SQLite database (migration 4,
 * `state/db.ts`): namespaces, sessions and their properties, every row keyed
 * by account first. The HTTP API (`services/context-store/router.ts`) and
 * `lp-faas context` both work through `createContextStore()`: the input rules
 * (`context-validation.ts`), the API keys (`context-api-keys.ts`) and the
 * export format (`context-export.ts`) are composed here with the transactions
 * over the statements of `context-statements.ts`. The CLI may run in another
 * process on the same file, so nothing is cached in memory but, when asked
 * (`apiKeyCacheMs`), which account a key belongs to.
 *
 * - Each write is one transaction (`BEGIN IMMEDIATE`: a writer from another
 *   process waits for the busy timeout instead of failing on lock upgrade);
 *   it is committed when the method returns.
 * - Property values are stored as their JSON text; reads serve that text as is
 *   (`getPropertiesJson`, `getPropertyJson`) so the hot path never re-encodes.
 * - Expiry (types in `context-types.ts`): a session is live while
 *   `expires_at IS NULL OR expires_at > now`; every read filters on it, a merge
 *   into an expired session starts it empty, `purgeExpired()` deletes them.
 * - A session exists while it has properties: deleting its last property
 *   deletes it, merging `{}` into a missing session creates nothing.
 */
import { notFound, PlatformError, PlatformErrorCodes } from "../errors";
import { createContextApiKeys } from "./context-api-keys";
import { buildExport, parseImportDocument, type ExportRow, type ParsedImport } from "./context-export";
import { fromNamespaceRow, prepareContextStatements, type NamespaceRow } from "./context-statements";
import { ContextLimits, type ContextProperties, type ContextStore } from "./context-types";
import {
  checkAccountId,
  checkCustomNamespaceName,
  checkId,
  checkNamespaceName,
  checkNamespaceRef,
  checkSessionBytes,
  checkTtlSecond,
  encodeProperties,
  isAccountId,
  isBuiltInNamespace,
  isNamespaceName,
  propertiesJsonText,
  setOwn,
  type EncodedProperty,
} from "./context-validation";
import type { StateDb } from "./db";

/** Sessions deleted per purge transaction (keeps each write lock short). */
const PURGE_BATCH = 500;

const noNamespace = (name: string): PlatformError => notFound(`There is no namespace "${name}" in this account`);

const isLive = (expiresAt: number | null, at: number): boolean => expiresAt === null || expiresAt > at;

/** The store plus what the HTTP API needs to serve stored JSON without re-encoding it. */
export interface SqliteContextStore extends ContextStore {
  /** `getProperties` as the JSON text of the object. */
  getPropertiesJson(accountId: string, namespace: string, sessionId: string): string;
  /** `getProperty` as the value's JSON text; undefined when absent. */
  getPropertyJson(accountId: string, namespace: string, sessionId: string, name: string): string | undefined;
  /** Deletes at most `maxSessions` expired sessions (default: all). */
  purgeExpired(maxSessions?: number): number;
}

export interface ContextStoreOptions {
  /** The clock for TTLs and createdAt (epoch ms); default Date.now. */
  now?: () => number;
  /**
   * Remember a key's account this long (real time, ms) after a lookup; default 0 (no cache).
   * A key revoked through this store is forgotten at once, one revoked by another process
   * (the CLI writes the file) after at most this long.
   */
  apiKeyCacheMs?: number;
}

export function createContextStore(db: StateDb, options: ContextStoreOptions = {}): SqliteContextStore {
  const now = options.now ?? Date.now;
  const apiKeys = createContextApiKeys(db, { now, apiKeyCacheMs: options.apiKeyCacheMs ?? 0 });

  const sql = prepareContextStatements(db);

  /**
   * The TTL of a namespace (null: none), or a 404. Built-ins exist in every
   * account without a row. An invalid name is a 400.
   */
  function namespaceTtlOf(accountId: string, name: string): number | null {
    checkAccountId(accountId);
    if (isBuiltInNamespace(name)) return null;
    checkNamespaceName(name);
    const row = sql.namespaceTtl.get(accountId, name) as [number | null] | undefined;
    if (!row) throw noNamespace(name);
    return row[0];
  }

  /**
   * Reads check the names first (`checkNamespaceRef`) and ask the database about
   * the namespace only when they found nothing: a session row exists only in an
   * existing namespace (merges check it in their transaction, deleting a
   * namespace deletes its sessions in the same transaction), so the hot path is
   * one statement.
   */
  function assertNamespace(accountId: string, name: string): void {
    if (!isBuiltInNamespace(name) && sql.namespaceTtl.get(accountId, name) === undefined) throw noNamespace(name);
  }

  /** Creates a custom namespace unless it exists; `true` when created. Call inside a transaction. */
  function insertNamespace(accountId: string, name: string, ttlSecond: number | undefined, createdAt: number): boolean {
    if (sql.namespaceGet.get(accountId, name)) return false;
    if ((sql.namespaceCount.get(accountId) as number) >= ContextLimits.maxNamespacesPerAccount) {
      throw new PlatformError(
        PlatformErrorCodes.ContextLimitExceeded,
        `This account has ${ContextLimits.maxNamespacesPerAccount} namespaces already, the limit; delete one first`,
      );
    }
    return sql.namespaceInsert.run(accountId, name, createdAt, ttlSecond ?? null).changes > 0;
  }

  /** Deletes a session and its properties. Call inside a transaction. */
  function removeSession(accountId: string, namespace: string, sessionId: string): void {
    sql.sessionPropertiesDelete.run(accountId, namespace, sessionId);
    sql.sessionDelete.run(accountId, namespace, sessionId);
  }

  /** The body of mergeProperties: expired session reset, upserts, expiry refresh, size check (throws → rollback). */
  function mergeEncoded(accountId: string, namespace: string, sessionId: string, ttl: number | null, entries: EncodedProperty[], at: number): void {
    const expiresAt = ttl === null ? null : at + ttl * 1000;
    let exists: boolean | undefined;
    if (ttl !== null) {
      // Only sessions of a namespace with a TTL can have expired.
      const row = sql.sessionExpiry.get(accountId, namespace, sessionId) as [number | null] | undefined;
      exists = row !== undefined;
      if (row && !isLive(row[0], at)) {
        removeSession(accountId, namespace, sessionId);
        exists = false;
      }
    }
    if (entries.length === 0) {
      if (exists !== false) sql.sessionTouch.run(at, expiresAt, accountId, namespace, sessionId);
      return;
    }
    sql.sessionUpsert.run(accountId, namespace, sessionId, at, at, expiresAt);
    for (const [name, size, json] of entries) sql.propertyUpsert.run(accountId, namespace, sessionId, name, size, json);
    checkSessionBytes(`Session "${sessionId}"`, sql.sessionBytes.get(accountId, namespace, sessionId) as number);
  }

  const createNamespaceTx = db.transaction(insertNamespace);
  const deleteNamespaceTx = db.transaction((accountId: string, name: string): boolean => {
    sql.namespacePropertiesDelete.run(accountId, name);
    sql.namespaceSessionsDelete.run(accountId, name);
    return sql.namespaceDelete.run(accountId, name).changes > 0;
  });
  const mergeTx = db.transaction((accountId: string, namespace: string, sessionId: string, entries: EncodedProperty[]): void => {
    // The namespace is read inside the transaction: a concurrent delete cannot leave orphans.
    const ttl = namespaceTtlOf(accountId, namespace);
    mergeEncoded(accountId, namespace, sessionId, ttl, entries, now());
  });
  const deletePropertyTx = db.transaction((accountId: string, namespace: string, sessionId: string, name: string): boolean => {
    namespaceTtlOf(accountId, namespace);
    const row = sql.sessionExpiry.get(accountId, namespace, sessionId) as [number | null] | undefined;
    if (!row || !isLive(row[0], now())) return false;
    const deleted = sql.propertyDelete.run(accountId, namespace, sessionId, name).changes > 0;
    if (deleted && !sql.sessionHasProperties.get(accountId, namespace, sessionId)) sql.sessionDelete.run(accountId, namespace, sessionId);
    return deleted;
  });
  const deleteSessionTx = db.transaction((accountId: string, namespace: string, sessionId: string): boolean => {
    namespaceTtlOf(accountId, namespace);
    const row = sql.sessionExpiry.get(accountId, namespace, sessionId) as [number | null] | undefined;
    if (!row) return false;
    removeSession(accountId, namespace, sessionId);
    return isLive(row[0], now());
  });
  const purgeBatchTx = db.transaction((at: number, limit: number): number => {
    const rows = sql.expiredBatch.all(at, limit) as Array<[string, string, string]>;
    for (const [accountId, namespace, sessionId] of rows) removeSession(accountId, namespace, sessionId);
    return rows.length;
  });
  const importTx = db.transaction(({ accountId, namespace, ttlSecond, createdAt, sessions }: ParsedImport): void => {
    if (!isBuiltInNamespace(namespace)) insertNamespace(accountId, namespace, ttlSecond, createdAt);
    const ttl = namespaceTtlOf(accountId, namespace);
    const at = now();
    for (const [sessionId, entries] of sessions) mergeEncoded(accountId, namespace, sessionId, ttl, entries, at);
  });

  /** Runs a write transaction as BEGIN IMMEDIATE. */
  type Tx<A extends unknown[], R> = { immediate(...args: A): R };
  const write = <A extends unknown[], R>(tx: Tx<A, R>, ...args: A): R => tx.immediate(...args);

  const store: SqliteContextStore = {
    createNamespace(accountId, name, ttlSecond) {
      checkAccountId(accountId);
      checkCustomNamespaceName(name, "create");
      const ttl = checkTtlSecond(ttlSecond);
      return write(createNamespaceTx, accountId, name, ttl, now());
    },

    deleteNamespace(accountId, name) {
      checkAccountId(accountId);
      checkCustomNamespaceName(name, "delete");
      return write(deleteNamespaceTx, accountId, name);
    },

    listNamespaces(accountId) {
      checkAccountId(accountId);
      return (sql.namespaceList.all(accountId) as NamespaceRow[]).map(fromNamespaceRow);
    },

    getNamespace(accountId, name) {
      if (isBuiltInNamespace(name)) return { name, createdAt: 0 };
      if (!isAccountId(accountId) || !isNamespaceName(name)) return undefined;
      const row = sql.namespaceGet.get(accountId, name) as NamespaceRow | undefined;
      return row && fromNamespaceRow(row);
    },

    mergeProperties(accountId, namespace, sessionId, properties) {
      checkId(sessionId, "session id");
      const { entries, bytes } = encodeProperties(properties, "The properties");
      checkSessionBytes("The properties", bytes);
      write(mergeTx, accountId, namespace, sessionId, entries);
    },

    getProperties(accountId, namespace, sessionId) {
      checkNamespaceRef(accountId, namespace);
      checkId(sessionId, "session id");
      const rows = sql.propertiesOfSession.all(accountId, namespace, sessionId, now()) as Array<[string, string]>;
      if (rows.length === 0) assertNamespace(accountId, namespace);
      const out: ContextProperties = {};
      for (const [name, value] of rows) setOwn(out, name, JSON.parse(value));
      return out;
    },

    getPropertiesJson(accountId, namespace, sessionId) {
      checkNamespaceRef(accountId, namespace);
      checkId(sessionId, "session id");
      const rows = sql.propertiesOfSession.all(accountId, namespace, sessionId, now()) as Array<[string, string]>;
      if (rows.length === 0) {
        assertNamespace(accountId, namespace);
        return "{}";
      }
      return propertiesJsonText(rows);
    },

    getProperty(accountId, namespace, sessionId, name) {
      const json = store.getPropertyJson(accountId, namespace, sessionId, name);
      return json === undefined ? undefined : { value: JSON.parse(json) };
    },

    getPropertyJson(accountId, namespace, sessionId, name) {
      checkNamespaceRef(accountId, namespace);
      checkId(sessionId, "session id");
      checkId(name, "property name");
      const json = sql.propertyOfSession.get(accountId, namespace, sessionId, now(), name) as string | undefined;
      if (json === undefined) assertNamespace(accountId, namespace);
      return json;
    },

    deleteProperty(accountId, namespace, sessionId, name) {
      checkId(sessionId, "session id");
      checkId(name, "property name");
      return write(deletePropertyTx, accountId, namespace, sessionId, name);
    },

    deleteSession(accountId, namespace, sessionId) {
      checkId(sessionId, "session id");
      return write(deleteSessionTx, accountId, namespace, sessionId);
    },

    listSessions(accountId, namespace) {
      checkNamespaceRef(accountId, namespace);
      const ids = sql.sessionList.all(accountId, namespace, now()) as string[];
      if (ids.length === 0) assertNamespace(accountId, namespace);
      return ids;
    },

    purgeExpired(maxSessions = Number.POSITIVE_INFINITY) {
      const at = now();
      let purged = 0;
      while (purged < maxSessions) {
        const batch = write(purgeBatchTx, at, Math.min(PURGE_BATCH, maxSessions - purged));
        purged += batch;
        if (batch === 0) break;
      }
      return purged;
    },

    ...apiKeys,

    exportNamespace(accountId, name) {
      namespaceTtlOf(accountId, name);
      const namespace = store.getNamespace(accountId, name)!;
      return buildExport(accountId, namespace, sql.propertiesOfNamespace.all(accountId, name, now()) as ExportRow[]);
    },

    importNamespace(data, target = {}) {
      // Checked in full first: a refused document writes nothing.
      const parsed = parseImportDocument(data, target);
      write(importTx, parsed);
      return { accountId: parsed.accountId, namespace: parsed.namespace, sessions: parsed.sessions.length };
    },
  };
  return store;
}
