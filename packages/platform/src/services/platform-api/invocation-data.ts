/**
 * `GET /_platform/invocations/{id}/data` (admin): what a recent invocation
 * received and returned (payload, headers, result), which the invocation log
 * does not store. Kept in memory for the newest invocations since the platform
 * started (services/dashboard/runtime-observer.ts). An invocation it no longer
 * remembers is an ordinary answer, `{ "kept": false }`, not an error: after a
 * restart that is every older one, and the dashboard asks for each it shows.
 */
import { PlatformRoutes } from "lp-faas-toolbelt/platform";
import { sendJson } from "../../http/respond";
import { ADMIN_ONLY, type Router } from "../../http/router";
import type { ServiceDeps } from "../deps";

export const INVOCATION_DATA_ROUTE = `${PlatformRoutes.invocation}/data`;

export function addInvocationDataRoute(router: Router, deps: Pick<ServiceDeps, "runtimeObserver">): void {
  router.on(
    "GET",
    INVOCATION_DATA_ROUTE,
    ({ res, params }) => {
      const data = deps.runtimeObserver.data(params.id!);
      sendJson(res, 200, data ? { kept: true, ...data } : { kept: false });
    },
    ADMIN_ONLY,
  );
}
