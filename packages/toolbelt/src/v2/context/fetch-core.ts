/**
 * V1's context-store transport sends through a request core's `send`; this is
 * that `send` on the V2 network door (v2Fetch), adding the User-Agent the
 * official Context Session Store SDK sends.
 */
import type { CoreHeaders, CoreRequest, CoreResponse, RequestCore } from "../../egress/request-core";
import { plainHeaders } from "../mtls/request-parts";
import { v2Fetch } from "../net/fetch";

/** The official SDK's User-Agent. */
export const CONTEXT_USER_AGENT = "@liveperson/context-service v0.1.0";

function flat(headers: CoreHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = Array.isArray(value) ? value.join(", ") : value;
  return out;
}

export const fetchCore: Pick<RequestCore, "send"> = {
  async send(request: CoreRequest): Promise<CoreResponse> {
    const response = await v2Fetch(request.url, {
      method: request.method,
      headers: { ...flat(request.headers), "User-Agent": CONTEXT_USER_AGENT },
      ...(request.body !== undefined && request.body !== null && { body: request.body }),
      ...(request.signal && { signal: request.signal }),
    });
    const body = Buffer.from(await response.arrayBuffer());
    return { statusCode: response.status, statusMessage: response.statusText, headers: plainHeaders(response.headers), body, url: request.url };
  },
};
