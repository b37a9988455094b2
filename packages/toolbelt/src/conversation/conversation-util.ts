/**
 * `Toolbelt.ConversationUtil()`: reads a conversation from the Messaging
 * Interactions API (service `msgHist`) through LpClient, and scans one for
 * keywords (the scanner lives in `keyword-scanner.ts`).
 */
import { requireBrandId } from "../csds/account";
import type { ConversationContentTypes } from "../enums/conversation-content-types";
import { LpServices } from "../enums/lp-services";
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";
import type { FullResponse } from "../http/types";
import { bodyExcerpt, lpJsonCall, messageOf, toolbeltCause } from "../lp-client/call-errors";
import { createLpClient, type LpClient } from "../lp-client/lp-client";
import { scanConversationForKeywords } from "./keyword-scanner";
import type { Conversation, KeywordScannerResult } from "./types";

export interface ConversationUtil {
  /**
   * The conversation with id `conversationId`; `contentToRetrieve` picks its parts
   * (`ConversationContentTypes`; all default parts when absent or empty).
   * @throws ToolbeltError (component `Conversation-Util`): `com.liveperson.faas.conversation-util-general`
   *   (no id, network failure), `com.liveperson.faas.conversation-util.unexpected-response`,
   *   `com.liveperson.faas.conversation-util.conversation.not-found`; CSDS, secret and
   *   LpClient credential errors pass through unchanged.
   */
  getConversationById(conversationId: string, contentToRetrieve?: Array<ConversationContentTypes | (string & {})>): Promise<Conversation>;
  /** Messages of `conversation` that contain any of `keywords` (case-insensitive). */
  scanConversationForKeywords(conversation: Conversation, keywords: string[]): KeywordScannerResult[];
}

export interface ConversationUtilDeps {
  lpClient?: LpClient;
}

function general(message: string, cause?: unknown): ToolbeltError {
  return new ToolbeltError("Conversation-Util", ErrorCodes.ConversationUtil.General, message, cause === undefined ? undefined : { cause });
}

export function isConversation(body: unknown): body is Conversation {
  if (!body || typeof body !== "object" || Array.isArray(body)) return false;
  const { _metadata: metadata, conversationHistoryRecords: records } = body as Record<string, unknown>;
  return typeof metadata === "object" && metadata !== null && !Array.isArray(metadata) && Array.isArray(records);
}

/** Checks `getConversationById`'s arguments and builds the search body (the V2 entry sends the same one). */
export function searchBody(conversationId: unknown, contentToRetrieve: unknown): { conversationId: string; contentToRetrieve?: string[] } {
  if (typeof conversationId !== "string" || conversationId.trim() === "") throw general("Please provide a conversation ID.");
  if (contentToRetrieve !== undefined && contentToRetrieve !== null) {
    if (!Array.isArray(contentToRetrieve) || !contentToRetrieve.every((c) => typeof c === "string")) {
      throw general("contentToRetrieve must be an array of ConversationContentTypes values.");
    }
  }
  const body: { conversationId: string; contentToRetrieve?: string[] } = { conversationId };
  if (Array.isArray(contentToRetrieve) && contentToRetrieve.length > 0) body.contentToRetrieve = [...contentToRetrieve];
  return body;
}

export function createConversationUtil(deps: ConversationUtilDeps = {}): ConversationUtil {
  const lpClient = deps.lpClient ?? createLpClient();

  return {
    async getConversationById(conversationId, contentToRetrieve) {
      const body = searchBody(conversationId, contentToRetrieve);
      const brandId = requireBrandId("Conversation-Util");

      let response: FullResponse;
      try {
        response = await lpJsonCall(
          lpClient,
          LpServices.MSG_HIST,
          `/messaging_history/api/account/${encodeURIComponent(brandId)}/conversations/conversation/search?v=2&source=FaaS_Toolbelt`,
          "POST",
          body,
        );
      } catch (error) {
        const passThrough = toolbeltCause(error);
        if (passThrough) throw passThrough;
        throw general(`Error while fetching conversation "${conversationId}": ${messageOf(error)}`, error);
      }

      const ok = response.statusCode >= 200 && response.statusCode <= 299;
      if (!ok || !isConversation(response.body)) {
        throw new ToolbeltError(
          "Conversation-Util",
          ErrorCodes.ConversationUtil.UnexpectedResponse,
          `Unexpected response: ${bodyExcerpt(response.body)}. Status Code: ${response.statusCode}`,
        );
      }
      if (response.body.conversationHistoryRecords.length === 0) {
        throw new ToolbeltError("Conversation-Util", ErrorCodes.ConversationUtil.NotFound, `Conversation "${conversationId}" not found.`);
      }
      return response.body;
    },

    scanConversationForKeywords(conversation, keywords) {
      return scanConversationForKeywords(conversation, keywords);
    },
  };
}
