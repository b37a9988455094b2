/**
 * Engagement Attributes, add SDEs to a visit. Mounted at `/api/account`:
 *
 *     PUT /api/account/{accountId}/monitoring/visitors/{visitorId}/visits/current/events?v=1&sid={sessionId}
 *     Authorization: OAuth ... (OAuth 1.0a, HMAC-SHA1; auth/oauth1-verify.ts)
 *     [ { "type": "ctmrinfo", "info": { ... } }, { "type": "lead", "lead": { ... } } ]
 *
 * 200 → `{}` (the real API documents "200 OK and empty JSON"), with two
 * diagnostic headers: `x-lp-faas-server-timestamp` (the events' serverTimeStamp,
 * epoch ms) and `x-lp-faas-conversations` (comma-separated, URL-encoded ids
 * of the conversations of that visit; empty when none matches yet). `POST` with
 * `X-HTTP-Method-Override: PUT`, the documented alternative, works the same.
 *
 * The SDEs are stored as sent for the visit (visitor id + `sid`) with the
 * server time, and appear in the `sdes` (or `unAuthSdes`) events of every
 * conversation of that visit on the next search (conversations/conversation-catalog.ts).
 * Errors (LivePerson shape, services/liveperson-api.ts): 401 OAuth; 400 no `sid`,
 * a body that is not a non-empty JSON array, an item that is not an object
 * with a non-empty string `type`; 413 body over 1 MiB.
 */
import { badInput, PlatformError, PlatformErrorCodes } from "../../errors";
import { readJson } from "../../http/body";
import { sendJson } from "../../http/respond";
import { Router, type RouteContext } from "../../http/router";
import type { StoredSde } from "../../state/conversations";
import type { ServiceDeps } from "../deps";
import { livePersonErrorFormat } from "../liveperson-api";

export const SDE_EVENTS_PATH = "/:accountId/monitoring/visitors/:visitorId/visits/current/events";
/** Validates the body: a non-empty array of objects with a string `type`; PlatformError 400 otherwise. */
export function parseSdeBody(body: unknown): Array<StoredSde["sde"]> {
  const shape = '[ { "type": "ctmrinfo", "info": { ... } } ]';
  if (body === undefined) throw badInput(`The request body is empty; send a JSON array of SDEs like ${shape}`);
  if (!Array.isArray(body)) throw badInput(`The request body must be a JSON array of SDEs like ${shape}`);
  if (body.length === 0) throw badInput("Please provide one or more SDEs: the array is empty");
  body.forEach((item, i) => {
    if (!item || typeof item !== "object" || Array.isArray(item)) throw badInput(`SDE [${i}] must be an object with a "type"`);
    const type = (item as { type?: unknown }).type;
    if (typeof type !== "string" || type.trim() === "")
      throw badInput(`SDE [${i}] must have a non-empty string "type" (for example "ctmrinfo", "personal", "lead")`);
  });
  return body as Array<StoredSde["sde"]>;
}

/** Mounted at `/api/account`. */
export function createEngagementAttributesRouter(deps: Pick<ServiceDeps, "conversations" | "lpAuth" | "log">): Router {
  const addSdes = async ({ req, res, url, params }: RouteContext): Promise<void> => {
    deps.lpAuth.authenticate(req);
    const sessionId = url.searchParams.get("sid");
    if (sessionId === null || sessionId.trim() === "") throw badInput('The query parameter "sid" (the LivePerson session id) is required');
    const sdes = parseSdeBody(await readJson(req));
    const visit = { accountId: params.accountId!, visitorId: params.visitorId!, sessionId };
    const { serverTimeStamp, conversationIds } = deps.conversations.addSdes(visit, sdes);
    if (conversationIds.length === 0) {
      deps.log(`stored ${sdes.length} SDE(s) for visitor ${visit.visitorId} session ${sessionId}; no conversation has that info.visitorId/info.sessionId yet`);
    }
    sendJson(res, 200, {}, { "x-lp-faas-server-timestamp": serverTimeStamp, "x-lp-faas-conversations": conversationIds.map(encodeURIComponent).join(",") });
  };
  return new Router({ errorFormat: livePersonErrorFormat }).on("PUT", SDE_EVENTS_PATH, addSdes).on("POST", SDE_EVENTS_PATH, async (ctx) => {
    // The documented alternative to PUT.
    const override = String(ctx.req.headers["x-http-method-override"] ?? "").toUpperCase();
    if (override !== "PUT") throw new PlatformError(PlatformErrorCodes.MethodNotAllowed, "Use PUT, or POST with X-HTTP-Method-Override: PUT");
    await addSdes(ctx);
  });
}
