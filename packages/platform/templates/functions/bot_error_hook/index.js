/**
 * Third-Party Bots error hook: called when the bot fails, with input.payload = { error: { errorId,
 * name }, vendor, ... } and the vendor request and answer where there were any. The result is not
 * used: log, alert, count.
 */
// eslint-disable-next-line no-unused-vars -- the platform calls lambda; this form needs no export
function lambda(input, callback) {
  const { error, vendor } = input.payload;
  console.error(`bot error from ${vendor}: ${error.name}`, { errorId: error.errorId });
  callback(null);
}
