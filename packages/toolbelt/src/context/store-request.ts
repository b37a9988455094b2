/**
 * How each Context Session Store method becomes a v1 REST API request:
 * its method, its path below the account base `/v1/account/{accountId}` (every
 * name one encoded path segment, checked by arguments.ts before anything is
 * built), its query and body; and the URL and headers every request carries.
 */
import { customNamespaceSegment, namespaceSegment, propertiesBody, propertySegment, sessionSegment, ttlSecondOf } from "./arguments";

/** The CSDS service that names the store's host. */
export const CONTEXT_CSDS_SERVICE = "mavenContext";

export type StoreMethod = "GET" | "POST" | "PATCH" | "DELETE";

/** One request to the store, relative to the account base. */
export interface StoreCall {
  readonly method: StoreMethod;
  /** "" or "/…", segments already encoded. */
  readonly path: string;
  /** "" or "?…". */
  readonly query?: string;
  readonly body?: string;
}

/** `{base}/v1/account/{accountId}{path}{query}`. */
export function storeUrl(baseUrl: string, accountId: string, call: StoreCall): URL {
  return new URL(`${baseUrl}/v1/account/${encodeURIComponent(accountId)}${call.path}${call.query ?? ""}`);
}

/** The headers of every attempt; one request id per logical request. */
export function storeHeaders(apiKey: string, requestId: string): Record<string, string> {
  return {
    "maven-api-key": apiKey,
    "Content-Type": "application/json",
    Accept: "application/json",
    "X-Request-ID": requestId,
  };
}

/** `/{namespace}/{session}/properties`: namespace checked first, then the session. */
function propertiesPath(namespace: unknown, sessionId: unknown): string {
  return `/${namespaceSegment(namespace)}/${sessionSegment(sessionId)}/properties`;
}

/**
 * The request of each method. Arguments are checked here, in the order the
 * messages name them; a bad one throws `parameter.invalid` and nothing is sent.
 */
export const storeCalls = {
  listNamespaces: (): StoreCall => ({ method: "GET", path: "" }),

  createNamespace(namespace: unknown, options: unknown): StoreCall {
    // The name travels in the body, but is checked as a segment would be.
    customNamespaceSegment(namespace, "create");
    const ttl = ttlSecondOf(options);
    return { method: "POST", path: "", query: ttl === undefined ? "" : `?ttlSecond=${ttl}`, body: JSON.stringify({ name: namespace }) };
  },

  deleteNamespace: (namespace: unknown): StoreCall => ({ method: "DELETE", path: `/${customNamespaceSegment(namespace, "delete")}` }),

  mergeProperties(namespace: unknown, properties: unknown, sessionId: unknown): StoreCall {
    const path = propertiesPath(namespace, sessionId);
    return { method: "PATCH", path, body: propertiesBody(properties) };
  },

  getProperties: (namespace: unknown, sessionId: unknown): StoreCall => ({ method: "GET", path: propertiesPath(namespace, sessionId) }),

  getProperty: (namespace: unknown, propertyName: unknown, sessionId: unknown): StoreCall => ({
    method: "GET",
    path: `${propertiesPath(namespace, sessionId)}/${propertySegment(propertyName)}`,
  }),

  deleteProperty: (namespace: unknown, propertyName: unknown, sessionId: unknown): StoreCall => ({
    method: "DELETE",
    path: `${propertiesPath(namespace, sessionId)}/${propertySegment(propertyName)}`,
  }),

  // The trailing slash is the store's documented route for a whole session.
  deleteSession: (namespace: unknown, sessionId: unknown): StoreCall => ({ method: "DELETE", path: `${propertiesPath(namespace, sessionId)}/` }),

  listSessions: (namespace: unknown): StoreCall => ({ method: "GET", path: `/${namespaceSegment(namespace)}/session-ids` }),
};
