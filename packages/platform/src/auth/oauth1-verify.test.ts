import { createHmac } from "node:crypto";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { OAuthError } from "./oauth1-error";
import { hmacSha1Signature, normaliseBaseUrl, parseAuthorizationHeader, parseQueryParameters, percentEncode, signatureBaseString } from "./oauth1-signature";
import { apiKeysFromSecrets, createOAuthVerifier, type ApiKey, type VerifiableRequest } from "./oauth1-verify";
import { NonceCache } from "./nonce-cache";

// The signer the toolbelt uses, loaded as the toolbelt loads it.
const OAuth = createRequire(__filename)("oauth-1.0a") as typeof import("oauth-1.0a");

/** The photo-printing example keys of OAuth Core 1.0 Appendix A and RFC 5849 §1.2. */
const PHOTOS: ApiKey = {
  secretName: "photos",
  consumerKey: "dpf43f3p2l4k3l03",
  consumerSecret: "kd94hf93k423kf44",
  token: "nnch734d00sl2jdk",
  tokenSecret: "pfkkdhi9sl3r4s00",
};

const header = (params: Record<string, string>): string =>
  `OAuth ${Object.entries(params)
    .map(([k, v]) => `${percentEncode(k)}="${percentEncode(v)}"`)
    .join(", ")}`;

function expectProblem(fn: () => unknown, problem: string): OAuthError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected OAuthError ${problem}`).toBeInstanceOf(OAuthError);
  expect((caught as OAuthError).problem).toBe(problem);
  expect((caught as OAuthError).code).toBe("com.liveperson.faas.es.unauthorized");
  return caught as OAuthError;
}

describe("published vectors", () => {
  it("verifies the OAuth Core 1.0 Appendix A request (GET photos, with oauth_version)", () => {
    const verifier = createOAuthVerifier({ keys: () => [PHOTOS], now: () => 1191242096 * 1000 });
    const request: VerifiableRequest = {
      method: "GET",
      target: "/photos?file=vacation.jpg&size=original",
      host: "photos.example.net",
      authorization: `OAuth realm="http://photos.example.net/", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="nnch734d00sl2jdk", oauth_signature_method="HMAC-SHA1", oauth_signature="tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D", oauth_timestamp="1191242096", oauth_nonce="kllo9940pd9333jh", oauth_version="1.0"`,
    };
    expect(verifier.baseString(request)).toBe(
      "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096%26oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal",
    );
    expect(verifier.verify(request)).toBe(PHOTOS);
  });

  it("verifies the RFC 5849 §1.2 request (no oauth_version; Host with a default port and upper case)", () => {
    const verifier = createOAuthVerifier({ keys: () => [PHOTOS], now: () => 137131202 * 1000 + 250_000 });
    expect(
      verifier.verify({
        method: "GET",
        target: "/photos?file=vacation.jpg&size=original",
        host: "Photos.Example.NET:80",
        authorization: `OAuth realm="Photos",\r\n  oauth_consumer_key="dpf43f3p2l4k3l03",\r\n  oauth_token="nnch734d00sl2jdk",\r\n  oauth_signature_method="HMAC-SHA1",\r\n  oauth_timestamp="137131202",\r\n  oauth_nonce="chapoH",\r\n  oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D"`,
      }),
    ).toBe(PHOTOS);
  });

  it("builds the RFC 5849 §3.4.1.1 base string (query with encoded names and values, repeated names)", () => {
    const query = parseQueryParameters("b5=%3D%253D&a3=a&c%40=&a2=r%20b");
    expect(query).toEqual([
      ["b5", "=%3D"],
      ["a3", "a"],
      ["c@", ""],
      ["a2", "r b"],
    ]);
    // The RFC's example also signs its form body (c2&a3=2+q); those parameters are given here by hand.
    const base = signatureBaseString("POST", normaliseBaseUrl("http", "example.com", "/request"), [
      ...query,
      ["c2", ""],
      ["a3", "2 q"],
      ["oauth_consumer_key", "9djdj82h48djs9d2"],
      ["oauth_token", "kkk9d7dh3k39sjv7"],
      ["oauth_signature_method", "HMAC-SHA1"],
      ["oauth_timestamp", "137131201"],
      ["oauth_nonce", "7d8f3e4a"],
    ]);
    expect(base).toBe(
      "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7",
    );
  });

  it("computes the widely published status-update signature (https, reserved characters in a value)", () => {
    const base = signatureBaseString("post", "https://api.twitter.com/1.1/statuses/update.json", [
      ["status", "Hello Ladies + Gentlemen, a signed OAuth request!"],
      ["include_entities", "true"],
      ["oauth_consumer_key", "xvz1evFS4wEEPTGEFPHBog"],
      ["oauth_nonce", "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"],
      ["oauth_signature_method", "HMAC-SHA1"],
      ["oauth_timestamp", "1318622958"],
      ["oauth_token", "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"],
      ["oauth_version", "1.0"],
    ]);
    expect(hmacSha1Signature(base, "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw", "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE")).toBe(
      "hCtSmYh+iHYCEqBWrE7C7hYmtUk=",
    );
  });

  it("percent-encodes as RFC 5849 §3.6 says", () => {
    expect(percentEncode("AZaz09-._~")).toBe("AZaz09-._~");
    expect(percentEncode("!*'() +/=&%")).toBe("%21%2A%27%28%29%20%2B%2F%3D%26%25");
    expect(percentEncode("☃é")).toBe("%E2%98%83%C3%A9");
  });

  it("normalises the base URL: lower-case scheme and host, default port dropped, other ports and the path kept", () => {
    expect(normaliseBaseUrl("HTTP", "Example.COM:80", "/r%20v/X")).toBe("http://example.com/r%20v/X");
    expect(normaliseBaseUrl("https", "www.example.net:443", "/")).toBe("https://www.example.net/");
    expect(normaliseBaseUrl("http", "127.0.0.1:7420", "/a")).toBe("http://127.0.0.1:7420/a");
    expect(normaliseBaseUrl("http", "[::1]:8080", "")).toBe("http://[::1]:8080/");
  });
});

describe("signatures made by the oauth-1.0a package", () => {
  const key: ApiKey = {
    secretName: "lp-faas-default-app-key",
    consumerKey: "ck-Zx81",
    consumerSecret: "cs/+&= secret",
    token: "tok-4471",
    tokenSecret: "ts ☃ secret",
  };
  const signer = new OAuth({
    consumer: { key: key.consumerKey, secret: key.consumerSecret },
    signature_method: "HMAC-SHA1",
    hash_function: (base, signingKey) => createHmac("sha1", signingKey).update(base).digest("base64"),
  });
  const sign = (method: string, url: string): string =>
    signer.toHeader(signer.authorize({ url, method }, { key: key.token, secret: key.tokenSecret })).Authorization;

  it.each([
    ["POST", "/messaging_history/api/account/12345678/conversations/conversation/search?v=2&source=FaaS_Toolbelt"],
    ["PUT", "/api/account/12345678/monitoring/visitors/vis%20tor/visits/current/events?v=1&sid=s.1-2_3~"],
    ["GET", "/api/x?name=J%C3%B6rg&empty=&list=b&list=a"],
    ["DELETE", "/p"],
    ["POST", "/search?q=a+b&v=2"], // the package keeps "+" literal; accepted by the compatibility retry
  ])("accepts %s %s", (method, path) => {
    const verifier = createOAuthVerifier({ keys: () => [key] });
    const authorization = sign(method, `http://127.0.0.1:7420${path}`);
    expect(verifier.verify({ method, target: path, host: "127.0.0.1:7420", authorization })).toBe(key);
  });

  it("accepts the key when it is stored as a JSON string, next to other secrets", () => {
    const keys = apiKeysFromSecrets([
      { key: "plain", value: "s3cr3t" },
      { key: "partial", value: { consumerKey: "ck-Zx81", consumerSecret: "x" } },
      {
        key: "app",
        value: JSON.stringify({ consumerKey: key.consumerKey, consumerSecret: key.consumerSecret, token: key.token, tokenSecret: key.tokenSecret }),
      },
    ]);
    expect(keys).toEqual([{ ...key, secretName: "app" }]);
    const verifier = createOAuthVerifier({ keys: () => keys });
    expect(verifier.verify({ method: "GET", target: "/a?b=c", host: "localhost:9", authorization: sign("GET", "http://localhost:9/a?b=c") }).secretName).toBe(
      "app",
    );
  });

  it("refuses a signature made for another method, path, query or host", () => {
    const verifier = createOAuthVerifier({ keys: () => [key] });
    const authorization = sign("POST", "http://127.0.0.1:7420/a?v=2");
    expectProblem(() => verifier.verify({ method: "PUT", target: "/a?v=2", host: "127.0.0.1:7420", authorization }), "signature_invalid");
    expectProblem(() => verifier.verify({ method: "POST", target: "/b?v=2", host: "127.0.0.1:7420", authorization }), "signature_invalid");
    expectProblem(() => verifier.verify({ method: "POST", target: "/a?v=1", host: "127.0.0.1:7420", authorization }), "signature_invalid");
    expectProblem(() => verifier.verify({ method: "POST", target: "/a?v=2", host: "127.0.0.1:7421", authorization }), "signature_invalid");
    // Each refusal above left the nonce unused: the genuine request still passes.
    expect(verifier.verify({ method: "POST", target: "/a?v=2", host: "127.0.0.1:7420", authorization })).toBe(key);
  });
});

describe("rejections", () => {
  const nowS = 1_700_000_000;
  const key: ApiKey = { secretName: "k", consumerKey: "ck", consumerSecret: "cs", token: "tk", tokenSecret: "ts" };

  function signedHeader(overrides: Record<string, string | undefined> = {}, opts: { secret?: string; method?: string; target?: string } = {}): string {
    const params: Record<string, string> = {
      oauth_consumer_key: "ck",
      oauth_token: "tk",
      oauth_signature_method: "HMAC-SHA1",
      oauth_timestamp: String(nowS),
      oauth_nonce: `n-${Math.random()}`,
      oauth_version: "1.0",
    };
    for (const [name, value] of Object.entries(overrides)) {
      if (value === undefined) delete params[name];
      else params[name] = value;
    }
    const target = opts.target ?? "/r?v=1";
    const [path, query = ""] = target.split("?");
    const base = signatureBaseString(opts.method ?? "PUT", normaliseBaseUrl("http", "127.0.0.1:7420", path!), [
      ...parseQueryParameters(query),
      ...Object.entries(params),
    ]);
    return header({ ...params, oauth_signature: hmacSha1Signature(base, opts.secret ?? "cs", "ts") });
  }

  const verifierAt = (clockS: { value: number }) => createOAuthVerifier({ keys: () => [key], now: () => clockS.value * 1000 });
  const req = (authorization: string | undefined, target = "/r?v=1"): VerifiableRequest => ({ method: "PUT", target, host: "127.0.0.1:7420", authorization });

  it("accepts a well-signed request", () => {
    expect(verifierAt({ value: nowS }).verify(req(signedHeader()))).toBe(key);
  });

  it("refuses a missing, foreign or garbled Authorization header", () => {
    const verifier = verifierAt({ value: nowS });
    expectProblem(() => verifier.verify(req(undefined)), "parameter_rejected");
    expectProblem(() => verifier.verify(req("  ")), "parameter_rejected");
    expectProblem(() => verifier.verify(req("Bearer abc.def")), "parameter_rejected");
    expectProblem(() => verifier.verify(req('OAuthoauth_consumer_key="ck"')), "parameter_rejected");
    expectProblem(() => verifier.verify(req('OAuth oauth_consumer_key="ck" oauth_token="tk"')), "parameter_rejected");
    expectProblem(() => verifier.verify(req('OAuth oauth_consumer_key="ck", oauth_token')), "parameter_rejected");
    expectProblem(() => verifier.verify(req('OAuth oauth_consumer_key="c%ZZ"')), "parameter_rejected");
    expectProblem(() => verifier.verify(req('OAuth oauth_consumer_key="ck", oauth_consumer_key="ck"')), "parameter_rejected");
    expect(() => parseAuthorizationHeader('OAuth a="1",b="2" , c=3')).not.toThrow();
    expect([...parseAuthorizationHeader('oauth realm="x", a="%20b"')]).toEqual([["a", " b"]]);
  });

  it("refuses missing parameters, another signature method or version, a non-numeric timestamp", () => {
    const verifier = verifierAt({ value: nowS });
    const absent = expectProblem(() => verifier.verify(req(signedHeader({ oauth_nonce: undefined, oauth_token: undefined }))), "parameter_absent");
    expect(absent.message).toContain("oauth_token, oauth_nonce");
    expectProblem(() => verifier.verify(req('OAuth oauth_consumer_key="ck"')), "parameter_absent");
    expectProblem(() => verifier.verify(req(signedHeader({ oauth_signature_method: "PLAINTEXT" }))), "signature_method_rejected");
    expectProblem(() => verifier.verify(req(signedHeader({ oauth_signature_method: "HMAC-SHA256" }))), "signature_method_rejected");
    expectProblem(() => verifier.verify(req(signedHeader({ oauth_version: "2.0" }))), "version_rejected");
    expectProblem(() => verifier.verify(req(signedHeader({ oauth_timestamp: "17e8" }))), "parameter_rejected");
    expect(verifier.verify(req(signedHeader({ oauth_version: undefined })))).toBe(key);
  });

  it("refuses a nonce over 64 characters, and oauth_* parameters in the query as well as the header", () => {
    const verifier = verifierAt({ value: nowS });
    expect(verifier.verify(req(signedHeader({ oauth_nonce: "n".repeat(64) })))).toBe(key);
    const long = expectProblem(() => verifier.verify(req(signedHeader({ oauth_nonce: "m".repeat(65) }))), "parameter_rejected");
    expect(long.message).toContain("the limit is 64");
    const target = "/r?v=1&oauth_token=tk";
    const twice = expectProblem(() => verifier.verify(req(signedHeader({}, { target }), target)), "parameter_rejected");
    expect(twice.message).toContain("oauth_token is given in the query as well");
  });

  it("refuses an unknown consumer key and a token that is not the key's", () => {
    const verifier = verifierAt({ value: nowS });
    expectProblem(() => verifier.verify(req(signedHeader({ oauth_consumer_key: "nobody" }))), "consumer_key_unknown");
    expectProblem(() => verifier.verify(req(signedHeader({ oauth_token: "other" }))), "token_rejected");
    expectProblem(() => createOAuthVerifier({ keys: () => [] }).verify(req(signedHeader())), "consumer_key_unknown");
  });

  it("refuses a bad signature: wrong secret, tampered value", () => {
    const verifier = verifierAt({ value: nowS });
    expectProblem(() => verifier.verify(req(signedHeader({}, { secret: "wrong" }))), "signature_invalid");
    const good = signedHeader();
    const tampered = good.replace(/oauth_signature="([^"]+)"/, (_m, sig: string) => `oauth_signature="${sig.startsWith("A") ? "B" : "A"}${sig.slice(1)}"`);
    expectProblem(() => verifier.verify(req(tampered)), "signature_invalid");
    expectProblem(() => verifier.verify(req(good.replace(/oauth_signature="[^"]+"/, 'oauth_signature="short"'))), "signature_invalid");
  });

  it("refuses a timestamp more than 300 s away from the clock, either way", () => {
    const clock = { value: nowS + 300 };
    const verifier = verifierAt(clock);
    expect(verifier.verify(req(signedHeader()))).toBe(key); // exactly at the edge
    clock.value = nowS + 301;
    const stale = expectProblem(() => verifier.verify(req(signedHeader())), "timestamp_refused");
    expect(stale.message).toMatch(/301 s away/);
    clock.value = nowS - 301;
    expectProblem(() => verifier.verify(req(signedHeader())), "timestamp_refused");
  });

  it("refuses a replayed nonce for the same key while its timestamp is acceptable; other keys may reuse it", () => {
    const other: ApiKey = { secretName: "o", consumerKey: "ck", consumerSecret: "cs", token: "tk2", tokenSecret: "ts" };
    const clock = { value: nowS };
    const verifier = createOAuthVerifier({ keys: () => [key, other], now: () => clock.value * 1000 });
    const first = signedHeader({ oauth_nonce: "same-nonce" });
    expect(verifier.verify(req(first))).toBe(key);
    expectProblem(() => verifier.verify(req(first)), "nonce_used");
    clock.value = nowS + 200;
    expectProblem(() => verifier.verify(req(first)), "nonce_used");
    // Same nonce, another token: a different key's request.
    const params = {
      oauth_consumer_key: "ck",
      oauth_token: "tk2",
      oauth_signature_method: "HMAC-SHA1",
      oauth_timestamp: String(nowS),
      oauth_nonce: "same-nonce",
    };
    const base = signatureBaseString("PUT", "http://127.0.0.1:7420/r", [["v", "1"], ...Object.entries(params)]);
    expect(verifier.verify(req(header({ ...params, oauth_signature: hmacSha1Signature(base, "cs", "ts") })))).toBe(other);
    // Past the window the timestamp check takes over.
    clock.value = nowS + 301;
    expectProblem(() => verifier.verify(req(first)), "timestamp_refused");
  });

  it("keeps the nonce memory bounded and forgets expired nonces", () => {
    const cache = new NonceCache(3);
    expect(cache.remember("k", "t", "a", 1000, 0)).toBe(true);
    expect(cache.remember("k", "t", "a", 1000, 500)).toBe(false);
    expect(cache.remember("k", "t", "a", 3000, 1001)).toBe(true); // expired: new again
    cache.remember("k", "t", "b", 5000, 1001);
    cache.remember("k", "t", "c", 5000, 1001);
    cache.remember("k", "t", "d", 5000, 1001);
    expect(cache.size).toBe(3);
    expect(cache.remember("k", "t", "d", 5000, 1002)).toBe(false);
    expect(cache.remember("k", "t", "a", 5000, 1002)).toBe(true); // the oldest was forgotten first
  });

  it("needs a Host to check a signature against", () => {
    const verifier = verifierAt({ value: nowS });
    expectProblem(() => verifier.verify({ ...req(signedHeader()), host: undefined }), "parameter_rejected");
    // An absolute request-target carries its own host.
    expect(verifier.verify({ ...req(signedHeader()), host: undefined, target: "http://127.0.0.1:7420/r?v=1" })).toBe(key);
  });
});
