/** The store's answers and failures as SDKErrors, with no store: statuses, details, redaction. */
import { describe, expect, it } from "vitest";
import type { CoreResponse } from "../egress/request-core";
import { ErrorCodes } from "../errors/codes";
import { createStoreErrors, deadlineExceeded } from "./store-errors";
import { SDKError } from "./sdk-error";

const KEY = "unit-S3CRET-key";
const errors = createStoreErrors(KEY);
const C = "com.liveperson.context-service-sdk.";

function answer(statusCode: number, body: unknown, statusMessage = ""): CoreResponse {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return { statusCode, statusMessage, headers: {}, body: Buffer.from(text), url: new URL("https://store.example") };
}

describe("statusError", () => {
  it.each<[number, unknown, string, string]>([
    [403, "", `${C}authorization.invalid`, "Provided API Key is either invalid or lacks permission"],
    [403, { message: "key revoked" }, `${C}authorization.invalid`, "Provided API Key is either invalid or lacks permission: key revoked"],
    // The store repeating the fixed text adds nothing.
    [404, { message: "Requested Resource does not exist" }, `${C}data.does-not-exist`, "Requested Resource does not exist"],
    [500, { message: "db exploded" }, `${C}internal-server-error`, "Internal Server Error occurred during processing request: db exploded"],
    [503, "database locked", `${C}internal-server-error`, "Internal Server Error occurred during processing request: database locked"],
    [409, { code: "x", message: "namespace limit reached" }, `${C}unknown`, "Unknown Error namespace limit reached occurred"],
    // A JSON body without a message is used as text.
    [400, { code: "x" }, `${C}unknown`, 'Unknown Error {"code":"x"} occurred'],
    [502, "<h1>Bad   Gateway</h1>\n", `${C}unknown`, "Unknown Error <h1>Bad Gateway</h1> occurred"],
  ])("%i %j → %s", (status, body, code, message) => {
    const error = errors.statusError(answer(status, body));
    expect(error).toBeInstanceOf(SDKError);
    expect(error).toMatchObject({ code, message, statusCode: status });
  });

  it("an empty body names the status and its message", () => {
    expect(errors.statusError(answer(504, "", "Gateway Timeout")).message).toBe("Unknown Error HTTP 504 Gateway Timeout occurred");
    expect(errors.statusError(answer(504, "")).message).toBe("Unknown Error HTTP 504 occurred");
  });

  it("masks the API key and keeps the store's text to one bounded line", () => {
    const error = errors.statusError(answer(403, { message: `key ${KEY} is\nnot valid here` }));
    expect(error.message).toBe("Provided API Key is either invalid or lacks permission: key [REDACTED] is not valid here");
    const long = errors.statusError(answer(409, "x".repeat(400)));
    expect(long.message).toBe(`Unknown Error ${"x".repeat(300)}… occurred`);
  });
});

describe("unreadable", () => {
  it("quotes what the store answered, or says it was empty", () => {
    expect(errors.unreadable(answer(200, "<html>"), "a JSON list of session ids")).toMatchObject({
      code: `${C}unknown`,
      statusCode: 200,
      message: 'Unknown Error the store answered 200 with "<html>" instead of a JSON list of session ids occurred',
    });
    expect(errors.unreadable(answer(204, ""), "a JSON object of properties").message).toBe(
      "Unknown Error the store answered 204 with an empty body instead of a JSON object of properties occurred",
    );
  });
});

describe("failure", () => {
  it.each<[string, unknown, string, string]>([
    ["a network code on the error", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), "ECONNRESET", "socket hang up"],
    [
      "a network code in the cause",
      new TypeError("fetch failed", { cause: Object.assign(new Error("x"), { code: "ENOTFOUND" }) }),
      "ENOTFOUND",
      "fetch failed",
    ],
    [
      "another code, named once",
      Object.assign(new Error("certificate has expired"), { code: "CERT_HAS_EXPIRED" }),
      `${C}unknown`,
      "Unknown Error certificate has expired (CERT_HAS_EXPIRED) occurred",
    ],
    [
      "a code already in the message",
      Object.assign(new Error("EPROTO: bad record"), { code: "EPROTO" }),
      `${C}unknown`,
      "Unknown Error EPROTO: bad record occurred",
    ],
    ["not an Error", "weird", `${C}unknown`, "Unknown Error weird occurred"],
    ["the key in a message", new Error(`bad key ${KEY}`), `${C}unknown`, "Unknown Error bad key [REDACTED] occurred"],
  ])("%s", (_name, thrown, code, message) => {
    const error = errors.failure(thrown);
    expect(error).toMatchObject({ code, message });
    expect(error.cause).toBe(thrown);
    expect("statusCode" in error).toBe(false);
  });
});

it("deadlineExceeded names the deadline", () => {
  expect(deadlineExceeded(300)).toMatchObject({ code: ErrorCodes.ContextService.General.Timeout, message: "Request exceeded Deadline of 300ms" });
});
