/**
 * V2 `Toolbelt.ContextServiceClient(apiKey)`: V1's Context Session Store client
 * (same methods, without `accountId`; session `__default__` when left out) for the
 * account in `X_LIVEPERSON_BRAND_ID`, on the store CSDS lists as `mavenContext`.
 *
 * Everything but the wiring is V1's (context/): requests, the 10 s per-attempt
 * deadline, 3 attempts 2 s / 4 s apart after network failures, answers and
 * `SDKError`s, sent on the toolbelt's request core (the one under v2Fetch too; V1's
 * transport speaks to it directly) with the official SDK's User-Agent. Unlike
 * core-functions-toolbelt (B17): the client and its CSDS lookup are built once, not
 * per call (the shared V2 CSDS cache, 600 s).
 */
import { createContextServiceClient as createV1ContextServiceClient, type ContextServiceClientDeps } from "../../context/context-service-client";
import type { IFaaSContextServiceClient } from "../../context/types";
import { getRequestCore, type RequestCore } from "../../egress/request-core";
import { sharedCsds, type V2Csds } from "../csds/shared-csds";
import { brandId } from "../runtime/env";
import { requestId } from "../trace";
import { ErrorCodes } from "../../errors/codes";
import { SDKError } from "../../context/sdk-error";

/** The official Context Session Store SDK's User-Agent. */
export const CONTEXT_USER_AGENT = "@liveperson/context-service v0.1.0";

/** The request core, each request with the SDK's User-Agent. */
const storeCore: Pick<RequestCore, "send"> = {
  send: (request) => getRequestCore().send({ ...request, headers: { ...request.headers, "User-Agent": CONTEXT_USER_AGENT } }),
};

export type IContextServiceClient = IFaaSContextServiceClient;

/** Internal knobs (tests); `Toolbelt.ContextServiceClient(apiKey)` uses the defaults. */
export interface V2ContextDeps extends Pick<ContextServiceClientDeps, "sleep" | "deadlineMs" | "retryDelaysMs"> {
  /** Default: the process-wide V2 CSDS client. */
  csds?: V2Csds;
}

/**
 * @throws Error `No valid API-key was provided` for a falsy `apiKey` (a plain Error, as upstream); SDKError
 *   `com.liveperson.context-service-sdk.parameter.invalid` for a key that is not a string (V1's object form);
 *   ToolBeltError `toolbelt.invalid-config` when `X_LIVEPERSON_BRAND_ID` is unset.
 */
export function createContextServiceClient(apiKey: string, deps: V2ContextDeps = {}): IContextServiceClient {
  if (!apiKey) throw new Error("No valid API-key was provided");
  // The V1 object form `({ apiKey, accountId })` (still in core-functions-toolbelt's overview comment) would
  // send "[object Object]" as the key and fail later as a 401; say what to pass instead.
  if (typeof apiKey !== "string") {
    throw new SDKError(
      ErrorCodes.ContextService.Parameter.Incorrect,
      "ContextServiceClient(apiKey) takes the API key as a string in V2 (the account is X_LIVEPERSON_BRAND_ID); V1's { apiKey, accountId } object is not accepted",
    );
  }
  const accountId = brandId("ContextServiceClient");
  const csds = deps.csds ?? sharedCsds();
  return createV1ContextServiceClient(
    { accountId, apiKey },
    {
      csds: { getBaseUrl: (service) => csds.baseUrl(service) },
      core: () => storeCore,
      requestId,
      ...(deps.sleep && { sleep: deps.sleep }),
      ...(deps.deadlineMs !== undefined && { deadlineMs: deps.deadlineMs }),
      ...(deps.retryDelaysMs && { retryDelaysMs: deps.retryDelaysMs }),
    },
  );
}
