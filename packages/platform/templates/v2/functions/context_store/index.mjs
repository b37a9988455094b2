/**
 * Keeps per-conversation state in the Context Session Store with the V2 ContextServiceClient: it takes
 * the API key alone (the account is X_LIVEPERSON_BRAND_ID, the host comes from CSDS). The key is kept as
 * the secret "context-store-api-key" (lp-faas init provisions a local one; lp-faas context keys create
 * makes more).
 */
import { Toolbelt } from "core-functions-toolbelt";

const secretClient = Toolbelt.SecretClient();

// eslint-disable-next-line no-unused-vars -- the platform calls lambda; V2 code has no export
async function lambda(input) {
  const { conversationId = "conv-1", step = "greeted" } = input.payload;
  const { value: apiKey } = /** @type {{ value: string }} */ (await secretClient.readSecret("context-store-api-key"));
  const contextClient = Toolbelt.ContextServiceClient(apiKey);

  // Creating a namespace that exists is fine; sessions here expire a day after their last write.
  await contextClient.createNamespace("onboarding", { ttl: 24 * 60 * 60 });
  const before = await contextClient.getAllPropertiesInSession("onboarding", conversationId);
  const visits = typeof before.visits === "number" ? before.visits + 1 : 1;
  const after = await contextClient.updatePropertiesInNamespace("onboarding", { lastStep: step, visits }, conversationId);
  console.info("session updated", { conversationId, visits });
  return { conversationId, session: after };
}
