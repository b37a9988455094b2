/**
 * Invokes another function (here the V1 function v1_greeter) through the function gateway with the V2
 * OrchestratorClient, authorised by the secret LIVEPERSON_DEFAULT_APP_KEY. The callee's uuid comes from
 * this function's environmentVariables (config.json); lp-faas functions list shows every uuid.
 */
import { Toolbelt } from "core-functions-toolbelt";

const orchestrator = Toolbelt.OrchestratorClient();

// eslint-disable-next-line no-unused-vars -- the platform calls lambda; V2 code has no export
async function lambda(input) {
  const { name = "World" } = input.payload;
  // json: the answer's body arrives parsed.
  const [answer] = await orchestrator.invoke([{ uuid: process.env.GREETER_UUID, payload: { name } }], 10000, { json: true });
  console.info(`the greeter answered ${answer.statusCode}`);
  return { greeting: answer.body };
}
