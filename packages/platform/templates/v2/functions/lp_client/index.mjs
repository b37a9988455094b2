/**
 * Calls a LivePerson API with the V2 LpClient: it finds the service's host through CSDS, gets an OAuth 2.0
 * token for the secret LIVEPERSON_DEFAULT_APP_KEY, and resolves with the fetch Response (any status).
 * Here: the Messaging Interactions conversation search (locally, the project's fixtures/conversations).
 */
import { LpServices, Toolbelt } from "core-functions-toolbelt";

const lpClient = Toolbelt.LpClient();

// eslint-disable-next-line no-unused-vars -- the platform calls lambda; V2 code has no export
async function lambda(input) {
  const { conversationId } = input.payload;
  const accountId = process.env.X_LIVEPERSON_BRAND_ID;
  const response = await lpClient(LpServices.MSG_HIST, `/messaging_history/api/account/${accountId}/conversations/conversation/search?v=2`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ conversationId, contentToRetrieve: ["messageRecords"] }),
  });
  if (!response.ok) throw new Error(`conversation search answered ${response.status}`);
  const { conversationHistoryRecords } = /** @type {{ conversationHistoryRecords: Array<{ messageRecords: unknown[] }> }} */ (await response.json());
  const record = conversationHistoryRecords[0];
  console.info(`found ${conversationHistoryRecords.length} conversation(s)`);
  return { conversationId, messages: record ? record.messageRecords.length : 0 };
}
