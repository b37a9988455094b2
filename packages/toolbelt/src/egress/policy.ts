/**
 * The egress policy: which hosts a request may dial. Built from the resolved
 * configuration; `null` allowlist means plain Node use with no policy at all.
 */
import type { ResolvedConfig } from "../config/types";
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";
import { compileAllowlist, type Allowlist } from "./allowlist";
import { DEFAULT_ALLOWED_DOMAINS } from "./default-domains";
import { canonicalHostOfText, canonicalHostOfUrl, type CanonicalHost } from "./host";

export interface EgressPolicy {
  /** Throws the refusal `ToolbeltError` when the request must not leave the process. */
  check(url: URL, hostHeader: string | undefined): void;
  readonly allowlist: Allowlist | null;
}

function describe(host: CanonicalHost | undefined, fallback: string): string {
  return host ? host.value : fallback;
}

export function refusal(host: string): ToolbeltError {
  return new ToolbeltError(
    "Egress",
    ErrorCodes.Egress.HostRefused,
    `Socket is closed: the egress policy refused "${host}" because it is not on the domain allowlist. ` +
      `Add it to "whitelist" in functions/settings.json, to the platform's allowlist (lp-faas allowlist add ${host}), ` +
      `or to Toolbelt.configure({ allowlist }).`,
  );
}

/** Hosts of URLs the configuration itself points at (the Domain API, the local platform). */
function configuredHosts(config: ResolvedConfig): string[] {
  const hosts: string[] = [];
  for (const url of [config.csdsBaseUrl, config.platformUrl]) {
    if (!url) continue;
    try {
      hosts.push(new URL(url).hostname);
    } catch {
      // An unparsable URL is reported by the client that uses it.
    }
  }
  return hosts;
}

export function createEgressPolicy(config: ResolvedConfig): EgressPolicy {
  const allowlist = config.allowlist
    ? compileAllowlist([...DEFAULT_ALLOWED_DOMAINS, ...configuredHosts(config), ...config.allowlist])
    : null;
  return {
    allowlist,
    check(url, hostHeader) {
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        throw new ToolbeltError("Egress", ErrorCodes.Egress.InvalidUrl, `Only http: and https: URLs can be requested, not "${url.protocol}"`);
      }
      const host = canonicalHostOfUrl(url);
      if (!host) throw new ToolbeltError("Egress", ErrorCodes.Egress.InvalidUrl, "The URL has no host to connect to");
      if (!allowlist) return;
      if (!allowlist.allows(host)) throw refusal(describe(host, url.hostname));
      // A Host header naming another server must not smuggle a refused name past the check.
      if (hostHeader !== undefined) {
        const named = canonicalHostOfText(hostHeader);
        if (!named || !allowlist.allows(named)) throw refusal(describe(named, hostHeader));
      }
    },
  };
}
