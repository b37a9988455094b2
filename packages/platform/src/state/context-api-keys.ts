/**
 * The Context Session Store's API keys in the table `context_api_keys`: a key
 * is random, returned once when created and stored as its SHA-256 only, with a
 * short public id to list and revoke it by. A lookup goes by hash, and may be
 * remembered for `apiKeyCacheMs` (the platform's server asks at every request);
 * the CLI may revoke a key from another process, so the cache is short-lived.
 */
import { createHash, randomBytes } from "node:crypto";
import { badInput } from "../errors";
import type { ContextApiKey, ContextStore } from "./context-types";
import { checkAccountId } from "./context-validation";
import type { StateDb } from "./db";

/** The API key methods of the store. */
export type ContextApiKeyStore = Pick<ContextStore, "createApiKey" | "adoptApiKey" | "listApiKeys" | "revokeApiKey" | "accountOfApiKey">;

export interface ContextApiKeyOptions {
  /** The clock for createdAt (epoch ms). */
  now: () => number;
  /** Remember a key's account this long (real time, ms) after a lookup; 0: no cache. */
  apiKeyCacheMs: number;
}

/** Keys remembered at most (the cache is cleared when full). */
const API_KEY_CACHE_SIZE = 1000;

/** Longest key a lookup considers (adopted keys are 16-1024 characters, created ones 43). */
const MAX_API_KEY_LENGTH = 1024;

function sha256(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** A key id: 12 hex digits. */
const newKeyId = (): string => randomBytes(6).toString("hex");

/** A key the project already holds (the secret `lp-faas init` writes) is 16-1024 printable characters. */
export function isAdoptableApiKey(apiKey: unknown): apiKey is string {
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  return typeof apiKey === "string" && apiKey.length >= 16 && apiKey.length <= MAX_API_KEY_LENGTH && !/[\u0000-\u001f\u007f]/.test(apiKey);
}

interface KeyRow {
  key_id: string;
  account_id: string;
  created_at: number;
}

const fromKeyRow = (row: KeyRow): ContextApiKey => ({ keyId: row.key_id, accountId: row.account_id, createdAt: row.created_at });

/**
 * A key → account map whose entries live `ttlMs` of `performance.now()` time.
 * Only found keys are remembered: a key created after a failed lookup works at once.
 */
function createKeyAccountCache(ttlMs: number) {
  const entries = new Map<string, { accountId: string; until: number }>();
  return {
    get(apiKey: string, at: number): string | undefined {
      const hit = entries.get(apiKey);
      return hit !== undefined && hit.until > at ? hit.accountId : undefined;
    },
    set(apiKey: string, accountId: string | undefined, at: number): void {
      if (accountId === undefined) {
        entries.delete(apiKey);
        return;
      }
      if (entries.size >= API_KEY_CACHE_SIZE) entries.clear();
      entries.set(apiKey, { accountId, until: at + ttlMs });
    },
    clear(): void {
      entries.clear();
    },
  };
}

export function createContextApiKeys(db: StateDb, options: ContextApiKeyOptions): ContextApiKeyStore {
  const { now, apiKeyCacheMs } = options;
  const cache = createKeyAccountCache(apiKeyCacheMs);

  const keyInsert = db.prepare(`INSERT INTO context_api_keys (key_hash, key_id, account_id, created_at) VALUES (?, ?, ?, ?)`);
  const keyAccount = db.prepare(`SELECT account_id FROM context_api_keys WHERE key_hash = ?`).pluck();
  const keyList = db.prepare(`SELECT key_id, account_id, created_at FROM context_api_keys ORDER BY created_at, key_id`);
  const keyListOf = db.prepare(`SELECT key_id, account_id, created_at FROM context_api_keys WHERE account_id = ? ORDER BY created_at, key_id`);
  const keyDelete = db.prepare(`DELETE FROM context_api_keys WHERE key_id = ?`);

  // Looked up by hash: the comparison's timing tells nothing about the key.
  const accountOfHash = (apiKey: string): string | undefined => keyAccount.get(sha256(apiKey)) as string | undefined;

  return {
    createApiKey(accountId) {
      checkAccountId(accountId);
      const apiKey = randomBytes(32).toString("base64url");
      const createdAt = now();
      for (;;) {
        const keyId = newKeyId();
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
      if (!isAdoptableApiKey(apiKey)) throw badInput("An API key is 16-1024 printable characters");
      const hash = sha256(apiKey);
      const owner = keyAccount.get(hash) as string | undefined;
      if (owner !== undefined) return owner === accountId ? "known" : "other-account";
      keyInsert.run(hash, newKeyId(), accountId, now());
      return "added";
    },

    listApiKeys(accountId) {
      return ((accountId === undefined ? keyList.all() : keyListOf.all(accountId)) as KeyRow[]).map(fromKeyRow);
    },

    revokeApiKey(keyId) {
      const revoked = typeof keyId === "string" && keyDelete.run(keyId).changes > 0;
      if (revoked) cache.clear();
      return revoked;
    },

    accountOfApiKey(apiKey) {
      if (typeof apiKey !== "string" || apiKey.length === 0 || apiKey.length > MAX_API_KEY_LENGTH) return undefined;
      if (apiKeyCacheMs <= 0) return accountOfHash(apiKey);
      const at = performance.now();
      const cached = cache.get(apiKey, at);
      if (cached !== undefined) return cached;
      const accountId = accountOfHash(apiKey);
      cache.set(apiKey, accountId, at);
      return accountId;
    },
  };
}
