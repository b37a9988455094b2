/**
 * LivePerson Functions V2: an ES module with a top-level async function lambda(input), not exported.
 * Return the result; throw an Error to fail the invocation (com.customer.faas.function.threw-error).
 * input is { headers: [{ key, value }], payload }.
 */
// eslint-disable-next-line no-unused-vars -- the platform calls lambda; V2 code has no export
async function lambda(input) {
  return "result";
}
