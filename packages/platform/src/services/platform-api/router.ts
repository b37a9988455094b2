/**
 * The platform's own API under `/_platform` (routes in `lp-faas-toolbelt/platform`):
 * health, secrets, allowlist, functions and invocation, the invocation log,
 * Context Session Store API keys, and test conversations. The toolbelt's
 * SecretClient and egress policy read it when `LP_FAAS_PLATFORM_URL` is set;
 * the CLI administers the project through it.
 */
import { PlatformRoutes } from "lp-faas-toolbelt/platform";
import { readJson } from "../../http/body";
import { sendJson } from "../../http/respond";
import { Router } from "../../http/router";
import type { ServiceDeps } from "../deps";
import { addMtlsAdminRoutes } from "../mtls-gateway/admin-routes";
import { addAllowlistRoutes } from "./allowlist";
import { addContextBrowserRoutes } from "./context-browser";
import { addContextKeyRoutes } from "./context-keys";
import { addConversationRoutes } from "./conversations";
import { addEventCatalogueRoute } from "./event-catalogue";
import { addFunctionRoutes } from "./functions";
import { addInvocationDataRoute } from "./invocation-data";
import { addInvocationLogRoutes } from "./invocation-log";
import { addOverviewRoute, type OverviewDeps } from "./overview";
import { addSecretRoutes } from "./secrets";

export type PlatformApiDeps = Pick<
  ServiceDeps,
  "catalog" | "settings" | "startedAt" | "runtime" | "invocations" | "contextStore" | "accountId" | "conversations" | "log" | "stateDir"
> &
  OverviewDeps;

/** Mounted at `/_platform`. */
export function createPlatformApiRouter(deps: PlatformApiDeps): Router {
  const router = new Router();
  router.on("GET", PlatformRoutes.health, ({ res }) => {
    sendJson(res, 200, { status: "ok", functions: deps.catalog.list().length, uptimeMs: Date.now() - deps.startedAt });
  });
  // A bare echo on the same server: the baseline the invoke benchmark compares against.
  router.on("POST", PlatformRoutes.echo, async ({ req, res }) => {
    sendJson(res, 200, await readJson(req));
  });
  addSecretRoutes(router, deps.settings);
  addAllowlistRoutes(router, deps.settings);
  addFunctionRoutes(router, deps);
  addInvocationLogRoutes(router, deps.invocations);
  addContextKeyRoutes(router, deps);
  addConversationRoutes(router, deps);
  addMtlsAdminRoutes(router, deps);
  // The dashboard's views (docs/platform/dashboard.md), useful to scripts too.
  addOverviewRoute(router, deps);
  addEventCatalogueRoute(router);
  addInvocationDataRoute(router, deps);
  addContextBrowserRoutes(router, deps);
  return router;
}
