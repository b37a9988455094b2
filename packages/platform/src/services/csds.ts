/**
 * Service discovery (CSDS, spec/wire.md §1): answers for any account, and every
 * service's baseURI points back at this server, so the unmodified toolbelt finds
 * the local services once `CSDS_DOMAIN` is this server's URL.
 */
import { sendJson } from "../server/http-kit";
import type { Router } from "../server/router";

/** The services the toolbelt and LivePerson APIs look up (spec/api.md §3, spec/platform.md §2). */
export const CSDS_SERVICES: readonly string[] = Object.freeze([
  "accountConfigReadOnly", "accountConfigReadWrite", "agentVep", "asyncMessaging", "asyncMessagingEnt", "engHistDomain",
  "leDataReporting", "msdkgw", "msgEwtAPI", "msgHist", "pusher", "rtbf", "smt", "swift", "faasGW", "faasUI",
  "sentinel", "mtlsGateway", "mavenContext", "auditlog", "auditLog", "adminArea", "liveEngage", "idp",
]);

export function registerCsdsRoutes(router: Router, deps: { baseUri: () => string }): void {
  router.on("GET", "/api/account/:accountId/service/baseURI.json", ({ res, params }) => {
    const account = params.accountId!;
    sendJson(res, 200, { baseURIs: CSDS_SERVICES.map((service) => ({ service, account, baseURI: deps.baseUri() })) });
  });
}
