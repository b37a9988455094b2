import { describe, expect, it } from "vitest";
import type { CoreResponse } from "../egress/request-core";
import { resolveOptions } from "./normalize-options";
import { nextHop, shouldFollow, type Hop } from "./redirects";
import type { FullResponse, HttpClientOptions } from "./types";

function response(statusCode: number, location?: string, url = "http://a.test/start"): CoreResponse {
  return { statusCode, statusMessage: "", headers: location === undefined ? {} : { location }, body: Buffer.alloc(0), url: new URL(url) };
}

function hop(method: string, extra: Partial<Hop> = {}): Hop {
  return { url: new URL("http://a.test/start"), method, headers: {}, body: null, ...extra };
}

const resolved = (options: HttpClientOptions = {}) => resolveOptions({ uri: "http://a.test/start", ...options });

describe("shouldFollow", () => {
  it("needs a 3xx with a Location", () => {
    expect(shouldFollow(response(302, "/x"), hop("GET"), resolved())).toBe(true);
    expect(shouldFollow(response(302), hop("GET"), resolved())).toBe(false);
    expect(shouldFollow(response(200, "/x"), hop("GET"), resolved())).toBe(false);
    expect(shouldFollow(response(400, "/x"), hop("GET"), resolved())).toBe(false);
  });

  it.each([
    ["GET", {}, true],
    ["HEAD", {}, true],
    ["OPTIONS", {}, true],
    ["POST", {}, false],
    ["PUT", {}, false],
    ["PATCH", {}, false],
    ["DELETE", {}, false],
    ["GET", { followRedirect: false }, false],
    ["POST", { followAllRedirects: true }, true],
    ["GET", { followRedirect: false, followAllRedirects: true }, true],
  ] as const)("%s with %j → %s (request's Redirect.redirectTo)", (method, options, follow) => {
    expect(shouldFollow(response(302, "/x"), hop(method), resolved(options))).toBe(follow);
  });

  it("asks a followRedirect function last, with the response, only for a redirect it would follow", () => {
    const seen: FullResponse[] = [];
    const fn = (r: FullResponse) => (seen.push(r), r.headers.location === "/yes");
    expect(shouldFollow(response(301, "/yes"), hop("GET"), resolved({ followRedirect: fn }))).toBe(true);
    expect(shouldFollow(response(301, "/no"), hop("GET"), resolved({ followRedirect: fn }))).toBe(false);
    expect(shouldFollow(response(301, "/yes"), hop("POST"), resolved({ followRedirect: fn }))).toBe(false);
    expect(seen.map((r) => [r.statusCode, r.headers.location, r.request.method])).toEqual([
      [301, "/yes", "GET"],
      [301, "/no", "GET"],
    ]);
    expect(shouldFollow(response(301, "/yes"), hop("POST"), resolved({ followRedirect: fn, followAllRedirects: true }))).toBe(true);
  });
});

describe("nextHop", () => {
  const body = Buffer.from("payload");
  const headers = { "Content-Type": "application/json", "content-length": "7", Host: "a.test", Authorization: "Bearer t", Cookie: "c=1", "X-Keep": "1" };

  it.each([301, 302, 303])("%i with followAllRedirects: GET, no body, no content headers", (status) => {
    const next = nextHop(response(status, "/next"), hop("POST", { body, headers }), resolved({ followAllRedirects: true }), "a.test");
    expect(next.method).toBe("GET");
    expect(next.body).toBeNull();
    expect(next.url.href).toBe("http://a.test/next");
    expect(next.headers).toEqual({ Authorization: "Bearer t", Cookie: "c=1", "X-Keep": "1", referer: "http://a.test/start" });
  });

  it.each([307, 308])("%i keeps method, body and content headers", (status) => {
    const next = nextHop(response(status, "/next"), hop("PUT", { body, headers }), resolved({ followAllRedirects: true }), "a.test");
    expect(next.method).toBe("PUT");
    expect(next.body).toBe(body);
    expect(next.headers).toMatchObject({ "Content-Type": "application/json", "content-length": "7" });
    expect(next.headers).not.toHaveProperty("Host");
  });

  it("keeps HEAD, and the method with followOriginalHttpMethod (body still dropped)", () => {
    expect(nextHop(response(302, "/n"), hop("HEAD"), resolved({ followAllRedirects: true }), "a.test").method).toBe("HEAD");
    const kept = nextHop(response(302, "/n"), hop("POST", { body }), resolved({ followAllRedirects: true, followOriginalHttpMethod: true }), "a.test");
    expect([kept.method, kept.body]).toEqual(["POST", null]);
  });

  it("keeps the method for a GET-family redirect without followAllRedirects", () => {
    expect(nextHop(response(301, "/n"), hop("OPTIONS"), resolved(), "a.test").method).toBe("OPTIONS");
  });

  it("drops Authorization and Cookie on another host name (not on another port or scheme), for 307 too", () => {
    for (const status of [302, 307]) {
      const away = nextHop(response(status, "http://b.test/x"), hop("GET", { headers }), resolved(), "a.test");
      expect(away.headers).not.toHaveProperty("Authorization");
      expect(away.headers).not.toHaveProperty("Cookie");
      expect(away.headers["X-Keep"]).toBe("1");
    }
    const port = nextHop(response(302, "https://a.test:8443/x"), hop("GET", { headers }), resolved(), "a.test");
    expect(port.headers.Authorization).toBe("Bearer t");
  });

  it("compares with the original host, so credentials do not come back after leaving", () => {
    const away = nextHop(response(302, "http://b.test/x"), hop("GET", { headers }), resolved(), "a.test");
    const back = nextHop(response(302, "http://a.test/y", "http://b.test/x"), { ...away }, resolved(), "a.test");
    expect(back.headers).not.toHaveProperty("Authorization");
  });

  it("resolves a relative Location against the current URL, strips userinfo, sets or omits Referer", () => {
    const current = hop("GET", { url: new URL("http://a.test/dir/page?q=1") });
    const next = nextHop(response(302, "other?x=2", "http://a.test/dir/page?q=1"), current, resolved(), "a.test");
    expect(next.url.href).toBe("http://a.test/dir/other?x=2");
    expect(next.headers.referer).toBe("http://a.test/dir/page?q=1");
    const withUserinfo = nextHop(response(302, "http://u:secret@a.test/z"), hop("GET"), resolved(), "a.test");
    expect(withUserinfo.url.href).toBe("http://a.test/z");
    expect(nextHop(response(302, "/n"), hop("GET"), resolved({ removeRefererHeader: true }), "a.test").headers).not.toHaveProperty("referer");
  });
});
