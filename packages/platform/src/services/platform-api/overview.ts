/**
 * `GET /_platform/overview` (admin): the running platform at a glance, what the
 * dashboard's first page shows: project, account, addresses, state files, and
 * each function with its event, instance state and last invocation.
 */
import { sendJson } from "../../http/respond";
import { ADMIN_ONLY, type Router } from "../../http/router";
import { readFunctionBinding } from "../../events/function-binding";
import { adminTokenPath } from "../../project/admin-token";
import type { FunctionSpec } from "../../runtime/types";
import { stateDbPath } from "../../state/db";
import type { ServiceDeps } from "../deps";

export const OVERVIEW_ROUTE = "/overview";

export type OverviewDeps = Pick<ServiceDeps, "accountId" | "projectDir" | "stateDir" | "baseUrl" | "startedAt" | "catalog" | "invocations" | "runtimeObserver">;

/** config.json's event, or null (none, or a config that cannot be read: the problems list says why). */
function eventOf(fn: FunctionSpec): string | null {
  try {
    return readFunctionBinding(fn).eventId ?? null;
  } catch {
    return null;
  }
}

function functionView(deps: OverviewDeps, fn: FunctionSpec) {
  const last = deps.invocations.list({ functionName: fn.name, limit: 1 }).records[0];
  return {
    name: fn.name,
    uuid: fn.uuid,
    generation: fn.generation ?? 1,
    event: eventOf(fn),
    instance: deps.runtimeObserver.instanceState(fn.name),
    instances: deps.runtimeObserver.instanceCount(fn.name),
    inFlight: deps.runtimeObserver.inFlight(fn.name),
    ...(last && {
      lastInvocation: {
        id: last.id,
        startedAt: last.startedAt,
        durationMs: last.durationMs,
        status: last.status,
        ...(last.error && { error: last.error }),
      },
    }),
  };
}

export function addOverviewRoute(router: Router, deps: OverviewDeps): void {
  router.on(
    "GET",
    OVERVIEW_ROUTE,
    ({ res }) => {
      const url = deps.baseUrl();
      sendJson(res, 200, {
        projectDir: deps.projectDir,
        accountId: deps.accountId,
        url,
        port: Number(new URL(url).port),
        csds: `${url}/api/account/${deps.accountId}/service/baseURI.json?version=1.0`,
        stateDb: stateDbPath(deps.projectDir, deps.stateDir),
        adminTokenFile: adminTokenPath(deps.projectDir, deps.stateDir),
        startedAt: deps.startedAt,
        functions: deps.catalog.list().map((fn) => functionView(deps, fn)),
        problems: deps.catalog.problems().map(({ functionName, message }) => ({ functionName, message })),
      });
    },
    ADMIN_ONLY,
  );
}
