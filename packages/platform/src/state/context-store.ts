/**
 * The Context Session Store in the platform's SQLite database (migration 4,
 * `state/db.ts`): API keys, namespaces, sessions and their properties, every
 * row keyed by account first. The HTTP API (`services/context-store/router.ts`)
 * and `lp-faas context` both work through `createContextStore()`; the CLI may
 * run in another process on the same file, so nothing is cached in memory but,
 * when asked (`apiKeyCacheMs`, the platform's server), which account a key
 * belongs to, for at most that long.
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
import { createHash, randomBytes } from "node:crypto";
import { badInput, notFound, PlatformError, PlatformErrorCodes } from "../errors";
import {
  BUILT_IN_NAMESPACES,
  ContextLimits,
  type ContextApiKey,
  type ContextNamespace,
  type ContextNamespaceExport,
  type ContextProperties,
  type ContextStore,
} from "./context-types";
import type { StateDb } from "./db";

export const EXPORT_FORMAT = "lp-faas-context-namespace";

/** Account ids: letters, digits, `_`, `-`, 1-64 characters (our choice; LivePerson's are digits or `le…`/`qa…`). */
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Sessions deleted per purge transaction (keeps each write lock short). */
const PURGE_BATCH = 500;

const builtIns: ReadonlySet<string> = new Set(BUILT_IN_NAMESPACES);

export function isBuiltInNamespace(name: string): boolean {
  return builtIns.has(name);
}

function describe(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function checkAccountId(accountId: unknown, field = "accountId"): string {
  if (typeof accountId !== "string" || !ACCOUNT_ID_PATTERN.test(accountId)) {
    throw badInput(`${field} ${describe(accountId)} is invalid: use 1-64 letters, digits, "_" or "-"`);
  }
  return accountId;
}

/** A namespace name (custom or built-in) or a 400 naming `field`. */
export function checkNamespaceName(name: unknown, field = "namespace"): string {
  if (typeof name !== "string" || !ContextLimits.namespacePattern.test(name)) {
    throw badInput(`The ${field} ${describe(name)} is invalid: use 1-100 letters, digits, "_" or "-"`);
  }
  return name;
}

/** A session id or property name: 1-256 characters, no `/`, not `.` or `..`. */
export function checkId(value: unknown, field: string): string {
  if (
    typeof value !== "string" ||
    value.length === 0 ||
    value.length > ContextLimits.maxIdLength ||
    value.includes("/") ||
    value === "." ||
    value === ".."
  ) {
    throw badInput(`The ${field} ${describe(value)} is invalid: use 1-${ContextLimits.maxIdLength} characters, no "/", not "." or ".."`);
  }
  return value;
}

/** `undefined` (none) or a whole number of seconds in 1..maxTtlSecond; a 400 naming `field` otherwise. */
export function checkTtlSecond(ttlSecond: unknown, field = "ttlSecond"): number | undefined {
  if (ttlSecond === undefined) return undefined;
  if (typeof ttlSecond !== "number" || !Number.isInteger(ttlSecond) || ttlSecond < 1 || ttlSecond > ContextLimits.maxTtlSecond) {
    throw badInput(`${field} must be a whole number of seconds from 1 to ${ContextLimits.maxTtlSecond}, not ${describe(ttlSecond)}`);
  }
  return ttlSecond;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Sets an own enumerable property, also for the name `__proto__`. */
function setOwn(target: Record<string, unknown>, name: string, value: unknown): void {
  if (name === "__proto__") Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  else target[name] = value;
}

const tooLarge = (what: string, bytes: number): PlatformError =>
  new PlatformError(PlatformErrorCodes.PayloadTooLarge, `${what} would be ${bytes} bytes as JSON; the limit is ${ContextLimits.maxSessionBytes} bytes`);

const noNamespace = (name: string): PlatformError => notFound(`There is no namespace "${name}" in this account`);

/** One property ready to store: name, its `"name":value` size in bytes, the value's JSON text. */
type Encoded = [name: string, size: number, json: string];

/** Encodes and checks a properties object; a 400 names the first bad property. */
function encodeProperties(properties: unknown, field: string): { entries: Encoded[]; bytes: number } {
  if (!isPlainObject(properties)) throw badInput(`${field} must be a JSON object (property name → value)`);
  const entries: Encoded[] = [];
  let bytes = 1; // "{" "}" and the commas: 2 + (n - 1)
  for (const name of Object.keys(properties)) {
    checkId(name, "property name");
    let json: string | undefined;
    try {
      json = JSON.stringify(properties[name]);
    } catch (error) {
      throw badInput(`The value of property ${describe(name)} is not JSON: ${(error as Error).message}`);
    }
    if (json === undefined) throw badInput(`The value of property ${describe(name)} is not a JSON value`);
    const size = Buffer.byteLength(JSON.stringify(name)) + 1 + Buffer.byteLength(json);
    bytes += size + 1;
    entries.push([name, size, json]);
  }
  return { entries, bytes: entries.length === 0 ? 2 : bytes };
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

interface NamespaceRow {
  name: string;
  created_at: number;
  ttl_second: number | null;
}

interface KeyRow {
  key_id: string;
  account_id: string;
  created_at: number;
}

const fromNamespaceRow = (row: NamespaceRow): ContextNamespace => ({
  name: row.name,
  createdAt: row.created_at,
  ...(row.ttl_second !== null && { ttlSecond: row.ttl_second }),
});

const fromKeyRow = (row: KeyRow): ContextApiKey => ({ keyId: row.key_id, accountId: row.account_id, createdAt: row.created_at });

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

/** Keys remembered at most (the cache is cleared when full). */
const API_KEY_CACHE_SIZE = 1000;

export function createContextStore(db: StateDb, options: ContextStoreOptions = {}): SqliteContextStore {
  const now = options.now ?? Date.now;
  const keyCacheMs = options.apiKeyCacheMs ?? 0;
  const keyCache = new Map<string, { accountId: string; until: number }>();

  // --- namespaces
  const namespaceGet = db.prepare(`SELECT name, created_at, ttl_second FROM context_namespaces WHERE account_id = ? AND name = ?`);
  const namespaceTtl = db.prepare(`SELECT ttl_second FROM context_namespaces WHERE account_id = ? AND name = ?`).raw();
  const namespaceList = db.prepare(`SELECT name, created_at, ttl_second FROM context_namespaces WHERE account_id = ? ORDER BY created_at, name`);
  const namespaceCount = db.prepare(`SELECT count(*) FROM context_namespaces WHERE account_id = ?`).pluck();
  const namespaceInsert = db.prepare(`INSERT INTO context_namespaces (account_id, name, created_at, ttl_second) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`);
  const namespaceDelete = db.prepare(`DELETE FROM context_namespaces WHERE account_id = ? AND name = ?`);
  const namespacePropertiesDelete = db.prepare(`DELETE FROM context_properties WHERE account_id = ? AND namespace = ?`);
  const namespaceSessionsDelete = db.prepare(`DELETE FROM context_sessions WHERE account_id = ? AND namespace = ?`);

  // --- sessions
  const LIVE = `(s.expires_at IS NULL OR s.expires_at > ?)`;
  const sessionExpiry = db.prepare(`SELECT expires_at FROM context_sessions WHERE account_id = ? AND namespace = ? AND session_id = ?`).raw();
  const sessionUpsert = db.prepare(
    `INSERT INTO context_sessions (account_id, namespace, session_id, created_at, updated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (account_id, namespace, session_id) DO UPDATE SET updated_at = excluded.updated_at, expires_at = excluded.expires_at`,
  );
  const sessionTouch = db.prepare(`UPDATE context_sessions SET updated_at = ?, expires_at = ? WHERE account_id = ? AND namespace = ? AND session_id = ?`);
  const sessionDelete = db.prepare(`DELETE FROM context_sessions WHERE account_id = ? AND namespace = ? AND session_id = ?`);
  const sessionPropertiesDelete = db.prepare(`DELETE FROM context_properties WHERE account_id = ? AND namespace = ? AND session_id = ?`);
  const sessionHasProperties = db.prepare(`SELECT 1 FROM context_properties WHERE account_id = ? AND namespace = ? AND session_id = ? LIMIT 1`).pluck();
  const sessionBytes = db.prepare(`SELECT total(size) + count(*) + 1 FROM context_properties WHERE account_id = ? AND namespace = ? AND session_id = ?`).pluck();
  const sessionList = db
    .prepare(`SELECT s.session_id FROM context_sessions s WHERE s.account_id = ? AND s.namespace = ? AND ${LIVE} ORDER BY s.created_at, s.session_id`)
    .pluck();
  const expiredBatch = db.prepare(`SELECT account_id, namespace, session_id FROM context_sessions WHERE expires_at <= ? LIMIT ?`).raw();

  // --- properties
  const JOIN = `FROM context_sessions s JOIN context_properties p ON p.account_id = s.account_id AND p.namespace = s.namespace AND p.session_id = s.session_id`;
  const propertiesOfSession = db.prepare(`SELECT p.name, p.value ${JOIN} WHERE s.account_id = ? AND s.namespace = ? AND s.session_id = ? AND ${LIVE}`).raw();
  const propertyOfSession = db
    .prepare(`SELECT p.value ${JOIN} WHERE s.account_id = ? AND s.namespace = ? AND s.session_id = ? AND ${LIVE} AND p.name = ?`)
    .pluck();
  const propertiesOfNamespace = db
    .prepare(`SELECT s.session_id, p.name, p.value ${JOIN} WHERE s.account_id = ? AND s.namespace = ? AND ${LIVE} ORDER BY s.created_at, s.session_id, p.name`)
    .raw();
  const propertyUpsert = db.prepare(
    `INSERT INTO context_properties (account_id, namespace, session_id, name, size, value) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (account_id, namespace, session_id, name) DO UPDATE SET size = excluded.size, value = excluded.value`,
  );
  const propertyDelete = db.prepare(`DELETE FROM context_properties WHERE account_id = ? AND namespace = ? AND session_id = ? AND name = ?`);

  // --- API keys
  const keyInsert = db.prepare(`INSERT INTO context_api_keys (key_hash, key_id, account_id, created_at) VALUES (?, ?, ?, ?)`);
  const keyAccount = db.prepare(`SELECT account_id FROM context_api_keys WHERE key_hash = ?`).pluck();
  const keyList = db.prepare(`SELECT key_id, account_id, created_at FROM context_api_keys ORDER BY created_at, key_id`);
  const keyListOf = db.prepare(`SELECT key_id, account_id, created_at FROM context_api_keys WHERE account_id = ? ORDER BY created_at, key_id`);
  const keyDelete = db.prepare(`DELETE FROM context_api_keys WHERE key_id = ?`);

  /**
   * The TTL of a namespace (null: none), or a 404. Built-ins exist in every
   * account without a row. An invalid name is a 400.
   */
  function namespaceTtlOf(accountId: string, name: string): number | null {
    checkAccountId(accountId);
    if (builtIns.has(name)) return null;
    checkNamespaceName(name);
    const row = namespaceTtl.get(accountId, name) as [number | null] | undefined;
    if (!row) throw noNamespace(name);
    return row[0];
  }

  /**
   * Reads check the names first and ask the database about the namespace only
   * when they found nothing: a session row exists only in an existing namespace
   * (merges check it in their transaction, deleting a namespace deletes its
   * sessions in the same transaction), so the hot path is one statement.
   */
  function checkNames(accountId: string, name: string): void {
    checkAccountId(accountId);
    if (!builtIns.has(name)) checkNamespaceName(name);
  }
  function assertNamespace(accountId: string, name: string): void {
    if (!builtIns.has(name) && namespaceTtl.get(accountId, name) === undefined) throw noNamespace(name);
  }

  const isLive = (expiresAt: number | null, at: number): boolean => expiresAt === null || expiresAt > at;

  /** Creates a custom namespace unless it exists; `true` when created. Call inside a transaction. */
  function insertNamespace(accountId: string, name: string, ttlSecond: number | undefined, createdAt: number): boolean {
    if (namespaceGet.get(accountId, name)) return false;
    if ((namespaceCount.get(accountId) as number) >= ContextLimits.maxNamespacesPerAccount) {
      throw new PlatformError(PlatformErrorCodes.ContextLimitExceeded, `This account has ${ContextLimits.maxNamespacesPerAccount} namespaces already, the limit; delete one first`);
    }
    return namespaceInsert.run(accountId, name, createdAt, ttlSecond ?? null).changes > 0;
  }

  /** Deletes a session and its properties. Call inside a transaction. */
  function removeSession(accountId: string, namespace: string, sessionId: string): void {
    sessionPropertiesDelete.run(accountId, namespace, sessionId);
    sessionDelete.run(accountId, namespace, sessionId);
  }

  /** The body of mergeProperties: expired session reset, upserts, expiry refresh, size check (throws → rollback). */
  function mergeEncoded(accountId: string, namespace: string, sessionId: string, ttl: number | null, entries: Encoded[], at: number): void {
    const expiresAt = ttl === null ? null : at + ttl * 1000;
    let exists: boolean | undefined;
    if (ttl !== null) {
      // Only sessions of a namespace with a TTL can have expired.
      const row = sessionExpiry.get(accountId, namespace, sessionId) as [number | null] | undefined;
      exists = row !== undefined;
      if (row && !isLive(row[0], at)) {
        removeSession(accountId, namespace, sessionId);
        exists = false;
      }
    }
    if (entries.length === 0) {
      if (exists !== false) sessionTouch.run(at, expiresAt, accountId, namespace, sessionId);
      return;
    }
    sessionUpsert.run(accountId, namespace, sessionId, at, at, expiresAt);
    for (const [name, size, json] of entries) propertyUpsert.run(accountId, namespace, sessionId, name, size, json);
    const bytes = sessionBytes.get(accountId, namespace, sessionId) as number;
    if (bytes > ContextLimits.maxSessionBytes) throw tooLarge(`Session "${sessionId}"`, bytes);
  }

  const createNamespaceTx = db.transaction(insertNamespace);
  const deleteNamespaceTx = db.transaction((accountId: string, name: string): boolean => {
    namespacePropertiesDelete.run(accountId, name);
    namespaceSessionsDelete.run(accountId, name);
    return namespaceDelete.run(accountId, name).changes > 0;
  });
  const mergeTx = db.transaction((accountId: string, namespace: string, sessionId: string, entries: Encoded[]): void => {
    // The namespace is read inside the transaction: a concurrent delete cannot leave orphans.
    const ttl = namespaceTtlOf(accountId, namespace);
    mergeEncoded(accountId, namespace, sessionId, ttl, entries, now());
  });
  const deletePropertyTx = db.transaction((accountId: string, namespace: string, sessionId: string, name: string): boolean => {
    namespaceTtlOf(accountId, namespace);
    const row = sessionExpiry.get(accountId, namespace, sessionId) as [number | null] | undefined;
    if (!row || !isLive(row[0], now())) return false;
    const deleted = propertyDelete.run(accountId, namespace, sessionId, name).changes > 0;
    if (deleted && !sessionHasProperties.get(accountId, namespace, sessionId)) sessionDelete.run(accountId, namespace, sessionId);
    return deleted;
  });
  const deleteSessionTx = db.transaction((accountId: string, namespace: string, sessionId: string): boolean => {
    namespaceTtlOf(accountId, namespace);
    const row = sessionExpiry.get(accountId, namespace, sessionId) as [number | null] | undefined;
    if (!row) return false;
    removeSession(accountId, namespace, sessionId);
    return isLive(row[0], now());
  });
  const purgeBatchTx = db.transaction((at: number, limit: number): number => {
    const rows = expiredBatch.all(at, limit) as Array<[string, string, string]>;
    for (const [accountId, namespace, sessionId] of rows) removeSession(accountId, namespace, sessionId);
    return rows.length;
  });
  const importTx = db.transaction(
    (accountId: string, namespace: string, ttlSecond: number | undefined, createdAt: number, sessions: Array<[string, Encoded[]]>): void => {
      if (!builtIns.has(namespace)) insertNamespace(accountId, namespace, ttlSecond, createdAt);
      const ttl = namespaceTtlOf(accountId, namespace);
      const at = now();
      for (const [sessionId, entries] of sessions) mergeEncoded(accountId, namespace, sessionId, ttl, entries, at);
    },
  );

  /** Runs a write transaction as BEGIN IMMEDIATE. */
  type Tx<A extends unknown[], R> = { immediate(...args: A): R };
  const write = <A extends unknown[], R>(tx: Tx<A, R>, ...args: A): R => tx.immediate(...args);

  const store: SqliteContextStore = {
    createNamespace(accountId, name, ttlSecond) {
      checkAccountId(accountId);
      if (typeof name === "string" && builtIns.has(name)) throw badInput(`Can not create a built-in namespace ("${name}")`);
      checkNamespaceName(name);
      const ttl = checkTtlSecond(ttlSecond);
      return write(createNamespaceTx, accountId, name, ttl, now());
    },

    deleteNamespace(accountId, name) {
      checkAccountId(accountId);
      if (typeof name === "string" && builtIns.has(name)) throw badInput(`Can not delete a built-in namespace ("${name}")`);
      checkNamespaceName(name);
      return write(deleteNamespaceTx, accountId, name);
    },

    listNamespaces(accountId) {
      checkAccountId(accountId);
      return (namespaceList.all(accountId) as NamespaceRow[]).map(fromNamespaceRow);
    },

    getNamespace(accountId, name) {
      if (builtIns.has(name)) return { name, createdAt: 0 };
      if (!ACCOUNT_ID_PATTERN.test(accountId) || !ContextLimits.namespacePattern.test(name)) return undefined;
      const row = namespaceGet.get(accountId, name) as NamespaceRow | undefined;
      return row && fromNamespaceRow(row);
    },

    mergeProperties(accountId, namespace, sessionId, properties) {
      checkId(sessionId, "session id");
      const { entries, bytes } = encodeProperties(properties, "The properties");
      if (bytes > ContextLimits.maxSessionBytes) throw tooLarge("The properties", bytes);
      write(mergeTx, accountId, namespace, sessionId, entries);
    },

    getProperties(accountId, namespace, sessionId) {
      checkNames(accountId, namespace);
      checkId(sessionId, "session id");
      const rows = propertiesOfSession.all(accountId, namespace, sessionId, now()) as Array<[string, string]>;
      if (rows.length === 0) assertNamespace(accountId, namespace);
      const out: ContextProperties = {};
      for (const [name, value] of rows) setOwn(out, name, JSON.parse(value));
      return out;
    },

    getPropertiesJson(accountId, namespace, sessionId) {
      checkNames(accountId, namespace);
      checkId(sessionId, "session id");
      const rows = propertiesOfSession.all(accountId, namespace, sessionId, now()) as Array<[string, string]>;
      if (rows.length === 0) {
        assertNamespace(accountId, namespace);
        return "{}";
      }
      let text = "{";
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        if (i > 0) text += ",";
        text += JSON.stringify(row[0]) + ":" + row[1];
      }
      return text + "}";
    },

    getProperty(accountId, namespace, sessionId, name) {
      const json = store.getPropertyJson(accountId, namespace, sessionId, name);
      return json === undefined ? undefined : { value: JSON.parse(json) };
    },

    getPropertyJson(accountId, namespace, sessionId, name) {
      checkNames(accountId, namespace);
      checkId(sessionId, "session id");
      checkId(name, "property name");
      const json = propertyOfSession.get(accountId, namespace, sessionId, now(), name) as string | undefined;
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
      checkNames(accountId, namespace);
      const ids = sessionList.all(accountId, namespace, now()) as string[];
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

    createApiKey(accountId) {
      checkAccountId(accountId);
      const apiKey = randomBytes(32).toString("base64url");
      const createdAt = now();
      for (;;) {
        const keyId = randomBytes(6).toString("hex");
        try {
          keyInsert.run(sha256(apiKey), keyId, accountId, createdAt);
          return { apiKey, keyId, accountId, createdAt };
        } catch (error) {
          // A key id collision (1 in 2^48): draw another id.
          if ((error as { code?: string }).code !== "SQLITE_CONSTRAINT_UNIQUE") throw error;
        }
      }
    },

    adoptApiKey(accountId, apiKey) {
      checkAccountId(accountId);
      if (typeof apiKey !== "string" || apiKey.length < 16 || apiKey.length > 1024 || /[\u0000-\u001f\u007f]/.test(apiKey)) {
        throw badInput("An API key is 16-1024 printable characters");
      }
      const hash = sha256(apiKey);
      const owner = keyAccount.get(hash) as string | undefined;
      if (owner !== undefined) return owner === accountId ? "known" : "other-account";
      keyInsert.run(hash, randomBytes(6).toString("hex"), accountId, now());
      return "added";
    },

    listApiKeys(accountId) {
      return ((accountId === undefined ? keyList.all() : keyListOf.all(accountId)) as KeyRow[]).map(fromKeyRow);
    },

    revokeApiKey(keyId) {
      const revoked = typeof keyId === "string" && keyDelete.run(keyId).changes > 0;
      if (revoked) keyCache.clear();
      return revoked;
    },

    accountOfApiKey(apiKey) {
      if (typeof apiKey !== "string" || apiKey.length === 0 || apiKey.length > 1024) return undefined;
      if (keyCacheMs <= 0) return keyAccount.get(sha256(apiKey)) as string | undefined;
      const at = performance.now();
      const hit = keyCache.get(apiKey);
      if (hit !== undefined && hit.until > at) return hit.accountId;
      // Looked up by hash: the comparison's timing tells nothing about the key.
      const accountId = keyAccount.get(sha256(apiKey)) as string | undefined;
      if (accountId === undefined) {
        keyCache.delete(apiKey);
      } else {
        if (keyCache.size >= API_KEY_CACHE_SIZE) keyCache.clear();
        keyCache.set(apiKey, { accountId, until: at + keyCacheMs });
      }
      return accountId;
    },

    exportNamespace(accountId, name) {
      namespaceTtlOf(accountId, name);
      const ns = store.getNamespace(accountId, name)!;
      const sessions: Record<string, ContextProperties> = {};
      let current: ContextProperties | undefined;
      let currentId: string | undefined;
      for (const [sessionId, property, value] of propertiesOfNamespace.all(accountId, name, now()) as Array<[string, string, string]>) {
        if (sessionId !== currentId || current === undefined) {
          currentId = sessionId;
          current = {};
          setOwn(sessions, sessionId, current);
        }
        setOwn(current, property, JSON.parse(value));
      }
      return {
        format: EXPORT_FORMAT,
        version: 1,
        accountId,
        namespace: { name: ns.name, createdAt: new Date(ns.createdAt).toISOString(), ...(ns.ttlSecond !== undefined && { ttlSecond: ns.ttlSecond }) },
        sessions,
      };
    },

    importNamespace(data, importOptions = {}) {
      const doc = data as Partial<ContextNamespaceExport> | null;
      if (!isPlainObject(doc)) throw badInput("The import must be a JSON object (an lp-faas context export)");
      if (doc.format !== EXPORT_FORMAT) throw badInput(`"format" must be "${EXPORT_FORMAT}", not ${describe(doc.format)}`);
      if (doc.version !== 1) throw badInput(`"version" must be 1, not ${describe(doc.version)}`);
      if (typeof doc.accountId !== "string") throw badInput(`"accountId" must be a string, not ${describe(doc.accountId)}`);
      const accountId = checkAccountId(importOptions.accountId ?? doc.accountId, importOptions.accountId === undefined ? '"accountId"' : "The account id");
      const ns = doc.namespace as Partial<ContextNamespaceExport["namespace"]> | undefined;
      if (!isPlainObject(ns)) throw badInput(`"namespace" must be an object { name, createdAt, ttlSecond? }`);
      checkNamespaceName(ns.name, '"namespace.name"');
      if (typeof ns.createdAt !== "string" || !/^\d{4}-\d{2}-\d{2}T/.test(ns.createdAt) || !Number.isFinite(Date.parse(ns.createdAt))) {
        throw badInput(`"namespace.createdAt" must be an ISO-8601 date, not ${describe(ns.createdAt)}`);
      }
      const ttlSecond = checkTtlSecond(ns.ttlSecond, '"namespace.ttlSecond"');
      const target = checkNamespaceName(importOptions.namespace ?? ns.name, importOptions.namespace === undefined ? '"namespace.name"' : "target namespace");
      if (!isPlainObject(doc.sessions)) throw badInput(`"sessions" must be an object (session id → properties)`);
      const sessions: Array<[string, Encoded[]]> = [];
      for (const sessionId of Object.keys(doc.sessions)) {
        const field = `"sessions.${sessionId.length > 60 ? `${sessionId.slice(0, 57)}...` : sessionId}"`;
        checkId(sessionId, `session id ${field}`);
        const { entries, bytes } = encodeProperties(doc.sessions[sessionId], field);
        if (bytes > ContextLimits.maxSessionBytes) throw tooLarge(field, bytes);
        sessions.push([sessionId, entries]);
      }
      write(importTx, accountId, target, builtIns.has(target) ? undefined : ttlSecond, Date.parse(ns.createdAt), sessions);
      return { accountId, namespace: target, sessions: sessions.length };
    },
  };
  return store;
}
