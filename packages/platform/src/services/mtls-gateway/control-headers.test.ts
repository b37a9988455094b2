import { describe, expect, it } from "vitest";
import { PlatformError } from "../../errors";
import { forwardedRequestHeaders, forwardedResponseHeaders, parseForwardUrl, readControlHeaders } from "./control-headers";
import { describeTransportError } from "./forward";

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof PlatformError ? error.code : "not a PlatformError";
  }
  return undefined;
};

describe("LP-forward-url", () => {
  it("takes an absolute https URL", () => {
    expect(parseForwardUrl("https://api.example.com:8443/a?b=1").href).toBe("https://api.example.com:8443/a?b=1");
  });

  it("refuses a missing, repeated, relative, non-https or credential-carrying URL", () => {
    for (const value of [undefined, "", "/relative", "http://api.example.com/", "ftp://x/", "https://u:p@api.example.com/", ["https://a/", "https://b/"]]) {
      expect(codeOf(() => parseForwardUrl(value))).toBe("com.liveperson.faas.platform.mtls-bad-forward-url");
    }
  });
});

describe("headers passed on", () => {
  const incoming = {
    host: "127.0.0.1:7420",
    authorization: "Bearer gateway-token",
    "lp-forward-url": "https://api.example.com/",
    "lp-stop-if-certificate-not-found": "TRUE",
    "lp-service-name": "FAAS",
    "lp-authorization-override": "Basic abc",
    "content-length": "12",
    connection: "keep-alive, x-hop",
    "x-hop": "dropped",
    "transfer-encoding": "chunked",
    "content-type": "application/json",
    "x-request-id": "r-1",
    "lp-url": "kept: not a control header",
  };

  it("reads the control headers (the stop flag in any case)", () => {
    const control = readControlHeaders(incoming);
    expect(control).toMatchObject({ stopIfNoCertificate: true, authorizationOverride: "Basic abc" });
    expect(control.target.host).toBe("api.example.com");
    expect(readControlHeaders({ "lp-forward-url": "https://a.example/" }).stopIfNoCertificate).toBe(false);
  });

  it("sends the caller's headers minus control, hop-by-hop and the gateway's own, with the override as Authorization", () => {
    expect(forwardedRequestHeaders(incoming, readControlHeaders(incoming))).toEqual({
      authorization: "Basic abc",
      "content-type": "application/json",
      "x-request-id": "r-1",
      "lp-url": "kept: not a control header",
    });
    const withoutOverride = { ...incoming, "lp-authorization-override": undefined };
    expect(forwardedRequestHeaders(withoutOverride, readControlHeaders(withoutOverride))).not.toHaveProperty("authorization");
  });

  it("answers with the target's headers minus hop-by-hop ones and the length", () => {
    expect(
      forwardedResponseHeaders({ "Content-Type": "text/plain", "Content-Length": "5", Connection: "close", "Keep-Alive": "x", "set-cookie": ["a=1", "b=2"] }),
    ).toEqual({ "content-type": "text/plain", "set-cookie": ["a=1", "b=2"] });
  });
});

describe("transport messages", () => {
  const url = new URL("https://api.example.com:8443/x");
  const coded = (message: string, code: string): Error => Object.assign(new Error(message), { code });

  it("names the host and what happened, in words", () => {
    expect(describeTransportError(url, coded("connect ECONNREFUSED", "ECONNREFUSED"), true)).toBe(
      "mTLS gateway could not reach api.example.com:8443: the connection was refused (nothing listens on that port)",
    );
    expect(describeTransportError(url, new Error("fetch failed", { cause: coded("getaddrinfo ENOTFOUND", "ENOTFOUND") }), false)).toBe(
      "mTLS gateway could not reach api.example.com:8443 (no client certificate is registered for it): the host name does not resolve (DNS)",
    );
  });

  it("says a server certificate that does not verify needs its CA registered", () => {
    const message = describeTransportError(url, coded("unable to get local issuer certificate", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"), true);
    expect(message).toContain("the TLS handshake failed: unable to get local issuer certificate");
    expect(message).toContain("lp-faas mtls add --ca");
  });
});
