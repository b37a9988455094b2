/**
 * The Context Session Store keeps state between invocations: namespaces hold
 * sessions (e.g. one per conversation), sessions hold properties (any JSON).
 * Prerequisites, on LivePerson Functions and here alike: an API key saved as
 * the secret "context-store-api-key" (lp-faas init provisions a local one;
 * lp-faas context keys create makes more), and "*.context.liveperson.net" on
 * the allowlist (functions/settings.json "whitelist").
 */
const { Toolbelt } = require("lp-faas-toolbelt");

const secretClient = Toolbelt.SecretClient();

async function lambda(input) {
  const { conversationId = "conv-1", step = "greeted" } = input.payload || {};
  /** @type {import("lp-faas-toolbelt").SecretEntry<string>} */
  const { value: apiKey } = await secretClient.readSecret("context-store-api-key");
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
