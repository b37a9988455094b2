/**
 * The async form: return the result, or throw an Error to fail the
 * invocation (code com.liveperson.faas.handler.custom-failure).
 * process.env holds the platform's variables (BRAND_ID, LAMBDA_UUID, ...)
 * and the function's own environmentVariables from config.json.
 */
module.exports.lambda = async function lambda(input) {
  const { name = "World" } = input.payload;
  return { message: `Hello ${name}!`, accountId: process.env.BRAND_ID, functionUuid: process.env.LAMBDA_UUID };
};
