/**
 * Reads a JSON secret with the V2 SecretClient: JSON secrets arrive parsed, reads are cached for 5 minutes
 * per instance. Secrets live in the account's secret storage; locally in functions/settings.json "secrets"
 * (lp-faas secrets set <key> <value>). Secrets named LIVEPERSON_DEFAULT_* are the platform's, read-only.
 */
import { Toolbelt } from "core-functions-toolbelt";

const secretClient = Toolbelt.SecretClient();

// eslint-disable-next-line no-unused-vars -- the platform calls lambda; V2 code has no export
async function lambda(input) {
  // A JSON secret arrives parsed.
  const { value } = /** @type {{ value: { username: string, password: string } }} */ (await secretClient.readSecret("api-credentials"));
  console.info(`read the credentials of ${value.username}`);
  // Never return or log the secret itself.
  return { username: value.username, hasPassword: typeof value.password === "string" };
}
