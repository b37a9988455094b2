/** `/_platform/functions`: the project's functions, and invoking one by name. */
import { PlatformRoutes } from "lp-faas-toolbelt/platform";
import { PlatformError, PlatformErrorCodes } from "../../errors";
import { readJson } from "../../http/body";
import { sendJson } from "../../http/respond";
import type { Router } from "../../http/router";
import { normaliseInput, runInvocation } from "../../invocations/run-invocation";
import type { ServiceDeps } from "../deps";

export function addFunctionRoutes(router: Router, deps: Pick<ServiceDeps, "catalog" | "runtime" | "invocations">): void {
  const { catalog } = deps;

  router.on("GET", PlatformRoutes.functions, ({ res }) => {
    sendJson(
      res,
      200,
      catalog.list().map(({ name, uuid }) => ({ name, uuid })),
    );
  });

  router.on("POST", PlatformRoutes.invoke, async ({ req, res, params }) => {
    const fn = catalog.byName(params.name!);
    if (!fn) throw new PlatformError(PlatformErrorCodes.MissingLambda, `There is no function "${params.name}" in this project (see lp-faas functions list)`);
    const input = normaliseInput(await readJson(req));
    const { id, outcome } = await runInvocation(deps, fn, input, "platform");
    sendJson(res, 200, {
      invocationId: id,
      ...(outcome.ok ? { result: outcome.result } : { error: outcome.error }),
      logs: outcome.logs,
      durationMs: outcome.durationMs,
    });
  });
}
