/**
 * The egress allowlist: exact hosts, `*.domain` wildcards and IP addresses,
 * compiled once and matched on canonical hosts (see host.ts).
 *
 * Rules:
 * - names compare case-insensitively, without a trailing dot, in punycode;
 * - `*.example.com` matches `example.com` itself and any name below it — never
 *   `evilexample.com` or `example.com.evil.com`; at most one `*`, only as the
 *   first label;
 * - an IP literal, in any notation, is allowed only when that exact address is
 *   listed (wildcards never match IPs).
 */
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";
import { canonicalHostOfText, type CanonicalHost } from "./host";

export interface Allowlist {
  /** True when `host` may be dialled. */
  allows(host: CanonicalHost): boolean;
  /** The compiled entries, for messages and `lp-faas allowlist list`. */
  readonly entries: readonly string[];
}

function invalidEntry(entry: string, why: string): ToolbeltError {
  return new ToolbeltError("Egress", ErrorCodes.Toolbelt.InvalidConfig, `Allowlist entry "${entry}" ${why}`);
}

export function compileAllowlist(entries: readonly string[]): Allowlist {
  const names = new Set<string>();
  const suffixes = new Set<string>();
  const ips = new Set<string>();
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry.includes("://") || entry.includes("/")) {
      throw invalidEntry(raw, 'must be a host name, not a URL (write "api.example.com", not "https://api.example.com/")');
    }
    const wildcard = entry.startsWith("*.");
    const rest = wildcard ? entry.slice(2) : entry;
    if (rest.includes("*")) throw invalidEntry(raw, 'may hold one "*" only, as its first label ("*.example.com")');
    if (rest.startsWith(".")) throw invalidEntry(raw, 'must not start with a dot; write "*.example.com" for a domain and its subdomains');
    const host = canonicalHostOfText(rest);
    if (!host) throw invalidEntry(raw, "is not a valid host name or IP address");
    if (host.kind === "ip") {
      if (wildcard) throw invalidEntry(raw, "combines a wildcard with an IP address");
      ips.add(host.value);
    } else if (wildcard) {
      suffixes.add(host.value);
    } else {
      names.add(host.value);
    }
  }
  return {
    entries: Object.freeze([...entries]),
    allows(host) {
      if (host.kind === "ip") return ips.has(host.value);
      if (names.has(host.value) || suffixes.has(host.value)) return true;
      // Walk up the labels: a.b.example.com → b.example.com → example.com → com.
      let dot = host.value.indexOf(".");
      while (dot !== -1) {
        if (suffixes.has(host.value.slice(dot + 1))) return true;
        dot = host.value.indexOf(".", dot + 1);
      }
      return false;
    },
  };
}
