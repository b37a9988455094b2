/**
 * Sends one Context Session Store call and resolves with the store's answer,
 * whatever its status. The base URL comes from CSDS on each call (the shared
 * 10-minute cache, so one client follows `Toolbelt.configure()` without a fresh lookup per call;
 * the scheme from CSDS's `baseUrlOf`, never `http://https://…`). Each attempt has a real
 * deadline that aborts the request in flight (not a timer that leaves it running); failures are
 * retried as retry-policy.ts decides, the pauses waited with the injected `sleep`.
 */
import type { CsdsClient } from "../csds/csds-client";
import type { CoreResponse, RequestCore } from "../egress/request-core";
import { isToolbeltError } from "../errors/toolbelt-error";
import { retryDelayMs } from "./retry-policy";
import { deadlineExceeded, type StoreErrors } from "./store-errors";
import { CONTEXT_CSDS_SERVICE, storeHeaders, storeUrl, type StoreCall } from "./store-request";

/** Per-attempt deadline (the official SDK's `TEN_SECONDS`). */
export const DEFAULT_DEADLINE_MS = 10_000;

export interface StoreTransportOptions {
  readonly accountId: string;
  readonly apiKey: string;
  readonly errors: StoreErrors;
  /** Where the store is: only `getBaseUrl` is used (the V2 entry resolves it through its own CSDS). */
  readonly csds: Pick<CsdsClient, "getBaseUrl">;
  /** The wire: only `send` is used (the V2 entry wraps the core to add the SDK's User-Agent). */
  readonly core: () => Pick<RequestCore, "send">;
  /** Per-attempt deadline, ms. */
  readonly deadlineMs: number;
  /** Pauses before each retry (see retry-policy.ts). */
  readonly retryDelaysMs: readonly number[];
  readonly requestId: () => string;
  /** Waits between attempts. */
  readonly sleep: (ms: number) => Promise<void>;
}

export interface StoreTransport {
  send(call: StoreCall): Promise<CoreResponse>;
}

export function createStoreTransport(options: StoreTransportOptions): StoreTransport {
  const { errors, deadlineMs } = options;

  /** One attempt, aborted at the deadline. */
  async function attempt(url: URL, call: StoreCall, headers: Record<string, string>): Promise<CoreResponse> {
    const controller = new AbortController();
    const deadline = deadlineExceeded(deadlineMs);
    const timer = setTimeout(() => controller.abort(deadline), deadlineMs);
    try {
      return await options.core().send({ url, method: call.method, headers, body: call.body ?? null, signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted && controller.signal.reason === deadline) throw deadline;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async send(call) {
      // CSDS and egress-policy errors are ToolbeltErrors and pass through unchanged.
      const url = storeUrl(await options.csds.getBaseUrl(CONTEXT_CSDS_SERVICE), options.accountId, call);
      // One logical request: every attempt carries the same X-Request-ID.
      const headers = storeHeaders(options.apiKey, options.requestId());
      for (let attemptNo = 1; ; attemptNo++) {
        try {
          return await attempt(url, call, headers);
        } catch (error) {
          if (isToolbeltError(error)) throw error;
          const delay = retryDelayMs(error, attemptNo, options.retryDelaysMs);
          if (delay === undefined) throw errors.failure(error);
          await options.sleep(delay);
        }
      }
    },
  };
}
