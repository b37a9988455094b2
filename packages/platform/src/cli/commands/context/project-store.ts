/**
 * The project's Context Session Store for one command: opened on
 * `.lp-faas/state.db`, used, closed. A read on a project without state.db
 * gets an empty in-memory store (the file is not created); a write creates it.
 */
import { existsSync } from "node:fs";
import { notFound } from "../../../errors";
import { createContextStore } from "../../../state/context-store";
import type { ContextNamespace, ContextStore } from "../../../state/context-types";
import { openStateDb, stateDbPath } from "../../../state/db";
import type { ContextAccounts } from "./options";

export function withStore<T>(projectDir: string, write: boolean, use: (store: ContextStore, dbPath: string) => T): T {
  const dbPath = stateDbPath(projectDir);
  const db = openStateDb(!write && !existsSync(dbPath) ? ":memory:" : dbPath);
  try {
    return use(createContextStore(db), dbPath);
  } finally {
    db.close();
  }
}

const accountHint = (accountId: string, platformAccount: string): string => (accountId === platformAccount ? "" : ` --account ${accountId}`);

/** The namespace, or a 404 that says where to look. */
export function requireNamespace(store: ContextStore, accounts: ContextAccounts, name: string): ContextNamespace {
  const namespace = store.getNamespace(accounts.accountId, name);
  if (namespace) return namespace;
  throw notFound(
    `There is no namespace "${name}" in account ${accounts.accountId} (see lp-faas context namespaces${accountHint(accounts.accountId, accounts.platformAccount)})`,
  );
}
