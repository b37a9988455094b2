/**
 * Third-Party Bots custom integration: the function is the bot, called for every consumer message
 * with input.payload = { message, convId, context: { lpEvent, lpSdes } }. Return
 * { messages: [...], context: {...} }: messages are texts, { structuredContent, metadata },
 * { delay: <seconds>, typing: true } or private notes { text, messageAudience: "AGENTS_AND_MANAGERS" };
 * context may carry an intent (intentId, intentName, confidenceScore) and an action
 * (TRANSFER { skill, agentId? }, CLOSE_CONVERSATION, CHANGE_TTR { ttrType }, INVOCATION).
 */
// eslint-disable-next-line no-unused-vars -- the platform calls lambda; this form needs no export
function lambda(input, callback) {
  const { message, convId } = input.payload;
  console.info(`message on ${convId}: ${message}`);
  if (/\b(agent|human)\b/i.test(message)) {
    callback(null, { messages: ["Let me get you an agent."], context: { action: "TRANSFER", actionParameters: { skill: "human-support" } } });
    return;
  }
  callback(null, { messages: [`You said: ${message}`, { delay: 1, typing: true }, "How else can I help?"], context: {} });
}
