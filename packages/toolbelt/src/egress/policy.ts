/**
 * The egress policy: which hosts a request may dial. Built from the resolved
 * configuration; `null` allowlist means plain Node use with no policy at all.
 */
import type { AllowlistSource, ResolvedConfig } from "../config/types";
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";
import { compileAllowlist, type Allowlist } from "./allowlist";
import { DEFAULT_ALLOWED_DOMAINS } from "./default-domains";
import { canonicalHostOfText, canonicalHostOfUrl, type CanonicalHost } from "./host";

export interface EgressPolicy {
  /**
   * Throws the refusal `ToolbeltError` when the request must not leave the process.
   * `hostHeaders` are all values of every `Host` header the request carries.
   */
  check(url: URL, hostHeaders?: string | readonly string[], extra?: Allowlist): void;
  /** True when the URL's origin is one the configuration points at (the Domain API, the local platform). */
  isExempt(url: URL): boolean;
  readonly allowlist: Allowlist | null;
}

function describe(host: CanonicalHost | undefined, fallback: string): string {
  return host ? host.value : fallback;
}

/** How to allow `host`, for the allowlist's owner: the platform, the settings file, or the caller's configure(). */
function howToAllow(host: string, source: AllowlistSource): string {
  if (source === "configure") return `Add it to Toolbelt.configure({ allowlist }).`;
  if (source === "settings-file") return `Add it to "whitelist" in functions/settings.json.`;
  return `Allow it with "lp-faas allowlist add ${host}" (or "whitelist" in functions/settings.json), as the cloud's allowlist would.`;
}

export function refusal(host: string, source: AllowlistSource = "platform"): ToolbeltError {
  return new ToolbeltError(
    "Egress",
    ErrorCodes.Egress.HostRefused,
    `Socket is closed: the egress policy refused "${host}" because it is not on the domain allowlist. ${howToAllow(host, source)}`,
  );
}

/** `scheme|host|port` on canonical hosts, so every notation of one origin gives one key. */
function originKey(url: URL, host: CanonicalHost): string {
  return `${url.protocol}|${host.value}|${url.port || (url.protocol === "https:" ? "443" : "80")}`;
}

/**
 * Origins the configuration itself points at (the Domain API, the local
 * platform). They are exempt by exact origin, not by host: a platform on
 * 127.0.0.1:7420 must not open every other port of 127.0.0.1 to functions.
 */
function configuredOrigins(config: ResolvedConfig): Map<string, CanonicalHost> {
  const origins = new Map<string, CanonicalHost>();
  for (const raw of [config.csdsBaseUrl, config.platformUrl]) {
    if (!raw) continue;
    try {
      const url = new URL(raw);
      const host = canonicalHostOfUrl(url);
      if (host) origins.set(originKey(url, host), host);
    } catch {
      // An unparsable URL is reported by the client that uses it.
    }
  }
  return origins;
}

function sameHost(a: CanonicalHost | undefined, b: CanonicalHost): boolean {
  return a !== undefined && a.kind === b.kind && a.value === b.value;
}

export function createEgressPolicy(config: ResolvedConfig): EgressPolicy {
  const allowlist = config.allowlist ? compileAllowlist([...DEFAULT_ALLOWED_DOMAINS, ...config.allowlist]) : null;
  const exempt = allowlist ? configuredOrigins(config) : new Map<string, CanonicalHost>();
  const allows = (host: CanonicalHost, extra: Allowlist | undefined): boolean => Boolean(allowlist?.allows(host)) || Boolean(extra?.allows(host));
  return {
    allowlist,
    isExempt(url) {
      const host = canonicalHostOfUrl(url);
      return host !== undefined && exempt.has(originKey(url, host));
    },
    check(url, hostHeaders, extra) {
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        throw new ToolbeltError("Egress", ErrorCodes.Egress.InvalidUrl, `Only http: and https: URLs can be requested, not "${url.protocol}"`);
      }
      const host = canonicalHostOfUrl(url);
      if (!host) throw new ToolbeltError("Egress", ErrorCodes.Egress.InvalidUrl, "The URL has no host to connect to");
      if (!allowlist) return;
      const exemptHost = exempt.get(originKey(url, host));
      if (!exemptHost && !allows(host, extra)) throw refusal(describe(host, url.hostname), config.allowlistSource);
      // A Host header naming another server must not smuggle a refused name past the check;
      // every value is checked, whichever one the HTTP stack would end up sending.
      const headers = hostHeaders === undefined ? [] : typeof hostHeaders === "string" ? [hostHeaders] : hostHeaders;
      for (const header of headers) {
        const named = canonicalHostOfText(header);
        if (exemptHost && sameHost(named, exemptHost)) continue;
        if (!named || !allows(named, extra)) throw refusal(describe(named, header), config.allowlistSource);
      }
    },
  };
}
