/** What the context store's unit tests share: accounts, a fixed start time, a store on a temp SQLite file, and an error check. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { httpStatusOf, PlatformError } from "../../src/errors";
import { createContextStore, type SqliteContextStore } from "../../src/state/context-store";
import { openStateDb, type StateDb } from "../../src/state/db";

export const ACC = "12345678";
export const OTHER = "99999999";
export const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

/** The error `fn` throws, checked to be a PlatformError answered with HTTP `status`. */
export function platformError(fn: () => unknown, status: number): PlatformError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(PlatformError);
  expect(httpStatusOf((thrown as PlatformError).code)).toBe(status);
  return thrown as PlatformError;
}

export interface StoreOnFile {
  dir: string;
  dbPath: string;
  db: StateDb;
  /** The store's clock: move `now` to move time. */
  clock: { now: number };
  store: SqliteContextStore;
}

/** A store on a new SQLite file in a temp folder, its clock at T0. */
export function openStoreOnFile(): StoreOnFile {
  const dir = mkdtempSync(join(tmpdir(), "lp-faas-context-store-"));
  const dbPath = join(dir, "state.db");
  const db = openStateDb(dbPath);
  const clock = { now: T0 };
  return { dir, dbPath, db, clock, store: createContextStore(db, { now: () => clock.now }) };
}

export function closeStoreOnFile({ db, dir }: Pick<StoreOnFile, "db" | "dir">): void {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
