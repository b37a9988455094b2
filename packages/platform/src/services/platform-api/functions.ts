/**
 * `/_platform/functions`: the project's functions with their generation (admin), and invoking one by name
 * (open, as functions may). A V2 function at its instance cap is refused with 429
 * `com.liveperson.faas.function.runtime.limit-reached` (thrown by the runtime, answered by the router).
 */
import { PlatformRoutes } from "lp-faas-toolbelt/platform";
import { basename } from "node:path";
import { invalidProject, PlatformError, PlatformErrorCodes } from "../../errors";
import { readJson } from "../../http/body";
import { sendJson } from "../../http/respond";
import { ADMIN_ONLY, type Router } from "../../http/router";
import { runInvocation } from "../../invocations/run-invocation";
import type { FunctionCatalog } from "../../project/types";
import type { FunctionSpec } from "../../runtime/types";
import type { ServiceDeps } from "../deps";
import { parseInvokeBody } from "./invoke-body";

/**
 * The function called `name`; when its folder is there but its config.json
 * (or its name) is broken, an invalid-project error saying why, not "no such function".
 */
export function functionByName(catalog: FunctionCatalog, name: string): FunctionSpec {
  const fn = catalog.byName(name);
  if (fn) return fn;
  const problem = catalog.problems().find((p) => p.functionName === name);
  if (problem) {
    const why = problem.message.startsWith(`${problem.path}: `) ? problem.message.slice(problem.path.length + 2) : problem.message;
    throw invalidProject(
      basename(problem.path) === "config.json" ? `function ${name} has an invalid config.json: ${why}` : `function ${name} cannot run: ${why}`,
    );
  }
  throw new PlatformError(PlatformErrorCodes.MissingLambda, `There is no function "${name}" in this project (see lp-faas functions list)`);
}

export function addFunctionRoutes(router: Router, deps: Pick<ServiceDeps, "catalog" | "runtime" | "invocations">): void {
  const { catalog } = deps;

  router.on(
    "GET",
    PlatformRoutes.functions,
    ({ res }) => {
      sendJson(
        res,
        200,
        catalog.list().map(({ name, uuid, generation }) => ({ name, uuid, generation: generation ?? 1 })),
      );
    },
    ADMIN_ONLY,
  );

  router.on("POST", PlatformRoutes.invoke, async ({ req, res, params }) => {
    const fn = functionByName(catalog, params.name!);
    const { input, event: asked } = parseInvokeBody(fn, await readJson(req));
    const { id, outcome, event } = await runInvocation(deps, fn, input, "platform", {}, asked);
    sendJson(res, 200, {
      invocationId: id,
      ...(outcome.ok ? { result: outcome.result } : { error: outcome.error }),
      logs: outcome.logs,
      // What LivePerson's cloud would not have kept of the logs (present only when something was dropped).
      ...(outcome.logLimit && { logLimit: outcome.logLimit }),
      durationMs: outcome.durationMs,
      // Invoked by event: what the event source would do with the result, and what the cloud would reject or ignore.
      ...(event && { event }),
    });
  });
}
