/**
 * Conversation types shared by `ConversationUtil`, the keyword scanner and `SDEUtil`.
 * Shapes follow the Messaging Interactions API;
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

/** A member of a record whose inner shape this toolbelt does not interpret. */
export type ConversationPart = Record<string, unknown>;

/** SDE events as a record carries them (`sdes`, `unAuthSdes`). */
export interface ConversationSdes {
  events?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

/** One conversation record; which parts are present depends on `contentToRetrieve`. */
export interface ConversationRecord {
  info?: ConversationPart;
  campaign?: ConversationPart;
  messageRecords?: MessageRecord[];
  messageStatuses?: ConversationPart[];
  agentParticipants?: ConversationPart[];
  consumerParticipants?: ConversationPart[];
  transfers?: ConversationPart[];
  interactions?: ConversationPart[];
  messageScores?: ConversationPart[];
  skillChanges?: ConversationPart[];
  conversationSurveys?: ConversationPart[];
  coBrowseSessions?: ConversationPart;
  summary?: ConversationPart;
  sdes?: ConversationSdes;
  responseTime?: ConversationPart;
  dialogs?: ConversationPart[];
  intents?: ConversationPart[];
  uniqueIntents?: ConversationPart[];
  unAuthSdes?: ConversationSdes;
  [key: string]: unknown;
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
