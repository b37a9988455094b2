/**
 * The checks every request passes before a route sees it: the browser-safety
 * rules (docs/platform/security.md) and, on admin routes, the admin token.
 *
 * - `Host` must name the platform itself (127.0.0.1, localhost or [::1] with
 *   the port the request arrived on): a page on attacker.example whose name
 *   was re-bound to 127.0.0.1 (DNS rebinding) sends its own name and is refused.
 * - A request carrying an `Origin` must come from one of those same origins:
 *   a cross-site page's fetch, form or beacon is refused whatever its method.
 *   Clients that are not browsers send no Origin and are unaffected.
 * - Admin routes need `Authorization: Bearer <token>`, compared in constant time,
 *   or, from the dashboard's own pages, its session cookie (session-cookie.ts):
 *   accepted only when the browser says the call is same-origin
 *   (`Sec-Fetch-Site`) and, for anything but GET and HEAD, sends the `Origin`
 *   checked above. With SameSite=Strict and JSON-only bodies (body.ts) no other
 *   site can make a browser spend it.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { PlatformError, PlatformErrorCodes } from "../errors";
import { readCookie, sessionCookieName, sessionCookieValue } from "./session-cookie";

const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"] as const;

/** The `Host` values that name this platform when it listens on `port`. */
export function ownHosts(port: number): ReadonlySet<string> {
  const hosts = LOOPBACK_NAMES.map((name) => `${name}:${port}`);
  return new Set(port === 80 ? [...hosts, ...LOOPBACK_NAMES] : hosts);
}

const shown = (value: string): string => JSON.stringify(value.slice(0, 100));

/** Throws unless `Host` is the platform's own and `Origin`, when present, is too. */
export function checkHostAndOrigin(req: IncomingMessage): void {
  const port = req.socket.localPort ?? 0;
  const hosts = ownHosts(port);
  const host = req.headers.host?.toLowerCase();
  if (host === undefined || !hosts.has(host)) {
    throw new PlatformError(
      PlatformErrorCodes.HostRefused,
      `The Host header ${host === undefined ? "is missing" : `${shown(host)} is not this platform`}; call it as http://127.0.0.1:${port} or http://localhost:${port}`,
    );
  }
  const origin = req.headers.origin;
  if (origin === undefined) return;
  const lower = origin.toLowerCase();
  if (!lower.startsWith("http://") || !hosts.has(lower.slice("http://".length))) {
    throw new PlatformError(PlatformErrorCodes.OriginRefused, `Requests from the origin ${shown(origin)} are refused: the platform serves no other site`);
  }
}

const digest = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();

/**
 * The admin check for `token`: 401 without a bearer token, 403 with another
 * one. Both sides are hashed first, so the comparison takes the same time
 * whatever the length or content of what was sent.
 */
export function createAdminCheck(token: string): (req: IncomingMessage) => void {
  const expected = digest(token);
  const expectedCookie = digest(sessionCookieValue(token));
  return (req) => {
    const header = req.headers.authorization;
    if (header === undefined && hasDashboardSession(req, expectedCookie)) return;
    const match = header === undefined ? null : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (!match) {
      throw new PlatformError(
        PlatformErrorCodes.AdminUnauthenticated,
        "This route needs the platform's admin token: send Authorization: Bearer <the contents of .lp-faas/admin-token in the project>",
        { challenge: { scheme: "Bearer", params: {} } },
      );
    }
    if (!timingSafeEqual(digest(match[1]!), expected)) {
      throw new PlatformError(
        PlatformErrorCodes.AdminForbidden,
        "The bearer token is not this platform's admin token (see .lp-faas/admin-token in the project)",
      );
    }
  };
}

/** The dashboard's session cookie, sent by one of the platform's own pages (see the header comment). */
function hasDashboardSession(req: IncomingMessage, expected: Buffer): boolean {
  const value = readCookie(req.headers.cookie, sessionCookieName(req.socket.localPort ?? 0));
  if (value === undefined) return false;
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") return false;
  const method = req.method ?? "GET";
  if (method !== "GET" && method !== "HEAD" && req.headers.origin === undefined) return false;
  return timingSafeEqual(digest(value), expected);
}
