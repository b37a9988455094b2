/**
 * The Context Session Store's domain, as the platform keeps it in SQLite
 * (`state/context-store.ts`) and serves it (`services/context-store/router.ts`,
 * `lp-faas context`). Names follow the store's v1 REST API.
 *
 * Choices the real service does not document, made here once:
 * - a namespace's TTL applies to each session: a session expires `ttlSecond`
 *   seconds after its last write; an expired session is invisible at once and
 *   purged in the background;
 * - the built-in namespaces (`faas`, `consumer`, `custom`, `operational`,
 *   `conversation`) exist in every account without TTL, cannot be created or
 *   deleted, are not listed, and hold sessions like any other namespace;
 * - deleting what does not exist (namespace, session, property) succeeds;
 * - limits: see `ContextLimits`.
 */

/** The session a method without `sessionId` works on. */
export const DEFAULT_SESSION_ID = "__default__";

export const BUILT_IN_NAMESPACES: readonly string[] = ["faas", "consumer", "custom", "operational", "conversation"];

/** The platform's limits (our choice; the real service documents none). */
export const ContextLimits = {
  /** Namespace names: letters, digits, `_`, `-`, 1-100 characters. */
  namespacePattern: /^[A-Za-z0-9_-]{1,100}$/,
  /** Session ids and property names: 1-256 characters, no `/`, not `.` or `..`. */
  maxIdLength: 256,
  /** Custom namespaces per account. */
  maxNamespacesPerAccount: 1000,
  /** Largest TTL: 10 years in seconds. */
  maxTtlSecond: 10 * 365 * 24 * 3600,
  /** One PATCH body, and one session's properties as JSON, at most 1 MiB. */
  maxSessionBytes: 1024 * 1024,
} as const;

export interface ContextNamespace {
  name: string;
  /** Epoch ms. */
  createdAt: number;
  /** Absent when the namespace keeps its sessions forever. */
  ttlSecond?: number;
}

/** Property name → value (any JSON value), as given by the client. */
export type ContextProperties = Record<string, unknown>;

export interface ContextApiKey {
  /** Short public id of the key (for listing and revoking); the key itself is never stored. */
  keyId: string;
  accountId: string;
  /** Epoch ms. */
  createdAt: number;
}

/** A namespace as `lp-faas context export` writes it and `import` reads it. */
export interface ContextNamespaceExport {
  format: "lp-faas-context-namespace";
  version: 1;
  accountId: string;
  namespace: { name: string; createdAt: string; ttlSecond?: number };
  /** Session id → its properties. */
  sessions: Record<string, ContextProperties>;
}

export interface ContextStore {
  /** Creates `name` unless it exists (an existing namespace keeps its TTL). `true` when created. */
  createNamespace(accountId: string, name: string, ttlSecond?: number): boolean;
  /** Deletes the namespace and every session in it. `false` when there was none. */
  deleteNamespace(accountId: string, name: string): boolean;
  /** Custom namespaces, oldest first (built-ins are not listed). */
  listNamespaces(accountId: string): ContextNamespace[];
  /** A custom namespace, or a built-in one (createdAt 0, no TTL); undefined when unknown. */
  getNamespace(accountId: string, name: string): ContextNamespace | undefined;
  /**
   * Merges `properties` into the session (creating it), in one transaction:
   * named properties are replaced, the others kept. Refreshes the session's expiry.
   * Throws PlatformError 404 for an unknown namespace, 413 over `maxSessionBytes`.
   */
  mergeProperties(accountId: string, namespace: string, sessionId: string, properties: ContextProperties): void;
  /** The live session's properties; `{}` for an unknown or expired session. 404 for an unknown namespace. */
  getProperties(accountId: string, namespace: string, sessionId: string): ContextProperties;
  /** One property; `undefined` when absent or the session expired. 404 for an unknown namespace. */
  getProperty(accountId: string, namespace: string, sessionId: string, name: string): { value: unknown } | undefined;
  /** `false` when there was none. 404 for an unknown namespace. */
  deleteProperty(accountId: string, namespace: string, sessionId: string, name: string): boolean;
  /** `false` when there was none. 404 for an unknown namespace. */
  deleteSession(accountId: string, namespace: string, sessionId: string): boolean;
  /** Live session ids, oldest first. 404 for an unknown namespace. */
  listSessions(accountId: string, namespace: string): string[];
  /** Deletes expired sessions; returns how many. */
  purgeExpired(): number;

  /** A new API key for the account: returned once, stored as a hash. */
  createApiKey(accountId: string): { apiKey: string } & ContextApiKey;
  /**
   * Registers a key the project already holds (the secret `context-store-api-key`
   * that `lp-faas init` writes) for the account: "added", "known" (already this
   * account's), or "other-account" (left alone).
   */
  adoptApiKey(accountId: string, apiKey: string): "added" | "known" | "other-account";
  listApiKeys(accountId?: string): ContextApiKey[];
  /** `false` when no key has that id. */
  revokeApiKey(keyId: string): boolean;
  /** The account the key belongs to, or undefined (constant-time on the hash). */
  accountOfApiKey(apiKey: string): string | undefined;

  /** One namespace with its live sessions. 404 for an unknown namespace. */
  exportNamespace(accountId: string, name: string): ContextNamespaceExport;
  /**
   * Creates the namespace when missing (with the export's TTL) and merges every
   * session, in one transaction. Throws PlatformError 400 naming the first bad field.
   */
  importNamespace(data: unknown, options?: { accountId?: string; namespace?: string }): { accountId: string; namespace: string; sessions: number };
}
