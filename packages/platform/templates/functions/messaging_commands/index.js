/**
 * Automatic Messages (a controllerbot_messaging_* event): the platform calls lambda with
 * input.payload = the conversation's state (general.convId, general.cbotEventType, ...).
 * Return one command or an array of commands; only the first command of each type runs:
 *   { type: "systemMessage", text: "..." }       posted instead of the account's automatic message
 *   { type: "transfer", skillId: "...", agentId } agentId is optional (needs transfer-to-agent permission)
 *   { type: "closeConversation" }
 * Return nothing for the account's default automatic message, [] for no operation.
 * Keep it fast (under a second): the event races with the agents.
 */
// eslint-disable-next-line no-unused-vars -- the platform calls lambda; this form needs no export
function lambda(input, callback) {
  const conversation = input.payload;
  console.info(`${conversation.general.cbotEventType} on conversation ${conversation.general.convId}`);
  const result = [
    { type: "systemMessage", text: "Thanks for your patience: an agent will be with you shortly." },
    // { type: "transfer", skillId: "123456", agentId: "654321" },
    // { type: "closeConversation" },
  ];
  callback(null, result);
}
