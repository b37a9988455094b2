/**
 * The platform's own conversation API (test data for ConversationUtil,
 * SDEUtil and GDPRUtil):
 *
 *   GET    /_platform/conversations      → 200 [ConversationSummary]  (fixtures + imported)
 *   GET    /_platform/conversations/:id  → 200 the record, with its visit's SDE events
 *                                          (both `sdes` and `unAuthSdes`) | 404
 *   POST   /_platform/conversations      body: one record, or a Messaging Interactions
 *                                          search response → 201 { "imported": [ConversationSummary] } | 400
 *   DELETE /_platform/conversations/:id  → 204 (imported ones) | 409 (only a fixture file holds it) | 404
 *
 * ConversationSummary = { conversationId, status, startTime, latestSkillName,
 * messages, visitorId, sessionId, sdeEvents, source: "fixture" | "imported", file? }.
 * Errors are the platform's `{ code, message }`. Fixture files with problems
 * are left out and reported once each in the platform's log.
 */
import { PlatformApi } from "lp-faas-toolbelt";
import { notFound, PlatformError } from "../errors";
import { readJson, sendJson } from "../server/http-kit";
import type { Router } from "../server/router";
import type { ConversationCatalog } from "./conversation-catalog";

export interface ConversationsApiDeps {
  conversations: ConversationCatalog;
  log?: (line: string) => void;
}

export function registerConversationsApiRoutes(router: Router, deps: ConversationsApiDeps): void {
  const reported = new Set<string>();

  router.on("GET", PlatformApi.conversations, ({ res }) => {
    const { conversations, problems } = deps.conversations.list();
    for (const problem of problems) {
      if (reported.has(problem.message)) continue;
      reported.add(problem.message);
      deps.log?.(`warning: conversation fixture left out: ${problem.message}`);
    }
    sendJson(res, 200, conversations);
  });

  router.on("GET", `${PlatformApi.conversations}/:id`, ({ res, params }) => {
    const found = deps.conversations.get(params.id!);
    if (!found) throw notFound(`There is no conversation ${params.id} (see GET /_platform/conversations)`);
    sendJson(res, 200, found.record);
  });

  router.on("POST", PlatformApi.conversations, async ({ req, res }) => {
    const imported = deps.conversations.importDocument(await readJson(req), "The request body");
    sendJson(res, 201, { imported });
  });

  router.on("DELETE", `${PlatformApi.conversations}/:id`, ({ res, params }) => {
    const outcome = deps.conversations.remove(params.id!);
    if (outcome === "missing") throw notFound(`There is no imported conversation ${params.id}`);
    if (outcome === "fixture") {
      throw new PlatformError(409, "com.liveperson.faas.platform.conflict", `Conversation ${params.id} comes from a fixture file under fixtures/conversations/; edit or delete that file instead`);
    }
    res.writeHead(204).end();
  });
}
