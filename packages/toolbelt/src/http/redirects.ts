/**
 * request's redirect rules, as one decision: whether to follow a 3xx, and what
 * the next hop sends. Each hop goes back through the request core, so the
 * egress policy and the rate limit apply to every hop.
 */
import type { CoreResponse } from "../egress/request-core";
import { removeHeader, type ResolvedHttpOptions } from "./normalize-options";
import type { RequestBody } from "./request-body";
import { headOnlyResponse } from "./response";

export interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string | string[]>;
  body: RequestBody;
}

const BODY_METHODS = new Set(["PATCH", "PUT", "POST", "DELETE"]);

function location(response: CoreResponse): string | undefined {
  if (response.statusCode < 300 || response.statusCode >= 400) return undefined;
  const value = response.headers.location;
  return Array.isArray(value) ? value[0] : value;
}

/**
 * request's `Redirect.redirectTo` + `allowRedirect`: `followAllRedirects` follows
 * any method (even with `followRedirect: false`); otherwise `followRedirect`
 * follows all but PATCH/PUT/POST/DELETE; a `followRedirect` function is asked
 * last, and only about a redirect that would otherwise be followed.
 */
export function shouldFollow(response: CoreResponse, hop: Hop, resolved: ResolvedHttpOptions): boolean {
  if (location(response) === undefined) return false;
  const eligible = resolved.followAllRedirects || (resolved.followRedirect !== false && !BODY_METHODS.has(hop.method));
  if (!eligible) return false;
  if (typeof resolved.followRedirect === "function") {
    return Boolean(resolved.followRedirect(headOnlyResponse(response, hop.method, hop.headers)));
  }
  return true;
}

/** The hop after a redirect: method, body and headers adjusted as request did. */
export function nextHop(response: CoreResponse, hop: Hop, resolved: ResolvedHttpOptions, originalHost: string): Hop {
  const target = new URL(location(response) as string, hop.url);
  const headers = { ...hop.headers };
  let { method, body } = hop;
  // request 2.88 kept method and body on 307 only (it predates 308); 308 is 307's permanent twin (RFC 7538), so it keeps them too.
  const keepsMethod = response.statusCode === 307 || response.statusCode === 308;
  if (!keepsMethod) {
    if (resolved.followAllRedirects && method !== "HEAD" && !resolved.followOriginalHttpMethod) method = "GET";
    body = null;
    removeHeader(headers, "content-type");
    removeHeader(headers, "content-length");
  }
  removeHeader(headers, "host");
  // Credentials never follow a redirect to another host (request kept them on a 307; we do not).
  if (target.hostname !== originalHost) {
    removeHeader(headers, "authorization");
    removeHeader(headers, "cookie");
  }
  if (!resolved.removeRefererHeader) {
    const referer = new URL(hop.url.href);
    referer.username = "";
    referer.password = "";
    removeHeader(headers, "referer");
    headers.referer = referer.href;
  }
  target.username = "";
  target.password = "";
  return { url: target, method, headers, body };
}
