/**
 * The LP MTLS gateway (CSDS service `mtlsGateway`): calls a target over mutual
 * TLS with the client certificate registered for its host (`lp-faas mtls add`),
 * on behalf of V2's LPMtlsClient. Mounted at `/mtls/account`:
 *
 *     GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS /mtls/account/{accountId}
 *     Authorization: Bearer <token from Sentinel>
 *     LP-forward-url: https://target/path      (+ the other control headers, control-headers.ts)
 *
 * Checked in this order:
 *   401  no bearer token, or one Sentinel did not issue or that expired (`WWW-Authenticate: Bearer …`)
 *   400  `…platform.mtls-bad-forward-url`  LP-forward-url missing, not absolute, not https
 *   502  the egress allowlist refuses the target (as it would a function's own request)
 *   400  `…platform.mtls-no-certificate`   no certificate for the host and LP-stop-if-certificate-not-found: true
 * then the target is called (forward.ts) and its status, headers and body are
 * the answer. When no answer comes (refused above, DNS, connection refused,
 * TLS handshake, timeout), the answer is 502 `…platform.mtls-transport-failed`
 * with the header `lp-message-from-transport: <what happened>` — the header
 * LPMtlsClient turns into `Mtls.Remote`. Errors are `{ code, message }`.
 *
 * The body is passed on as it is, whatever its type (up to 1 MiB): unlike the
 * JSON-only routes, a cross-site form cannot reach it, since it needs the
 * bearer token in a header no foreign page can set without a preflight.
 */
import type { ServerResponse } from "node:http";
import { PlatformError, PlatformErrorCodes } from "../../errors";
import { bearerTokenOf } from "../../auth/lp-authenticator";
import { readBody } from "../../http/body";
import { sendJson } from "../../http/respond";
import { Router, type RouteHandler } from "../../http/router";
import { openMtlsStore } from "../../project/mtls-store";
import type { ServiceDeps } from "../deps";
import { forwardedRequestHeaders, forwardedResponseHeaders, readControlHeaders, TRANSPORT_MESSAGE_HEADER } from "./control-headers";
import { checkTargetAllowed } from "./egress";
import { forward, TransportFailure } from "./forward";

export type MtlsGatewayDeps = Pick<ServiceDeps, "lpAuth" | "settings" | "stateDir" | "baseUrl" | "log">;

export const MTLS_GATEWAY_PREFIX = "/mtls/account";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

/** Only a Sentinel bearer token opens the gateway (no OAuth 1.0a: V2's clients have none). */
function requireBearer(deps: MtlsGatewayDeps, authorization: string | undefined, req: Parameters<MtlsGatewayDeps["lpAuth"]["authenticate"]>[0]): void {
  if (bearerTokenOf(authorization) === undefined) {
    throw new PlatformError(
      PlatformErrorCodes.Unauthorized,
      "The mTLS gateway needs Authorization: Bearer <access_token>, a token from POST /sentinel/api/v2/account/{accountId}/app/token?v=2.0",
      { challenge: { scheme: "Bearer", params: {} } },
    );
  }
  deps.lpAuth.authenticate(req);
}

/** Header values are one line of visible ASCII: anything else in a message becomes "?". */
const headerSafe = (text: string): string => text.replace(/[^\x20-\x7e]/g, "?").slice(0, 1000);

function sendTransportFailure(res: ServerResponse, message: string): void {
  const code = PlatformErrorCodes.MtlsTransportFailed;
  sendJson(res, 502, { code, message }, { [TRANSPORT_MESSAGE_HEADER]: headerSafe(message) });
}

/** The toolbelt's egress refusal (ToolbeltError `…egress.host-refused`). */
function isRefusal(error: unknown): error is Error {
  const code: unknown = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === "string" && code.endsWith("egress.host-refused");
}

export function createMtlsGatewayRouter(deps: MtlsGatewayDeps): Router {
  const certificates = openMtlsStore(deps.stateDir);

  const handle: RouteHandler = async ({ req, res }) => {
    requireBearer(deps, req.headers.authorization, req);
    const control = readControlHeaders(req.headers);
    const { target } = control;
    try {
      checkTargetAllowed(deps.settings, deps.baseUrl(), target);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      req.resume();
      return sendTransportFailure(res, error.message);
    }
    const material = certificates.material(target.hostname);
    if (!material && control.stopIfNoCertificate) {
      throw new PlatformError(
        PlatformErrorCodes.MtlsNoCertificate,
        `No client certificate is registered for ${target.hostname}: register one with lp-faas mtls add ${target.hostname} --cert <cert.pem> --key <key.pem> [--ca <ca.pem>]`,
      );
    }
    const body = await readBody(req);
    try {
      const answer = await forward({ url: target, method: req.method ?? "GET", headers: forwardedRequestHeaders(req.headers, control), body, material });
      const headers = forwardedResponseHeaders(answer.headers);
      // A HEAD answer has no body but describes the GET's: its length is the target's.
      const targetLength = answer.headers["content-length"];
      const length = req.method !== "HEAD" ? String(answer.body.length) : typeof targetLength === "string" ? targetLength : undefined;
      res.writeHead(answer.status, { ...headers, ...(length !== undefined && { "content-length": length }) });
      res.end(req.method === "HEAD" ? undefined : answer.body);
    } catch (error) {
      if (!(error instanceof TransportFailure)) throw error;
      deps.log(`mtls gateway: ${req.method} ${target.origin}: ${error.message}`);
      sendTransportFailure(res, error.message);
    }
  };

  const router = new Router();
  for (const method of METHODS) router.on(method, "/:accountId", handle);
  return router;
}
