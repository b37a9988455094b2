/**
 * Replace Files for Conversation (Messaging Conversation End): overwrites every file shared in the
 * conversation that just ended (with a 1x1 black PNG by default), e.g. to honour data privacy rules.
 * The file storage's credentials are in the secret "swift-credentials": { "username", "password" }.
 */
const { Toolbelt } = require("lp-faas-toolbelt");

// eslint-disable-next-line no-unused-vars -- the platform calls lambda; this form needs no export
async function lambda(input) {
  const conversationId = input.payload.general.convId;
  const conversation = await Toolbelt.ConversationUtil().getConversationById(conversationId);
  const { value } = await Toolbelt.SecretClient().readSecret("swift-credentials");
  const credentials = typeof value === "string" ? JSON.parse(value) : value;
  const replaced = await Toolbelt.GDPRUtil().replaceConversationFiles(conversation, credentials);
  console.info(`replaced ${replaced.length} file(s) of conversation ${conversationId}`);
  return [];
}
