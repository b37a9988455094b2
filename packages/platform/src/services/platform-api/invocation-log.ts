/** `/_platform/invocations`: the invocation log, newest first, filterable by function and parent. */
import { PlatformRoutes } from "lp-faas-toolbelt/platform";
import { badInput, notFound } from "../../errors";
import { sendJson } from "../../http/respond";
import { ADMIN_ONLY, type Router } from "../../http/router";
import type { InvocationStore } from "../../state/invocations";

export function addInvocationLogRoutes(router: Router, invocations: InvocationStore): void {
  router.on(
    "GET",
    PlatformRoutes.invocations,
    ({ res, url }) => {
      const limit = url.searchParams.get("limit");
      if (limit !== null && !/^\d+$/.test(limit)) throw badInput('"limit" must be a whole number');
      sendJson(
        res,
        200,
        invocations.list({
          functionName: url.searchParams.get("function") ?? undefined,
          // ?parent=<id>: the invocations a function started through the gateway (X-LP-FaaS-Parent-Invocation-Id).
          parentId: url.searchParams.get("parent") ?? undefined,
          limit: limit === null ? undefined : Number(limit),
        }),
      );
    },
    ADMIN_ONLY,
  );

  router.on(
    "GET",
    PlatformRoutes.invocation,
    ({ res, params }) => {
      const record = invocations.get(params.id!);
      if (!record) throw notFound(`There is no invocation ${params.id}`);
      sendJson(res, 200, record);
    },
    ADMIN_ONLY,
  );
}
