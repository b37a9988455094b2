/**
 * `startPlatform()`: one HTTP server on 127.0.0.1 that hosts every service the
 * toolbelt talks to (CSDS, the platform API, the faasGW gateway), runs the
 * project's functions in worker processes, and records invocations in SQLite.
 * Paths under `/v1/account/` belong to the Context Session Store's own router.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { loadFunctionCatalog } from "../project/function-catalog";
import { CONTEXT_STORE_KEY_SECRET } from "../project/scaffold-templates";
import { openSettingsStore } from "../project/settings-store";
import type { SettingsStore } from "../project/types";
import type { ContextStore } from "../state/context-types";
import type { FunctionSpec } from "../runtime/types";
import { watchFunctions } from "../project/watch";
import { createRuntime } from "../runtime/worker-pool";
import { createConversationCatalog } from "../services/conversation-catalog";
import { CONTEXT_API_PREFIX, registerContextStoreRoutes } from "../services/context-store-api";
import { registerConversationsApiRoutes } from "../services/conversations-api";
import { registerCsdsRoutes } from "../services/csds";
import { registerEngagementAttributesRoutes } from "../services/engagement-attributes";
import { registerGatewayRoutes } from "../services/gateway";
import { createLpAuthenticator } from "../services/lp-http";
import { registerMessagingInteractionsRoutes } from "../services/messaging-interactions";
import { registerObjectStorageRoutes } from "../services/object-storage";
import { registerPlatformApiRoutes } from "../services/platform-api";
import { createContextStore, type SqliteContextStore } from "../state/context-store";
import { createConversationStateStore } from "../state/conversations";
import { openStateDb, stateDbPath } from "../state/db";
import { createInvocationStore } from "../state/invocations";
import { sendError } from "./error-response";
import { Router } from "./router";

export const DEFAULT_PORT = 7420;
/** The platform's execution timeout (spec/platform.md §1). */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** The platform's memory limit (spec/platform.md §1). */
export const DEFAULT_MEMORY_MB = 256;
/** The account the local platform plays (any account id works with CSDS). */
export const DEFAULT_ACCOUNT_ID = "12345678";
/** How often expired context sessions are deleted (they are invisible from the moment they expire). */
export const DEFAULT_CONTEXT_PURGE_INTERVAL_MS = 60_000;
/** How long the server remembers which account an API key belongs to. */
export const CONTEXT_API_KEY_CACHE_MS = 500;

export interface PlatformOptions {
  projectDir: string;
  /** Default 7420; 0 picks a free port. */
  port?: number;
  timeoutMs?: number;
  memoryMb?: number;
  accountId?: string;
  /** Warm workers per function at most. */
  maxWorkersPerFunction?: number;
  /** Reload functions when their files change. */
  watch?: boolean;
  log?: (line: string) => void;
  /** The Context Session Store's clock (epoch ms; TTL expiry), default Date.now. */
  now?: () => number;
  /** How often expired context sessions are purged; default 60 s. */
  contextPurgeIntervalMs?: number;
}

export interface RunningPlatform {
  url: string;
  port: number;
  accountId: string;
  dbPath: string;
  /** The Context Session Store this platform serves (same database). */
  contextStore: SqliteContextStore;
  functions(): FunctionSpec[];
  close(): Promise<void>;
}

/**
 * The key in the project secret `context-store-api-key` (written by `lp-faas init`)
 * works against this platform's account without a `lp-faas context keys create`:
 * the documented set-up (key saved as that secret) then runs unchanged.
 */
function adoptProjectContextKey(settings: SettingsStore, store: ContextStore, accountId: string, log: (line: string) => void): void {
  const value = settings.getSecret(CONTEXT_STORE_KEY_SECRET)?.value;
  if (typeof value !== "string") return;
  try {
    if (store.adoptApiKey(accountId, value) === "other-account") {
      log(`context store: the secret ${CONTEXT_STORE_KEY_SECRET} holds a key of another account; it is not used for ${accountId}`);
    }
  } catch (error) {
    log(`context store: the secret ${CONTEXT_STORE_KEY_SECRET} is not usable as an API key: ${(error as Error).message}`);
  }
}

export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const projectDir = resolve(options.projectDir);
  const log = options.log ?? (() => undefined);
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const catalog = loadFunctionCatalog(projectDir);
  const settings = openSettingsStore(projectDir);
  settings.read(); // fail fast on a malformed settings.json, naming its line
  const dbPath = stateDbPath(projectDir);
  const db = openStateDb(dbPath);
  const invocations = createInvocationStore(db);
  // Key lookups are remembered for 500 ms: a key revoked by `lp-faas context keys revoke` (another process) stops working within that.
  const contextStore = createContextStore(db, { now: options.now, apiKeyCacheMs: CONTEXT_API_KEY_CACHE_MS });
  adoptProjectContextKey(settings, contextStore, accountId, log);

  let url = "";
  const router = new Router();
  const contextRouter = new Router();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let parsed: URL;
    try {
      parsed = new URL(req.url ?? "/", "http://127.0.0.1");
    } catch {
      parsed = new URL("http://127.0.0.1/");
    }
    void (async () => {
      try {
        const pathname = parsed.pathname;
        const { handler, params } = (pathname.startsWith(CONTEXT_API_PREFIX) || pathname === "/v1/account" ? contextRouter : router).match(req.method ?? "GET", pathname);
        await handler({ req, res, url: parsed, params });
      } catch (error) {
        sendError(res, error, log);
      }
    })();
  });
  server.keepAliveTimeout = 65_000;

  server.listen(options.port ?? DEFAULT_PORT, "127.0.0.1");
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once("listening", resolveListen);
    server.once("error", rejectListen);
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}`;

  const runtime = createRuntime({
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    memoryMb: options.memoryMb ?? DEFAULT_MEMORY_MB,
    maxWorkersPerFunction: options.maxWorkersPerFunction ?? 4,
    baseEnv: { BRAND_ID: accountId, CSDS_DOMAIN: url, LP_FAAS_PLATFORM_URL: url },
  });
  const deps = { runtime, invocations, catalog, settings, startedAt: Date.now(), contextStore, accountId };
  registerCsdsRoutes(router, { baseUri: () => url });
  registerPlatformApiRoutes(router, deps);
  registerGatewayRoutes(router, deps);
  const conversations = createConversationCatalog({ projectDir, store: createConversationStateStore(db) });
  const lpAuth = createLpAuthenticator(settings, { log });
  registerMessagingInteractionsRoutes(router, { conversations, auth: lpAuth });
  registerEngagementAttributesRoutes(router, { conversations, auth: lpAuth, log });
  registerConversationsApiRoutes(router, { conversations, log });
  registerObjectStorageRoutes(router, { projectDir, settings, accountId, baseUri: () => url });
  registerContextStoreRoutes(contextRouter, { store: contextStore, log });

  const purgeContext = (): void => {
    try {
      // A bounded batch per tick keeps the event loop free; what is left is invisible already.
      contextStore.purgeExpired(10_000);
    } catch (error) {
      log(`context store: purge failed: ${(error as Error).message}`);
    }
  };
  const purgeTimer = setInterval(purgeContext, options.contextPurgeIntervalMs ?? DEFAULT_CONTEXT_PURGE_INTERVAL_MS);
  purgeTimer.unref();

  const stopWatching = options.watch
    ? watchFunctions(projectDir, (name) => {
        log(`reloading ${name}`);
        void runtime.reload(name);
      })
    : () => undefined;

  return {
    url,
    port,
    accountId,
    dbPath,
    contextStore,
    functions: () => catalog.list(),
    async close() {
      clearInterval(purgeTimer);
      stopWatching();
      await runtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      db.close();
    },
  };
}
