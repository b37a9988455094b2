/**
 * A method + path router for one service. Paths are relative to where the
 * service is mounted (the prefix in `services/registry.ts`), so a router does
 * not know its mount point. A route may name the error body shape of its wire
 * protocol (`errorFormat`); the status and code still come from the one
 * mapping in `error-response.ts`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { badInput } from "../errors";
import type { ErrorFormat } from "./error-response";

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** The full request URL (path with its mount prefix, and query). */
  url: URL;
  params: Record<string, string>;
}

export type RouteHandler = (ctx: RouteContext) => Promise<void> | void;

export interface RouteOptions {
  /** The body shape of this route's error answers; default: the router's, else `{ code, message }`. */
  errorFormat?: ErrorFormat;
  /** Only the platform's owner may call it: the server checks the admin token first. */
  admin?: boolean;
}

/** The options of a route only the platform's owner may call. */
export const ADMIN_ONLY: RouteOptions = Object.freeze({ admin: true });

export interface Route {
  readonly method: string;
  readonly handler: RouteHandler;
  readonly errorFormat: ErrorFormat | undefined;
  readonly admin: boolean;
}

interface CompiledRoute extends Route {
  readonly pattern: RegExp;
  readonly keys: readonly string[];
}

export type RouteMatch =
  | { readonly kind: "found"; readonly route: Route; readonly params: Record<string, string> }
  | { readonly kind: "method-not-allowed" }
  | { readonly kind: "not-found" };

export class Router {
  private readonly routes: CompiledRoute[] = [];

  constructor(private readonly options: RouteOptions = {}) {}

  /** `path` is relative to the mount point and uses `:name` segments, e.g. `/:accountId/service/baseURI.json`; `""` is the mount point itself. */
  on(method: string, path: string, handler: RouteHandler, options: RouteOptions = {}): this {
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
    const errorFormat = options.errorFormat ?? this.options.errorFormat;
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`), keys, handler, errorFormat, admin: options.admin === true });
    return this;
  }

  /**
   * The route for `method` on `path` (relative to the mount point); a bad
   * percent-encoding in a parameter is a 400. `HEAD` falls back to the `GET`
   * route (Node sends its headers without the body).
   */
  match(method: string, path: string): RouteMatch {
    const found = this.matchExactly(method, path);
    return found.kind !== "found" && method === "HEAD" ? this.matchExactly("GET", path) : found;
  }

  private matchExactly(method: string, path: string): RouteMatch {
    let pathKnown = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      pathKnown = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => {
        try {
          params[key] = decodeURIComponent(found[i + 1]!);
        } catch {
          throw badInput(`The path segment "${found[i + 1]}" is not valid URL encoding`);
        }
      });
      return { kind: "found", route, params };
    }
    return pathKnown ? { kind: "method-not-allowed" } : { kind: "not-found" };
  }
}
