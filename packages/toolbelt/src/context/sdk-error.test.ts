import { describe, expect, it } from "vitest";
import { ErrorCodes } from "../errors/codes";
import { isToolbeltError, ToolbeltError } from "../errors/toolbelt-error";
import { customNamespaceSegment, propertiesBody, sessionSegment, ttlSecondOf } from "./arguments";
import { isNetworkCode, SDKError } from "./sdk-error";

describe("SDKError", () => {
  it("is a ToolbeltError of component ContextServiceClient named SDKError, printed as the official SDK prints it", () => {
    const error = new SDKError(ErrorCodes.ContextService.Data.NotFound, "Requested Resource does not exist", { statusCode: 404 });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(ToolbeltError);
    expect(isToolbeltError(error)).toBe(true);
    expect(error.name).toBe("SDKError");
    expect(error.component).toBe("ContextServiceClient");
    expect(error.statusCode).toBe(404);
    expect(String(error)).toBe("SDKError: com.liveperson.context-service-sdk.data.does-not-exist Requested Resource does not exist");
    expect(Object.keys(error).sort()).toEqual(["code", "component", "statusCode"]);
  });

  it("has no statusCode property at all when none is given", () => {
    const error = new SDKError("ECONNRESET", "socket hang up");
    expect("statusCode" in error).toBe(false);
    expect(error.code).toBe("ECONNRESET");
  });

  it("knows exactly the retried network codes", () => {
    for (const code of ["ECONNRESET", "ENOTFOUND", "ESOCKETTIMEDOUT", "ETIMEDOUT", "ECONNREFUSED", "EHOSTUNREACH", "EPIPE", "EAI_AGAIN"])
      expect(isNetworkCode(code)).toBe(true);
    for (const code of ["EPROTO", "ERR_UNKNOWN", "", undefined, 5]) expect(isNetworkCode(code)).toBe(false);
  });
});

describe("context arguments", () => {
  it("encodes a session id, defaulting only a left-out one", () => {
    expect(sessionSegment(undefined)).toBe("__default__");
    expect(sessionSegment("a b/c?d#e")).toBe("a%20b%2Fc%3Fd%23e");
    expect(() => sessionSegment(null)).toThrow(SDKError);
    expect(() => sessionSegment("")).toThrow(SDKError);
  });

  it("refuses built-in namespaces by exact name only", () => {
    expect(() => customNamespaceSegment("faas", "create")).toThrow("Can not create a built-in namespace");
    expect(customNamespaceSegment("FAAS", "create")).toBe("FAAS");
    expect(customNamespaceSegment("faas2", "delete")).toBe("faas2");
  });

  it("takes a TTL only as a whole number above 0", () => {
    expect(ttlSecondOf(undefined)).toBeUndefined();
    expect(ttlSecondOf({})).toBeUndefined();
    expect(ttlSecondOf({ ttl: 1 })).toBe(1);
    expect(() => ttlSecondOf({ ttl: 2 ** 60 })).toThrow("TTL needs to be a positive integer above 0");
  });

  it("serialises properties to a JSON object", () => {
    expect(propertiesBody({ a: 1, b: undefined, c: new Date(0) })).toBe('{"a":1,"c":"1970-01-01T00:00:00.000Z"}');
    expect(propertiesBody({})).toBe("{}");
  });
});
