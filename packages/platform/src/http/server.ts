/**
 * The HTTP server every service shares: one listener on 127.0.0.1 that hands
 * each request to the service mounted at the longest matching path prefix.
 * The most specific prefix owns its paths: when several services share it,
 * each is tried in turn; services at shorter prefixes are not (so
 * `/v1/account/...` belongs to the Context Session Store, not to the object
 * storage mounted at `/v1`). Every request first passes `request-guard.ts`
 * (Host, Origin; the admin token on admin routes). Whatever a handler throws
 * is answered through `error-response.ts`, and the server keeps serving.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { KEEP_ALIVE_TIMEOUT_MS } from "../defaults";
import { PlatformError, PlatformErrorCodes } from "../errors";
import { sendError } from "./error-response";
import { checkHostAndOrigin, createAdminCheck } from "./request-guard";
import type { Router } from "./router";

export interface Mount {
  /** Where the router's paths start, e.g. `/_platform`; `""` for the root. */
  readonly prefix: string;
  readonly router: Router;
}

function owns(prefix: string, pathname: string): boolean {
  return prefix === "" || pathname === prefix || pathname.startsWith(`${prefix}/`);
}

export interface HttpServerOptions {
  /** The token admin routes (`{ admin: true }`) require as `Authorization: Bearer <token>`. */
  readonly adminToken: string;
  readonly log: (line: string) => void;
}

type AdminCheck = (req: IncomingMessage) => void;

async function dispatch(
  mounts: readonly Mount[],
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  log: (line: string) => void,
  checkAdmin: AdminCheck,
): Promise<void> {
  checkHostAndOrigin(req);
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
        if (match.route.admin) checkAdmin(req);
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
export function createHttpServer(mounts: readonly Mount[], options: HttpServerOptions): Server {
  const { log } = options;
  const checkAdmin = createAdminCheck(options.adminToken);
  const ordered = [...mounts].sort((a, b) => b.prefix.length - a.prefix.length);
  const server = createServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://127.0.0.1");
    } catch {
      url = new URL("http://127.0.0.1/");
    }
    dispatch(ordered, req, res, url, log, checkAdmin).catch((error: unknown) => sendError(req, res, error, log));
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Malformed HTTP (bad headers, oversized header block): a 400 and the connection closed, never an exception.
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (socket.writable && error.code !== "ECONNRESET") socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    else socket.destroy();
  });
  return server;
}
