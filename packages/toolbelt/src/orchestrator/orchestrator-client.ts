/**
 * `Toolbelt.OrchestratorClient()`: `invoke(invocations, deadline, options)` calls
 * other functions through the gateway (CSDS service `faasGW`), on LpClient's one
 * egress path, signed with the orchestrator API key (`lp-faas-orchestrator-app-key`).
 *
 * What the official V2 client got wrong and this one does not (spec/anchor-defects.md):
 * - the deadline is one real timer: when it fires every in-flight attempt is aborted
 *   (its socket closes) and nothing retries afterwards (#22, #23);
 * - ExitOnError aborts the other parallel invocations (#24);
 * - `retries` means retries after the first attempt, `0` = none; nothing is written
 *   into the caller's objects (#25); 503 is retried (#26);
 * - the default timeout is `deadline` in parallel mode; an empty list is refused (#27);
 * - CSDS and credential failures follow the error strategy; errors are typed (#28);
 * - credential read failures carry the orchestrator code (#20); every URL value is
 *   encoded, no stray `}` (#8); a 401 is answered once with re-read credentials (#16).
 */
import { requireBrandId } from "../csds/account";
import { getConfig } from "../config/resolve-config";
import { ErrorCodes } from "../errors/codes";
import { RequestError } from "../errors/request-errors";
import { isToolbeltError } from "../errors/toolbelt-error";
import type { FullResponse } from "../http/types";
import { toolbeltCause, bodyExcerpt, messageOf } from "../lp-client/call-errors";
import { createLpClient, type LpClient, type LpClientOptions } from "../lp-client/lp-client";
import { planInvoke, MAX_DEADLINE_MS, type InvokePlan, type PlannedInvocation } from "./arguments";
import { OrchestratorError } from "./orchestrator-error";
import type { OrchestratorClient, OrchestratorResponse, RetryFunction } from "./types";

/** The secret holding the orchestrator's API key (the V1 platform's name). */
export const ORCHESTRATOR_APP_KEY_SECRET_NAME = "lp-faas-orchestrator-app-key";
/** CSDS service of the invocation gateway. */
export const FAAS_GATEWAY_SERVICE = "faasGW";
/** Deepest allowed chain of functions invoking functions (this call's depth = incoming depth + 1). */
export const MAX_ORCHESTRATION_DEPTH = 10;
/** Request header carrying the depth of the invocation being started. */
export const ORCHESTRATION_DEPTH_HEADER = "X-LP-FaaS-Orchestration-Depth";
/** Request header carrying the invocation id of the calling function. */
export const PARENT_INVOCATION_HEADER = "X-LP-FaaS-Parent-Invocation-Id";
/** Environment variables the platform sets per invocation. */
export const ORCHESTRATION_DEPTH_ENV = "LP_FAAS_ORCHESTRATION_DEPTH";
export const INVOCATION_ID_ENV = "LP_FAAS_INVOCATION_ID";
/** `externalSystem` when no LAMBDA_UUID is configured. */
export const DEFAULT_EXTERNAL_SYSTEM = "lp-faas-toolbelt";

/** Statuses retried by default (429 and the transient 5xx, 503 included). */
export const RETRIABLE_STATUS_CODES: readonly number[] = [429, 500, 502, 503, 504];
/** Node network codes retried by default. */
export const RETRIABLE_NETWORK_ERRORS: readonly string[] = ["ECONNRESET", "ETIMEDOUT", "ESOCKETTIMEDOUT", "ECONNREFUSED", "EPIPE", "ENOTFOUND", "EAI_AGAIN"];
/** Backoff before retry n is `n × BACKOFF_STEP_MS` (100, 200, 300 …), never past the deadline. */
export const BACKOFF_STEP_MS = 100;

export const defaultRetryFunction: RetryFunction = (statusCode, error) => {
  if (statusCode !== undefined) return RETRIABLE_STATUS_CODES.includes(statusCode);
  const code = error?.cause?.code;
  return typeof code === "string" && RETRIABLE_NETWORK_ERRORS.includes(code);
};

export interface OrchestratorClientDeps {
  lpClient?: LpClient;
}

type Outcome = { ok: true; response: OrchestratorResponse } | { ok: false; error: Error; response: OrchestratorResponse };

/** The incoming depth the platform passed for this invocation (0 outside an orchestration). */
function currentDepth(): number {
  const raw = process.env[ORCHESTRATION_DEPTH_ENV]?.trim();
  if (!raw) return 0;
  const depth = Number(raw);
  return Number.isInteger(depth) && depth >= 0 ? depth : 0;
}

function flatHeaders(headers: Record<string, string | string[] | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function timeoutError(deadline: number): OrchestratorError {
  return new OrchestratorError(ErrorCodes.OrchestratorFN.Timeout, `Invocations timed out after a deadline of ${deadline} ms`);
}

/** What the response records for a failed invocation (ContinueOnError). */
function errorEntry(error: Error): { code: string; message: string } {
  const code = (error as { code?: unknown }).code;
  return { code: typeof code === "string" ? code : ErrorCodes.OrchestratorFN.General, message: error.message };
}

/** LpClient's credential errors, re-coded for this component; everything else (secret not found, CSDS, egress) unchanged. */
function fromToolbeltError(error: Error, uuid: string): Error {
  const code = (error as { code?: string }).code;
  if (code === ErrorCodes.LpClient.Creds.Format) {
    return new OrchestratorError(ErrorCodes.OrchestratorFN.Creds.Format, error.message, { uuid, cause: error });
  }
  if (code === ErrorCodes.LpClient.Creds.Failure) {
    return new OrchestratorError(ErrorCodes.OrchestratorFN.Creds.Failure, error.message, { uuid, cause: error });
  }
  return error;
}

function statusError(invocation: PlannedInvocation, response: FullResponse, attempts: number): OrchestratorError {
  const headers = flatHeaders(response.headers);
  const loop = response.statusCode === 508;
  const code = loop ? ErrorCodes.OrchestratorFN.LoopDetected : ErrorCodes.OrchestratorFN.Invocation.StatusError;
  const what = loop
    ? `The gateway refused invocation of ${invocation.uuid}: orchestration loop detected (508)`
    : `Invocation of ${invocation.uuid} failed with a non 2XX status code ${response.statusCode}`;
  const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
  const excerpt = bodyExcerpt(response.body, 300);
  return new OrchestratorError(code, `${what}${tries}${excerpt ? `: ${excerpt}` : ""}`, {
    uuid: invocation.uuid,
    statusCode: response.statusCode,
    headers,
    originalError: response.body,
    // So that a retryFunction reading `error.cause.code` (the documented example) works for HTTP answers too.
    cause: { code: undefined, statusCode: response.statusCode },
  });
}

function networkError(invocation: PlannedInvocation, error: RequestError, attempts: number): OrchestratorError {
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const nodeCode = typeof cause?.code === "string" ? cause.code : undefined;
  const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
  return new OrchestratorError(
    ErrorCodes.OrchestratorFN.Invocation.NetworkError,
    `Invocation of ${invocation.uuid} failed${tries}: ${nodeCode ? `${nodeCode} ` : ""}${messageOf(cause ?? error)}`,
    { uuid: invocation.uuid, cause },
  );
}

function attemptTimeout(timeout: number): Error {
  const error = new Error(`ETIMEDOUT: the invocation attempt took longer than its timeout of ${timeout} ms`) as Error & { code: string };
  error.code = "ETIMEDOUT";
  return error;
}

export function createOrchestratorClient(deps: OrchestratorClientDeps = {}): OrchestratorClient {
  const lpClient = deps.lpClient ?? createLpClient();

  async function invoke(invocations: unknown, deadline?: unknown, options?: unknown): Promise<OrchestratorResponse[]> {
    const plan = planInvoke(invocations, deadline, options);
    if (plan.capped) {
      console.warn(`OrchestratorClient.invoke: deadline ${String(deadline)} ms exceeds the maximum; ${MAX_DEADLINE_MS} ms is used instead.`);
    }
    const depth = currentDepth() + 1;
    if (depth > MAX_ORCHESTRATION_DEPTH) {
      throw new OrchestratorError(
        ErrorCodes.OrchestratorFN.LoopDetected,
        `Orchestration loop detected: this invocation would be at depth ${depth}, more than the maximum of ${MAX_ORCHESTRATION_DEPTH} functions invoking functions. Nothing was invoked.`,
      );
    }
    const brandId = requireBrandId("Orchestrator-FN");
    return run(plan, brandId, depth);
  }

  function run(plan: InvokePlan, brandId: string, depth: number): Promise<OrchestratorResponse[]> {
    const externalSystem = getConfig().lambdaUuid || DEFAULT_EXTERNAL_SYSTEM;
    const parentId = process.env[INVOCATION_ID_ENV]?.trim();
    const requestHeaders: Record<string, string> = { [ORCHESTRATION_DEPTH_HEADER]: String(depth) };
    if (parentId) requestHeaders[PARENT_INVOCATION_HEADER] = parentId;

    return new Promise<OrchestratorResponse[]>((resolve, reject) => {
      const results: Array<OrchestratorResponse | undefined> = new Array(plan.invocations.length);
      const inFlight = new Set<AbortController>();
      // Aborted when the call settles: stops backoff sleeps and any further attempt.
      const stop = new AbortController();
      let settled = false;

      const finish = (action: () => void, abortReason?: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadlineTimer);
        const reason = abortReason ?? new Error("invoke settled");
        for (const controller of inFlight) controller.abort(reason);
        inFlight.clear();
        stop.abort(reason);
        action();
      };

      const deadlineTimer = setTimeout(() => {
        const error = timeoutError(plan.deadline);
        if (plan.exitOnError) return finish(() => reject(error), error);
        finish(
          () =>
            resolve(
              plan.invocations.map((invocation, i) => results[i] ?? { uuid: invocation.uuid, error: { code: error.code, message: error.message } }),
            ),
          error,
        );
      }, plan.deadline);
      const startedAt = Date.now();

      const sleep = (ms: number): Promise<void> =>
        new Promise((done) => {
          if (stop.signal.aborted) return done();
          const timer = setTimeout(() => {
            stop.signal.removeEventListener("abort", onStop);
            done();
          }, ms);
          const onStop = (): void => {
            clearTimeout(timer);
            done();
          };
          stop.signal.addEventListener("abort", onStop, { once: true });
        });

      const attempt = async (invocation: PlannedInvocation): Promise<{ response?: FullResponse; error?: unknown }> => {
        const controller = new AbortController();
        inFlight.add(controller);
        const timer = setTimeout(() => controller.abort(attemptTimeout(plan.timeout)), plan.timeout);
        const body = {
          timestamp: Date.now(),
          payload: invocation.payload,
          headers: invocation.headers.map(({ key, value }) => ({ key, value })),
        };
        const path =
          `/api/account/${encodeURIComponent(brandId)}/lambdas/${encodeURIComponent(invocation.uuid)}/invoke` +
          `?v=1&externalSystem=${encodeURIComponent(externalSystem)}`;
        const requestOptions: LpClientOptions = {
          method: "POST",
          headers: plan.json ? { ...requestHeaders } : { ...requestHeaders, "Content-Type": "application/json" },
          body: plan.json ? body : JSON.stringify(body),
          json: plan.json,
          simple: false,
          resolveWithFullResponse: true,
          appKeySecretName: ORCHESTRATOR_APP_KEY_SECRET_NAME,
          timeout: plan.timeout,
          signal: controller.signal,
        };
        try {
          return { response: await lpClient<FullResponse>(FAAS_GATEWAY_SERVICE, path, requestOptions) };
        } catch (error) {
          return { error };
        } finally {
          clearTimeout(timer);
          inFlight.delete(controller);
        }
      };

      const invokeOne = async (invocation: PlannedInvocation): Promise<Outcome | undefined> => {
        const uuid = invocation.uuid;
        for (let attempts = 1; ; attempts++) {
          if (settled) return undefined;
          const { response, error } = await attempt(invocation);
          if (settled) return undefined;

          let failure: OrchestratorError;
          let retryArgs: Parameters<RetryFunction>;
          if (response) {
            if (response.statusCode >= 200 && response.statusCode < 300) {
              return { ok: true, response: { uuid, body: response.body, headers: flatHeaders(response.headers), statusCode: response.statusCode } };
            }
            failure = statusError(invocation, response, attempts);
            retryArgs = [response.statusCode, failure as Parameters<RetryFunction>[1]];
          } else {
            const toolbelt = toolbeltCause(error);
            if (toolbelt) {
              // CSDS, secrets, credentials, egress refusal: not a transient answer, never retried.
              const mapped = fromToolbeltError(toolbelt, uuid);
              return { ok: false, error: mapped, response: { uuid, error: errorEntry(mapped) } };
            }
            if (!(error instanceof RequestError)) {
              const unknown = new OrchestratorError(ErrorCodes.OrchestratorFN.General, `Invocation of ${uuid} failed: ${messageOf(error)}`, { uuid, cause: error });
              return { ok: false, error: unknown, response: { uuid, error: errorEntry(unknown) } };
            }
            failure = networkError(invocation, error, attempts);
            retryArgs = [undefined, error as Parameters<RetryFunction>[1]];
          }

          const asResponse = (e: OrchestratorError): OrchestratorResponse =>
            e.statusCode !== undefined
              ? { uuid, body: e.originalError, headers: e.headers, statusCode: e.statusCode, error: errorEntry(e) }
              : { uuid, error: errorEntry(e) };
          if (attempts > invocation.retries) return { ok: false, error: failure, response: asResponse(failure) };

          let again: boolean;
          try {
            again = Boolean((invocation.retryFunction ?? defaultRetryFunction)(...retryArgs));
          } catch (thrown) {
            const reported = new OrchestratorError(
              ErrorCodes.OrchestratorFN.General,
              `The retryFunction of invocation ${uuid} threw, so it was not retried: ${messageOf(thrown)} (the attempt had failed with: ${failure.message})`,
              { uuid, cause: thrown },
            );
            return { ok: false, error: reported, response: { uuid, error: errorEntry(reported) } };
          }
          if (!again) return { ok: false, error: failure, response: asResponse(failure) };

          const remaining = plan.deadline - (Date.now() - startedAt);
          await sleep(Math.max(0, Math.min(BACKOFF_STEP_MS * attempts, remaining)));
        }
      };

      const runOne = async (invocation: PlannedInvocation): Promise<void> => {
        let outcome: Outcome | undefined;
        try {
          outcome = await invokeOne(invocation);
        } catch (error) {
          // Not expected; still reported through the strategy rather than lost.
          const unknown = new OrchestratorError(ErrorCodes.OrchestratorFN.General, `Invocation of ${invocation.uuid} failed: ${messageOf(error)}`, {
            uuid: invocation.uuid,
            cause: error,
          });
          outcome = { ok: false, error: unknown, response: { uuid: invocation.uuid, error: errorEntry(unknown) } };
        }
        if (!outcome || settled) return;
        if (!outcome.ok && plan.exitOnError) {
          const error = outcome.error;
          const cancelled = new Error(`cancelled: invocation ${invocation.uuid} failed and the error strategy is ExitOnError`);
          finish(() => reject(error), cancelled);
          return;
        }
        results[invocation.index] = outcome.response;
      };

      const all = async (): Promise<void> => {
        if (plan.parallel) await Promise.all(plan.invocations.map(runOne));
        else for (const invocation of plan.invocations) {
          if (settled) return;
          await runOne(invocation);
        }
      };
      all().then(
        () => finish(() => resolve(results as OrchestratorResponse[])),
        (error: unknown) => finish(() => reject(isToolbeltError(error) ? error : new OrchestratorError(ErrorCodes.OrchestratorFN.General, messageOf(error), { cause: error }))),
      );
    });
  }

  return { invoke: invoke as OrchestratorClient["invoke"] };
}
