/**
 * The dashboard's session cookie: what the page gets in exchange for the admin
 * token (`POST /_dashboard/session`), so that the token leaves the address bar
 * and page scripts never hold it. The cookie is HttpOnly and SameSite=Strict.
 *
 * Its value is derived from the admin token (an HMAC), not the token itself:
 * cookies are shared by every port of 127.0.0.1, so another local server may
 * see it, and what it sees is good for this platform's dashboard calls only
 * (request-guard.ts accepts it under the same-origin rules), never as a bearer
 * token. Its name carries the port, so two platforms do not overwrite each
 * other's cookie. It stays valid across restarts, as the token does.
 */
import { createHmac } from "node:crypto";

/** The cookie's name for the platform listening on `port`. */
export function sessionCookieName(port: number): string {
  return `lp_faas_dashboard_${port}`;
}

/** The cookie's value for the admin token `token`. */
export function sessionCookieValue(token: string): string {
  return createHmac("sha256", token).update("lp-faas dashboard session v1").digest("base64url");
}

/** The value of cookie `name` in a `Cookie` header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** `Set-Cookie` for a session (no Max-Age: it ends with the browser session) or, with `clear`, its removal. */
export function sessionCookieHeader(port: number, value: string, clear = false): string {
  const attributes = ["Path=/", "HttpOnly", "SameSite=Strict", ...(clear ? ["Max-Age=0"] : [])];
  return `${sessionCookieName(port)}=${clear ? "" : value}; ${attributes.join("; ")}`;
}
