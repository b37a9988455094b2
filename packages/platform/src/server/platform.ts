/**
 * `startPlatform()`: one HTTP server on 127.0.0.1 that hosts every service the
 * toolbelt talks to (CSDS, the platform API, the faasGW gateway), runs the
 * project's functions in worker processes, and records invocations in SQLite.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { loadFunctionCatalog } from "../project/function-catalog";
import { openSettingsStore } from "../project/settings-store";
import type { FunctionSpec } from "../runtime/types";
import { watchFunctions } from "../project/watch";
import { createRuntime } from "../runtime/worker-pool";
import { createConversationCatalog } from "../services/conversation-catalog";
import { registerConversationsApiRoutes } from "../services/conversations-api";
import { registerCsdsRoutes } from "../services/csds";
import { registerEngagementAttributesRoutes } from "../services/engagement-attributes";
import { registerGatewayRoutes } from "../services/gateway";
import { createLpAuthenticator } from "../services/lp-http";
import { registerMessagingInteractionsRoutes } from "../services/messaging-interactions";
import { registerObjectStorageRoutes } from "../services/object-storage";
import { registerPlatformApiRoutes } from "../services/platform-api";
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
}

export interface RunningPlatform {
  url: string;
  port: number;
  accountId: string;
  dbPath: string;
  functions(): FunctionSpec[];
  close(): Promise<void>;
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

  let url = "";
  const router = new Router();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let parsed: URL;
    try {
      parsed = new URL(req.url ?? "/", "http://127.0.0.1");
    } catch {
      parsed = new URL("http://127.0.0.1/");
    }
    void (async () => {
      try {
        const { handler, params } = router.match(req.method ?? "GET", parsed.pathname);
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
  const deps = { runtime, invocations, catalog, settings, startedAt: Date.now() };
  registerCsdsRoutes(router, { baseUri: () => url });
  registerPlatformApiRoutes(router, deps);
  registerGatewayRoutes(router, deps);
  const conversations = createConversationCatalog({ projectDir, store: createConversationStateStore(db) });
  const lpAuth = createLpAuthenticator(settings, { log });
  registerMessagingInteractionsRoutes(router, { conversations, auth: lpAuth });
  registerEngagementAttributesRoutes(router, { conversations, auth: lpAuth, log });
  registerConversationsApiRoutes(router, { conversations, log });
  registerObjectStorageRoutes(router, { projectDir, settings, accountId, baseUri: () => url });

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
    functions: () => catalog.list(),
    async close() {
      stopWatching();
      await runtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      db.close();
    },
  };
}
