/**
 * Calls an external API. Every request leaves through the platform's proxy,
 * which only lets hosts on the allowlist through (functions/settings.json
 * "whitelist"; lp-faas allowlist add <host>). A host that is not listed gets
 * its connection closed: the error message is "Socket is closed".
 */
const { Toolbelt } = require("lp-faas-toolbelt");

const httpClient = Toolbelt.HTTPClient();

// eslint-disable-next-line no-unused-vars -- the platform calls lambda; this form needs no export
function lambda(input, callback) {
  const { url } = input.payload;
  httpClient(url, {
    method: "GET",
    headers: {},
    simple: false, // a 4xx/5xx answer resolves instead of rejecting
    resolveWithFullResponse: true, // resolve with { statusCode, headers, body }
  })
    .then((/** @type {import("lp-faas-toolbelt").FullResponse} */ response) => {
      console.info(`GET ${url} answered ${response.statusCode}`);
      callback(null, { statusCode: response.statusCode, contentType: response.headers["content-type"] });
    })
    .catch((err) => {
      if (String(err.message).includes("Socket is closed")) {
        console.error(`need to whitelist the host of ${url} (lp-faas allowlist add <host>)`);
      }
      callback(err, null);
    });
}
