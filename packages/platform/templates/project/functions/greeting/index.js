/**
 * The callback form (V1): the platform calls lambda(input, callback) with
 * input = { headers, payload }. Call callback(error, result) exactly once;
 * a function that never calls back fails with executiontime-exceeded.
 */
// eslint-disable-next-line no-unused-vars -- the platform calls lambda; this form needs no export
function lambda(input, callback) {
  const name = input.payload.name || "World";
  console.info(`Greeting ${name}`);
  callback(null, { message: `Hello ${name}!` });
}
