/**
 * The composition root: `startPlatform()` builds the platform's state and
 * collaborators once, mounts every service of `services/registry.ts` on one
 * HTTP server on 127.0.0.1, runs the project's functions in worker processes,
 * and stops it all in order on `close()`. The only module that knows every
 * service.
 */
import { CONTEXT_STORE_KEY_SECRET } from "lp-faas-toolbelt/platform";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { createLpAuthenticator } from "./auth/lp-authenticator";
import { createOAuth2Tokens } from "./auth/oauth2-tokens";
import { createConversationCatalog } from "./conversations/conversation-catalog";
import {
  CONTEXT_API_KEY_CACHE_MS,
  CONTEXT_PURGE_BATCH,
  DEFAULT_ACCOUNT_ID,
  DEFAULT_CONTEXT_PURGE_INTERVAL_MS,
  DEFAULT_MEMORY_MB,
  DEFAULT_RATE_LIMIT_PER_SECOND,
  DEFAULT_PORT,
  DEFAULT_SPARE_INSTANCES,
  DEFAULT_TIMEOUT_MS,
} from "./defaults";
import { createHttpServer } from "./http/server";
import { adminTokenPath, ensureAdminToken } from "./project/admin-token";
import { loadFunctionCatalog } from "./project/function-catalog";
import { openSettingsStore } from "./project/settings-store";
import type { SettingsStore } from "./project/types";
import { watchFunctions } from "./project/watch";
import type { FunctionSpec, InspectOptions, InspectorInfo } from "./runtime/types";
import { createRuntime } from "./runtime/worker-pool";
import { observeRuntime } from "./services/dashboard/runtime-observer";
import type { ServiceDeps } from "./services/deps";
import { createSwiftTokens } from "./services/object-storage/swift-tokens";
import { SERVICES } from "./services/registry";
import { createContextStore, type SqliteContextStore } from "./state/context-store";
import type { ContextStore } from "./state/context-types";
import { createConversationStateStore } from "./state/conversations";
import { defaultStateDir, openStateDb, stateDbPath } from "./state/db";
import { createInvocationStore } from "./state/invocations";

export interface PlatformOptions {
  projectDir: string;
  /** Where state.db, files/ and the admin token live; default `<project>/.lp-faas`. */
  stateDir?: string;
  /** Default 7420; 0 picks a free port. */
  port?: number;
  /** Execution timeout per invocation; default 30 s. */
  timeoutMs?: number;
  /** Memory limit per function instance (its resident set, MB); default 256. */
  memoryMb?: number;
  /** Outbound requests per second per function instance; default 20, 0 = off (passed as LP_FAAS_RATE_LIMIT). */
  rateLimitPerSecond?: number;
  /** The account the platform plays; default 12345678. */
  accountId?: string;
  /** Instances started ahead for functions to take; default 1. */
  spareInstances?: number;
  /** Reload functions when their files change. */
  watch?: boolean;
  log?: (line: string) => void;
  /** The clock of the Context Session Store's TTLs and of OAuth 2.0 token expiry (epoch ms), default Date.now; OAuth 1.0a timestamps are checked against the real clock. */
  now?: () => number;
  /** How often expired context sessions are purged; default 60 s. */
  contextPurgeIntervalMs?: number;
  /** Invocations the invocation log keeps, oldest dropped first; default 1,000. */
  maxInvocations?: number;
  /** Bytes of records the invocation log keeps, oldest dropped first; default 50 MB. */
  maxInvocationLogBytes?: number;
  /** Start function instances with the Node inspector (docs/platform/debugging.md); default: none. */
  inspect?: InspectOptions;
  /** Told when an inspected instance's inspector listens. */
  onInspector?: (info: InspectorInfo) => void;
  /** V2 functions: the most instances of one function at once (one invocation each); beyond, 429. Default 5. */
  maxInstances?: number;
  /** V2 functions pass the project's egress allowlist, as V1 functions do; default true. */
  v2Allowlist?: boolean;
}

export interface RunningPlatform {
  url: string;
  port: number;
  accountId: string;
  dbPath: string;
  /** The Context Session Store this platform serves (same database). */
  contextStore: SqliteContextStore;
  /** What admin routes need as `Authorization: Bearer <adminToken>` (also in `<stateDir>/admin-token`, default `<project>/.lp-faas/admin-token`). */
  adminToken: string;
  /** The file the admin token is kept in (mode 600). */
  adminTokenFile: string;
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
  const stateDir = resolve(options.stateDir ?? defaultStateDir(projectDir));
  const adminToken = ensureAdminToken(projectDir, stateDir);
  const dbPath = stateDbPath(projectDir, stateDir);
  const db = openStateDb(dbPath);
  let invocations: ReturnType<typeof createInvocationStore>;
  try {
    invocations = createInvocationStore(db, { maxRecords: options.maxInvocations, maxBytes: options.maxInvocationLogBytes });
  } catch (error) {
    db.close();
    throw error;
  }
  const contextStore = createContextStore(db, { now: options.now, apiKeyCacheMs: CONTEXT_API_KEY_CACHE_MS });
  adoptProjectContextKey(settings, contextStore, accountId, log);

  let url = "";
  const baseUrl = (): string => url;
  const runtime = createRuntime({
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    memoryMb: options.memoryMb ?? DEFAULT_MEMORY_MB,
    spareInstances: options.spareInstances ?? DEFAULT_SPARE_INSTANCES,
    inspect: options.inspect,
    onInspector: options.onInspector,
    maxInstances: options.maxInstances,
    v2Allowlist: options.v2Allowlist,
    // Filled in once the server listens (the port may be chosen by the system); read when an instance gets a function.
    get baseEnv() {
      return {
        BRAND_ID: accountId,
        CSDS_DOMAIN: url,
        LP_FAAS_PLATFORM_URL: url,
        LP_FAAS_RATE_LIMIT: String(options.rateLimitPerSecond ?? DEFAULT_RATE_LIMIT_PER_SECOND),
      };
    },
  });
  const observed = observeRuntime(runtime); // the dashboard's view of instances and recent invocations
  const oauth2Tokens = createOAuth2Tokens({ now: options.now });
  const deps: ServiceDeps = {
    accountId,
    projectDir,
    stateDir,
    baseUrl,
    log,
    startedAt: Date.now(),
    settings,
    catalog,
    runtime: observed.runtime,
    runtimeObserver: observed.observer,
    invocations,
    contextStore,
    conversations: createConversationCatalog({ projectDir, store: createConversationStateStore(db) }),
    lpAuth: createLpAuthenticator(settings, { log, tokens: oauth2Tokens }),
    oauth2Tokens,
    swiftTokens: createSwiftTokens(),
  };
  const mounts = Object.values(SERVICES).map((service) => ({ prefix: service.prefix, router: service.create(deps) }));
  const server = createHttpServer(mounts, { adminToken, log });

  try {
    server.listen(options.port ?? DEFAULT_PORT, "127.0.0.1");
    await new Promise<void>((resolveListen, rejectListen) => {
      server.once("listening", resolveListen);
      server.once("error", rejectListen);
    });
  } catch (error) {
    await runtime.close();
    db.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}`;

  const purgeTimer = setInterval(() => {
    try {
      // A bounded batch per tick keeps the event loop free; what is left is invisible already.
      contextStore.purgeExpired(CONTEXT_PURGE_BATCH);
    } catch (error) {
      log(`context store: purge failed: ${(error as Error).message}`);
    }
  }, options.contextPurgeIntervalMs ?? DEFAULT_CONTEXT_PURGE_INTERVAL_MS);
  purgeTimer.unref();

  const stopWatching = options.watch
    ? watchFunctions(projectDir, (name) => {
        log(`reloading ${name}`);
        void observed.runtime.reload(name);
      })
    : () => undefined;

  return {
    url,
    port,
    accountId,
    dbPath,
    adminTokenFile: adminTokenPath(projectDir, stateDir),
    contextStore,
    adminToken,
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
