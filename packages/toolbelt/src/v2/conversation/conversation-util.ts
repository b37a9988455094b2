/**
 * `Toolbelt.ConversationUtil()` of the V2 entry: `getConversationById` over the
 * V2 LpClient (Messaging Interactions, service `msgHist`, spec wire §3) and
 * V1's keyword scanner (keywords are literal text, B18; every record scanned).
 */
import { isConversation, searchBody } from "../../conversation/conversation-util";
import { scanConversationForKeywords } from "../../conversation/keyword-scanner";
import type { Conversation, KeywordScannerResult } from "../../conversation/types";
import type { ConversationContentTypes } from "../../enums/conversation-content-types";
import { bodyExcerpt } from "../../lp-client/call-errors";
import { ErrorCodes } from "../errors/codes";
import { ToolBeltError, toV2Error } from "../errors/toolbelt-error";
import { LpServices } from "../enums/lp-services";
import { jsonCall } from "../lp-client/json-call";
import { createLpClient, type ILpClient } from "../lp-client/lp-client";
import { brandId } from "../runtime/env";

export interface IConversationUtil {
  /**
   * The conversation `conversationId` (`contentToRetrieve`: the parts to fetch, all default parts when absent or empty).
   * @throws ToolBeltError (component `Conversation-Util`) `com.liveperson.faas.conversation-util-general`,
   *   `…conversation-util.unexpected-response`, `…conversation-util.conversation.not-found`;
   *   CSDS, secret, credential and OAuth2 errors unchanged.
   */
  getConversationById(conversationId: string, contentToRetrieve?: Array<ConversationContentTypes | (string & {})>): Promise<Conversation>;
  /** The messages of `conversation` containing each keyword (literal, case-insensitive), grouped by keyword. */
  scanConversationForKeywords(conversation: Conversation, keywords: string[]): KeywordScannerResult[];
}

const COMPONENT = "Conversation-Util";

function general(message: string, cause?: unknown): ToolBeltError {
  return new ToolBeltError(COMPONENT, ErrorCodes.ConversationUtil.General, message, cause === undefined ? undefined : { cause });
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function createConversationUtil(lpClient: ILpClient = createLpClient()): IConversationUtil {
  const account = brandId(COMPONENT);
  const searchPath = `/messaging_history/api/account/${encodeURIComponent(account)}/conversations/conversation/search?v=2&company=lp&source=FaaS_Toolbelt`;

  return {
    async getConversationById(conversationId, contentToRetrieve) {
      let request: ReturnType<typeof searchBody>;
      try {
        request = searchBody(conversationId, contentToRetrieve);
      } catch (error) {
        throw toV2Error(error);
      }

      const { status, text } = await jsonCall(lpClient, { service: LpServices.MSG_HIST, path: searchPath, method: "POST", body: request }, (reason, cause) =>
        general(`Error while fetching conversation "${conversationId}": ${reason}`, cause),
      );
      const body = parsed(text);
      if (status < 200 || status > 299 || !isConversation(body)) {
        throw new ToolBeltError(COMPONENT, ErrorCodes.ConversationUtil.UnexpectedResponse, `Unexpected response: ${bodyExcerpt(body)}. Status Code: ${status}`);
      }
      if (body.conversationHistoryRecords.length === 0) {
        throw new ToolBeltError(COMPONENT, ErrorCodes.ConversationUtil.NotFound, `Conversation "${conversationId}" not found.`);
      }
      return body;
    },

    scanConversationForKeywords(conversation, keywords) {
      try {
        return scanConversationForKeywords(conversation, keywords);
      } catch (error) {
        throw toV2Error(error);
      }
    },
  };
}
