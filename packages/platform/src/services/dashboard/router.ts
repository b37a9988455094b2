/**
 * The dashboard: a single-page app served by the platform itself at `/`
 * (docs/platform/dashboard.md). Its pages are plain URLs (`/invocations`,
 * `/secrets`, …) that all answer the same `index.html`; its scripts and
 * styles are under `/assets/`. It talks only to the platform's HTTP API, with
 * a session cookie it gets here in exchange for the admin token:
 *
 *   POST   /_dashboard/session   (admin: Authorization: Bearer <token>) → 204 + Set-Cookie
 *   DELETE /_dashboard/session   → 204, the cookie cleared
 */
import type { ServerResponse } from "node:http";
import { notFound } from "../../errors";
import { sendNoContent } from "../../http/respond";
import { ADMIN_ONLY, Router } from "../../http/router";
import { sessionCookieHeader, sessionCookieValue } from "../../http/session-cookie";
import { dashboardDir, loadDashboardFiles, type StaticFile } from "./static-files";

/** The page's own paths (kept in step with the dashboard's router, dashboard/src/routes.ts). */
export const DASHBOARD_PAGES = ["", "/invoke", "/invocations", "/invocations/:id", "/secrets", "/context", "/conversations", "/conversations/:id"] as const;

export const DASHBOARD_SESSION_PATH = "/_dashboard/session";

/**
 * What the page may load and call: its own scripts, styles and API, nothing
 * else (no CDN, no inline script). No Referer leaves it, so the token in the
 * first address never travels further.
 */
const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
};

function sendFile(res: ServerResponse, file: StaticFile, extra: Readonly<Record<string, string>> = {}): void {
  res.writeHead(200, {
    "content-type": file.contentType,
    "content-length": file.body.length,
    "cache-control": file.cacheControl,
    "x-content-type-options": "nosniff",
    ...extra,
  });
  res.end(file.body);
}

export interface DashboardOptions {
  /** Where the built dashboard is; default: found next to the compiled platform. */
  readonly dir?: string;
}

/** Mounted at the root (`""`): it owns only the paths no other service does. */
export function createDashboardRouter(options: DashboardOptions = {}): Router {
  const files = loadDashboardFiles(options.dir ?? dashboardDir());
  const router = new Router();

  const page = ({ res }: { res: ServerResponse }): void => {
    const file = files.page();
    if (!file) throw notFound("The dashboard is not built: run npm run build in the lp-faas repository (or reinstall lp-faas-platform)");
    sendFile(res, file, PAGE_HEADERS);
  };
  for (const path of DASHBOARD_PAGES) router.on("GET", path, page);

  router.on("GET", "/assets/:name", ({ res, params }) => {
    const file = files.asset(params.name!);
    if (!file) throw notFound(`There is no dashboard file assets/${params.name}`);
    sendFile(res, file);
  });

  // The admin check has verified the bearer token before this runs; the cookie is derived from it.
  router.on(
    "POST",
    DASHBOARD_SESSION_PATH,
    ({ req, res }) => {
      const token = /^Bearer[ \t]+(\S+)/i.exec(req.headers.authorization ?? "")?.[1];
      // Without a bearer token the caller passed the check with its cookie: it has a session already.
      if (token !== undefined) res.setHeader("set-cookie", sessionCookieHeader(req.socket.localPort ?? 0, sessionCookieValue(token)));
      res.setHeader("cache-control", "no-store");
      sendNoContent(res);
    },
    ADMIN_ONLY,
  );

  router.on("DELETE", DASHBOARD_SESSION_PATH, ({ req, res }) => {
    res.setHeader("set-cookie", sessionCookieHeader(req.socket.localPort ?? 0, "", true));
    sendNoContent(res);
  });
  return router;
}
