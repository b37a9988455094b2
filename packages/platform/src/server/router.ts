/**
 * A minimal method + path router. Routers do not know their mount point beyond
 * the patterns they declare; `server/platform.ts` composes them.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { PlatformError, PlatformErrorCodes } from "../errors";

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
}

export type RouteHandler = (ctx: RouteContext) => Promise<void> | void;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: RouteHandler;
}

export class Router {
  private readonly routes: Route[] = [];

  /** `path` uses `:name` segments, e.g. `/api/account/:accountId/service/baseURI.json`. */
  on(method: string, path: string, handler: RouteHandler): this {
    const keys: string[] = [];
    const source = path
      .split("/")
      .map((segment) => {
        if (segment.startsWith(":")) {
          keys.push(segment.slice(1));
          return "([^/]+)";
        }
        return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      })
      .join("/");
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`), keys, handler });
    return this;
  }

  /** Finds the handler; throws 404 for an unknown path and 405 for a known path with another method. */
  match(method: string, pathname: string): { handler: RouteHandler; params: Record<string, string> } {
    let pathKnown = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(pathname);
      if (!found) continue;
      pathKnown = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => {
        try {
          params[key] = decodeURIComponent(found[i + 1]!);
        } catch {
          throw new PlatformError(400, PlatformErrorCodes.BadInput, `The path segment "${found[i + 1]}" is not valid URL encoding`);
        }
      });
      return { handler: route.handler, params };
    }
    if (pathKnown) throw new PlatformError(405, PlatformErrorCodes.MethodNotAllowed, `${method} is not allowed on ${pathname}`);
    throw new PlatformError(404, PlatformErrorCodes.NotFound, `No such route: ${method} ${pathname}`);
  }
}
