// An lpf-style function (V1 form): fetch JSON through the toolbelt's HTTPClient and
// report what happened. Runs unmodified on LivePerson Functions and on lp-faas.
const { Toolbelt } = require("lp-faas-toolbelt");

const httpClient = Toolbelt.HTTPClient();

function lambda(input, callback) {
  const { url } = input.payload;
  httpClient(url, {
    method: "GET",
    headers: {},
    simple: false,
    resolveWithFullResponse: true,
    json: true,
  })
    .then((response) => callback(null, { statusCode: response.statusCode, body: response.body }))
    .catch((err) => {
      if (err.message.includes("Socket is closed")) {
        console.error(`need to whitelist the domain of ${url}`);
      }
      callback(err, null);
    });
}

module.exports = { lambda };
