/**
 * Messaging Interactions, conversation search by id. Mounted at
 * `/messaging_history/api/account`:
 *
 *     POST /messaging_history/api/account/{accountId}/conversations/conversation/search?v=2[&...]
 *     Authorization: OAuth ... (OAuth 1.0a, HMAC-SHA1; auth/oauth1-verify.ts)
 *     { "conversationId": "<id>", "contentToRetrieve": ["messageRecords", "sdes", ...] }
 *
 * 200 → { "_metadata": { "count": 0|1, "self": { "rel": "self", "href": "<request URL>" },
 *                        "shardsStatusResult": { "partialResult": false } },
 *         "conversationHistoryRecords": [record] }   ([] for an unknown id)
 *
 * The record is the fixture's or the imported one with its visit's stored
 * SDE events merged in (conversations/conversation-catalog.ts). With
 * `contentToRetrieve` only `info` and the listed members are returned (names
 * the record lacks are skipped); without it, every member. As in the real
 * API, `unAuthSdes` is only returned with `v=2` (or higher); `v` absent or 1
 * leaves it out. Any account id is served (the platform plays one account).
 * Errors (LivePerson shape, services/liveperson-api.ts): 401 OAuth, 400 bad body,
 * 413 body over 1 MiB.
 */
import { badInput } from "../../errors";
import { readJson } from "../../http/body";
import { sendJson } from "../../http/respond";
import { Router } from "../../http/router";
import type { ServiceDeps } from "../deps";
import { livePersonErrorFormat } from "../liveperson-api";

export const CONVERSATION_SEARCH_PATH = "/:accountId/conversations/conversation/search";
export interface ConversationSearchBody {
  conversationId: string;
  contentToRetrieve?: string[];
}

const BODY_SHAPE = '{ "conversationId": "<id>", "contentToRetrieve": ["messageRecords", ...] }';

/** Validates the search body; PlatformError 400 naming the member otherwise. */
export function parseSearchBody(body: unknown): ConversationSearchBody {
  if (body === undefined) throw badInput(`The request body is empty; send ${BODY_SHAPE}`);
  if (!body || typeof body !== "object" || Array.isArray(body)) throw badInput(`The request body must be a JSON object ${BODY_SHAPE}`);
  const { conversationId, contentToRetrieve } = body as Record<string, unknown>;
  if (typeof conversationId !== "string" || conversationId.trim() === "") throw badInput('"conversationId" must be a non-empty string');
  if (contentToRetrieve === undefined || contentToRetrieve === null) return { conversationId };
  if (!Array.isArray(contentToRetrieve) || contentToRetrieve.some((item) => typeof item !== "string")) {
    throw badInput('"contentToRetrieve" must be an array of content type names such as ["messageRecords", "sdes"]');
  }
  return contentToRetrieve.length === 0 ? { conversationId } : { conversationId, contentToRetrieve: contentToRetrieve as string[] };
}

/** Mounted at `/messaging_history/api/account`. */
export function createMessagingInteractionsRouter(deps: Pick<ServiceDeps, "conversations" | "lpAuth">): Router {
  return new Router({ errorFormat: livePersonErrorFormat }).on("POST", CONVERSATION_SEARCH_PATH, async ({ req, res, url }) => {
    deps.lpAuth.authenticate(req);
    // text/plain too: fetch's label for a string body, as the V2 LpClient's documented example sends it.
    const { conversationId, contentToRetrieve } = parseSearchBody(await readJson(req, undefined, { textPlain: true }));
    const version = Number(url.searchParams.get("v") ?? "1");
    const records = deps.conversations.search(conversationId, { contentToRetrieve, includeUnAuthSdes: version >= 2 });
    const host = req.headers.host ?? url.host;
    sendJson(res, 200, {
      _metadata: {
        count: records.length,
        self: { rel: "self", href: `http://${host}${req.url ?? url.pathname}` },
        shardsStatusResult: { partialResult: false },
      },
      conversationHistoryRecords: records,
    });
  });
}
