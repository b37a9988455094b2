/**
 * The egress policy for a raw connection (`net`/`tls`, and so every socket
 * http, https and undici open) in a platform worker: the host a socket is about
 * to dial, before any packet leaves. The same allowlist as the request core,
 * with the same exemptions: the exact origins the configuration points at (the
 * platform, the Domain API), matched by host and port because a socket has no
 * scheme, and the configured proxies (infrastructure the environment trusts;
 * the core has already checked the target behind them).
 */
import type { ResolvedConfig } from "../config/types";
import { canonicalHostOfText, canonicalHostOfUrl } from "./host";
import { refusal } from "./policy";
import type { CoreInternals } from "./request-core";

function isProxyEndpoint(config: ResolvedConfig, host: string, port: number): boolean {
  const target = canonicalHostOfText(host);
  for (const raw of [config.proxy.http, config.proxy.https]) {
    if (!raw || !target) continue;
    try {
      const proxy = new URL(raw);
      const proxyPort = Number(proxy.port || (proxy.protocol === "https:" ? 443 : 80));
      if (proxyPort === port && canonicalHostOfUrl(proxy)?.value === target.value) return true;
    } catch {
      // An unparsable proxy URL is reported by the dispatcher that uses it.
    }
  }
  return false;
}

/**
 * Throws (or rejects with) the refusal when a connection to `host:port` must not
 * be opened; returns (or resolves) when it may.
 */
export function checkConnection(core: CoreInternals, host: string, port: number): void | Promise<void> {
  const { config, admission } = core;
  if (!config.allowlist) return;
  const authority = `${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${port}`;
  let url: URL;
  try {
    url = new URL(`http://${authority}/`);
  } catch {
    throw refusal(host, config.allowlistSource);
  }
  if (isProxyEndpoint(config, host, port)) return;
  // The exemption is by exact origin; a socket may carry either scheme.
  const policy = core.policy;
  if (policy.isExempt(url) || policy.isExempt(new URL(`https://${authority}/`))) return;
  return admission.check(url);
}
