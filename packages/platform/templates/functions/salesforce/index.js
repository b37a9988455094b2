/**
 * Salesforce: queries Salesforce with Toolbelt.SFClient() (jsforce), signed in with what the secret
 * "salesforce" holds: { "instanceUrl": "https://<you>.my.salesforce.com", "accessToken": "..." }.
 * The Salesforce hosts must be on the allowlist (e.g. lp-faas allowlist add "*.salesforce.com").
 * Until the secret exists, the function says what to set up instead of failing.
 */
const { Toolbelt } = require("lp-faas-toolbelt");

const SECRET = "salesforce";

// eslint-disable-next-line no-unused-vars -- the platform calls lambda; this form needs no export
async function lambda(input) {
  /** @type {{ instanceUrl: string, accessToken: string }} */
  let credentials;
  try {
    credentials = /** @type {{ instanceUrl: string, accessToken: string }} */ ((await Toolbelt.SecretClient().readSecret(SECRET)).value);
  } catch (error) {
    console.warn(`no secret ${SECRET}: ${error.message}`);
    return { configured: false, hint: `Add the secret "${SECRET}" { instanceUrl, accessToken } and allowlist your Salesforce host.` };
  }
  const connection = Toolbelt.SFClient().connectToSalesforce({ instanceUrl: credentials.instanceUrl, accessToken: credentials.accessToken, version: "59.0" });
  const limit = Number(input.payload.limit) || 5;
  const result = await connection.query(`SELECT Id, Name FROM Account LIMIT ${limit}`);
  return { configured: true, accounts: result.records.map((record) => ({ id: record.Id, name: record.Name })) };
}
