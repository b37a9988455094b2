/**
 * The Context Session Store's v1 REST API, what `Toolbelt.ContextServiceClient`
 * calls. Mounted at `/v1/account`; base `/v1/account/:accountId`; every
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
 * Mounted at the more specific prefix, it owns every path under `/v1/account/`
 * (the object storage at `/v1` never answers there).
 */
import type { IncomingMessage } from "node:http";
import { badInput, notFound, PlatformError, PlatformErrorCodes } from "../../errors";
import { expectObject, readJson } from "../../http/body";
import { sendJson, sendJsonText, sendNoContent } from "../../http/respond";
import { Router, type RouteContext, type RouteHandler } from "../../http/router";
import { ContextLimits } from "../../state/context-types";
import type { ServiceDeps } from "../deps";

export const API_KEY_HEADER = "maven-api-key";

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

/** Mounted at `/v1/account`. */
export function createContextStoreRouter(deps: Pick<ServiceDeps, "contextStore">): Router {
  const store = deps.contextStore;
  const router = new Router();

  function authorize(req: IncomingMessage, accountId: string): void {
    const key = req.headers[API_KEY_HEADER];
    if (typeof key !== "string" || key === "") {
      throw new PlatformError(PlatformErrorCodes.ContextUnauthenticated, `The ${API_KEY_HEADER} header is required (an API key: lp-faas context keys create)`);
    }
    if (store.accountOfApiKey(key) !== accountId) {
      throw new PlatformError(PlatformErrorCodes.ContextForbidden, "Provided API Key is either invalid or lacks permission");
    }
  }

  /** A route that checks the API key before anything else. */
  const on = (method: string, path: string, handler: RouteHandler): void => {
    router.on(method, path, async (ctx: RouteContext) => {
      authorize(ctx.req, ctx.params.accountId!);
      await handler(ctx);
    });
  };

  const base = "/:accountId";
  on("POST", base, async ({ req, res, url, params }) => {
    const ttlSecond = parseTtlSecond(url);
    const { name } = expectObject(await readJson(req), 'The body ({"name": "<namespace>"})');
    if (typeof name !== "string") throw badInput('The body must be {"name": "<namespace>"} with a string name');
    store.createNamespace(params.accountId!, name, ttlSecond);
    sendNoContent(res);
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
    sendNoContent(res);
  });
  on("GET", `${base}/:namespace/session-ids`, ({ res, params }) => {
    sendJson(res, 200, store.listSessions(params.accountId!, params.namespace!));
  });
  const properties = `${base}/:namespace/:sessionId/properties`;
  on("PATCH", properties, async ({ req, res, params }) => {
    const body = expectObject(await readJson(req, ContextLimits.maxSessionBytes), "The body (property name → value)");
    store.mergeProperties(params.accountId!, params.namespace!, params.sessionId!, body);
    sendNoContent(res);
  });
  on("GET", properties, ({ res, params }) => {
    sendJsonText(res, 200, store.getPropertiesJson(params.accountId!, params.namespace!, params.sessionId!));
  });
  // Also `.../properties/` (the client's deleteSession): the router accepts a trailing slash.
  on("DELETE", properties, ({ res, params }) => {
    store.deleteSession(params.accountId!, params.namespace!, params.sessionId!);
    sendNoContent(res);
  });
  on("GET", `${properties}/:property`, ({ res, params }) => {
    const json = store.getPropertyJson(params.accountId!, params.namespace!, params.sessionId!, params.property!);
    if (json === undefined) throw notFound(`There is no property "${params.property}" in session "${params.sessionId}"`);
    sendJsonText(res, 200, json);
  });
  on("DELETE", `${properties}/:property`, ({ res, params }) => {
    store.deleteProperty(params.accountId!, params.namespace!, params.sessionId!, params.property!);
    sendNoContent(res);
  });
  return router;
}
