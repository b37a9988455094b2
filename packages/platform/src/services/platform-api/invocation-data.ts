/**
 * `GET /_platform/invocations/{id}/data` (admin): what a recent invocation
 * received and returned (payload, headers, result), which the invocation log
 * does not store. Kept in memory for the newest invocations since the platform
 * started (services/dashboard/runtime-observer.ts); 404 for older ones.
 */
import { PlatformRoutes } from "lp-faas-toolbelt/platform";
import { notFound } from "../../errors";
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
      if (!data) throw notFound(`The platform no longer remembers the payload and result of invocation ${params.id} (it keeps the newest 200, in memory)`);
      sendJson(res, 200, data);
    },
    ADMIN_ONLY,
  );
}
