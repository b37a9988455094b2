/**
 * The HTTP server every service shares: one listener on 127.0.0.1 that hands
 * each request to the service mounted at the longest matching path prefix.
 * The most specific prefix owns its paths: when several services share it,
 * each is tried in turn; services at shorter prefixes are not (so
 * `/v1/account/...` belongs to the Context Session Store, not to the object
 * storage mounted at `/v1`). Whatever a handler throws is answered through
 * `error-response.ts`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { KEEP_ALIVE_TIMEOUT_MS } from "../defaults";
import { PlatformError, PlatformErrorCodes } from "../errors";
import { sendError } from "./error-response";
import type { Router } from "./router";

export interface Mount {
  /** Where the router's paths start, e.g. `/_platform`; `""` for the root. */
  readonly prefix: string;
  readonly router: Router;
}

function owns(prefix: string, pathname: string): boolean {
  return prefix === "" || pathname === prefix || pathname.startsWith(`${prefix}/`);
}

async function dispatch(mounts: readonly Mount[], req: IncomingMessage, res: ServerResponse, url: URL, log: (line: string) => void): Promise<void> {
  const method = req.method ?? "GET";
  const pathname = url.pathname;
  const owner = mounts.find((mount) => owns(mount.prefix, pathname));
  let methodKnown = false;
  if (owner) {
    const relative = pathname.slice(owner.prefix.length);
    for (const mount of mounts) {
      if (mount.prefix !== owner.prefix) continue;
      const match = mount.router.match(method, relative);
      if (match.kind === "method-not-allowed") methodKnown = true;
      if (match.kind !== "found") continue;
      try {
        await match.route.handler({ req, res, url, params: match.params });
      } catch (error) {
        sendError(req, res, error, log, match.route.errorFormat);
      }
      return;
    }
  }
  throw methodKnown
    ? new PlatformError(PlatformErrorCodes.MethodNotAllowed, `${method} is not allowed on ${pathname}`)
    : new PlatformError(PlatformErrorCodes.NotFound, `No such route: ${method} ${pathname}`);
}

/** A server (not yet listening) that serves `mounts`; routers may still gain routes until it listens. */
export function createHttpServer(mounts: readonly Mount[], log: (line: string) => void): Server {
  const ordered = [...mounts].sort((a, b) => b.prefix.length - a.prefix.length);
  const server = createServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://127.0.0.1");
    } catch {
      url = new URL("http://127.0.0.1/");
    }
    dispatch(ordered, req, res, url, log).catch((error: unknown) => sendError(req, res, error, log));
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  return server;
}
