/**
 * Conversational Command: an agent types /<function name> in the Agent Workspace, with
 * input.payload = { conversationId, arguments: [...] }. A string or number you return is shown
 * to that agent only; anything else shows a generic success note; an error shows an error message.
 */
// eslint-disable-next-line no-unused-vars -- the platform calls lambda; this form needs no export
function lambda(input, callback) {
  const words = input.payload.arguments || [];
  callback(null, words.length > 0 ? words.join(" ") : "Give me something to echo, e.g. /echo hello");
}
