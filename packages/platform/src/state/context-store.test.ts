/**
 * The SQL store on a real SQLite file with a fake clock: namespaces, sessions
 * and properties, TTLs and purge. API keys: `context-api-keys.test.ts`; export
 * and import through the store: `context-store-export.test.ts`.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { T0, OTHER, ACC, openStoreOnFile, closeStoreOnFile, platformError } from "../../test/support/context-store";
import { createContextStore, type SqliteContextStore } from "./context-store";
import { BUILT_IN_NAMESPACES, ContextLimits, DEFAULT_SESSION_ID } from "./context-types";
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

  describe("namespaces", () => {
    it("createNamespace is idempotent: the first call creates, later ones keep createdAt and TTL", () => {
      expect(store.createNamespace(ACC, "orders", 60)).toBe(true);
      clock.now += 5_000;
      expect(store.createNamespace(ACC, "orders", 999)).toBe(false);
      expect(store.createNamespace(ACC, "orders")).toBe(false);
      expect(store.listNamespaces(ACC)).toEqual([{ name: "orders", createdAt: T0, ttlSecond: 60 }]);
      expect(store.getNamespace(ACC, "orders")).toEqual({ name: "orders", createdAt: T0, ttlSecond: 60 });
    });

    it("lists custom namespaces oldest first, without TTL when none; built-ins exist but are not listed", () => {
      store.createNamespace(ACC, "b");
      clock.now += 1;
      store.createNamespace(ACC, "a", 10);
      expect(store.listNamespaces(ACC)).toEqual([
        { name: "b", createdAt: T0 },
        { name: "a", createdAt: T0 + 1, ttlSecond: 10 },
      ]);
      expect(store.listNamespaces(ACC)[0]).not.toHaveProperty("ttlSecond");
      for (const builtIn of BUILT_IN_NAMESPACES) expect(store.getNamespace(ACC, builtIn)).toEqual({ name: builtIn, createdAt: 0 });
      expect(store.getNamespace(ACC, "missing")).toBeUndefined();
    });

    it("refuses built-in, invalid names and bad TTLs with 400", () => {
      for (const builtIn of BUILT_IN_NAMESPACES) {
        expect(platformError(() => store.createNamespace(ACC, builtIn), 400).message).toContain("built-in");
        expect(platformError(() => store.deleteNamespace(ACC, builtIn), 400).message).toContain("built-in");
      }
      for (const bad of ["", "a b", "a/b", "x".repeat(101), "é"]) platformError(() => store.createNamespace(ACC, bad), 400);
      for (const ttl of [0, -1, 1.5, ContextLimits.maxTtlSecond + 1, Number.NaN]) platformError(() => store.createNamespace(ACC, "t", ttl), 400);
      platformError(() => store.createNamespace("bad account", "t"), 400);
      expect(store.createNamespace(ACC, "t", ContextLimits.maxTtlSecond)).toBe(true);
      expect(store.listNamespaces(ACC).map((n) => n.name)).toEqual(["t"]);
    });

    it("caps custom namespaces per account (409) and counts per account", () => {
      const insert = db.prepare(`INSERT INTO context_namespaces (account_id, name, created_at) VALUES (?, ?, ?)`);
      db.transaction(() => {
        for (let i = 0; i < ContextLimits.maxNamespacesPerAccount; i++) insert.run(ACC, `ns${i}`, T0);
      })();
      expect(platformError(() => store.createNamespace(ACC, "one-more"), 409).message).toContain(String(ContextLimits.maxNamespacesPerAccount));
      expect(store.createNamespace(ACC, "ns0")).toBe(false); // an existing one is still fine
      expect(store.createNamespace(OTHER, "one-more")).toBe(true);
    });

    it("deleting a namespace removes its sessions and properties; recreated, it starts empty", () => {
      store.createNamespace(ACC, "orders");
      store.mergeProperties(ACC, "orders", "s1", { a: 1 });
      store.mergeProperties(ACC, "orders", "s2", { b: 2 });
      store.createNamespace(ACC, "kept");
      store.mergeProperties(ACC, "kept", "s1", { c: 3 });
      expect(store.deleteNamespace(ACC, "orders")).toBe(true);
      expect(store.deleteNamespace(ACC, "orders")).toBe(false);
      const rows = (table: string) => db.prepare(`SELECT count(*) FROM ${table} WHERE namespace = 'orders'`).pluck().get();
      expect(rows("context_sessions")).toBe(0);
      expect(rows("context_properties")).toBe(0);
      expect(platformError(() => store.getProperties(ACC, "orders", "s1"), 404).message).toContain("orders");
      store.createNamespace(ACC, "orders");
      expect(store.listSessions(ACC, "orders")).toEqual([]);
      expect(store.getProperties(ACC, "kept", "s1")).toEqual({ c: 3 });
    });
  });

  describe("sessions and properties", () => {
    beforeEach(() => {
      store.createNamespace(ACC, "orders");
    });

    it("merges: named properties replaced, others kept, any JSON value round-trips", () => {
      const values = { text: "hi", jsonText: "42", n: 3.25, zero: 0, no: false, nil: null, list: [1, "2", { three: 3 }], deep: { a: { b: ["c"] }, u: "☕ ü" } };
      store.mergeProperties(ACC, "orders", "s1", values);
      expect(store.getProperties(ACC, "orders", "s1")).toEqual(values);
      store.mergeProperties(ACC, "orders", "s1", { n: 4, extra: "new" });
      expect(store.getProperties(ACC, "orders", "s1")).toEqual({ ...values, n: 4, extra: "new" });
      expect(store.getProperty(ACC, "orders", "s1", "nil")).toEqual({ value: null });
      expect(store.getProperty(ACC, "orders", "s1", "missing")).toBeUndefined();
      expect(JSON.parse(store.getPropertiesJson(ACC, "orders", "s1"))).toEqual({ ...values, n: 4, extra: "new" });
      expect(store.getPropertyJson(ACC, "orders", "s1", "jsonText")).toBe('"42"');
    });

    it("keeps odd names, __proto__ included, as own properties", () => {
      const odd = JSON.parse('{"__proto__": {"x": 1}, "a b&c=d;e": "ok", "quote\\"d": 2}') as Record<string, unknown>;
      store.mergeProperties(ACC, "orders", "visitor 42?x=1#frag%2F", odd);
      const back = store.getProperties(ACC, "orders", "visitor 42?x=1#frag%2F");
      expect(Object.keys(back).sort()).toEqual(["__proto__", "a b&c=d;e", 'quote"d']);
      expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
      expect(JSON.parse(store.getPropertiesJson(ACC, "orders", "visitor 42?x=1#frag%2F"))).toEqual(back);
    });

    it("unknown session reads as {}; unknown namespace is 404 on every operation", () => {
      expect(store.getProperties(ACC, "orders", "never")).toEqual({});
      expect(store.getPropertiesJson(ACC, "orders", "never")).toBe("{}");
      for (const op of [
        () => store.getProperties(ACC, "nope", "s"),
        () => store.getProperty(ACC, "nope", "s", "p"),
        () => store.mergeProperties(ACC, "nope", "s", { a: 1 }),
        () => store.deleteProperty(ACC, "nope", "s", "p"),
        () => store.deleteSession(ACC, "nope", "s"),
        () => store.listSessions(ACC, "nope"),
        () => store.exportNamespace(ACC, "nope"),
      ]) {
        platformError(op, 404);
      }
    });

    it("validates session ids and property names", () => {
      for (const bad of ["", ".", "..", "a/b", "x".repeat(257)]) {
        platformError(() => store.mergeProperties(ACC, "orders", bad, { a: 1 }), 400);
        platformError(() => store.mergeProperties(ACC, "orders", "s", { [bad]: 1 }), 400);
        platformError(() => store.getProperties(ACC, "orders", bad), 400);
      }
      for (const bad of [null, [], "text", 3]) platformError(() => store.mergeProperties(ACC, "orders", "s", bad as never), 400);
      platformError(() => store.mergeProperties(ACC, "orders", "s", { a: undefined }), 400);
      platformError(() => store.mergeProperties(ACC, "orders", "s", { a: 10n }), 400);
      expect(store.listSessions(ACC, "orders")).toEqual([]);
      store.mergeProperties(ACC, "orders", "x".repeat(256), { ["y".repeat(256)]: 1 });
      expect(store.listSessions(ACC, "orders")).toEqual(["x".repeat(256)]);
    });

    it("lists live sessions oldest first, __default__ included; a session exists while it has properties", () => {
      store.mergeProperties(ACC, "orders", "b", { x: 1 });
      clock.now += 1;
      store.mergeProperties(ACC, "orders", DEFAULT_SESSION_ID, { x: 1, y: 2 });
      clock.now += 1;
      store.mergeProperties(ACC, "orders", "a", { x: 1 });
      store.mergeProperties(ACC, "orders", "empty", {});
      expect(store.listSessions(ACC, "orders")).toEqual(["b", DEFAULT_SESSION_ID, "a"]);

      expect(store.deleteProperty(ACC, "orders", DEFAULT_SESSION_ID, "x")).toBe(true);
      expect(store.deleteProperty(ACC, "orders", DEFAULT_SESSION_ID, "x")).toBe(false);
      expect(store.getProperties(ACC, "orders", DEFAULT_SESSION_ID)).toEqual({ y: 2 });
      expect(store.deleteProperty(ACC, "orders", DEFAULT_SESSION_ID, "y")).toBe(true);
      expect(store.listSessions(ACC, "orders")).toEqual(["b", "a"]);

      expect(store.deleteSession(ACC, "orders", "b")).toBe(true);
      expect(store.deleteSession(ACC, "orders", "b")).toBe(false);
      expect(store.getProperties(ACC, "orders", "b")).toEqual({});
      expect(store.listSessions(ACC, "orders")).toEqual(["a"]);
    });

    it("a namespace deleted through another connection is gone for reads at once (404)", () => {
      store.mergeProperties(ACC, "orders", "s", { a: 1 });
      const cli = openStateDb(dbPath);
      try {
        expect(createContextStore(cli).deleteNamespace(ACC, "orders")).toBe(true);
      } finally {
        cli.close();
      }
      platformError(() => store.getProperties(ACC, "orders", "s"), 404);
      platformError(() => store.getPropertyJson(ACC, "orders", "s", "a"), 404);
      platformError(() => store.listSessions(ACC, "orders"), 404);
    });

    it("built-in namespaces hold sessions without TTL", () => {
      store.mergeProperties(ACC, "faas", "conv", { seen: true });
      clock.now += 100 * 365 * 24 * 3600 * 1000;
      expect(store.getProperty(ACC, "faas", "conv", "seen")).toEqual({ value: true });
      expect(store.purgeExpired()).toBe(0);
    });

    it("accounts are fully isolated", () => {
      store.mergeProperties(ACC, "orders", "s", { mine: 1 });
      store.mergeProperties(ACC, "faas", "s", { mine: 2 });
      expect(store.listNamespaces(OTHER)).toEqual([]);
      platformError(() => store.getProperties(OTHER, "orders", "s"), 404);
      expect(store.getProperties(OTHER, "faas", "s")).toEqual({});
      store.createNamespace(OTHER, "orders", 5);
      store.mergeProperties(OTHER, "orders", "s", { theirs: 1 });
      expect(store.getProperties(ACC, "orders", "s")).toEqual({ mine: 1 });
      expect(store.getProperties(OTHER, "orders", "s")).toEqual({ theirs: 1 });
      expect(store.getNamespace(ACC, "orders")).not.toHaveProperty("ttlSecond");
      store.deleteNamespace(OTHER, "orders");
      expect(store.getProperties(ACC, "orders", "s")).toEqual({ mine: 1 });
    });

    it("over maxSessionBytes: 413 and nothing written (the whole merge rolls back)", () => {
      const half = "x".repeat(ContextLimits.maxSessionBytes / 2);
      store.mergeProperties(ACC, "orders", "big", { a: half, keep: 1 });
      // Alone this merge is under the limit; with what the session holds it is over.
      const error = platformError(() => store.mergeProperties(ACC, "orders", "big", { keep: 2, b: half }), 413);
      expect(error.message).toContain(String(ContextLimits.maxSessionBytes));
      expect(store.getProperty(ACC, "orders", "big", "keep")).toEqual({ value: 1 });
      expect(store.getProperty(ACC, "orders", "big", "b")).toBeUndefined();
      // Replacing a property frees its old size.
      store.mergeProperties(ACC, "orders", "big", { a: "small", b: half });
      expect(Object.keys(store.getProperties(ACC, "orders", "big")).sort()).toEqual(["a", "b", "keep"]);
      // Exactly at the limit is fine: {"v":"…"} is 8 bytes around the string.
      store.mergeProperties(ACC, "orders", "exact", { v: "y".repeat(ContextLimits.maxSessionBytes - 8) });
      expect(JSON.stringify(store.getProperties(ACC, "orders", "exact")).length).toBe(ContextLimits.maxSessionBytes);
      platformError(() => store.mergeProperties(ACC, "orders", "over", { v: "y".repeat(ContextLimits.maxSessionBytes - 7) }), 413);
      expect(store.listSessions(ACC, "orders")).not.toContain("over");
    });
  });

  describe("TTL", () => {
    beforeEach(() => {
      store.createNamespace(ACC, "short", 60);
    });

    it("an expired session is invisible at once, before any purge", () => {
      store.mergeProperties(ACC, "short", "s1", { step: 1 });
      clock.now += 30_000;
      store.mergeProperties(ACC, "short", "s2", { step: 2 });
      clock.now += 29_999;
      expect(store.getProperties(ACC, "short", "s1")).toEqual({ step: 1 });
      clock.now += 1; // s1 is exactly 60 s old
      expect(store.getProperties(ACC, "short", "s1")).toEqual({});
      expect(store.getPropertiesJson(ACC, "short", "s1")).toBe("{}");
      expect(store.getProperty(ACC, "short", "s1", "step")).toBeUndefined();
      expect(store.listSessions(ACC, "short")).toEqual(["s2"]);
      expect(store.exportNamespace(ACC, "short").sessions).toEqual({ s2: { step: 2 } });
      expect(store.deleteProperty(ACC, "short", "s1", "step")).toBe(false);
      // Still on disk until purged.
      expect(db.prepare(`SELECT count(*) FROM context_properties WHERE session_id = 's1'`).pluck().get()).toBe(1);
    });

    it("a write refreshes the expiry", () => {
      store.mergeProperties(ACC, "short", "s", { step: 1 });
      clock.now += 50_000;
      store.mergeProperties(ACC, "short", "s", { step: 2 });
      clock.now += 59_000;
      expect(store.getProperties(ACC, "short", "s")).toEqual({ step: 2 });
      clock.now += 1_000;
      expect(store.getProperties(ACC, "short", "s")).toEqual({});
    });

    it("a merge into an expired session starts it fresh", () => {
      store.mergeProperties(ACC, "short", "s", { old: 1, step: 1 });
      clock.now += 120_000;
      store.mergeProperties(ACC, "short", "s", { step: 2 });
      expect(store.getProperties(ACC, "short", "s")).toEqual({ step: 2 });
      expect(store.listSessions(ACC, "short")).toEqual(["s"]);
    });

    it("purgeExpired deletes expired sessions and their properties only, in bounded batches", () => {
      for (let i = 0; i < 1200; i++) store.mergeProperties(ACC, "short", `old${i}`, { a: i, b: i });
      store.createNamespace(ACC, "forever");
      store.mergeProperties(ACC, "forever", "s", { a: 1 });
      clock.now += 61_000;
      store.mergeProperties(ACC, "short", "fresh", { a: 1 });
      expect(store.purgeExpired(700)).toBe(700);
      expect(store.purgeExpired()).toBe(500);
      expect(store.purgeExpired()).toBe(0);
      expect(db.prepare(`SELECT count(*) FROM context_sessions`).pluck().get()).toBe(2);
      expect(db.prepare(`SELECT count(*) FROM context_properties`).pluck().get()).toBe(2);
      expect(store.listSessions(ACC, "short")).toEqual(["fresh"]);
      expect(store.getProperties(ACC, "forever", "s")).toEqual({ a: 1 });
    });
  });

  it("survives reopening the database file", () => {
    store.createNamespace(ACC, "orders", 60);
    store.mergeProperties(ACC, "orders", "s", { a: 1 });
    const key = store.createApiKey(ACC);
    db.close();
    db = openStateDb(dbPath);
    const reopened = createContextStore(db, { now: () => clock.now });
    expect(reopened.getProperties(ACC, "orders", "s")).toEqual({ a: 1 });
    expect(reopened.accountOfApiKey(key.apiKey)).toBe(ACC);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
  });
});
