/**
 * Export and import through the store on a real SQLite file: round trips,
 * merges into what exists, refused documents and the import's one
 * transaction. The document format alone: `context-export.test.ts`.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { T0, OTHER, ACC, openStoreOnFile, closeStoreOnFile, platformError } from "../../test/support/context-store";
import { EXPORT_FORMAT } from "./context-export";
import type { SqliteContextStore } from "./context-store";
import { ContextLimits, DEFAULT_SESSION_ID, type ContextNamespaceExport } from "./context-types";
import type { StateDb } from "./db";

describe("context store (SQLite file, fake clock)", () => {
  let dir: string;
  let db: StateDb;
  let clock: { now: number };
  let store: SqliteContextStore;

  beforeEach(() => {
    ({ dir, db, clock, store } = openStoreOnFile());
  });
  afterEach(() => closeStoreOnFile({ db, dir }));

  describe("export and import", () => {
    it("round-trips a namespace with its TTL, createdAt and live sessions, into another account or name", () => {
      store.createNamespace(ACC, "orders", 3600);
      store.mergeProperties(ACC, "orders", "s1", { a: 1, nested: { b: [true, null] } });
      clock.now += 1;
      store.mergeProperties(ACC, "orders", DEFAULT_SESSION_ID, { text: "☕" });
      const doc = store.exportNamespace(ACC, "orders");
      expect(doc).toEqual({
        format: EXPORT_FORMAT,
        version: 1,
        accountId: ACC,
        namespace: { name: "orders", createdAt: new Date(T0).toISOString(), ttlSecond: 3600 },
        sessions: { s1: { a: 1, nested: { b: [true, null] } }, [DEFAULT_SESSION_ID]: { text: "☕" } },
      });
      const json = JSON.parse(JSON.stringify(doc)) as unknown;

      expect(store.importNamespace(json, { accountId: OTHER })).toEqual({ accountId: OTHER, namespace: "orders", sessions: 2 });
      expect(store.exportNamespace(OTHER, "orders")).toEqual({ ...doc, accountId: OTHER });

      expect(store.importNamespace(json, { namespace: "copy" })).toEqual({ accountId: ACC, namespace: "copy", sessions: 2 });
      expect(store.getNamespace(ACC, "copy")).toEqual({ name: "copy", createdAt: T0, ttlSecond: 3600 });
      expect(store.getProperties(ACC, "copy", "s1")).toEqual({ a: 1, nested: { b: [true, null] } });
    });

    it("merges into an existing namespace, keeping its TTL and the properties the import does not name", () => {
      store.createNamespace(ACC, "orders");
      store.mergeProperties(ACC, "orders", "s1", { keep: 1, a: "old" });
      const doc: ContextNamespaceExport = {
        format: EXPORT_FORMAT,
        version: 1,
        accountId: ACC,
        namespace: { name: "orders", createdAt: "2020-01-01T00:00:00.000Z", ttlSecond: 10 },
        sessions: { s1: { a: "new" }, s2: { b: 2 } },
      };
      store.importNamespace(doc);
      expect(store.getNamespace(ACC, "orders")).toEqual({ name: "orders", createdAt: T0 });
      expect(store.getProperties(ACC, "orders", "s1")).toEqual({ keep: 1, a: "new" });
      expect(store.getProperties(ACC, "orders", "s2")).toEqual({ b: 2 });
      // Into a built-in namespace: sessions merged, no namespace row.
      store.importNamespace({ ...doc, namespace: { name: "faas", createdAt: new Date(0).toISOString() } });
      expect(store.getProperties(ACC, "faas", "s2")).toEqual({ b: 2 });
      expect(store.listNamespaces(ACC).map((n) => n.name)).toEqual(["orders"]);
    });

    it("refuses bad documents with a 400 naming the field, and writes nothing", () => {
      const good: ContextNamespaceExport = {
        format: EXPORT_FORMAT,
        version: 1,
        accountId: ACC,
        namespace: { name: "imported", createdAt: new Date(T0).toISOString() },
        sessions: { s1: { a: 1 } },
      };
      const cases: Array<[unknown, string]> = [
        [null, "JSON object"],
        [[good], "JSON object"],
        [{ ...good, format: "other" }, '"format"'],
        [{ ...good, version: 2 }, '"version"'],
        [{ ...good, accountId: 7 }, '"accountId"'],
        [{ ...good, accountId: "a b" }, '"accountId"'],
        [{ ...good, namespace: "imported" }, '"namespace"'],
        [{ ...good, namespace: { ...good.namespace, name: "bad name" } }, '"namespace.name"'],
        [{ ...good, namespace: { ...good.namespace, createdAt: "yesterday" } }, '"namespace.createdAt"'],
        [{ ...good, namespace: { ...good.namespace, createdAt: 5 } }, '"namespace.createdAt"'],
        [{ ...good, namespace: { ...good.namespace, ttlSecond: -5 } }, '"namespace.ttlSecond"'],
        [{ ...good, namespace: { ...good.namespace, ttlSecond: "60" } }, '"namespace.ttlSecond"'],
        [{ ...good, sessions: [] }, '"sessions"'],
        [{ ...good, sessions: { s1: { a: 1 }, s2: [1] } }, '"sessions.s2"'],
        [{ ...good, sessions: { s1: { a: 1 }, "..": { a: 1 } } }, '"sessions..."'],
        [{ ...good, sessions: { s1: { "a/b": 1 } } }, "a/b"],
      ];
      for (const [doc, field] of cases) {
        const error = platformError(() => store.importNamespace(doc), 400);
        expect(error.message).toContain(field);
      }
      platformError(() => store.importNamespace({ ...good, sessions: { s1: { a: "x".repeat(ContextLimits.maxSessionBytes) } } }), 413);
      expect(store.getNamespace(ACC, "imported")).toBeUndefined();
      expect(store.importNamespace(good)).toEqual({ accountId: ACC, namespace: "imported", sessions: 1 });
    });

    it("an import is one transaction: a failure in the middle leaves nothing", () => {
      store.createNamespace(ACC, "orders");
      const big = "x".repeat(ContextLimits.maxSessionBytes - 100);
      store.mergeProperties(ACC, "orders", "s2", { big });
      const doc = {
        format: EXPORT_FORMAT,
        version: 1,
        accountId: ACC,
        namespace: { name: "orders", createdAt: new Date(T0).toISOString() },
        sessions: { s1: { a: 1 }, s2: { more: big } },
      };
      platformError(() => store.importNamespace(doc), 413);
      expect(store.getProperties(ACC, "orders", "s1")).toEqual({});
    });
  });
});
