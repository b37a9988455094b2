import { randomBytes } from "node:crypto";
/**
 * What `lp-faas init` writes: an lpf-compatible project (spec/lpf-project.md
 * §2-4) with one example function per common pattern. The function code runs
 * unchanged on LivePerson Functions (V1) and on the local platform.
 */

export interface ExampleFunction {
  name: string;
  description: string;
  payload: Record<string, unknown>;
  code: string;
}

export const EXAMPLE_SECRET_KEY = "my_Secret-Key";
/** The secret the Context Session Store's API key is kept in (the name LivePerson's docs suggest). */
export const CONTEXT_STORE_KEY_SECRET = "context-store-api-key";

export const EXAMPLE_FUNCTIONS: readonly ExampleFunction[] = [
  {
    name: "greeting",
    description: "The callback form: lambda(input, callback)",
    payload: { name: "Ada" },
    code: `/**
 * The callback form (V1): the platform calls lambda(input, callback) with
 * input = { headers, payload }. Call callback(error, result) exactly once;
 * a function that never calls back fails with executiontime-exceeded.
 */
function lambda(input, callback) {
  const name = input.payload.name || "World";
  console.info(\`Greeting \${name}\`);
  callback(null, { message: \`Hello \${name}!\` });
}
`,
  },
  {
    name: "async_greeting",
    description: "The async form: an async lambda(input) that returns its result",
    payload: { name: "Grace" },
    code: `/**
 * The async form: return the result, or throw an Error to fail the
 * invocation (code com.liveperson.faas.handler.custom-failure).
 * process.env holds the platform's variables (BRAND_ID, LAMBDA_UUID, ...)
 * and the function's own environmentVariables from config.json.
 */
module.exports.lambda = async function lambda(input) {
  const { name = "World" } = input.payload;
  return { message: \`Hello \${name}!\`, accountId: process.env.BRAND_ID, functionUuid: process.env.LAMBDA_UUID };
};
`,
  },
  {
    name: "http_request",
    description: "GET a URL through the toolbelt's HTTPClient (the host must be on the allowlist)",
    payload: { url: "https://developers.liveperson.com/" },
    code: `/**
 * Calls an external API. Every request leaves through the platform's proxy,
 * which only lets hosts on the allowlist through (functions/settings.json
 * "whitelist"; lp-faas allowlist add <host>). A host that is not listed gets
 * its connection closed: the error message is "Socket is closed".
 */
const { Toolbelt } = require("lp-faas-toolbelt");

const httpClient = Toolbelt.HTTPClient();

function lambda(input, callback) {
  const { url } = input.payload;
  httpClient(url, {
    method: "GET",
    headers: {},
    simple: false, // a 4xx/5xx answer resolves instead of rejecting
    resolveWithFullResponse: true, // resolve with { statusCode, headers, body }
  })
    .then((response) => {
      console.info(\`GET \${url} answered \${response.statusCode}\`);
      callback(null, { statusCode: response.statusCode, contentType: response.headers["content-type"] });
    })
    .catch((err) => {
      if (String(err.message).includes("Socket is closed")) {
        console.error(\`need to whitelist the host of \${url} (lp-faas allowlist add <host>)\`);
      }
      callback(err, null);
    });
}
`,
  },
  {
    name: "secret_storage",
    description: "Read a secret and update it through the toolbelt's SecretClient",
    payload: {},
    code: `/**
 * Secrets live in the account's secret storage; locally in
 * functions/settings.json "secrets" (lp-faas secrets set <key> <value>).
 * A function may read them and update existing ones, but not create them.
 */
const { Toolbelt } = require("lp-faas-toolbelt");

const secretClient = Toolbelt.SecretClient();

function lambda(input, callback) {
  secretClient
    .readSecret("${EXAMPLE_SECRET_KEY}")
    .then((mySecret) => {
      // Fetching the secret value
      const value = mySecret.value;
      console.info(\`read a secret of \${String(value).length} characters\`);
      // you can also update your secret e.g. if you received a new OAuth2 token
      mySecret.value = "nEw.oaUtH2-tOKeN!!11!";
      return secretClient.updateSecret(mySecret);
    })
    .then((_) => {
      callback(null, { message: "Successfully updated secret" });
    })
    .catch((err) => {
      console.error(\`Failed during secret operation with \${err.message}\`);
      callback(err, null);
    });
}
`,
  },
  {
    name: "context_store",
    description: "Keep per-conversation state in the Context Session Store",
    payload: { conversationId: "conv-1", step: "greeted" },
    code: `/**
 * The Context Session Store keeps state between invocations: namespaces hold
 * sessions (e.g. one per conversation), sessions hold properties (any JSON).
 * Prerequisites, on LivePerson Functions and here alike: an API key saved as
 * the secret "${CONTEXT_STORE_KEY_SECRET}" (lp-faas init provisions a local one;
 * lp-faas context keys create makes more), and "*.context.liveperson.net" on
 * the allowlist (functions/settings.json "whitelist").
 */
const { Toolbelt } = require("lp-faas-toolbelt");

const secretClient = Toolbelt.SecretClient();

async function lambda(input) {
  const { conversationId = "conv-1", step = "greeted" } = input.payload || {};
  const { value: apiKey } = await secretClient.readSecret("${CONTEXT_STORE_KEY_SECRET}");
  const contextClient = Toolbelt.ContextServiceClient({ accountId: process.env.BRAND_ID, apiKey });

  // Creating a namespace that exists is fine; sessions here expire a day after their last write.
  await contextClient.createNamespace("onboarding", { ttl: 24 * 60 * 60 });
  const before = await contextClient.getAllPropertiesInSession("onboarding", conversationId);
  const visits = typeof before.visits === "number" ? before.visits + 1 : 1;
  const after = await contextClient.updatePropertiesInNamespace("onboarding", { lastStep: step, visits }, conversationId);
  console.info("session updated", { conversationId, visits });
  return { conversationId, session: after };
}

module.exports = { lambda };
`,
  },
  {
    name: "logging",
    description: "Log with console.debug/info/warn/error and extra values",
    payload: { orderId: "A-1001" },
    code: `/**
 * console.debug, console.info, console.warn and console.error are recorded as
 * the invocation's logs: { level, message, extras, timestamp }, where extras
 * are the arguments after the first. There is no console.log on the platform.
 * Debug logs are shown locally but never stored by the real platform.
 */
async function lambda(input) {
  const { orderId } = input.payload;
  console.debug("Received input", input.payload);
  console.info("Processing order", { orderId });
  console.warn("Stock is low", { orderId, remaining: 2 });
  console.error("Logging an error does not fail the invocation", { orderId, code: "LOW_STOCK" });
  return { orderId, logged: 4 };
}

module.exports = { lambda };
`,
  },
];

/** lpf's config.json shape (CLI1: environmentVariables as an array), 4-space indent. */
export function configJson(fn: ExampleFunction): string {
  const config = {
    name: fn.name,
    event: null,
    description: fn.description,
    input: { headers: [], payload: fn.payload },
    environmentVariables: [],
  };
  return `${JSON.stringify(config, null, 4)}\n`;
}

/** The API key the platform provisions for every account (spec/platform.md §4); random per project, local only. */
export const DEFAULT_APP_KEY_SECRET = "lp-faas-default-app-key";
/** The API key the OrchestratorClient signs its gateway calls with (services/gateway/router.ts); random per project, local only. */
export const ORCHESTRATOR_APP_KEY_SECRET = "lp-faas-orchestrator-app-key";

function localAppKey(): { consumerKey: string; consumerSecret: string; token: string; tokenSecret: string } {
  const random = (): string => randomBytes(16).toString("hex");
  return { consumerKey: random(), consumerSecret: random(), token: random(), tokenSecret: random() };
}

export function settingsJson(): string {
  const settings = {
    secrets: [
      { key: EXAMPLE_SECRET_KEY, value: "example-secret-value" },
      { key: DEFAULT_APP_KEY_SECRET, value: localAppKey() },
      { key: ORCHESTRATOR_APP_KEY_SECRET, value: localAppKey() },
      // Registered as a key of the platform's account when the platform starts (state/context-keys).
      { key: CONTEXT_STORE_KEY_SECRET, value: randomBytes(24).toString("base64url") },
    ],
    // The Context Session Store's zone hosts are not on LivePerson's default allowlist.
    whitelist: ["*.liveperson.com", "*.context.liveperson.net"],
  };
  return `${JSON.stringify(settings, null, 4)}\n`;
}

export const GITIGNORE_LINES = [".lp-faas/", "node_modules/", "/bin", ".vscode", ".idea", ".DS_Store"] as const;

export function readme(projectName: string): string {
  const functions = EXAMPLE_FUNCTIONS.map((fn) => `- \`functions/${fn.name}/\`: ${fn.description}`).join("\n");
  return `# ${projectName}

A LivePerson Functions project in the layout of the \`lpf\` CLI, with a local
platform to run it: \`lp-faas\`.

## Layout

- \`functions/<name>/index.js\`: the function's code; \`config.json\`: its
  description, sample \`input\` and \`environmentVariables\`. Folder names are
  1-50 letters, digits or \`_\` and must equal \`name\` in config.json.
- \`functions/settings.json\`: local secrets (\`secrets\`) and the hosts
  functions may call (\`whitelist\`).
- \`fixtures/conversations/*.json\`: test conversations the local Messaging
  Interactions API serves to \`ConversationUtil\` (one search response
  \`{ _metadata, conversationHistoryRecords: [...] }\` or one record per file).
  Two examples: \`order-delivery-open.json\` (an open web conversation with a
  hosted file and SDEs) and \`billing-refund-closed.json\` (a closed in-app
  conversation of an unauthenticated consumer). SDEs added with
  \`SDEUtil.addSDEs(sdes, visitorId, sessionId)\` appear in the conversation
  whose \`info.visitorId\` and \`info.sessionId\` match.
- \`.lp-faas/\`: the local platform's state (invocation log, imported
  conversations, SDE events, ...); not committed.

Examples:

${functions}

## Commands

\`\`\`sh
lp-faas dev                        # run the platform on http://127.0.0.1:7420, reload on change
lp-faas functions list             # names and uuids
lp-faas invoke greeting --payload '{"name":"Ada"}'
lp-faas invoke http_request        # without --payload: the "input" of config.json
lp-faas secrets list               # keys only
lp-faas secrets get ${EXAMPLE_SECRET_KEY}
lp-faas secrets set api-token s3cr3t
lp-faas secrets delete api-token
lp-faas allowlist add api.example.com
lp-faas allowlist list
lp-faas conversations list         # fixtures + imported conversations
lp-faas conversations show 3439894b-a73d-4eea-9616-faa095b7eaf0
lp-faas conversations import export.json
\`\`\`

The LivePerson APIs the toolbelt's \`LpClient\` calls (conversation search,
Engagement Attributes) check OAuth 1.0a signatures against app keys kept as
secrets. \`lp-faas init\` provisions \`lp-faas-default-app-key\` with random
local credentials, as the platform provisions it for every account; add more
keys with \`lp-faas secrets set <name> '{"consumerKey":...,"consumerSecret":...,"token":...,"tokenSecret":...}'\`.

The function gateway (\`POST /api/account/<account>/lambdas/<uuid>/invoke\`, what
the toolbelt's \`OrchestratorClient\` calls) checks the same kind of signature;
\`lp-faas init\` also provisions \`lp-faas-orchestrator-app-key\` for it. The
gateway refuses a chain of functions calling functions deeper than 10 hops
(HTTP 508), and the invocation log records each nested call's parent:
\`GET /_platform/invocations?parent=<invocation id>\`.

Every command takes \`--help\`; \`--json\` prints one JSON document for scripts.
\`invoke\` finds the platform from \`--port\`, \`LP_FAAS_PORT\` or 7420.
`;
}

/** A Messaging Interactions time: the "yyyy-MM-dd HH:mm:ss.SSS+0000" text and the epoch-ms `...L` twin. */
function lpTime(ms: number): string {
  return `${new Date(ms).toISOString().replace("T", " ").replace("Z", "")}+0000`;
}

interface FixtureMessage {
  at: number;
  by: "Consumer" | "Agent";
  text?: string;
  file?: { caption: string; relativePath: string; fileType: string };
}

function messageRecords(conversationId: string, consumerId: string, agentId: string, source: string, device: string, messages: FixtureMessage[]) {
  return messages.map((m, seq) => ({
    type: m.file ? "HOSTED_FILE" : "TEXT_PLAIN",
    messageData: m.file ? { file: m.file } : { msg: { text: m.text } },
    messageId: `ms::conv:${conversationId}::msg:${seq}`,
    audience: "ALL",
    seq,
    dialogId: conversationId,
    participantId: m.by === "Consumer" ? consumerId : agentId,
    source,
    time: lpTime(m.at),
    timeL: m.at,
    device,
    sentBy: m.by,
  }));
}

/** An open web conversation (skill Orders): text both ways, a hosted file, authenticated and unauthenticated SDEs. */
function orderDeliveryConversation(): Record<string, unknown> {
  const id = "3439894b-a73d-4eea-9616-faa095b7eaf0";
  const consumerId = "874f0707-9a27-4f5d-add1-b192ce816ee9";
  const agentId = "4117538210";
  const start = 1715677923118; // 2024-05-14 09:12:03.118 UTC
  const s = (seconds: number): number => start + seconds * 1000 + (seconds % 7) * 37;
  const messages = messageRecords(id, consumerId, agentId, "WEB", "DESKTOP", [
    { at: s(2), by: "Consumer", text: "Hi, my order A-20417 should have arrived yesterday but the tracking hasn't moved since Sunday." },
    { at: s(41), by: "Agent", text: "Hello Jonas, this is Maya from the orders team. Let me check that for you. Could you confirm the postcode on the order?" },
    { at: s(63), by: "Consumer", text: "Sure, it's 10115." },
    {
      at: s(88),
      by: "Consumer",
      file: { caption: "Screenshot of the tracking page", relativePath: "/v1/AUTH_async-images/12345678/2742d836-23b1-41e6-904f-8511680ead44_tracking.png", fileType: "PNG" },
    },
    { at: s(152), by: "Agent", text: "Thanks! The parcel is held at the regional depot after a sorting delay. It is booked to go out for delivery tomorrow before noon." },
    { at: s(170), by: "Agent", text: "I have added a note to the order and refunded the express shipping fee to your card." },
    { at: s(205), by: "Consumer", text: "Great, thank you for sorting that out!" },
  ]);
  const record = {
    info: {
      startTime: lpTime(start),
      startTimeL: start,
      endTime: "undefined",
      endTimeL: -1,
      duration: 214000,
      conversationId: id,
      brandId: "12345678",
      latestAgentId: agentId,
      latestAgentNickname: "Maya",
      latestAgentFullName: "Maya Okafor",
      latestAgentLoginName: "maya.okafor@example.com",
      agentDeleted: false,
      latestSkillId: 1784562430,
      latestSkillName: "Orders",
      source: "WEB",
      mcs: 74,
      alertedMCS: 1,
      status: "OPEN",
      fullDialogStatus: "OPEN",
      firstConversation: false,
      device: "DESKTOP",
      browser: "CHROME",
      operatingSystem: "WINDOWS",
      latestAgentGroupId: -1,
      latestAgentGroupName: "Main Group",
      latestQueueState: "ACTIVE",
      isPartial: false,
      visitorId: "tHx2mQ9rS0aW7bLk3yF1pA",
      sessionId: "mZ4vB8nC2xQ7wE1rT6yU0a",
      interactionContextId: "2",
      language: "en-US",
    },
    campaign: {
      campaignEngagementId: "1784562810",
      campaignEngagementName: "Order help button",
      campaignId: "1784562610",
      campaignName: "Post-purchase support",
      goalId: "1784562510",
      goalName: "Interact with consumers",
      engagementSource: "WEB_SITE",
      visitorBehaviorId: "1784562710",
      visitorBehaviorName: "Order status page",
      engagementApplicationId: "30c1293a-f1ad-4d4a-895b-37a6aed69b9c",
      engagementApplicationName: "Web messaging",
      engagementApplicationTypeName: "Web",
      lobId: 1784562910,
      lobName: "Retail",
      locationId: "1784562410",
      locationName: "Entire site",
      profileSystemDefault: true,
      behaviorSystemDefault: false,
    },
    messageRecords: messages,
    agentParticipants: [
      {
        agentFullName: "Maya Okafor",
        agentNickname: "Maya",
        agentLoginName: "maya.okafor@example.com",
        agentDeleted: false,
        agentId,
        agentPid: "0c5a7e2d-93b1-4f6e-8d20-7a4b1c9e3f56",
        userType: "1",
        userTypeName: "Human",
        role: "ASSIGNED_AGENT",
        agentGroupName: "Main Group",
        agentGroupId: -1,
        time: lpTime(s(30)),
        timeL: s(30),
        permission: "ASSIGNED_AGENT",
        contextData: {},
      },
    ],
    consumerParticipants: [
      {
        participantId: consumerId,
        firstName: "Jonas",
        lastName: "Weber",
        token: "undefined",
        email: "jonas.weber@example.com",
        phone: "undefined",
        avatarURL: "undefined",
        time: lpTime(start),
        timeL: start,
        joinTime: lpTime(start),
        joinTimeL: start,
        consumerName: "Jonas",
        dialogId: id,
        authenticated: true,
      },
    ],
    transfers: [],
    interactions: [
      {
        assignedAgentId: agentId,
        assignedAgentFullName: "Maya Okafor",
        assignedAgentLoginName: "maya.okafor@example.com",
        assignedAgentNickname: "Maya",
        interactionTimeL: s(30),
        interactionTime: lpTime(s(30)),
        interactiveSequence: 1,
        dialogId: id,
      },
    ],
    messageScores: [
      { messageId: `ms::conv:${id}::msg:0`, messageRawScore: -1, mcs: 35, time: lpTime(s(3)), timeL: s(3) },
      { messageId: `ms::conv:${id}::msg:6`, messageRawScore: 2, mcs: 74, time: lpTime(s(206)), timeL: s(206) },
    ],
    messageStatuses: [
      { messageId: `ms::conv:${id}::msg:0`, seq: 0, time: lpTime(s(31)), timeL: s(31), participantId: agentId, participantType: "Agent", messageDeliveryStatus: "READ", dialogId: id },
      { messageId: `ms::conv:${id}::msg:1`, seq: 1, time: lpTime(s(44)), timeL: s(44), participantId: consumerId, participantType: "Consumer", messageDeliveryStatus: "READ", dialogId: id },
    ],
    conversationSurveys: [],
    coBrowseSessions: { coBrowseSessionsList: [] },
    summary: { text: "", lastUpdatedTime: 0 },
    sdes: {
      events: [
        {
          customerInfo: {
            serverTimeStamp: String(start - 95000),
            customerInfo: { customerStatus: "active", customerType: "gold", customerId: "C-558102", accountName: "Jonas Weber", loginStatus: "1" },
          },
          sdeType: "CUSTOMER_INFO",
          serverTimeStamp: String(start - 95000),
        },
        {
          personalInfo: {
            serverTimeStamp: String(start - 95000),
            personalInfo: { name: "Jonas", surname: "Weber", language: "de-DE", contacts: [{ personalContact: { email: "jonas.weber@example.com" } }] },
          },
          sdeType: "PERSONAL_INFO",
          serverTimeStamp: String(start - 95000),
        },
      ],
    },
    unAuthSdes: {
      events: [
        {
          viewedProduct: {
            serverTimeStamp: String(start - 610000),
            currency: "EUR",
            products: [{ product: { name: "Trail running shoe", category: "Footwear", sku: "TRS-4410-42", price: 129.9 } }],
          },
          sdeType: "VIEWED_PRODUCT",
          serverTimeStamp: String(start - 610000),
          isAuthenticated: false,
        },
      ],
    },
    responseTime: { latestEffectiveResponseDueTime: -1, configuredResponseTime: 120000 },
  };
  return {
    _metadata: {
      count: 1,
      self: { rel: "self", href: "https://va.msghist.liveperson.net/messaging_history/api/account/12345678/conversations/conversation/search?v=2" },
      shardsStatusResult: { partialResult: false },
    },
    conversationHistoryRecords: [record],
  };
}

/** A closed in-app conversation (skill Billing) of an unauthenticated consumer: a bare record. */
function billingRefundConversation(): Record<string, unknown> {
  const id = "7987ada4-7217-448d-bfe4-ae723b35027e";
  const consumerId = "605c518e-d0d1-4acc-96ef-7ecd36b25a9a";
  const agentId = "4117539120";
  const start = 1716223211502; // 2024-05-20 16:40:11.502 UTC
  const s = (seconds: number): number => start + seconds * 1000 + (seconds % 5) * 53;
  const end = s(131);
  return {
    info: {
      startTime: lpTime(start),
      startTimeL: start,
      endTime: lpTime(end),
      endTimeL: end,
      duration: end - start,
      conversationId: id,
      brandId: "12345678",
      latestAgentId: agentId,
      latestAgentNickname: "Theo",
      latestAgentFullName: "Theo Lindqvist",
      latestAgentLoginName: "theo.lindqvist@example.com",
      agentDeleted: false,
      latestSkillId: 1784563020,
      latestSkillName: "Billing",
      source: "APP",
      closeReason: "AGENT",
      closeReasonDescription: "MANUAL_CLOSE",
      mcs: 81,
      alertedMCS: 1,
      status: "CLOSE",
      fullDialogStatus: "CLOSE",
      firstConversation: true,
      csat: 5,
      device: "MOBILE",
      operatingSystem: "IOS",
      latestAgentGroupId: -1,
      latestAgentGroupName: "Main Group",
      latestQueueState: "ACTIVE",
      isPartial: false,
      visitorId: "pL7sD3fG9hJ2kQ5wR8tY1u",
      sessionId: "bN6mV4cX0zA9sD2fG7hJ3k",
      interactionContextId: "1",
      language: "en-GB",
    },
    messageRecords: messageRecords(id, consumerId, agentId, "APP", "MOBILE", [
      { at: s(1), by: "Consumer", text: "Hello, I was charged twice for my March invoice." },
      { at: s(48), by: "Agent", text: "Sorry about that! I can see the duplicate charge and have reversed it. It will be back on your statement within 3 to 5 business days." },
      { at: s(97), by: "Consumer", text: "Perfect, thanks." },
    ]),
    agentParticipants: [
      {
        agentFullName: "Theo Lindqvist",
        agentNickname: "Theo",
        agentLoginName: "theo.lindqvist@example.com",
        agentDeleted: false,
        agentId,
        userType: "1",
        userTypeName: "Human",
        role: "ASSIGNED_AGENT",
        agentGroupName: "Main Group",
        agentGroupId: -1,
        time: lpTime(s(20)),
        timeL: s(20),
        permission: "ASSIGNED_AGENT",
      },
    ],
    consumerParticipants: [
      {
        participantId: consumerId,
        firstName: "undefined",
        lastName: "undefined",
        token: "undefined",
        email: "undefined",
        phone: "undefined",
        avatarURL: "undefined",
        time: lpTime(start),
        timeL: start,
        joinTime: lpTime(start),
        joinTimeL: start,
        consumerName: "Consumer",
        dialogId: id,
        authenticated: false,
      },
    ],
    transfers: [],
    conversationSurveys: [
      {
        surveyType: "Resolution",
        surveyStatus: "FILLED",
        dialogId: id,
        surveyData: [{ question: "Did we resolve your issue today?", answer: "Yes" }],
      },
    ],
    summary: { text: "Duplicate March charge reversed.", lastUpdatedTime: end },
    sdes: { events: [] },
    unAuthSdes: {
      events: [
        {
          marketingCampaignInfo: {
            serverTimeStamp: String(start - 42000),
            isAuthenticated: false,
            marketingCampaignInfo: { originatingChannel: 1, affiliate: "newsletter", campaignId: "spring-billing-faq" },
          },
          sdeType: "MARKETING_CAMPAIGN_INFO",
          serverTimeStamp: String(start - 42000),
          isAuthenticated: false,
        },
        {
          searchContent: { serverTimeStamp: String(start - 30000), keywords: ["double charge", "refund"] },
          sdeType: "SEARCH_CONTENT",
          serverTimeStamp: String(start - 30000),
          isAuthenticated: false,
        },
      ],
    },
  };
}

/** The example conversations `lp-faas init` writes under fixtures/conversations/ (file name → contents). */
export const EXAMPLE_CONVERSATION_FIXTURES: ReadonlyArray<{ file: string; description: string; build: () => Record<string, unknown> }> = [
  { file: "order-delivery-open.json", description: "an open web conversation (skill Orders) with a hosted file, as a search response", build: orderDeliveryConversation },
  { file: "billing-refund-closed.json", description: "a closed in-app conversation (skill Billing) of an unauthenticated consumer, as a bare record", build: billingRefundConversation },
];

export function conversationFixtureJson(fixture: { build: () => Record<string, unknown> }): string {
  return `${JSON.stringify(fixture.build(), null, 2)}\n`;
}
