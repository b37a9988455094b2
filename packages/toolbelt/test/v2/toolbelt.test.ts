/** The V2 `Toolbelt`'s factories and the entry's exports (spec v2 §1), from source. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as entry from "../../src/v2/index";
import { ConversationContentTypes, ErrorCodes, ErrorStrategy, globalSecretCache, LpServices, SDETypes, Toolbelt, ToolBeltError } from "../../src/v2/index";

beforeEach(() => {
  process.env.X_LIVEPERSON_BRAND_ID = "123";
});
afterEach(() => {
  delete process.env.X_LIVEPERSON_BRAND_ID;
});

describe("lp-faas-toolbelt/v2", () => {
  it("exports exactly the names of core-functions-toolbelt", () => {
    expect(Object.keys(entry).sort()).toEqual([
      "ConversationContentTypes",
      "ErrorCodes",
      "ErrorStrategy",
      "LpServices",
      "SDETypes",
      "ToolBeltError",
      "Toolbelt",
      "globalSecretCache",
    ]);
  });

  it("has V2's enum values", () => {
    expect(LpServices).toMatchObject({ MSG_HIST: "msgHist", AUDITLOG: "auditLog", ASYNC_MESSAGING_EN: "asyncMessagingEnt", MSDKGW: "msdkgw" });
    expect(Object.keys(LpServices)).toHaveLength(14);
    expect(SDETypes).toMatchObject({ TRANSACTION: "purchase", ORDER_ID: "orderId" });
    expect(Object.keys(SDETypes)).toHaveLength(11);
    expect(ErrorStrategy).toEqual({ EXIT_ON_ERROR: "ExitOnError", CONTINUE_ON_ERROR: "ContinueOnError" });
    expect(Object.keys(ConversationContentTypes)).toHaveLength(24);
    expect(ConversationContentTypes.PREVIOUSLY_SUBMITTED_AGENT_SURVEYS).toBe("previouslySubmittedAgentSurveys");
    expect(globalSecretCache.ttl).toBe(300_000);
  });

  it("builds every client of §1", () => {
    expect(typeof Toolbelt.LpClient()).toBe("function");
    expect(Toolbelt.SecretClient()).toEqual({ readSecret: expect.any(Function), updateSecret: expect.any(Function) });
    expect(Toolbelt.ConversationUtil()).toEqual({ getConversationById: expect.any(Function), scanConversationForKeywords: expect.any(Function) });
    expect(Toolbelt.SDEUtil()).toEqual({ addSDEs: expect.any(Function), getSDEsFromConv: expect.any(Function) });
    expect(Toolbelt.GDPRUtil()).toEqual({ replaceConversationFiles: expect.any(Function) });
    expect(Toolbelt.CsdsClient()).toEqual({ get: expect.any(Function), getAll: expect.any(Function) });
    expect(Toolbelt.CsdsClient()).toBe(Toolbelt.CsdsClient());
    expect(typeof Toolbelt.OrchestratorClient().invoke).toBe("function");
    expect(typeof Toolbelt.LPMtlsClient().post).toBe("function");
    expect(typeof Toolbelt.ContextServiceClient("key").getListOfNamespaces).toBe("function");
    expect(typeof Toolbelt.SFClient().connectToSalesforce).toBe("function");
  });

  it("fails as core-functions-toolbelt where it throws: falsy API key, missing TLS config", () => {
    expect(() => Toolbelt.ContextServiceClient("")).toThrow(new Error("No valid API-key was provided"));
    const error = (() => {
      try {
        Toolbelt.MTLSClient(null as unknown as { cert: string; key: string });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ToolBeltError);
    expect(error).toMatchObject({ code: ErrorCodes.Mtls.Missing, component: "MTLS" });
  });

  it("clients that need the account say so when X_LIVEPERSON_BRAND_ID is unset", () => {
    delete process.env.X_LIVEPERSON_BRAND_ID;
    for (const build of [() => Toolbelt.LpClient(), () => Toolbelt.ConversationUtil(), () => Toolbelt.SDEUtil(), () => Toolbelt.GDPRUtil()]) {
      expect(build).toThrow(expect.objectContaining({ code: ErrorCodes.Toolbelt.InvalidConfig, message: expect.stringContaining("X_LIVEPERSON_BRAND_ID") }));
    }
    // Secrets need no account.
    expect(() => Toolbelt.SecretClient()).not.toThrow();
  });
});
