/**
 * `/_platform/conversations`: the test conversations ConversationUtil, SDEUtil
 * and GDPRUtil act on.
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
 * Fixture files with problems are left out and reported once each in the platform's log.
 * Every route here is an admin route (the admin token; docs/platform/security.md).
 */
import { PlatformRoutes } from "lp-faas-toolbelt/platform";
import { notFound, PlatformError, PlatformErrorCodes } from "../../errors";
import { readJson } from "../../http/body";
import { sendJson, sendNoContent } from "../../http/respond";
import { ADMIN_ONLY, type Router } from "../../http/router";
import type { ServiceDeps } from "../deps";

export function addConversationRoutes(router: Router, deps: Pick<ServiceDeps, "conversations" | "log">): void {
  const reported = new Set<string>();

  router.on(
    "GET",
    PlatformRoutes.conversations,
    ({ res }) => {
      const { conversations, problems } = deps.conversations.list();
      for (const problem of problems) {
        if (reported.has(problem.message)) continue;
        reported.add(problem.message);
        deps.log(`warning: conversation fixture left out: ${problem.message}`);
      }
      sendJson(res, 200, conversations);
    },
    ADMIN_ONLY,
  );

  router.on(
    "GET",
    PlatformRoutes.conversation,
    ({ res, params }) => {
      const found = deps.conversations.get(params.id!);
      if (!found) throw notFound(`There is no conversation ${params.id} (see GET /_platform/conversations)`);
      sendJson(res, 200, found.record);
    },
    ADMIN_ONLY,
  );

  router.on(
    "POST",
    PlatformRoutes.conversations,
    async ({ req, res }) => {
      const imported = deps.conversations.importDocument(await readJson(req), "The request body");
      sendJson(res, 201, { imported });
    },
    ADMIN_ONLY,
  );

  router.on(
    "DELETE",
    PlatformRoutes.conversation,
    ({ res, params }) => {
      const outcome = deps.conversations.remove(params.id!);
      if (outcome === "missing") throw notFound(`There is no imported conversation ${params.id}`);
      if (outcome === "fixture") {
        throw new PlatformError(
          PlatformErrorCodes.Conflict,
          `Conversation ${params.id} comes from a fixture file under fixtures/conversations/; edit or delete that file instead`,
        );
      }
      sendNoContent(res);
    },
    ADMIN_ONLY,
  );
}
