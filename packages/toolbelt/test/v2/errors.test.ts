/** ErrorCodes and ToolBeltError of the V2 entry (spec v2 §1, B17). */
import { describe, expect, it } from "vitest";
import { ToolbeltError } from "../../src/errors/toolbelt-error";
import { ErrorCodes } from "../../src/v2/errors/codes";
import { isPassThroughError, ToolBeltError, toV2Error } from "../../src/v2/errors/toolbelt-error";

describe("V2 ErrorCodes", () => {
  it("nests and spells the codes as core-functions-toolbelt", () => {
    const p = "com.liveperson.faas.";
    expect(ErrorCodes.Platform.Secret.NoToken).toBe(`${p}handler.no-sa-token`);
    expect(ErrorCodes.Secret).toMatchObject({
      Invalid: `${p}secret.invalid-format`,
      Failure: `${p}secret.op-failed`,
      Timeout: `${p}secret.op-timed-out`,
      NotFound: `${p}secret.not-found`,
      AuthFailure: `${p}secret.auth-failed`,
      SystemSecret: `${p}secret.forbidden`,
    });
    expect(ErrorCodes.Csds).toEqual({ NotFound: `${p}csds.domain.not-found`, Failure: `${p}csds.op-failed` });
    expect(ErrorCodes.Mtls).toMatchObject({
      General: `${p}mtls.general-issue`,
      Remote: `${p}mtls.remote-threw`,
      Missing: `${p}mtls.missing-conf`,
      Invalid: { Key: `${p}mtls.invalid-key`, Cert: `${p}mtls.invalid-cert` },
      BadRequest: `${p}mtls.invalid-request`,
      Creds: { Format: `${p}lp-mtls.credentials-wrong-format`, Failure: `${p}lp-mtls.get-credentials-failure` },
      Timeout: `${p}mtls.request-timeout`,
    });
    expect(ErrorCodes.OAuth2).toEqual({ General: `${p}oauth2.general-issue`, UnexpectedResponse: `${p}oauth2.unexpected-response` });
    expect(ErrorCodes.LpClient.Creds).toEqual({ Format: `${p}lp-client.credentials-wrong-format`, Failure: `${p}lp-client.get-credentials-failure` });
    expect(ErrorCodes.ConversationUtil).toMatchObject({
      General: `${p}conversation-util-general`,
      NotFound: `${p}conversation-util.conversation.not-found`,
      UnexpectedResponse: `${p}conversation-util.unexpected-response`,
      Timeout: `${p}conversation-util.timeout`,
    });
    expect(ErrorCodes.GDPRUtil).toEqual({
      General: `${p}gdpr-util-general`,
      AuthFailure: `${p}gdpr-util.auth-failed`,
      ReplaceFileFailed: `${p}gdpr-util.replace-file-failed`,
    });
    expect(ErrorCodes.SDEsUtil).toEqual({ General: `${p}sdes-util-general`, UnexpectedResponse: `${p}sdes-util.unexpected-response` });
    expect(ErrorCodes.OrchestratorFN).toMatchObject({
      General: `${p}orchestrator-fn-general`,
      Timeout: `${p}orchestrator-fn.invoke.timeout`,
      Invocation: { StatusError: `${p}orchestrator-fn.invoke.status-code-error` },
      Creds: { Format: `${p}orchestrator-fn.credentials-wrong-format`, Failure: `${p}orchestrator-fn.get-credentials-failure` },
    });
  });
});

describe("V2 ToolBeltError", () => {
  it("B17: keeps the component: name ToolBeltError, bare message, component in the stack and String()", () => {
    const error = new ToolBeltError("SecretClient", ErrorCodes.Secret.NotFound, "There is no secret x for this account");
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ToolBeltError");
    expect(error.message).toBe("There is no secret x for this account");
    expect(error.stack!.split("\n")[0]).toBe("ToolBeltError: SecretClient: There is no secret x for this account");
    expect(String(error)).toBe("ToolBeltError: SecretClient: There is no secret x for this account");
    expect(JSON.parse(JSON.stringify(error))).toEqual({ component: "SecretClient", code: ErrorCodes.Secret.NotFound });
  });

  it("is one family with V1's ToolbeltError: each passes the other's instanceof, toV2Error converts", () => {
    const v1 = new ToolbeltError("CSDS-Client", "com.liveperson.faas.csds.op-failed", "down");
    const v2 = new ToolBeltError("LP-MTLS", "x", "y");
    expect(v1).toBeInstanceOf(ToolBeltError);
    expect(v2).toBeInstanceOf(ToolbeltError);
    expect(isPassThroughError(v1) && isPassThroughError(v2)).toBe(true);
    expect(isPassThroughError(Object.assign(new Error("e"), { component: 1, code: "c" }))).toBe(false);
    const converted = toV2Error(v1) as ToolBeltError;
    expect(converted.name).toBe("ToolBeltError");
    expect([converted.component, converted.code, converted.message]).toEqual(["CSDS-Client", "com.liveperson.faas.csds.op-failed", "down"]);
    expect(toV2Error(v2)).toBe(v2);
    class SubError extends ToolBeltError {}
    expect(new SubError("a", "b", "c")).toBeInstanceOf(SubError);
    expect(v2).not.toBeInstanceOf(SubError);
  });
});
