/**
 * The events that invoke LivePerson Functions: every eventId a function's
 * `config.json` may name, what LivePerson calls it, how many functions may
 * listen to it, whether skills narrow it, and what the platform does with
 * the function's result (`resultKind`, checked by result-check.ts).
 *
 * Facts not published by LivePerson, chosen here: the consumer step-up event
 * id (`controllerbot_messaging_consumer_step_up`, the pattern of its siblings)
 * and that the survey events take skills (LivePerson's own pages disagree).
 */

/** How the platform reads a function's result for an event. */
export type ResultKind =
  /** Automatic Messages: one command or an array of `systemMessage`, `transfer`, `closeConversation`. */
  | "messaging-commands"
  /** Chat post-survey: an array of transcript e-mails `{ targetEmail, senderName, senderEmail, subject }`. */
  | "email-transcripts"
  /** Conversational command: a string or number shown to the agent. */
  | "agent-text"
  /** Third-party bot custom integration: `{ messages?, context? }`. */
  | "bot-response"
  /** Bot connector pre and post hooks: the vendor object, possibly changed. */
  | "vendor-object"
  /** The result is not used (survey events, the error hook). */
  | "ignored"
  /** No event: the caller gets the result as it is. */
  | "any";

export interface EventDefinition {
  readonly eventId: string;
  /** The name LivePerson's UI shows. */
  readonly name: string;
  /** What raises it. */
  readonly source: string;
  /** Functions per account that may listen to it. */
  readonly functionLimit: number;
  /** Whether a function's skills narrow which conversations invoke it. */
  readonly skills: boolean;
  readonly resultKind: ResultKind;
}

const messaging = (eventId: string, name: string): EventDefinition => ({
  eventId,
  name,
  source: "Automatic Messages (ControllerBot)",
  functionLimit: 1,
  skills: true,
  resultKind: "messaging-commands",
});

export const EVENTS: readonly EventDefinition[] = Object.freeze([
  {
    eventId: "denver_post_survey_email_transcript",
    name: "Chat Post Survey E-Mail Transcript",
    source: "Chat post-chat survey",
    functionLimit: 10,
    skills: false,
    resultKind: "email-transcripts",
  },
  { eventId: "conversational_command", name: "Conversational Command", source: "Agent Workspace", functionLimit: 30, skills: false, resultKind: "agent-text" },
  messaging("controllerbot_messaging_new_conversation", "Messaging New Conversation"),
  messaging("controllerbot_messaging_ttr", "Messaging TTR"),
  messaging("controllerbot_messaging_participants_change", "Messaging Participants Change"),
  messaging("controllerbot_messaging_conversation_idle", "Messaging Conversation Idle"),
  messaging("controllerbot_messaging_conversation_routing", "Messaging Conversation Routing"),
  messaging("controllerbot_messaging_mid_conversation_msg", "Messaging Line in Off-Hours"),
  messaging("controllerbot_messaging_conversation_end", "Messaging Conversation End"),
  messaging("controllerbot_messaging_consumer_step_up", "Messaging Consumer Step Up"),
  {
    eventId: "surveybot_messaging_survey_started",
    name: "Messaging Survey Started",
    source: "Post-conversation survey bot",
    functionLimit: 1,
    skills: true,
    resultKind: "ignored",
  },
  {
    eventId: "surveybot_messaging_survey_ended",
    name: "Messaging Survey Ended",
    source: "Post-conversation survey bot",
    functionLimit: 1,
    skills: true,
    resultKind: "ignored",
  },
  {
    eventId: "bot_connectors_custom_integration",
    name: "Third-Party Bots Custom Integration",
    source: "Third-Party Bots",
    functionLimit: 15,
    skills: false,
    resultKind: "bot-response",
  },
  {
    eventId: "bot_connectors_pre_hook",
    name: "Third-Party Bots Pre Hook",
    source: "Third-Party Bots",
    functionLimit: 15,
    skills: false,
    resultKind: "vendor-object",
  },
  {
    eventId: "bot_connectors_post_hook",
    name: "Third-Party Bots Post Hook",
    source: "Third-Party Bots",
    functionLimit: 15,
    skills: false,
    resultKind: "vendor-object",
  },
  {
    eventId: "bot_connectors_error_hook",
    name: "Third-Party Bots Error Hook",
    source: "Third-Party Bots",
    functionLimit: 15,
    skills: false,
    resultKind: "ignored",
  },
]);

/** What a function's config.json says when it listens to no event. */
export const NO_EVENT = "No Event";

const byId: ReadonlyMap<string, EventDefinition> = new Map(EVENTS.map((event) => [event.eventId, event]));

/** The event with that id; undefined for an unknown id (and for "No Event"). */
export function eventById(eventId: string): EventDefinition | undefined {
  return byId.get(eventId);
}

/** The event a config.json `event` value names: undefined for none (`null`, missing, "No Event"). */
export function configuredEventId(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" && value !== NO_EVENT ? value : undefined;
}
