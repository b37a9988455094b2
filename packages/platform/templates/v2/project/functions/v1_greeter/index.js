/**
 * A LivePerson Functions V1 function (the callback form, CommonJS) in a V2 project: lp-faas runs each
 * function as its own generation (docs/platform/runtime.md), so the V2 orchestrator example can call it.
 */
// eslint-disable-next-line no-unused-vars -- the platform calls lambda; this form needs no export
function lambda(input, callback) {
  const { name = "World" } = input.payload;
  console.info(`Greeting ${name}`);
  callback(null, { message: `Hello ${name}!` });
}
