/**
 * The one egress path. Every outbound request of every toolbelt client goes
 * through `send()`, which in a fixed order:
 *   1. admits it (admission.ts): the egress policy on the URL it is about to dial
 *      and on any Host header, then a rate-limit token — a refused request opens
 *      no socket, an exhausted limit answers 429 locally, as the proxy does;
 *   2. adds the platform headers (`User-Agent: LP-Lambda-<uuid>`, `LP-URL`);
 *   3. sends it (exchange.ts) on a keep-alive undici dispatcher (dispatcher-pool.ts),
 *      direct or via the configured proxy, TLS verified unless this request opts out.
 * Redirects are not followed here: each hop is its own `send()`, so each hop is
 * checked again.
 */
import { platformLock } from "../config/platform-lock";
import { getConfig, onConfigChange } from "../config/resolve-config";
import type { ResolvedConfig } from "../config/types";
import { PlatformApi } from "../platform/api";
import { createAdmission, type Admission } from "./admission";
import type { CoreRequest, CoreResponse, RequestCore } from "./core-types";
import { createDispatcherPool } from "./dispatcher-pool";
import { exchange } from "./exchange";
import { withPlatformHeaders } from "./headers";
import { createPlatformAllowlist, type PlatformAllowlist } from "./platform-allowlist";
import { createEgressPolicy, type EgressPolicy } from "./policy";
import { TokenBucket } from "./token-bucket";
import type { Dispatcher } from "./undici";

export type { CoreHeaders, CoreRequest, CoreResponse, CoreTlsOptions, RequestCore, TlsMaterial } from "./core-types";

export interface RequestCoreOptions {
  /** Clock for the rate limiter (ms). */
  now?: () => number;
}

/** What a platform worker's egress hooks (worker-egress.ts) use of the current core. */
export interface CoreInternals {
  readonly config: ResolvedConfig;
  readonly policy: EgressPolicy;
  readonly admission: Admission;
  /** The keep-alive pool for `url` (proxied unless NO_PROXY or the platform's own origin say otherwise). */
  dispatcherFor(url: URL): Dispatcher;
}

export type InternalRequestCore = RequestCore & { readonly internals: CoreInternals };

/**
 * Inside a platform worker the limit is the platform's and cannot change, so one
 * bucket serves every core: a configure() that rebuilds the core must not refill it.
 */
let workerBucket: TokenBucket | undefined;
function bucketFor(config: ResolvedConfig, now: (() => number) | undefined): TokenBucket | null {
  if (config.rateLimitPerSecond <= 0) return null;
  if (!platformLock()) return new TokenBucket(config.rateLimitPerSecond, config.rateLimitPerSecond, now);
  workerBucket ??= new TokenBucket(config.rateLimitPerSecond, config.rateLimitPerSecond, now);
  return workerBucket;
}

export function createRequestCore(config: ResolvedConfig, options: RequestCoreOptions = {}): InternalRequestCore {
  const policy = createEgressPolicy(config);
  const bucket = bucketFor(config, options.now);
  const pool = createDispatcherPool(config.proxy);
  // The platform's own API is always reached directly: proxy variables in a function's
  // environment must not route the platform's traffic (its allowlist read among it).
  const platformOrigin = config.platformUrl && (config.proxy.http || config.proxy.https) ? originOf(config.platformUrl) : undefined;
  const dispatcherFor = (url: URL, tls?: CoreRequest["tls"]): Dispatcher =>
    pool.dispatcherFor(tls, platformOrigin !== undefined && url.origin === platformOrigin);

  /** One request on the wire, with no policy: only for `send` and the platform allowlist read. */
  function dispatch(request: CoreRequest): Promise<CoreResponse> {
    return exchange(dispatcherFor(request.url, request.tls), request, withPlatformHeaders(request.headers, config));
  }

  const admission = createAdmission({ policy, bucket, platformAllowlist: platformAllowlistOf(config, dispatch) });

  async function send(request: CoreRequest): Promise<CoreResponse> {
    const admitted = admission.admit(request);
    const localAnswer = admitted instanceof Promise ? await admitted : admitted;
    return localAnswer ?? dispatch(request);
  }

  return { send, policy, close: () => pool.close(), internals: { config, policy, admission, dispatcherFor: (url) => dispatcherFor(url) } };
}

function originOf(raw: string): string | undefined {
  try {
    return new URL(raw).origin;
  } catch {
    return undefined;
  }
}

/** Under a local platform the allowlist lives in the platform and is read over the core's wire, unchecked. */
function platformAllowlistOf(config: ResolvedConfig, dispatch: (request: CoreRequest) => Promise<CoreResponse>): PlatformAllowlist | undefined {
  const platformUrl = config.platformUrl;
  if (config.allowlistSource !== "platform" || !platformUrl) return undefined;
  return createPlatformAllowlist({
    platformUrl,
    fetchEntries: async () => {
      const response = await dispatch({
        url: new URL(PlatformApi.allowlist, platformUrl),
        method: "GET",
        headers: { accept: "application/json" },
        connectTimeoutMs: 5000,
        readTimeoutMs: 5000,
      });
      const parsed = response.statusCode === 200 ? (JSON.parse(response.body.toString("utf8")) as { entries?: unknown }) : undefined;
      if (!parsed || !Array.isArray(parsed.entries) || !parsed.entries.every((e) => typeof e === "string")) {
        throw new Error(`the platform answered ${response.statusCode} without an { entries } list`);
      }
      return parsed.entries;
    },
  });
}

let shared: InternalRequestCore | undefined;
onConfigChange(() => {
  const old = shared;
  shared = undefined;
  // Let in-flight requests finish on the old dispatchers, then release their sockets.
  void old?.close();
});

/** The process-wide request core, built from the current configuration. */
export function getRequestCore(): RequestCore {
  return internalCore();
}

/** The process-wide request core with its internals (the worker's egress hooks). */
export function internalCore(): InternalRequestCore {
  shared ??= createRequestCore(getConfig());
  return shared;
}
