/**
 * API keys through the store on a real SQLite file: created once and stored
 * as a hash, looked up, adopted, revoked (also by another connection, as the
 * CLI does), and the lookup cache's limits.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { T0, OTHER, ACC, openStoreOnFile, closeStoreOnFile, platformError } from "../../test/support/context-store";
import { isAdoptableApiKey } from "./context-api-keys";
import { createContextStore, type SqliteContextStore } from "./context-store";
import { openStateDb, type StateDb } from "./db";

describe("context store (SQLite file, fake clock)", () => {
  let dir: string;
  let dbPath: string;
  let db: StateDb;
  let clock: { now: number };
  let store: SqliteContextStore;

  beforeEach(() => {
    ({ dir, dbPath, db, clock, store } = openStoreOnFile());
  });
  afterEach(() => closeStoreOnFile({ db, dir }));

  describe("API keys", () => {
    it("creates a key returned once and stored as its sha256 only; looks it up; revokes it", () => {
      const key = store.createApiKey(ACC);
      expect(key).toMatchObject({ accountId: ACC, createdAt: T0 });
      expect(key.apiKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(key.keyId).toMatch(/^[0-9a-f]{12}$/);
      const stored = db.prepare(`SELECT * FROM context_api_keys`).all() as Array<Record<string, unknown>>;
      expect(stored).toHaveLength(1);
      expect(JSON.stringify(stored)).not.toContain(key.apiKey);
      expect(Buffer.from(stored[0]!.key_hash as Uint8Array).toString("hex")).toHaveLength(64);

      expect(store.accountOfApiKey(key.apiKey)).toBe(ACC);
      expect(store.accountOfApiKey(`${key.apiKey}x`)).toBeUndefined();
      expect(store.accountOfApiKey("")).toBeUndefined();

      const other = store.createApiKey(OTHER);
      expect(other.apiKey).not.toBe(key.apiKey);
      expect(store.accountOfApiKey(other.apiKey)).toBe(OTHER);
      expect(store.listApiKeys()).toHaveLength(2);
      expect(store.listApiKeys(ACC)).toEqual([{ keyId: key.keyId, accountId: ACC, createdAt: T0 }]);

      expect(store.revokeApiKey(key.keyId)).toBe(true);
      expect(store.revokeApiKey(key.keyId)).toBe(false);
      expect(store.accountOfApiKey(key.apiKey)).toBeUndefined();
      expect(store.accountOfApiKey(other.apiKey)).toBe(OTHER);
      platformError(() => store.createApiKey("not an account"), 400);
    });

    it("a key revoked through another connection (the CLI's process) is refused at once", () => {
      const key = store.createApiKey(ACC);
      const cli = openStateDb(dbPath);
      try {
        expect(createContextStore(cli).revokeApiKey(key.keyId)).toBe(true);
      } finally {
        cli.close();
      }
      expect(store.accountOfApiKey(key.apiKey)).toBeUndefined();
    });

    it("with apiKeyCacheMs: an own revoke applies at once, another process's within the cache time; unknown keys are never cached", async () => {
      const cached = createContextStore(db, { now: () => clock.now, apiKeyCacheMs: 150 });
      const own = cached.createApiKey(ACC);
      expect(cached.accountOfApiKey(own.apiKey)).toBe(ACC);
      expect(cached.revokeApiKey(own.keyId)).toBe(true);
      expect(cached.accountOfApiKey(own.apiKey)).toBeUndefined();

      const key = cached.createApiKey(ACC);
      expect(cached.accountOfApiKey(key.apiKey)).toBe(ACC);
      const cli = openStateDb(dbPath);
      try {
        const cliStore = createContextStore(cli);
        expect(cliStore.revokeApiKey(key.keyId)).toBe(true);
        expect(cached.accountOfApiKey(key.apiKey)).toBe(ACC); // remembered, for at most 150 ms
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(cached.accountOfApiKey(key.apiKey)).toBeUndefined();
        // A key created elsewhere after a failed lookup works at once.
        const later = cliStore.createApiKey(OTHER);
        expect(cached.accountOfApiKey(later.apiKey)).toBe(OTHER);
      } finally {
        cli.close();
      }
    });

    it("adopts a key the project holds: added once, then known; another account's is left alone", () => {
      const held = "k".repeat(16);
      expect(store.adoptApiKey(ACC, held)).toBe("added");
      expect(store.adoptApiKey(ACC, held)).toBe("known");
      expect(store.adoptApiKey(OTHER, held)).toBe("other-account");
      expect(store.accountOfApiKey(held)).toBe(ACC);
      expect(store.listApiKeys(ACC)).toEqual([{ keyId: expect.stringMatching(/^[0-9a-f]{12}$/), accountId: ACC, createdAt: T0 }]);
      expect(JSON.stringify(db.prepare(`SELECT * FROM context_api_keys`).all())).not.toContain(held);
      expect(platformError(() => store.adoptApiKey(ACC, "short"), 400).message).toBe("An API key is 16-1024 printable characters");
      platformError(() => store.adoptApiKey("not an account", held), 400);
    });

    it.each([
      ["16 printable characters", "a".repeat(16), true],
      ["1024 characters", "a".repeat(1024), true],
      ["a created key (43 base64url characters)", "A".repeat(43), true],
      ["spaces and symbols", "key with spaces & ünïcode!", true],
      ["15 characters", "a".repeat(15), false],
      ["1025 characters", "a".repeat(1025), false],
      ["a control character", `${"a".repeat(16)}\n`, false],
      ["DEL", `${"a".repeat(16)}\u007f`, false],
      ["not a string", 1234567890123456, false],
    ])("isAdoptableApiKey: %s → %s", (_what, key, adoptable) => {
      expect(isAdoptableApiKey(key)).toBe(adoptable);
    });
  });
});
