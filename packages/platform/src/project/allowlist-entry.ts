/**
 * Allowlist entries as a person writes them (`lp-faas allowlist add`, the
 * platform API): a host name, `*.domain` (one wildcard, as the first label) or
 * an IP address. The toolbelt's egress policy compiles the same list and
 * refuses what this refuses, so a bad entry is caught here, where the message
 * can say what to write instead, and not in every function call later.
 */
import { isIPv4, isIPv6 } from "node:net";
import { domainToASCII } from "node:url";
import { badInput, type PlatformError } from "../errors";

function refuse(entry: string, why: string): PlatformError {
  return badInput(`Allowlist entry ${JSON.stringify(entry)} ${why}`);
}

/** The host part of something that looks like a URL, for "write X instead". */
function hostOf(text: string): string | undefined {
  try {
    const url = new URL(text.includes("://") ? text : `http://${text}`);
    return url.hostname.replace(/^\[|\]$/g, "") || undefined;
  } catch {
    return undefined;
  }
}

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

function isHostName(name: string): boolean {
  if (name.length > 253) return false;
  return name.split(".").every((label) => LABEL.test(label));
}

/**
 * Checks an entry and returns its canonical form (trimmed, lower case, no
 * trailing dot, IDN in punycode). Throws PlatformError 400
 * `com.liveperson.faas.es.badinput` saying what to write instead.
 */
export function normaliseAllowlistEntry(raw: unknown): string {
  if (typeof raw !== "string") throw badInput('An allowlist entry must be a string such as "api.example.com"');
  const entry = raw.trim();
  if (entry === "") throw badInput('An allowlist entry must not be empty; write a host such as "api.example.com"');
  if (entry.includes("://") || /[/?#]/.test(entry)) {
    const host = hostOf(entry);
    throw refuse(raw, `must be a host name, not a URL or a path${host ? `: write "${host}"` : ' (write "api.example.com")'}`);
  }
  if (entry.includes("@")) throw refuse(raw, `must be a host name without user information${hostOf(entry) ? `: write "${hostOf(entry)}"` : ""}`);
  if (/\s/.test(entry)) throw refuse(raw, "must not contain spaces; add one host per entry");

  const bracketed = /^\[(.+)\]$/.exec(entry);
  const bareIp = bracketed ? bracketed[1]! : entry;
  if (isIPv4(bareIp) || isIPv6(bareIp)) return bareIp.toLowerCase();
  if (bracketed) throw refuse(raw, "is not a valid IPv6 address");
  if (entry.includes(":")) {
    const host = entry.slice(0, entry.lastIndexOf(":"));
    throw refuse(raw, `must not name a port (every port of an allowed host is allowed): write "${host}"`);
  }

  if (entry === "*" || entry === "*.") throw refuse(raw, 'would allow every host; list the hosts, or a domain such as "*.example.com"');
  const wildcard = entry.startsWith("*.");
  let rest = wildcard ? entry.slice(2) : entry;
  if (rest.includes("*")) {
    const suggestion = rest.slice(rest.lastIndexOf("*") + 1).replace(/^[.-]+/, "");
    throw refuse(raw, `may hold one "*" only, as its whole first label${suggestion ? `: write "*.${suggestion}"` : ' ("*.example.com")'}`);
  }
  if (rest.startsWith(".")) {
    throw refuse(raw, `must not start with a dot: write "*.${rest.replace(/^\.+/, "")}" for the domain and its subdomains`);
  }
  rest = rest.replace(/\.$/, "");
  if (wildcard && (isIPv4(rest) || isIPv6(rest))) throw refuse(raw, `combines a wildcard with an IP address: write "${rest}"`);
  if (/^[\d.]+$/.test(rest)) throw refuse(raw, "is neither a host name nor a valid IPv4 address (four numbers from 0 to 255)");
  const ascii = domainToASCII(rest.toLowerCase());
  if (!ascii || !isHostName(ascii)) {
    throw refuse(raw, 'is not a valid host name (letters, digits, "-" and "_" in dot-separated labels, such as "api.example.com")');
  }
  return wildcard ? `*.${ascii}` : ascii;
}
