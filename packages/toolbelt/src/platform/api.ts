/**
 * The local platform's own API under `/_platform`: each route once, as a
 * pattern relative to the prefix (what the platform's router mounts) and as a
 * URL builder (what the toolbelt and the CLI call).
 */
export const PLATFORM_API_PREFIX = "/_platform";

/** Route patterns relative to `PLATFORM_API_PREFIX`; `:name` is a path parameter. */
export const PlatformRoutes = {
  health: "/health",
  /** Answers the JSON body it was sent (a baseline for benchmarks). */
  echo: "/echo",
  secrets: "/secrets",
  secret: "/secrets/:key",
  allowlist: "/allowlist",
  allowlistEntry: "/allowlist/:entry",
  functions: "/functions",
  invoke: "/functions/:name/invoke",
  invocations: "/invocations",
  invocation: "/invocations/:id",
  contextKeys: "/context/keys",
  contextKey: "/context/keys/:keyId",
  /** GET: `[{ conversationId, ... }]` (fixtures + imported); POST: import a record or a search response. */
  conversations: "/conversations",
  /** GET: the conversation record with its SDE events; DELETE: remove an imported one. */
  conversation: "/conversations/:id",
} as const;

export type PlatformRoute = (typeof PlatformRoutes)[keyof typeof PlatformRoutes];

/** The absolute path of a route, its parameters filled in (percent-encoded). */
export function platformPath(route: PlatformRoute, params: Readonly<Record<string, string>> = {}): string {
  const path = route.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`platformPath: the route ${route} needs the parameter "${name}"`);
    return encodeURIComponent(value);
  });
  return `${PLATFORM_API_PREFIX}${path}`;
}

/** Absolute paths of the routes callers use most. */
export const PlatformApi = {
  health: platformPath(PlatformRoutes.health),
  echo: platformPath(PlatformRoutes.echo),
  secrets: platformPath(PlatformRoutes.secrets),
  secret: (key: string): string => platformPath(PlatformRoutes.secret, { key }),
  allowlist: platformPath(PlatformRoutes.allowlist),
  allowlistEntry: (entry: string): string => platformPath(PlatformRoutes.allowlistEntry, { entry }),
  functions: platformPath(PlatformRoutes.functions),
  invoke: (name: string): string => platformPath(PlatformRoutes.invoke, { name }),
  invocations: platformPath(PlatformRoutes.invocations),
  invocation: (id: string): string => platformPath(PlatformRoutes.invocation, { id }),
  contextKeys: platformPath(PlatformRoutes.contextKeys),
  contextKey: (keyId: string): string => platformPath(PlatformRoutes.contextKey, { keyId }),
  conversations: platformPath(PlatformRoutes.conversations),
  conversation: (id: string): string => platformPath(PlatformRoutes.conversation, { id }),
} as const;

/** The JSON error body every platform endpoint answers with. */
export interface PlatformErrorBody {
  code: string;
  message: string;
}
