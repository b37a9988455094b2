/**
 * Conversation types shared by `ConversationUtil`, the keyword scanner and `SDEUtil`
 * (spec/api.md §4, ConversationUtil). Shapes follow the Messaging Interactions API;
 * unknown fields are allowed everywhere.
 */

/** One message of a conversation (`conversationHistoryRecords[i].messageRecords[j]`). */
export interface MessageRecord {
  type: string;
  messageData: {
    msg?: { text: string };
    file?: { caption: string; relativePath?: string };
    [key: string]: unknown;
  };
  timeL: number;
  sentBy: string;
  [key: string]: unknown;
}

/** One conversation record; which parts are present depends on `contentToRetrieve`. */
export interface ConversationRecord {
  info?: any;
  campaign?: any;
  messageRecords?: MessageRecord[];
  messageStatuses?: any[];
  agentParticipants?: any[];
  consumerParticipants?: any[];
  transfers?: any[];
  interactions?: any[];
  messageScores?: any[];
  skillChanges?: any[];
  conversationSurveys?: any[];
  coBrowseSessions?: any;
  summary?: any;
  sdes?: any;
  responseTime?: any;
  dialogs?: any[];
  intents?: any[];
  uniqueIntents?: any[];
  unAuthSdes?: any;
  [key: string]: any;
}

/** The response of `ConversationUtil.getConversationById`. */
export interface Conversation {
  _metadata: object;
  conversationHistoryRecords: ConversationRecord[];
}

/** One hit of `ConversationUtil.scanConversationForKeywords`. */
export interface KeywordScannerResult {
  message: string;
  sentTimestamp: number;
  sentBy: string;
  tag: string;
}
