/**
 * What the platform would do with a function's result for its event, and
 * where the cloud would reject or ignore it. A warning never fails the
 * invocation: it tells the developer, locally, what would go wrong live.
 */
import type { ResultKind } from "./catalogue";

export interface ResultReport {
  /** What the event source does with the result, in a sentence. */
  readonly action: string;
  /** Why the cloud would reject or ignore (part of) the result; empty when it is fine. */
  readonly warnings: readonly string[];
}

type Check = (result: unknown) => ResultReport;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === "string" && value !== "";
const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(typeof value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

const COMMAND_TYPES = ["systemMessage", "transfer", "closeConversation"] as const;

/** Automatic Messages: one command or an array of them; only the first command of each type runs. */
const messagingCommands: Check = (result) => {
  if (result === undefined || result === null) return { action: "the account's default automatic message is sent", warnings: [] };
  const commands = Array.isArray(result) ? result : [result];
  if (!Array.isArray(result) && !isObject(result)) {
    return { action: "nothing", warnings: [`the result must be a command object or an array of commands, not ${show(result)}`] };
  }
  if (commands.length === 0) return { action: "nothing (an empty list means no operation)", warnings: [] };
  const warnings: string[] = [];
  const actions: string[] = [];
  const seen = new Set<string>();
  commands.forEach((command, index) => {
    const where = Array.isArray(result) ? `command [${index}]` : "the command";
    if (!isObject(command)) return void warnings.push(`${where} is not an object: ${show(command)}`);
    const type = command.type;
    if (typeof type !== "string" || !(COMMAND_TYPES as readonly string[]).includes(type)) {
      return void warnings.push(`${where} has type ${show(type)}; the platform knows ${COMMAND_TYPES.join(", ")} and ignores the rest`);
    }
    if (seen.has(type)) return void warnings.push(`${where} is a second "${type}": only the first command of each type is run`);
    seen.add(type);
    if (type === "systemMessage") {
      if (Array.isArray(command.text) && command.text.length === 0) actions.push("no automatic message (text: [])");
      else if (typeof command.text !== "string") warnings.push(`${where} (systemMessage) needs a string "text", not ${show(command.text)}`);
      else actions.push(`system message ${show(command.text)}`);
    } else if (type === "transfer") {
      const { skillId, agentId } = command;
      if (skillId === undefined && agentId === undefined) warnings.push(`${where} (transfer) needs "skillId" or "agentId"`);
      else if ((skillId !== undefined && typeof skillId !== "string") || (agentId !== undefined && typeof agentId !== "string")) {
        warnings.push(`${where} (transfer): "skillId" and "agentId" must be strings (e.g. "123456")`);
      } else actions.push(`transfer to ${[skillId && `skill ${skillId}`, agentId && `agent ${agentId}`].filter(Boolean).join(", ")}`);
    } else actions.push("close the conversation");
  });
  return { action: actions.length > 0 ? actions.join("; ") : "nothing", warnings };
};

const EMAIL_FIELDS = ["targetEmail", "senderName", "senderEmail", "subject"] as const;

/** Chat post-survey: an array of transcript e-mails, each with four strings. */
const emailTranscripts: Check = (result) => {
  if (!Array.isArray(result))
    return { action: "no e-mail is sent", warnings: [`the result must be an array of e-mails { ${EMAIL_FIELDS.join(", ")} }, not ${show(result)}`] };
  const warnings: string[] = [];
  let valid = 0;
  result.forEach((email, index) => {
    const missing = EMAIL_FIELDS.filter((field) => !isObject(email) || !isText(email[field]));
    if (missing.length > 0) warnings.push(`e-mail [${index}] needs non-empty string ${missing.map((f) => `"${f}"`).join(", ")}`);
    else valid++;
  });
  return { action: valid === 0 ? "no e-mail is sent" : `${valid} transcript e-mail${valid === 1 ? "" : "s"} sent`, warnings };
};

/** Conversational command: a string or number is shown to the agent; anything else is a generic success. */
const agentText: Check = (result) =>
  typeof result === "string" || typeof result === "number"
    ? { action: `shown to the agent: ${show(result)}`, warnings: [] }
    : { action: "a generic success note", warnings: [`only a string or a number is shown to the agent; ${show(result)} shows a generic success note`] };

/** Third-party bot: `{ messages?, context? }` with at least one message or a supported action. */
const botResponse: Check = (result) => {
  if (!isObject(result))
    return { action: "the bot escalates (missing response body)", warnings: [`the result must be an object { messages, context }, not ${show(result)}`] };
  const warnings: string[] = [];
  const messages = result.messages;
  if (messages !== undefined && !Array.isArray(messages)) warnings.push(`"messages" must be an array, not ${show(messages)}`);
  const list = Array.isArray(messages) ? messages : [];
  list.forEach((message, index) => {
    const ok =
      typeof message === "string" ||
      (isObject(message) &&
        ("structuredContent" in message || "delay" in message || (typeof message.text === "string" && message.messageAudience === "AGENTS_AND_MANAGERS")));
    if (!ok) warnings.push(`messages[${index}] is not a text, structured content, delay or private note: ${show(message)}`);
  });
  const context = isObject(result.context) ? result.context : {};
  const ACTIONS = ["TRANSFER", "CLOSE_CONVERSATION", "CHANGE_TTR", "INVOCATION"];
  const action = context.action;
  if (action !== undefined && (typeof action !== "string" || !ACTIONS.includes(action)))
    warnings.push(`context.action ${show(action)} is not one of ${ACTIONS.join(", ")} (case-sensitive)`);
  if (action === "TRANSFER" && !(isObject(context.actionParameters) && isText(context.actionParameters.skill)))
    warnings.push("TRANSFER needs actionParameters.skill (the skill's name)");
  const supported = typeof action === "string" && ACTIONS.includes(action);
  if (list.length === 0 && !supported) warnings.push("no messages and no supported action: the connector reports an error and the bot escalates");
  return { action: `${list.length} message${list.length === 1 ? "" : "s"} sent${supported ? `, then ${action}` : ""}`, warnings };
};

const vendorObject: Check = (result) =>
  isObject(result)
    ? { action: "passed on as the vendor's object", warnings: [] }
    : { action: "the hook fails", warnings: [`a hook must return the vendor's object (possibly changed), not ${show(result)}`] };

const CHECKS: Readonly<Record<ResultKind, Check>> = {
  "messaging-commands": messagingCommands,
  "email-transcripts": emailTranscripts,
  "agent-text": agentText,
  "bot-response": botResponse,
  "vendor-object": vendorObject,
  ignored: () => ({ action: "ignored by the event source", warnings: [] }),
  any: () => ({ action: "returned to the caller as it is", warnings: [] }),
};

/** What the event source does with `result`, and what the cloud would reject or ignore. */
export function checkEventResult(kind: ResultKind, result: unknown): ResultReport {
  return CHECKS[kind](result);
}
