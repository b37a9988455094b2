/**
 * `/_platform/invocations` (admin): the invocation log, newest first,
 * filterable by function and parent, in pages. The body stays an array of
 * records; when there are more, the answer names the next page in
 * `X-Next-Cursor` and `Link: <...&before=<cursor>>; rel="next"`. New records
 * as they are written: `/invocations/stream` (invocation-stream.ts).
 */
import { PlatformRoutes } from "lp-faas-toolbelt/platform";
import { badInput, notFound } from "../../errors";
import { sendJson } from "../../http/respond";
import { ADMIN_ONLY, type Router } from "../../http/router";
import type { InvocationStore } from "../../state/invocations";
import { addInvocationStreamRoute } from "./invocation-stream";

export function addInvocationLogRoutes(router: Router, invocations: InvocationStore): void {
  router.on(
    "GET",
    PlatformRoutes.invocations,
    ({ res, url }) => {
      const limit = url.searchParams.get("limit");
      if (limit !== null && !/^\d{1,6}$/.test(limit)) throw badInput('"limit" must be a whole number (1-1000)');
      const page = invocations.list({
        functionName: url.searchParams.get("function") ?? undefined,
        // ?parent=<id>: the invocations a function started through the gateway (X-LP-FaaS-Parent-Invocation-Id).
        parentId: url.searchParams.get("parent") ?? undefined,
        limit: limit === null ? undefined : Number(limit),
        before: url.searchParams.get("before") ?? undefined,
      });
      const headers: Record<string, string> = {};
      if (page.next !== undefined) {
        const next = new URL(url.pathname + url.search, "http://127.0.0.1");
        next.searchParams.set("before", page.next);
        headers["x-next-cursor"] = page.next;
        headers.link = `<${next.pathname}${next.search}>; rel="next"`;
      }
      sendJson(res, 200, page.records, headers);
    },
    ADMIN_ONLY,
  );

  // Before `/invocations/:id`, which would take "stream" for an id.
  addInvocationStreamRoute(router, invocations);

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
