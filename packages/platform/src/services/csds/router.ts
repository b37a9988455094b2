/**
 * Service discovery (CSDS): answers for any account, and every service's
 * baseURI points back at this server, so the unmodified toolbelt finds the
 * local services once `CSDS_DOMAIN` is this server's URL.
 *
 *     GET /api/account/{accountId}/service/baseURI.json?version=1.0
 *     → 200 { "baseURIs": [{ "service", "account", "baseURI" }] }
 */
import { sendJson } from "../../http/respond";
import { Router } from "../../http/router";
import type { ServiceDeps } from "../deps";

/** The services the toolbelt and the LivePerson APIs look up. */
export const CSDS_SERVICES: readonly string[] = Object.freeze([
  "accountConfigReadOnly",
  "accountConfigReadWrite",
  "agentVep",
  "asyncMessaging",
  "asyncMessagingEnt",
  "engHistDomain",
  "leDataReporting",
  "msdkgw",
  "msgEwtAPI",
  "msgHist",
  "pusher",
  "rtbf",
  "smt",
  "swift",
  "faasGW",
  "faasUI",
  "sentinel",
  "mtlsGateway",
  "mavenContext",
  "auditlog",
  "auditLog",
  "adminArea",
  "liveEngage",
  "idp",
  "askMaven",
]);

/** Mounted at `/api/account`. */
export function createCsdsRouter(deps: Pick<ServiceDeps, "baseUrl">): Router {
  return new Router().on("GET", "/:accountId/service/baseURI.json", ({ res, params }) => {
    const account = params.accountId!;
    sendJson(res, 200, { baseURIs: CSDS_SERVICES.map((service) => ({ service, account, baseURI: deps.baseUrl() })) });
  });
}
