/**
 * Public types of `Toolbelt.ContextServiceClient` (the Context Session Store v1).
 * Names and shapes follow the documented `IFaaSContextServiceClient` interface.
 */

/** What `Toolbelt.ContextServiceClient(config)` needs. */
export interface IFaaSContextServiceClientConfig {
  /** The LivePerson account (site id) whose store is used; it becomes part of every URL. */
  accountId: string;
  /** The store's API key, sent as the `maven-api-key` header and nowhere else. */
  apiKey: string;
}

/** A custom namespace as the store lists it. */
export interface Namespace {
  name: string;
  createdAt: Date;
  /** Lifetime of the namespace's sessions in seconds; absent = they never expire. */
  ttlSecond?: number;
}

/** Options of `createNamespace`. */
export interface NamespaceOptions {
  /** Lifetime of every session in the namespace, in seconds (a whole number above 0). Absent = permanent. */
  ttl?: number;
}

/** The properties of one session: property name → any JSON value. */
export interface Entity {
  [name: string]: unknown;
}

/**
 * The Context Session Store client. Every method returns a promise and rejects with
 * an `SDKError` (code `com.liveperson.context-service-sdk.*`, or a Node network code
 * such as `ECONNRESET`); configuration, CSDS and egress-policy failures reject with
 * the `ToolbeltError` of the part that failed. Arguments are checked before anything
 * is sent; every name travels URL-encoded as one path segment.
 *
 * `sessionId`, where optional, means the namespace's default session `__default__`
 * when left out (`undefined`); `null` or `""` are rejected rather than guessed at.
 */
export interface IFaaSContextServiceClient {
  /**
   * Creates the custom namespace `namespace` (sessions expire after `options.ttl` seconds
   * when given) and resolves with it as the store then lists it. Creating a namespace that
   * already exists is not an error; the store keeps the existing one (and its TTL).
   * @throws SDKError `parameter.invalid` for an empty name, a built-in namespace (`faas`,
   *   `consumer`, `custom`, `operational`, `conversation`) or a TTL that is not a whole
   *   number above 0; `data.does-not-exist` when the store does not list the namespace
   *   afterwards; the mapped error of any non-2xx answer.
   */
  createNamespace(namespace: string, options?: NamespaceOptions): Promise<Namespace>;

  /**
   * Deletes the custom namespace `namespace` with all of its sessions. A namespace that is
   * already gone (the store answers 204 or 404) is not an error.
   * @throws SDKError `parameter.invalid` for an empty name or a built-in namespace; the
   *   mapped error of any other non-2xx answer.
   */
  deleteNamespace(namespace: string): Promise<void>;

  /**
   * The account's custom namespaces. Built-in namespaces are not listed.
   * @throws SDKError the mapped error of a non-2xx answer.
   */
  getListOfNamespaces(): Promise<Namespace[]>;

  /**
   * Merges `properties` into the session (default session when `sessionId` is left out):
   * the given names are written, every other property is kept. Values are stored as their
   * JSON. Resolves with all of the session's properties after the write.
   * Identical to `updatePropertiesInNamespace`.
   * @throws SDKError `parameter.invalid` when `properties` is not an object or holds a value
   *   JSON cannot express (a BigInt, a cycle); the mapped error of a non-2xx answer.
   */
  setPropertiesInNamespace(namespace: string, properties: Entity, sessionId?: string): Promise<Entity>;

  /**
   * Merges `properties` into the session, creating the ones that do not exist yet; the same
   * request as `setPropertiesInNamespace`. Resolves with all of the session's properties.
   * @throws SDKError as `setPropertiesInNamespace`.
   */
  updatePropertiesInNamespace(namespace: string, properties: Entity, sessionId?: string): Promise<Entity>;

  /**
   * Every property of the session (default session when `sessionId` is left out); `{}` for
   * a session nothing was written to.
   * @throws SDKError `data.does-not-exist` for an unknown namespace; the mapped error of any
   *   other non-2xx answer.
   */
  getAllPropertiesInSession(namespace: string, sessionId?: string): Promise<Entity>;

  /**
   * The named properties of the session, read with one request for the whole session;
   * names the session does not have are left out. An empty `propertyNames` resolves `{}`
   * without a request, and so does an unknown namespace (the store's 404).
   * @throws SDKError `parameter.invalid` when `propertyNames` is not an array of non-empty
   *   strings; the mapped error of any other non-2xx answer.
   */
  getSelectedPropertiesInSession(namespace: string, propertyNames: string[], sessionId?: string): Promise<Entity>;

  /**
   * The value of one property: the stored JSON parsed, or the answer's raw text when it is
   * not JSON.
   * @throws SDKError `data.does-not-exist` when the property (or namespace) does not exist;
   *   the mapped error of any other non-2xx answer.
   */
  getPropertyInSession(namespace: string, propertyName: string, sessionId?: string): Promise<unknown>;

  /**
   * Deletes one property of the session. A property that is already gone (204 or 404) is
   * not an error.
   * @throws SDKError the mapped error of any other non-2xx answer.
   */
  deletePropertyInSession(namespace: string, propertyName: string, sessionId?: string): Promise<void>;

  /**
   * Deletes the session with all of its properties (`sessionId` left out: the default
   * session; the documented signature names it without `?`, the behaviour allows it, so
   * it is optional here). A session that is already gone (204 or 404) is not an error.
   * @throws SDKError the mapped error of any other non-2xx answer.
   */
  deleteSession(namespace: string, sessionId?: string): Promise<void>;

  /**
   * The ids of the namespace's sessions (including `__default__` once it was written).
   * @throws SDKError the mapped error of a non-2xx answer.
   */
  getListOfSessions(namespace: string): Promise<string[]>;
}
