/**
 * A sample invocation for every event: the envelope `{ timestamp, headers,
 * payload }` LivePerson sends, with the payload its documentation shows.
 * Messaging events share one base payload; each event overrides the groups
 * that concern it and names its sub-events (`general.cbotEventType`), the
 * first of which the sample uses.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface InvocationEnvelope {
  timestamp: number;
  headers: Array<{ key: string; value: string }>;
  payload: Json;
}

const CONVERSATION_ID = "c840e51e-5f65-4ad4-8d34-5c82b99a2200";
const BOT_CONVERSATION_ID = "H8423979229452698115-36ffcd957be440fc9237c47171915910K8427029";
const CLIENT_PROPERTIES: JsonObject = {
  type: ".ClientProperties",
  appId: "webAsync",
  ipAddress: "127.0.0.1",
  deviceFamily: "DESKTOP",
  os: "OSX",
  osVersion: "10.14.3",
  integration: "WEB_SDK",
  integrationVersion: "3.0.25",
  browser: "CHROME",
  browserVersion: "72.0.3626.119",
  features: ["PHOTO_SHARING", "CO_BROWSE", "QUICK_REPLIES", "AUTO_MESSAGES", "MULTI_DIALOG", "RICH_CONTENT"],
};

/** Every group of the Automatic Messages payload, with the documentation's spellings (`contexttype`, `engangementId`, `consumserNonResponsive`). */
function messagingBase(): JsonObject {
  return {
    general: {
      cbotEventType: "CONSUMER_OPEN_NEW_CONVERSATION_FIRST_TIME",
      type: "UPSERT",
      convId: CONVERSATION_ID,
      dialogId: CONVERSATION_ID,
      sessionId: 1528463744580,
      startTs: 1528463744663,
      effectiveTTR: 1528464044687,
      oldConvState: "CLOSE",
      newConvState: "OPEN",
      contexttype: "SharkContext",
      campaignInfo: { id: 2327699812, engangementId: 2327699912 },
      clientLanguage: "en-US",
      clientFeatures: ["AUTO_MESSAGES", "MULTI_DIALOG"],
      inOffHours: false,
      visitorId: 1528463744580,
      originatorId: 37607275.23,
      originatorPid: "f39fbc5f-da77-5417-8bc7-7584efdd1a5e",
      originatorMetadata: { id: "f39fbc5f-da77-5417-8bc7-7584efdd1a5e", role: "CONTROLLER" },
      serverTimestamp: 1528463781807,
      clientIpAdress: "172.26.138.38",
      manualETTR: "1541152938069",
      lastMessageComposer: "CONSUMER",
      lastMessageTs: 1541152938069,
      lastAgentMsgTs: 1541152938069,
      backToQueueTs: 1541152938069,
    },
    start: { firstConversation: true },
    end: { closeReason: "CONSUMER" },
    idle: {
      lastConsumerMsgTs: 1541152938069,
      agentNonResponsive: { time: 30, timeUnits: "minutes" },
      consumserNonResponsive: { time: 30, timeUnits: "minutes" },
      convNotTakenTime: { time: 30, timeUnits: "minutes" },
    },
    mid: { openedInOffHours: false },
    participantChange: {
      oldParticipants: [{ id: "f9d58c57-c489-45f5-bae4-c5ebd52b3972", role: "ASSIGNED_AGENT" }],
      newParticipants: [
        { id: "f9d58c57-c489-45f5-bae4-c5ebd52b3972", role: "ASSIGNED_AGENT" },
        { id: "0b3c2e6a-1d4f-4c52-9a7e-2f1e5d8c9b10", role: "AGENT" },
      ],
    },
    routing: { oldSkillId: "563268", newSkillId: "563267" },
    ttr: { oldTtr: { ttrType: "NORMAL", value: 600 }, newTtr: { ttrType: "URGENT", value: 300 } },
  };
}

/** Per messaging event: its sub-events (the first is the sample's) and the groups it sets. */
export const MESSAGING_EVENTS: Readonly<Record<string, { subEvents: readonly string[]; override: JsonObject }>> = {
  controllerbot_messaging_new_conversation: {
    subEvents: [
      "CONSUMER_OPEN_NEW_CONVERSATION_FIRST_TIME",
      "CONSUMER_OPEN_NEW_CONVERSATION_FIRST_TIME_OFF_HOURS",
      "CONSUMER_OPEN_NEW_CONVERSATION_OFF_HOURS",
      "CONSUMER_OPEN_NEW_CONVERSATION",
      "CONSUMER_OPEN_NEW_CONVERSATION_AFTER_AUTOCLOSE",
    ],
    override: { start: { firstConversation: true }, general: { oldConvState: "CLOSE", newConvState: "OPEN" } },
  },
  controllerbot_messaging_ttr: {
    subEvents: ["CONSUMER_ASKED_URGENT_RESPONSE_TIME", "CONSUMER_CANCELED_URGENT_RESPONSE_TIME", "AGENT_UPDATED_RESPONSE_TIME"],
    override: { ttr: { oldTtr: { ttrType: "NORMAL", value: 600 }, newTtr: { ttrType: "URGENT", value: 300 } } },
  },
  controllerbot_messaging_participants_change: {
    subEvents: ["ANOTHER_AGENT_JOINED_CONVERSATION", "YOU_ARE_CONNECTED_TO", "BACK_TO_QUEUE", "JOINED_AGENT_LEFT_CONVERSATION"],
    override: {},
  },
  controllerbot_messaging_conversation_idle: {
    subEvents: ["CONSUMER_NON_RESPONSIVE", "AGENT_NON_RESPONSIVE", "CONV_AWAITING_IN_QUEUE"],
    override: { general: { lastMessageComposer: "AGENT" }, idle: { lastConsumerMsgTs: 1541151138069 } },
  },
  controllerbot_messaging_conversation_routing: {
    // "TRANSFERED" is LivePerson's spelling.
    subEvents: ["ENGAGEMENT_TRANSFERED"],
    override: { routing: { oldSkillId: "563268", newSkillId: "563267" } },
  },
  controllerbot_messaging_mid_conversation_msg: {
    subEvents: ["CONSUMER_SEND_MESSAGE_ON_OFFHOURS"],
    override: { general: { inOffHours: true }, mid: { openedInOffHours: false } },
  },
  controllerbot_messaging_conversation_end: {
    subEvents: ["CONSUMER_END_CONVERSATION", "AGENT_END_CONVERSATION", "SYSTEM_END_CONVERSATION"],
    override: { end: { closeReason: "CONSUMER" }, general: { oldConvState: "OPEN", newConvState: "CLOSE" } },
  },
  controllerbot_messaging_consumer_step_up: { subEvents: ["CONSUMER_STEP_UP"], override: {} },
};

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `over` merged into `base`, objects member by member, everything else replaced; neither is changed. */
export function deepMerge(base: Json, over: Json): Json {
  if (!isObject(base) || !isObject(over)) return structuredClone(over);
  const out: JsonObject = structuredClone(base);
  for (const [key, value] of Object.entries(over)) out[key] = key in out ? deepMerge(out[key]!, value) : structuredClone(value);
  return out;
}

function surveyPayload(ended: boolean): JsonObject {
  return {
    conversationId: CONVERSATION_ID,
    accountId: "12345678",
    surveyId: 3387141511,
    surveyRevision: 2,
    skillId: "563267",
    effectiveTTR: 1528464044687,
    lastContentEventNotification: {
      originatorId: 37607275.23,
      originatorPId: "f39fbc5f-da77-5417-8bc7-7584efdd1a5e",
      sequence: 1,
      serverTimestamp: 1528463781807,
      event: { type: "ContentEvent", contentType: "text/plain", message: "How would you rate your experience today?" },
      originatorClientProperties: CLIENT_PROPERTIES,
    },
    campaignInfo: { campaignId: 2451931211, engagementId: 2451931311 },
    closeReason: "CONSUMER",
    context: {
      type: "SharkContext",
      lang: "en-US",
      interactionContextId: "5",
      sessionId: "iGY4vsiETB-Zsyi7IGlIk1",
      visitorId: "hjMTk3ZTcwZmFhZjc3NDk2",
      clientProperties: CLIENT_PROPERTIES,
    },
    dialogs: [
      {
        dialogId: "efSg0XbnTkmg8OXaSyaz81",
        dialogType: "POST_SURVEY",
        channelType: "MESSAGING",
        state: ended ? "CLOSE" : "OPEN",
        participantsDetails: [{ id: "49b673cb7d08168a9f14640346340237054482174d65ff8c70e0f4d0d9bfa911", role: "CONSUMER", state: "ACTIVE" }],
        metaData: { appInstallId: "829d951a-777e-46a3-98db-c06214e3f401" },
        creationTs: 1551702854131,
        metaDataLastUpdateTs: 1551702854131,
        ...(ended && { endTs: 1551702914131 }),
      },
      {
        dialogId: "fb84c76d-0daa-46c7-b02d-eb6130c022c1",
        dialogType: "MAIN",
        channelType: "MESSAGING",
        state: "CLOSE",
        participantsDetails: [{ id: "49b673cb7d08168a9f14640346340237054482174d65ff8c70e0f4d0d9bfa911", role: "CONSUMER", state: "ACTIVE" }],
        creationTs: 1551702813391,
        endTs: 1551702854131,
        metaDataLastUpdateTs: 1551702854131,
        closedBy: "CONSUMER",
        closedCause: "Closed by consumer",
      },
    ],
    firstConversation: false,
    participants: [{ id: "f9d58c57-c489-45f5-bae4-c5ebd52b3972", role: "ASSIGNED_AGENT" }],
    state: "OPEN",
    startTs: 1528463744663,
    ttr: { ttrType: "NORMAL", value: 600 },
    lastQuestionId: "2741eea2-e184-4cd4-abbe-e8f6e1d26681",
  };
}

const botContext = (): JsonObject => ({ lpEvent: {}, lpSdes: {} });

/** Payloads of the events that are not Automatic Messages. */
const OTHER_PAYLOADS: Readonly<Record<string, () => JsonObject>> = {
  denver_post_survey_email_transcript: () => ({
    csatRank: 3,
    skillName: "CustomerCare",
    agentName: "John Doe",
    questionWithAnswers: [
      { question: "How was the chat experience?", answer: "Poor;Below Average" },
      { question: "Would you recommend us?", answer: "No" },
    ],
  }),
  conversational_command: () => ({ conversationId: CONVERSATION_ID, arguments: ["echo", "this", "message"] }),
  surveybot_messaging_survey_started: () => surveyPayload(false),
  surveybot_messaging_survey_ended: () => surveyPayload(true),
  bot_connectors_custom_integration: () => ({
    message: "I want to check my order",
    convId: BOT_CONVERSATION_ID,
    context: {
      lpEvent: { type: "ContentEvent", contentType: "text/plain", content: "I want to check my order", metadata: [], lastConsumerMessage: "" },
      lpSdes: { unauthenticatedSdes: { events: [{ type: "CustomerInfo", customerInfo: { customerId: "C-1001" } }] }, authenticatedSdes: {} },
    },
  }),
  bot_connectors_pre_hook: () => ({ convId: BOT_CONVERSATION_ID, context: botContext(), message: "customer message" }),
  bot_connectors_post_hook: () => ({ context: {}, messages: ["customer message"] }),
  bot_connectors_error_hook: () => ({
    error: {
      errorId: "com.liveperson.bot-connectors-worker.error.pipes.verify-ai-response.missing-action-and-messages",
      name: "MissingActionAndMessagesError",
    },
    vendor: "faas",
    faasPayload: { convId: BOT_CONVERSATION_ID, message: "customer message", context: botContext() },
    faas: { messages: [], context: {} },
  }),
};

/**
 * The sample payload of an event; for a messaging event, `subEvent` picks
 * `general.cbotEventType` (one of its documented sub-events; default the first).
 * Undefined for an unknown event.
 */
export function samplePayload(eventId: string, subEvent?: string): JsonObject | undefined {
  const messaging = MESSAGING_EVENTS[eventId];
  if (messaging) {
    const cbotEventType = subEvent ?? messaging.subEvents[0]!;
    return deepMerge(messagingBase(), deepMerge(messaging.override, { general: { cbotEventType } })) as JsonObject;
  }
  return OTHER_PAYLOADS[eventId]?.();
}

/** The envelope an event sends: now as timestamp, no headers, the sample payload. */
export function sampleEnvelope(eventId: string, now: number, subEvent?: string): InvocationEnvelope | undefined {
  const payload = samplePayload(eventId, subEvent);
  return payload && { timestamp: now, headers: [], payload };
}
