/**
 * console.debug, console.info, console.warn and console.error are recorded as
 * the invocation's logs: { level, message, extras, timestamp }, where extras
 * are the arguments after the first. There is no console.log on the platform.
 * Debug logs are shown locally but never stored by the real platform.
 */
async function lambda(input) {
  const { orderId } = input.payload;
  console.debug("Received input", input.payload);
  console.info("Processing order", { orderId });
  console.warn("Stock is low", { orderId, remaining: 2 });
  console.error("Logging an error does not fail the invocation", { orderId, code: "LOW_STOCK" });
  return { orderId, logged: 4 };
}

module.exports = { lambda };
