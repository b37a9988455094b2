/**
 * Keyword Scanner (Messaging Conversation End): fetches the conversation that just ended with
 * ConversationUtil and scans its messages for keywords (literal, case-insensitive). Each hit is
 * { message, sentTimestamp, sentBy, tag }. Act on them (tag, alert, store), then return the
 * commands for the conversation end, or [] for none.
 */
const { Toolbelt, ConversationContentTypes } = require("lp-faas-toolbelt");

const KEYWORDS = ["refund", "cancel", "complaint"];

// eslint-disable-next-line no-unused-vars -- the platform calls lambda; this form needs no export
async function lambda(input) {
  const conversationId = input.payload.general.convId;
  const conversationUtil = Toolbelt.ConversationUtil();
  const conversation = await conversationUtil.getConversationById(conversationId, [ConversationContentTypes.MESSAGE_RECORDS]);
  const hits = conversationUtil.scanConversationForKeywords(conversation, KEYWORDS);
  console.info(
    `${hits.length} keyword hit(s) in conversation ${conversationId}`,
    hits.map((hit) => hit.tag),
  );
  return [];
}
