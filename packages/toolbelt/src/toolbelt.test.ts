import { describe, expect, it } from "vitest";
import * as pkg from "./index";

const { Toolbelt, LpServices, ErrorStrategy, SDETypes, ConversationContentTypes, ErrorCodes, ToolbeltError } = pkg;

describe("package entry", () => {
  it("exports the documented names", () => {
    for (const name of [
      "Toolbelt",
      "LpServices",
      "ErrorStrategy",
      "SDETypes",
      "ConversationContentTypes",
      "ErrorCodes",
      "ToolbeltError",
      "RequestError",
      "StatusCodeError",
      "TransformError",
    ]) {
      expect(pkg).toHaveProperty(name);
    }
  });

  it("has every documented LpServices value", () => {
    expect({ ...LpServices }).toEqual({
      MSG_HIST: "msgHist",
      AGENT_VEP: "agentVep",
      ACCOUNT_CONFIG_READ_ONLY: "accountConfigReadOnly",
      ACCOUNT_CONFIG_READ_WRITE: "accountConfigReadWrite",
      ASYNC_MESSAGING: "asyncMessaging",
      ASYNC_MESSAGING_EN: "asyncMessagingEnt",
      ENG_HIST_DOMAIN: "engHistDomain",
      RTBF: "rtbf",
      AUDITLOG: "auditlog",
      SMT: "smt",
      PUSHER: "pusher",
      LE_DATA_REPORTING: "leDataReporting",
      MSG_EWT_API: "msgEwtAPI",
      MSDKGW: "msdkgw",
    });
  });

  it("has every documented ErrorStrategy and SDETypes value", () => {
    expect({ ...ErrorStrategy }).toEqual({ EXIT_ON_ERROR: "ExitOnError", CONTINUE_ON_ERROR: "ContinueOnError" });
    expect({ ...SDETypes }).toEqual({
      CART: "cart",
      TRANSACTION: "purchase",
      VIEWED_PRODUCT: "prodView",
      CUSTOMER_INFO: "ctmrinfo",
      MARKETING_SOURCE: "mrktInfo",
      PERSONAL_INFO: "personal",
      LEAD: "lead",
      SERVICE_ACTIVITY: "service",
      VISITOR_ERROR: "error",
      SEARCHED_CONTENT: "searchInfo",
      ORDER_ID: "orderId",
    });
  });

  it("has all 24 ConversationContentTypes", () => {
    expect(Object.keys(ConversationContentTypes)).toHaveLength(24);
    expect(ConversationContentTypes.UNAUTH_SDES).toBe("unAuthSdes");
    expect(ConversationContentTypes.COBROWSE_SESSIONS).toBe("coBrowseSessions");
    expect(ConversationContentTypes.PREVIOUSLY_SUBMITTED_AGENT_SURVEYS).toBe("previouslySubmittedAgentSurveys");
  });
});

describe("Toolbelt factories", () => {
  it("HTTPClient() returns a request-promise-style function with verbs and defaults()", () => {
    const client = Toolbelt.HTTPClient();
    expect(typeof client).toBe("function");
    for (const verb of ["get", "head", "options", "post", "put", "patch", "delete", "del", "defaults"] as const) {
      expect(typeof client[verb]).toBe("function");
    }
    expect(typeof client.defaults({ headers: { a: "b" } }).post).toBe("function");
  });

  it("SFClient() builds a jsforce Connection without any request", () => {
    const con = Toolbelt.SFClient().connectToSalesforce({ instanceUrl: "https://example.my.salesforce.com", accessToken: "token" });
    expect(con.constructor.name).toBe("Connection");
    expect(con.instanceUrl).toBe("https://example.my.salesforce.com");
    expect(typeof con.query).toBe("function");
  });

  it("ContextServiceClient() builds its client without any request, and checks its config synchronously", () => {
    const client = Toolbelt.ContextServiceClient({ accountId: "123", apiKey: "key" });
    expect(typeof client.createNamespace).toBe("function");
    expect(typeof client.getListOfSessions).toBe("function");
    let error: unknown;
    try {
      (Toolbelt.ContextServiceClient as (arg?: unknown) => unknown)();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(pkg.SDKError);
    expect(error).toBeInstanceOf(ToolbeltError);
    expect(error).toMatchObject({ component: "ContextServiceClient", code: ErrorCodes.ContextService.Parameter.Incorrect });
    expect((error as Error).message).toBe("No valid configuration was provided");
  });

  it("LpClient(), CsdsClient(), ConversationUtil(), SDEUtil() and OrchestratorClient() build their clients without any request", () => {
    expect(typeof Toolbelt.LpClient()).toBe("function");
    expect(typeof Toolbelt.CsdsClient().get).toBe("function");
    expect(typeof Toolbelt.CsdsClient().getAll).toBe("function");
    expect(typeof Toolbelt.ConversationUtil().getConversationById).toBe("function");
    expect(typeof Toolbelt.ConversationUtil().scanConversationForKeywords).toBe("function");
    expect(typeof Toolbelt.GDPRUtil().replaceConversationFiles).toBe("function");
    expect(typeof Toolbelt.SDEUtil().addSDEs).toBe("function");
    expect(typeof Toolbelt.SDEUtil().getSDEsFromConv).toBe("function");
    expect(typeof Toolbelt.OrchestratorClient().invoke).toBe("function");
  });

  it("MTLSClient() validates its TLS config when it is built (missing config → mtls.missing-conf)", () => {
    let error: unknown;
    try {
      (Toolbelt.MTLSClient as (arg?: unknown) => unknown)();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ToolbeltError);
    expect((error as InstanceType<typeof ToolbeltError>).component).toBe("MTLS");
    expect((error as InstanceType<typeof ToolbeltError>).code).toBe(ErrorCodes.Mtls.Missing);
    expect((error as Error).message).toBe("No Client TLS config was provided");
  });

  it("configure() refuses bad input with a typed error", () => {
    expect(() => Toolbelt.configure({ rateLimit: "fast" as unknown as number })).toThrow(/"rateLimit"/);
  });
});
