/**
 * Third-Party Bots pre or post hook: input.payload is the request the connector is about to send to
 * the bot vendor (pre hook) or the vendor's answer (post hook). Return it, changed as you need:
 * the connector carries on with what you return.
 */
// eslint-disable-next-line no-unused-vars -- the platform calls lambda; this form needs no export
function lambda(input, callback) {
  const vendorObject = input.payload;
  console.info(`hook for conversation ${vendorObject.convId || "(vendor answer)"}`);
  callback(null, vendorObject);
}
