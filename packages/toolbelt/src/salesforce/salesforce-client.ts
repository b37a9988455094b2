/**
 * `Toolbelt.SFClient()`: `connectToSalesforce(params)` returns a real jsforce 3
 * `Connection` (params passed through unchanged) whose HTTP traffic — REST,
 * SOAP and the OAuth2 token refresh — goes through the toolbelt's request core.
 * jsforce is required on the first `SFClient()` call, never at import.
 * The Connection's methods also take jsforce 1.x's trailing Node-style callback
 * (`con.query(soql, (err, result) => …)`, the seed example), which jsforce 3 dropped.
 * (jsforce's Streaming API uses faye's own HTTP stack and is not routed.)
 */
import type { Connection, ConnectionConfig } from "jsforce";
import { getRequestCore, type RequestCore } from "../egress/request-core";
import { addCallbackSupport } from "./callbacks";
import { createToolbeltTransport, type ToolbeltTransport } from "./transport";

/** jsforce's connection options: `loginUrl`, `instanceUrl`, `accessToken`, `refreshToken`, `oauth2`, `version`, … */
export type SalesforceConnectionParams = ConnectionConfig;

export interface SFClient {
  /** A jsforce `Connection` (see https://jsforce.github.io/) on the toolbelt's egress path. */
  connectToSalesforce(params: SalesforceConnectionParams): Connection;
}

interface JsforceModule {
  Connection: new (params: ConnectionConfig) => Connection;
}

type Routable = { _transport: unknown };

/** Keeps `target._transport` the toolbelt transport, even if jsforce (or a caller) later assigns another. */
function pinTransport(target: Routable, transport: ToolbeltTransport): void {
  Object.defineProperty(target, "_transport", {
    configurable: true,
    enumerable: true,
    get: () => transport,
    set: () => {
      /* every transport of this connection is the toolbelt's */
    },
  });
}

/** Routes the connection and its OAuth2 client (also one assigned later) through `core`. */
export function routeConnection(conn: Connection, core: () => RequestCore = getRequestCore): Connection {
  const transport = createToolbeltTransport(core);
  pinTransport(conn, transport);
  let oauth2 = conn.oauth2;
  const routeOAuth2 = (client: typeof oauth2): void => {
    if (client && typeof client === "object") pinTransport(client, transport);
  };
  routeOAuth2(oauth2);
  Object.defineProperty(conn, "oauth2", {
    configurable: true,
    enumerable: true,
    get: () => oauth2,
    set: (client: typeof oauth2) => {
      routeOAuth2(client);
      oauth2 = client;
    },
  });
  return conn;
}

export const REFRESH_NOT_CONFIGURED =
  "Cannot refresh the Salesforce access token: connectToSalesforce() was given a refreshToken but no oauth2 client information (oauth2.clientId) or refreshFn";

/**
 * The documented seed example passes `refreshToken` without `oauth2`, which jsforce
 * rejects at construction ("Refresh token is specified without oauth2 client
 * information or refresh function"). Such a connection works with its access token;
 * when Salesforce says the session expired, the query fails with REFRESH_NOT_CONFIGURED.
 */
function withRefreshFallback(params: SalesforceConnectionParams): SalesforceConnectionParams {
  if (!params.refreshToken || params.refreshFn) return params;
  if ((params.oauth2 as { clientId?: string } | undefined)?.clientId) return params;
  return { ...params, refreshFn: (_conn, callback) => void callback(new Error(REFRESH_NOT_CONFIGURED)) };
}

export function createSFClient(core: () => RequestCore = getRequestCore): SFClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jsforce = require("jsforce") as JsforceModule;
  return {
    connectToSalesforce(params: SalesforceConnectionParams): Connection {
      return addCallbackSupport(routeConnection(new jsforce.Connection(withRefreshFallback(params)), core));
    },
  };
}
