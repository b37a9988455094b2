/**
 * Secrets live in the account's secret storage; locally in
 * functions/settings.json "secrets" (lp-faas secrets set <key> <value>).
 * A function may read them and update existing ones, but not create them.
 */
const { Toolbelt } = require("lp-faas-toolbelt");

const secretClient = Toolbelt.SecretClient();

// eslint-disable-next-line no-unused-vars -- the platform calls lambda; this form needs no export
function lambda(input, callback) {
  secretClient
    .readSecret("my_Secret-Key")
    .then((mySecret) => {
      // Fetching the secret value
      const value = mySecret.value;
      console.info(`read a secret of ${String(value).length} characters`);
      // you can also update your secret e.g. if you received a new OAuth2 token
      mySecret.value = "nEw.oaUtH2-tOKeN!!11!";
      return secretClient.updateSecret(mySecret);
    })
    .then(() => {
      callback(null, { message: "Successfully updated secret" });
    })
    .catch((err) => {
      console.error(`Failed during secret operation with ${err.message}`);
      callback(err, null);
    });
}
