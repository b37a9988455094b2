/**
 * The one egress path. Every outbound request of every toolbelt client goes
 * through `send()`, which in a fixed order:
 *   1. checks the egress policy on the URL it is about to dial (and on an
 *      explicit Host header) — a refused request opens no socket;
 *   2. takes a rate-limit token — none left gives a local 429, as the proxy does;
 *   3. adds the platform headers (`User-Agent: LP-Lambda-<uuid>`, `LP-URL`);
 *   4. dispatches through a keep-alive undici dispatcher (direct or via the
 *      configured proxy), with TLS verification on unless this request opts out.
 * Redirects are not followed here: each hop is its own `send()`, so each hop is
 * checked again.
 */
import { createHash } from "node:crypto";
import { STATUS_CODES } from "node:http";
import { getConfig, onConfigChange } from "../config/resolve-config";
import type { ResolvedConfig } from "../config/types";
import { PlatformApi } from "../platform-api/paths";
import { createPlatformAllowlist } from "./platform-allowlist";
import { createEgressPolicy, type EgressPolicy } from "./policy";
import { toNetworkError } from "./network-errors";
import { TokenBucket } from "./token-bucket";
import { undici, type Dispatcher } from "./undici";

export type TlsMaterial = string | Buffer | ReadonlyArray<string | Buffer>;

export interface CoreTlsOptions {
  /** Verify the server certificate (default true). Only one client's request can turn it off. */
  readonly rejectUnauthorized?: boolean;
  readonly ca?: TlsMaterial;
  readonly cert?: TlsMaterial;
  readonly key?: TlsMaterial;
  readonly passphrase?: string;
}

export type CoreHeaders = Record<string, string | string[]>;

export interface CoreRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: CoreHeaders;
  readonly body?: string | Buffer | null;
  readonly tls?: CoreTlsOptions;
  /** Time allowed to open the connection (TCP + TLS). */
  readonly connectTimeoutMs?: number;
  /** Time allowed for the response headers, and between body chunks. */
  readonly readTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface CoreResponse {
  readonly statusCode: number;
  readonly statusMessage: string;
  /** Lower-cased names; `set-cookie` is an array, repeated others are joined with ", " (as Node does). */
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
  readonly url: URL;
}

export interface RequestCore {
  send(request: CoreRequest): Promise<CoreResponse>;
  readonly policy: EgressPolicy;
  close(): Promise<void>;
}

export interface RequestCoreOptions {
  /** Clock for the rate limiter (ms). */
  now?: () => number;
}

function hasHeader(headers: CoreHeaders, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** Every value of every header called `name` in any letter case (`Host` and `host` may both be present). */
function allHeaderValues(headers: CoreHeaders, name: string): string[] {
  const values: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) values.push(...(Array.isArray(value) ? value : [value]));
  }
  return values;
}

function normaliseResponseHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    if (key === "set-cookie") out[key] = Array.isArray(value) ? value : [value];
    else out[key] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function tooManyRequests(url: URL): CoreResponse {
  const body = Buffer.from("Too Many Requests");
  return {
    statusCode: 429,
    statusMessage: "Too Many Requests",
    headers: { "content-type": "text/plain; charset=utf-8", "content-length": String(body.length), "retry-after": "1" },
    body,
    url,
  };
}

/** Distinct TLS settings get their own pool; more than this many retire the oldest. */
const MAX_DISPATCHERS = 16;
/** undici's own connect timeout, behind the per-request timers. */
const BACKSTOP_CONNECT_TIMEOUT_MS = 60_000;

function timeoutError(code: "ETIMEDOUT" | "ESOCKETTIMEDOUT", connect: boolean): Error {
  return Object.assign(new Error(code), { code, connect });
}

function digest(material: TlsMaterial | undefined): string {
  if (material === undefined) return "";
  const hash = createHash("sha256");
  for (const part of Array.isArray(material) ? material : [material]) hash.update(part as string | Buffer);
  return hash.digest("hex").slice(0, 16);
}

export function createRequestCore(config: ResolvedConfig, options: RequestCoreOptions = {}): RequestCore {
  const policy = createEgressPolicy(config);
  const bucket = config.rateLimitPerSecond > 0 ? new TokenBucket(config.rateLimitPerSecond, config.rateLimitPerSecond, options.now) : null;
  const dispatchers = new Map<string, Dispatcher>();
  const proxied = Boolean(config.proxy.http || config.proxy.https);

  // One keep-alive dispatcher per distinct TLS material and connect timeout.
  function dispatcherFor(request: CoreRequest): Dispatcher {
    const tls = request.tls ?? {};
    const rejectUnauthorized = tls.rejectUnauthorized !== false;
    const key = [rejectUnauthorized, digest(tls.ca), digest(tls.cert), digest(tls.key), tls.passphrase ? digest(tls.passphrase) : ""].join("|");
    let dispatcher = dispatchers.get(key);
    if (dispatcher) return dispatcher;
    if (dispatchers.size >= MAX_DISPATCHERS) {
      // Bounded: the oldest pool is retired once its in-flight requests finish.
      const [oldestKey, oldest] = dispatchers.entries().next().value as [string, Dispatcher];
      dispatchers.delete(oldestKey);
      void oldest.close();
    }
    const connect = {
      rejectUnauthorized,
      ...(tls.ca !== undefined && { ca: tls.ca as string | Buffer | Array<string | Buffer> }),
      ...(tls.cert !== undefined && { cert: tls.cert as string | Buffer | Array<string | Buffer> }),
      ...(tls.key !== undefined && { key: tls.key as string | Buffer | Array<string | Buffer> }),
      ...(tls.passphrase !== undefined && { passphrase: tls.passphrase }),
      // Per-request timeouts are the core's own timers (undici's tick coarsely); this is only a backstop.
      timeout: BACKSTOP_CONNECT_TIMEOUT_MS,
    };
    const { Agent, EnvHttpProxyAgent } = undici();
    dispatcher = proxied
      ? new EnvHttpProxyAgent({
          // Explicit values (never undefined) so undici does not read the environment again.
          httpProxy: config.proxy.http ?? "",
          httpsProxy: config.proxy.https ?? config.proxy.http ?? "",
          noProxy: config.proxy.noProxy ?? "",
          connect,
          requestTls: connect,
          proxyTls: { timeout: BACKSTOP_CONNECT_TIMEOUT_MS },
        } as ConstructorParameters<typeof EnvHttpProxyAgent>[0])
      : new Agent({ connect });
    dispatchers.set(key, dispatcher);
    return dispatcher;
  }

  function withPlatformHeaders(headers: CoreHeaders): CoreHeaders {
    const out: CoreHeaders = { ...headers };
    if (config.lambdaUuid && hasHeader(headers, "user-agent") === undefined) out["user-agent"] = `LP-Lambda-${config.lambdaUuid}`;
    if (config.brandId && hasHeader(headers, "lp-url") === undefined) out["lp-url"] = config.brandId;
    return out;
  }

  // Under a local platform the allowlist lives in the platform and is read over this same core, unchecked.
  const platformAllowlist =
    config.allowlistSource === "platform" && config.platformUrl
      ? createPlatformAllowlist({
          platformUrl: config.platformUrl,
          fetchEntries: async () => {
            const response = await dispatch({ url: new URL(PlatformApi.allowlist, config.platformUrl), method: "GET", headers: { accept: "application/json" }, connectTimeoutMs: 5000, readTimeoutMs: 5000 });
            const parsed = response.statusCode === 200 ? (JSON.parse(response.body.toString("utf8")) as { entries?: unknown }) : undefined;
            if (!parsed || !Array.isArray(parsed.entries) || !parsed.entries.every((e) => typeof e === "string")) {
              throw new Error(`the platform answered ${response.statusCode} without an { entries } list`);
            }
            return parsed.entries as string[];
          },
        })
      : undefined;

  async function send(request: CoreRequest): Promise<CoreResponse> {
    const hostHeaders = allHeaderValues(request.headers, "host");
    const extra = platformAllowlist && !policy.isExempt(request.url) ? await platformAllowlist.current() : undefined;
    policy.check(request.url, hostHeaders, extra);
    if (bucket && !bucket.tryTake()) return tooManyRequests(request.url);
    return dispatch(request);
  }

  /**
   * One request on the wire, with no policy: only for `send` and the platform allowlist read.
   * Timeouts are exact timers, as request's were: `connectTimeoutMs` until the connection
   * (TCP + TLS) is up → `ETIMEDOUT` with `connect: true`; then `readTimeoutMs` of silence
   * before the headers or between body chunks → `ESOCKETTIMEDOUT`.
   */
  function dispatch(request: CoreRequest): Promise<CoreResponse> {
    const dispatcher = dispatcherFor(request);
    const url = request.url;
    return new Promise<CoreResponse>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let statusCode = 0;
      let statusMessage = "";
      let headers: Record<string, string | string[]> = {};
      let settled = false;
      let controller: { abort(reason: Error): void } | undefined;
      let timer: NodeJS.Timeout | undefined;
      const abortReason = (): Error => (request.signal?.reason instanceof Error ? request.signal.reason : new Error("aborted"));
      const finish = (error: Error | undefined): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.signal?.removeEventListener("abort", onAbort);
        if (error) {
          // Abandon the exchange; if the connection is still opening, abort as soon as it is up.
          controller?.abort(error);
          reject(toNetworkError(error));
        } else resolve({ statusCode, statusMessage, headers, body: Buffer.concat(chunks), url });
      };
      const onAbort = (): void => finish(abortReason());
      const arm = (ms: number | undefined, error: () => Error): void => {
        clearTimeout(timer);
        if (ms !== undefined) timer = setTimeout(() => finish(error()), ms);
      };
      const readTimeout = (): void => arm(request.readTimeoutMs, () => timeoutError("ESOCKETTIMEDOUT", false));
      if (request.signal?.aborted) return finish(abortReason());
      request.signal?.addEventListener("abort", onAbort, { once: true });
      arm(request.connectTimeoutMs, () => timeoutError("ETIMEDOUT", true));
      dispatcher.dispatch(
        {
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: request.method as Dispatcher.HttpMethod,
          headers: withPlatformHeaders(request.headers),
          body: request.body ?? null,
        },
        {
          onRequestStart(started) {
            // Called once the connection is up.
            controller = started;
            if (settled) started.abort(new Error("abandoned"));
            else readTimeout();
          },
          onResponseStart(_controller, code, rawHeaders, message) {
            statusCode = code;
            statusMessage = message || STATUS_CODES[code] || "";
            headers = normaliseResponseHeaders(rawHeaders as Record<string, string | string[] | undefined>);
            readTimeout();
          },
          onResponseData(_controller, chunk) {
            chunks.push(chunk);
            readTimeout();
          },
          onResponseEnd() {
            finish(undefined);
          },
          onResponseError(_controller, error) {
            finish(error);
          },
        },
      );
    });
  }

  return {
    send,
    policy,
    async close() {
      const all = [...dispatchers.values()];
      dispatchers.clear();
      await Promise.allSettled(all.map((d) => d.close()));
    },
  };
}

let shared: RequestCore | undefined;
onConfigChange(() => {
  const old = shared;
  shared = undefined;
  // Let in-flight requests finish on the old dispatchers, then release their sockets.
  void old?.close();
});

/** The process-wide request core, built from the current configuration. */
export function getRequestCore(): RequestCore {
  shared ??= createRequestCore(getConfig());
  return shared;
}
