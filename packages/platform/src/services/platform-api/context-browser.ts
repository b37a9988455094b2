/**
 * `/_platform/context/accounts/...` (admin): the Context Session Store browsed
 * and edited with the admin token, per account, without an API key: what the
 * dashboard's store browser calls. The store's own v1 API (maven-api-key,
 * services/context-store/router.ts) is unchanged; these routes reach the same
 * store with the same checks (names, TTLs, sizes).
 *
 *   GET    /context/accounts                                        → ["<accountId>", …]
 *   GET    /context/accounts/:a/namespaces                          → [{ name, createdAt, ttlSecond?, builtIn }]
 *   POST   /context/accounts/:a/namespaces  { name, ttlSecond? }    → 201 created | 200 it existed
 *   DELETE /context/accounts/:a/namespaces/:ns                      → 204
 *   GET    /context/accounts/:a/namespaces/:ns/sessions             → ["<sessionId>", …]
 *   GET    /context/accounts/:a/namespaces/:ns/sessions/:s          → the properties
 *   PATCH  /context/accounts/:a/namespaces/:ns/sessions/:s  {…}     → 204 (merged)
 *   DELETE /context/accounts/:a/namespaces/:ns/sessions/:s          → 204
 *   DELETE /context/accounts/:a/namespaces/:ns/sessions/:s/properties/:p → 204
 */
import { badInput } from "../../errors";
import { expectObject, readJson } from "../../http/body";
import { sendJson, sendJsonText, sendNoContent } from "../../http/respond";
import { ADMIN_ONLY, type Router } from "../../http/router";
import { BUILT_IN_NAMESPACES, ContextLimits } from "../../state/context-types";
import type { ServiceDeps } from "../deps";

const ACCOUNTS = "/context/accounts";
const NAMESPACES = `${ACCOUNTS}/:accountId/namespaces`;
const NAMESPACE = `${NAMESPACES}/:namespace`;
const SESSIONS = `${NAMESPACE}/sessions`;
const SESSION = `${SESSIONS}/:sessionId`;

/** `ttlSecond` of a new namespace: absent, or a whole number of seconds within the store's limit. */
function ttlOf(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > ContextLimits.maxTtlSecond) {
    throw badInput(`"ttlSecond" must be a whole number of seconds from 1 to ${ContextLimits.maxTtlSecond}, or left out for no expiry`);
  }
  return value;
}

export function addContextBrowserRoutes(router: Router, deps: Pick<ServiceDeps, "contextStore" | "accountId">): void {
  const store = deps.contextStore;

  router.on(
    "GET",
    ACCOUNTS,
    ({ res }) => {
      const others = store.listApiKeys().map((key) => key.accountId);
      sendJson(res, 200, [deps.accountId, ...[...new Set(others)].filter((id) => id !== deps.accountId).sort()]);
    },
    ADMIN_ONLY,
  );

  router.on(
    "GET",
    NAMESPACES,
    ({ res, params }) => {
      const custom = store.listNamespaces(params.accountId!).map(({ name, createdAt, ttlSecond }) => ({
        name,
        createdAt: new Date(createdAt).toISOString(),
        ...(ttlSecond !== undefined && { ttlSecond }),
        builtIn: false,
      }));
      sendJson(res, 200, [...custom, ...BUILT_IN_NAMESPACES.map((name) => ({ name, createdAt: null, builtIn: true }))]);
    },
    ADMIN_ONLY,
  );

  router.on(
    "POST",
    NAMESPACES,
    async ({ req, res, params }) => {
      const { name, ttlSecond } = expectObject(await readJson(req), 'The namespace ({ "name", "ttlSecond"? })');
      if (typeof name !== "string") throw badInput('"name" must be a string: letters, digits, "_" or "-"');
      const created = store.createNamespace(params.accountId!, name, ttlOf(ttlSecond));
      sendJson(res, created ? 201 : 200, { name, created });
    },
    ADMIN_ONLY,
  );

  router.on(
    "DELETE",
    NAMESPACE,
    ({ res, params }) => {
      store.deleteNamespace(params.accountId!, params.namespace!);
      sendNoContent(res);
    },
    ADMIN_ONLY,
  );

  router.on(
    "GET",
    SESSIONS,
    ({ res, params }) => {
      sendJson(res, 200, store.listSessions(params.accountId!, params.namespace!));
    },
    ADMIN_ONLY,
  );

  router.on(
    "GET",
    SESSION,
    ({ res, params }) => {
      sendJsonText(res, 200, store.getPropertiesJson(params.accountId!, params.namespace!, params.sessionId!));
    },
    ADMIN_ONLY,
  );

  router.on(
    "PATCH",
    SESSION,
    async ({ req, res, params }) => {
      const body = expectObject(await readJson(req, ContextLimits.maxSessionBytes), "The properties (name → value)");
      store.mergeProperties(params.accountId!, params.namespace!, params.sessionId!, body);
      sendNoContent(res);
    },
    ADMIN_ONLY,
  );

  router.on(
    "DELETE",
    SESSION,
    ({ res, params }) => {
      store.deleteSession(params.accountId!, params.namespace!, params.sessionId!);
      sendNoContent(res);
    },
    ADMIN_ONLY,
  );

  router.on(
    "DELETE",
    `${SESSION}/properties/:property`,
    ({ res, params }) => {
      store.deleteProperty(params.accountId!, params.namespace!, params.sessionId!, params.property!);
      sendNoContent(res);
    },
    ADMIN_ONLY,
  );
}
