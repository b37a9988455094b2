/**
 * The Context Session Store's v1 REST API (spec/wire.md §7), what
 * `Toolbelt.ContextServiceClient` calls. Base `/v1/account/:accountId`; every
 * route needs the header `maven-api-key` with a key of that account (missing:
 * 401, unknown or another account's: 403), checked before anything else.
 *
 * | Method + path below the base              | Success                              |
 * |-------------------------------------------|--------------------------------------|
 * | POST ``  `?ttlSecond=` body `{"name"}`    | 204 (also when it exists)            |
 * | GET  ``                                   | 200 `[{name, createdAt, ttlSecond?}]`|
 * | DELETE `/:ns`                             | 204 (also when gone)                 |
 * | GET  `/:ns/session-ids`                   | 200 `string[]`                       |
 * | PATCH `/:ns/:session/properties`          | 204 (merge)                          |
 * | GET  `/:ns/:session/properties`           | 200 object (`{}` when unknown)       |
 * | DELETE `/:ns/:session/properties[/]`      | 204 (also when gone)                 |
 * | GET  `/:ns/:session/properties/:prop`     | 200 the value's JSON, or 404         |
 * | DELETE `/:ns/:session/properties/:prop`   | 204 (also when gone)                 |
 *
 * Errors are `{ code, message }` JSON: 400 bad input (names, ttlSecond, body
 * not a JSON object, built-in namespace created or deleted), 404 unknown
 * namespace or property, 409 namespace limit reached, 413 body or session
 * over 1 MiB, 503 database locked by another process past the busy timeout.
 *
 * The routes live on their own Router, which `server/platform.ts` gives every
 * path under `/v1/account/` (so no other service's `/v1/...` routes answer there).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { badInput, notFound, PlatformError } from "../errors";
import { expectObject, readJson, sendJson, sendJsonText } from "../server/http-kit";
import type { RouteContext, RouteHandler, Router } from "../server/router";
import { ContextErrorCodes, type SqliteContextStore } from "../state/context-store";
import { ContextLimits } from "../state/context-types";

export const CONTEXT_API_PREFIX = "/v1/account/";
export const API_KEY_HEADER = "maven-api-key";

export interface ContextStoreApiDeps {
  store: SqliteContextStore;
  log: (line: string) => void;
}

function noContent(res: ServerResponse): void {
  res.writeHead(204);
  res.end();
}

/** `?ttlSecond=`: absent, or a whole number 1..maxTtlSecond written in digits; anything else is a 400. */
export function parseTtlSecond(url: URL): number | undefined {
  const values = url.searchParams.getAll("ttlSecond");
  if (values.length === 0) return undefined;
  const text = values[0]!;
  if (values.length > 1 || !/^[1-9][0-9]{0,9}$/.test(text) || Number(text) > ContextLimits.maxTtlSecond) {
    throw badInput(`ttlSecond must be a whole number of seconds from 1 to ${ContextLimits.maxTtlSecond}, not ${JSON.stringify(values.join(","))}`);
  }
  return Number(text);
}

export function registerContextStoreRoutes(router: Router, deps: ContextStoreApiDeps): void {
  const { store, log } = deps;

  function authorize(req: IncomingMessage, accountId: string): void {
    const key = req.headers[API_KEY_HEADER];
    if (typeof key !== "string" || key === "") {
      throw new PlatformError(401, ContextErrorCodes.Unauthenticated, `The ${API_KEY_HEADER} header is required (an API key: lp-faas context keys create)`);
    }
    if (store.accountOfApiKey(key) !== accountId) {
      throw new PlatformError(403, ContextErrorCodes.Forbidden, "Provided API Key is either invalid or lacks permission");
    }
  }

  /** Registers an authorized route; a database left locked by another process becomes a 503, not a 500. */
  function on(method: string, path: string, handler: RouteHandler): void {
    router.on(method, path, async (ctx: RouteContext) => {
      authorize(ctx.req, ctx.params.accountId!);
      try {
        await handler(ctx);
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        if (typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"))) {
          log(`context store: ${code} on ${method} ${ctx.url.pathname}`);
          throw new PlatformError(503, ContextErrorCodes.Busy, "The context store is busy (its database is locked by another process); try again");
        }
        throw error;
      }
    });
  }

  const base = "/v1/account/:accountId";

  on("POST", base, async ({ req, res, url, params }) => {
    const ttlSecond = parseTtlSecond(url);
    const { name } = expectObject(await readJson(req), 'The body ({"name": "<namespace>"})');
    if (typeof name !== "string") throw badInput('The body must be {"name": "<namespace>"} with a string name');
    store.createNamespace(params.accountId!, name, ttlSecond);
    noContent(res);
  });

  on("GET", base, ({ res, params }) => {
    sendJson(
      res,
      200,
      store.listNamespaces(params.accountId!).map(({ name, createdAt, ttlSecond }) => ({
        name,
        createdAt: new Date(createdAt).toISOString(),
        ...(ttlSecond !== undefined && { ttlSecond }),
      })),
    );
  });

  on("DELETE", `${base}/:namespace`, ({ res, params }) => {
    store.deleteNamespace(params.accountId!, params.namespace!);
    noContent(res);
  });

  on("GET", `${base}/:namespace/session-ids`, ({ res, params }) => {
    sendJson(res, 200, store.listSessions(params.accountId!, params.namespace!));
  });

  const properties = `${base}/:namespace/:sessionId/properties`;

  on("PATCH", properties, async ({ req, res, params }) => {
    const body = expectObject(await readJson(req, ContextLimits.maxSessionBytes), "The body (property name → value)");
    store.mergeProperties(params.accountId!, params.namespace!, params.sessionId!, body);
    noContent(res);
  });

  on("GET", properties, ({ res, params }) => {
    sendJsonText(res, 200, store.getPropertiesJson(params.accountId!, params.namespace!, params.sessionId!));
  });

  // Also `.../properties/` (the client's deleteSession): the router accepts a trailing slash.
  on("DELETE", properties, ({ res, params }) => {
    store.deleteSession(params.accountId!, params.namespace!, params.sessionId!);
    noContent(res);
  });

  on("GET", `${properties}/:property`, ({ res, params }) => {
    const json = store.getPropertyJson(params.accountId!, params.namespace!, params.sessionId!, params.property!);
    if (json === undefined) throw notFound(`There is no property "${params.property}" in session "${params.sessionId}"`);
    sendJsonText(res, 200, json);
  });

  on("DELETE", `${properties}/:property`, ({ res, params }) => {
    store.deleteProperty(params.accountId!, params.namespace!, params.sessionId!, params.property!);
    noContent(res);
  });
}
