import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { ErrorCodes, allErrorCodes } from "./codes";
import { RequestError, StatusCodeError, TransformError } from "./request-errors";
import { isToolbeltError, ToolbeltError } from "./toolbelt-error";

describe("ToolbeltError", () => {
  it("carries name, component, code, message and cause", () => {
    const cause = new Error("root");
    const error = new ToolbeltError("HTTPClient", ErrorCodes.Http.InvalidOption, "bad option", { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(ToolbeltError);
    expect(error).toMatchObject({ name: "ToolbeltError", component: "HTTPClient", code: "com.liveperson.faas.http.invalid-option", message: "bad option" });
    expect(error.cause).toBe(cause);
    expect(String(error)).toBe("ToolbeltError: bad option");
    expect(JSON.parse(JSON.stringify(error))).toEqual({ component: "HTTPClient", code: "com.liveperson.faas.http.invalid-option" });
    expect(isToolbeltError(error)).toBe(true);
    expect(isToolbeltError(new Error("x"))).toBe(false);
  });

  it("is recognised across two copies of the package (Symbol.for brand)", () => {
    const foreign = new ToolbeltError("General", ErrorCodes.Toolbelt.NotImplemented, "x");
    Object.setPrototypeOf(foreign, Error.prototype);
    expect(foreign instanceof ToolbeltError).toBe(true);
    expect(new Error("plain") instanceof ToolbeltError).toBe(false);
  });

  it("every code follows the com.liveperson.faas.* scheme and is unique", () => {
    const codes = allErrorCodes();
    expect(codes.length).toBeGreaterThan(30);
    // The Context Session Store client keeps the official SDK's codes: its own prefix, and Node's network codes.
    const network = new Set<string>(Object.values(ErrorCodes.ContextService.Network));
    const context = new Set<string>([
      ...Object.values(ErrorCodes.ContextService.General),
      ErrorCodes.ContextService.Parameter.Incorrect,
      ErrorCodes.ContextService.Authorization.Invalid,
      ErrorCodes.ContextService.Data.NotFound,
    ]);
    for (const code of codes) {
      if (network.has(code)) expect(code).toMatch(/^E[A-Z_]+$/);
      else if (context.has(code)) expect(code).toMatch(/^com\.liveperson\.context-service-sdk\.[a-z0-9.-]+$/);
      else expect(code).toMatch(/^com\.liveperson\.faas\.[a-z0-9.-]+$/);
    }
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe("request-promise errors", () => {
  const options = { uri: "https://user:hunter2@example.com/x", headers: { Authorization: "Bearer s3cret-token" }, auth: { user: "u", pass: "p@ss-word" } };

  it("StatusCodeError has request-promise's fields and message", () => {
    const error = new StatusCodeError(404, { reason: "nope" }, options, { statusCode: 404 });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: "StatusCodeError", statusCode: 404, error: { reason: "nope" }, message: '404 - {"reason":"nope"}' });
    expect(error.response).toEqual({ statusCode: 404 });
  });

  it("RequestError and TransformError wrap their cause", () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const error = new RequestError(cause, options);
    expect(error).toMatchObject({ name: "RequestError", message: "Error: connect ECONNREFUSED 127.0.0.1:1", error: cause });
    expect(error.cause).toBe(cause);
    expect(new TransformError(new Error("bad"), options).message).toBe("Error: bad");
  });

  it.each([
    ["StatusCodeError", () => new StatusCodeError(500, "x", options)],
    ["RequestError", () => new RequestError(new Error("x"), options)],
    ["TransformError", () => new TransformError(new Error("x"), options)],
  ])("%s never shows credentials", (_name, make) => {
    const error = make();
    const views = [String(error), error.message, error.stack ?? "", JSON.stringify(error), inspect(error, { depth: 5, showHidden: false })];
    for (const view of views) {
      expect(view).not.toContain("hunter2");
      expect(view).not.toContain("s3cret-token");
      expect(view).not.toContain("p@ss-word");
    }
    // The options are still there for debugging, redacted.
    expect(error.options.uri).toBe("https://%5BREDACTED%5D:%5BREDACTED%5D@example.com/x");
    expect((error.options.headers as Record<string, string>).Authorization).toBe("[REDACTED]");
    expect(Object.keys(error)).not.toContain("options");
  });
});
