/** The Context Session Store client's retry policy, without a network or a clock. */
import { describe, expect, it } from "vitest";
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";
import { DEFAULT_RETRY_DELAYS_MS, networkCodeOf, retryDelayMs } from "./retry-policy";
import { SDKError } from "./sdk-error";

const coded = (code: unknown, cause?: unknown): Error => Object.assign(new Error(String(code)), { code }, cause === undefined ? {} : { cause });
/** `depth` plain errors, the last one carrying `code`. */
const chain = (depth: number, code: string): unknown => {
  let error: unknown = coded(code);
  for (let i = 1; i < depth; i++) error = new Error("wrapper", { cause: error });
  return error;
};

describe("networkCodeOf", () => {
  it.each<[string, unknown, string | undefined]>([
    ["a code on the error", coded("ECONNRESET"), "ECONNRESET"],
    ["a code only in the cause (fetch's TypeError)", new TypeError("fetch failed", { cause: coded("ECONNREFUSED") }), "ECONNREFUSED"],
    ["a retried code deeper wins over a first other one", coded("UND_ERR_SOCKET", coded("EPIPE")), "EPIPE"],
    ["no retried code: the first string code", coded("CERT_HAS_EXPIRED", coded("ERR_TLS")), "CERT_HAS_EXPIRED"],
    ["a code 8 levels down is found", chain(8, "ETIMEDOUT"), "ETIMEDOUT"],
    ["a code 9 levels down is not", chain(9, "ETIMEDOUT"), undefined],
    ["a numeric code is not a code", coded(42), undefined],
    ["no code at all", new Error("x"), undefined],
    ["not an object", "ECONNRESET", undefined],
    ["null", null, undefined],
  ])("%s", (_name, error, expected) => {
    expect(networkCodeOf(error)).toBe(expected);
  });
});

describe("retryDelayMs", () => {
  const reset = coded("ECONNRESET");
  it.each<[string, unknown, number, readonly number[], number | undefined]>([
    ["a reset after attempt 1: 2 s", reset, 1, DEFAULT_RETRY_DELAYS_MS, 2_000],
    ["a reset after attempt 2: 4 s", reset, 2, DEFAULT_RETRY_DELAYS_MS, 4_000],
    ["a reset after attempt 3: final (3 attempts in all)", reset, 3, DEFAULT_RETRY_DELAYS_MS, undefined],
    ["a code in the cause chain counts", new TypeError("fetch failed", { cause: coded("EAI_AGAIN") }), 1, DEFAULT_RETRY_DELAYS_MS, 2_000],
    ["a failure that is not a network one: final", coded("CERT_HAS_EXPIRED"), 1, DEFAULT_RETRY_DELAYS_MS, undefined],
    [
      "the deadline (an SDKError, even with a network-looking cause): final",
      new SDKError(ErrorCodes.ContextService.General.Timeout, "deadline", { cause: reset }),
      1,
      DEFAULT_RETRY_DELAYS_MS,
      undefined,
    ],
    [
      "an egress refusal (a ToolbeltError): final",
      new ToolbeltError("Egress", ErrorCodes.Egress.HostRefused, "refused"),
      1,
      DEFAULT_RETRY_DELAYS_MS,
      undefined,
    ],
    ["custom pauses", reset, 2, [50, 100, 150], 100],
    ["no pauses: one attempt only", reset, 1, [], undefined],
  ])("%s", (_name, error, attemptNo, delays, expected) => {
    expect(retryDelayMs(error, attemptNo, delays)).toBe(expected);
  });

  it("the default pauses are 2 s and 4 s, frozen", () => {
    expect([...DEFAULT_RETRY_DELAYS_MS]).toEqual([2_000, 4_000]);
    expect(Object.isFrozen(DEFAULT_RETRY_DELAYS_MS)).toBe(true);
  });
});
