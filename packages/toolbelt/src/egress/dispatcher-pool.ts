/**
 * The undici dispatchers of one request core: a keep-alive pool per distinct TLS
 * setting (verification on or off, CA, client certificate, key, passphrase),
 * direct or through the configured proxy. Bounded: past MAX_DISPATCHERS the
 * oldest pool is retired once its in-flight requests finish.
 *
 * Through a proxy, `https:` targets are tunnelled (`CONNECT host:443`) and
 * `http:` targets are sent to the proxy in absolute-URI form
 * (`GET http://host/path`), as request did: proxies commonly refuse CONNECT to
 * any port but 443 (squid's default), so tunnelling plain HTTP would fail there.
 */
import { createHash } from "node:crypto";
import type { ResolvedConfig } from "../config/types";
import type { CoreTlsOptions, TlsMaterial } from "./core-types";
import { undici, type Dispatcher } from "./undici";

/** Distinct TLS settings get their own pool; more than this many retire the oldest. */
export const MAX_DISPATCHERS = 16;
/** undici's own connect timeout, behind the per-request timers. */
export const BACKSTOP_CONNECT_TIMEOUT_MS = 60_000;

export interface DispatcherPool {
  /**
   * The pool for requests with these TLS options (created on first use).
   * `direct`: never through the proxy (the platform's own API).
   */
  dispatcherFor(tls: CoreTlsOptions | undefined, direct?: boolean): Dispatcher;
  /** Pools currently kept. */
  readonly size: number;
  /** Closes every pool (in-flight requests finish first). */
  close(): Promise<void>;
}

/** A short fingerprint, so key material is never kept as a map key. */
function digest(material: TlsMaterial | undefined): string {
  if (material === undefined) return "";
  const hash = createHash("sha256");
  for (const part of Array.isArray(material) ? material : [material]) hash.update(part as string | Buffer);
  return hash.digest("hex").slice(0, 16);
}

export function createDispatcherPool(proxy: ResolvedConfig["proxy"]): DispatcherPool {
  const dispatchers = new Map<string, Dispatcher>();
  const proxied = Boolean(proxy.http || proxy.https);

  function create(tls: CoreTlsOptions, rejectUnauthorized: boolean, direct: boolean): Dispatcher {
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
    return proxied && !direct
      ? new EnvHttpProxyAgent({
          // Explicit values (never undefined) so undici does not read the environment again.
          httpProxy: proxy.http ?? "",
          httpsProxy: proxy.https ?? proxy.http ?? "",
          noProxy: proxy.noProxy ?? "",
          connect,
          requestTls: connect,
          proxyTls: { timeout: BACKSTOP_CONNECT_TIMEOUT_MS },
          // http: targets in absolute-URI form, not CONNECT host:80 (see above).
          proxyTunnel: false,
        })
      : new Agent({ connect });
  }

  return {
    dispatcherFor(options, direct = false) {
      const tls = options ?? {};
      const rejectUnauthorized = tls.rejectUnauthorized !== false;
      const key = [direct && proxied, rejectUnauthorized, digest(tls.ca), digest(tls.cert), digest(tls.key), tls.passphrase ? digest(tls.passphrase) : ""].join(
        "|",
      );
      let dispatcher = dispatchers.get(key);
      if (dispatcher) return dispatcher;
      if (dispatchers.size >= MAX_DISPATCHERS) {
        const [oldestKey, oldest] = dispatchers.entries().next().value as [string, Dispatcher];
        dispatchers.delete(oldestKey);
        void oldest.close();
      }
      dispatcher = create(tls, rejectUnauthorized, direct);
      dispatchers.set(key, dispatcher);
      return dispatcher;
    },
    get size() {
      return dispatchers.size;
    },
    async close() {
      const all = [...dispatchers.values()];
      dispatchers.clear();
      await Promise.allSettled(all.map((d) => d.close()));
    },
  };
}
