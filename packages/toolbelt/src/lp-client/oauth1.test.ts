/**
 * The toolbelt's OAuth 1.0a signatures checked against the `oauth-1.0a` library
 * (same nonce and timestamp), and against an independent RFC 5849 implementation
 * (test/lp-client/fake-liveperson.ts), itself checked against the RFC's and
 * Twitter's published examples.
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseOAuthHeader, rfc5849Encode, signatureBaseString, verifyOAuth1, type ApiKey } from "../../test/lp-client/fake-liveperson";
import { oauth1Authorization } from "./oauth1";

const KEY: ApiKey = { consumerKey: "ck", consumerSecret: "cs&secret", token: "tk", tokenSecret: "ts secret" };

function verify(method: string, url: string, authorization: string, formBody?: string) {
  const u = new URL(url);
  return verifyOAuth1({ method, scheme: u.protocol.slice(0, -1), host: u.host, target: `${u.pathname}${u.search}`, authorization, formBody }, [KEY], new Set());
}

describe("the independent RFC 5849 verifier", () => {
  it("builds RFC 5849 §3.4.1.1's signature base string", () => {
    const oauth = new Map([
      ["realm", "Example"],
      ["oauth_consumer_key", "9djdj82h48djs9d2"],
      ["oauth_token", "kkk9d7dh3k39sjv7"],
      ["oauth_signature_method", "HMAC-SHA1"],
      ["oauth_timestamp", "137131201"],
      ["oauth_nonce", "7d8f3e4a"],
      ["oauth_signature", "djosJKDKJSD8743243%2Fjdk33klY%3D"],
    ]);
    const base = signatureBaseString(
      { method: "POST", scheme: "http", host: "example.com", target: "/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b", formBody: "c2&a3=2+q" },
      oauth,
    );
    expect(base).toBe(
      "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7",
    );
  });

  it("reproduces Twitter's published HMAC-SHA1 example signature", () => {
    const oauth = new Map([
      ["oauth_consumer_key", "xvz1evFS4wEEPTGEFPHBog"],
      ["oauth_nonce", "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"],
      ["oauth_signature_method", "HMAC-SHA1"],
      ["oauth_timestamp", "1318622958"],
      ["oauth_token", "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"],
      ["oauth_version", "1.0"],
    ]);
    const base = signatureBaseString(
      {
        method: "POST",
        scheme: "https",
        host: "api.twitter.com",
        target: "/1.1/statuses/update.json?include_entities=true",
        formBody: "status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21",
      },
      oauth,
    );
    const key = `${rfc5849Encode("kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw")}&${rfc5849Encode("LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE")}`;
    expect(createHmac("sha1", key).update(base).digest("base64")).toBe("hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
  });
});

describe("oauth1Authorization", () => {
  it.each([
    ["GET", "https://va.msghist.liveperson.net/messaging_history/api/account/le1/conversations?v=2&source=FaaS_Toolbelt"],
    ["POST", "http://127.0.0.1:7420/api/account/1/monitoring/visitors/V1/visits/current/events?v=1&sid=S%201"],
    ["PUT", "https://h.test/p?b=2&a=1&a=0&odd=%2A!'()"],
  ])("signs exactly as the oauth-1.0a library does: %s %s", (method, url) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const OAuth = require("oauth-1.0a") as typeof import("oauth-1.0a");
    const library = new OAuth({
      consumer: { key: KEY.consumerKey, secret: KEY.consumerSecret },
      signature_method: "HMAC-SHA1",
      hash_function: (base, key) => createHmac("sha1", key).update(base).digest("base64"),
    });
    library.getNonce = () => "fixednonce123";
    library.getTimeStamp = () => 1700000000;
    const expected = library.authorize({ url, method }, { key: KEY.token, secret: KEY.tokenSecret }).oauth_signature;
    const ours = parseOAuthHeader(oauth1Authorization({ method, url: new URL(url) }, KEY, { nonce: "fixednonce123", timestamp: "1700000000" }))!;
    expect(ours.get("oauth_signature")).toBe(expected);
  });

  it("produces an HMAC-SHA1 Authorization header the RFC verifier accepts", () => {
    const url = "http://127.0.0.1:8080/api/account/le1/x?v=2&source=FaaS_Toolbelt";
    const header = oauth1Authorization({ method: "post", url: new URL(url) }, KEY);
    expect(header).toMatch(/^OAuth /);
    const params = parseOAuthHeader(header)!;
    expect([...params.keys()].sort()).toEqual([
      "oauth_consumer_key",
      "oauth_nonce",
      "oauth_signature",
      "oauth_signature_method",
      "oauth_timestamp",
      "oauth_token",
      "oauth_version",
    ]);
    expect(verify("POST", url, header)).toMatchObject({ ok: true });
  });

  it.each([
    ["no query", "https://va.example.net/a/b"],
    ["default https port dropped, host lower-cased", "https://VA.Example.NET:443/a?x=1"],
    ["plus and %20", "http://h.test/p?q=a+b%20c"],
    ["encoded names (qs arrays)", "http://h.test/p?a%5B0%5D=1&a%5B1%5D=2"],
    ["duplicate names", "http://h.test/p?x=2&x=1&x="],
    ["prototype names", "http://h.test/p?constructor=1&__proto__=2&toString="],
    ["reserved characters", "http://h.test/p?odd=%2A!'()&e=%C3%A9&q=a?b"],
    ["encoded path", "http://h.test/visitors/a%2F..%2Fb/visits?sid=%26x"],
    ["empty query", "http://h.test/p?"],
    ["fragment (never sent)", "http://h.test/p?a=1#frag"],
  ])("signs URLs correctly: %s", (_name, url) => {
    const u = new URL(url);
    u.hash = "";
    const header = oauth1Authorization({ method: "GET", url: new URL(url) }, KEY);
    expect(verify("GET", u.href, header)).toMatchObject({ ok: true });
  });

  it("signs form-encoded body parameters together with the query", () => {
    const url = "http://h.test/form?a=1&b=x";
    const formBody = "a=2&c=hello+world&d=%C3%BC";
    const header = oauth1Authorization({ method: "POST", url: new URL(url), formBody }, KEY);
    expect(verify("POST", url, header, formBody)).toMatchObject({ ok: true });
    expect(verify("POST", url, header)).toMatchObject({ ok: false });
  });

  it("is rejected for another URL, method, key or a replayed nonce", () => {
    const url = "http://h.test/p?a=1";
    const header = oauth1Authorization({ method: "GET", url: new URL(url) }, KEY);
    expect(verify("GET", "http://h.test/p?a=2", header)).toMatchObject({ ok: false, reason: "signature mismatch" });
    expect(verify("POST", url, header)).toMatchObject({ ok: false, reason: "signature mismatch" });
    const other = oauth1Authorization({ method: "GET", url: new URL(url) }, { ...KEY, consumerSecret: "other" });
    expect(verify("GET", url, other)).toMatchObject({ ok: false, reason: "signature mismatch" });
    const seen = new Set<string>();
    const input = { method: "GET", scheme: "http", host: "h.test", target: "/p?a=1", authorization: header };
    expect(verifyOAuth1(input, [KEY], seen)).toMatchObject({ ok: true });
    expect(verifyOAuth1(input, [KEY], seen)).toMatchObject({ ok: false, reason: "nonce replayed" });
  });

  it("uses a fresh nonce for every signature", () => {
    const url = new URL("http://h.test/p");
    const nonces = new Set(Array.from({ length: 20 }, () => parseOAuthHeader(oauth1Authorization({ method: "GET", url }, KEY))!.get("oauth_nonce")));
    expect(nonces.size).toBe(20);
  });
});
