/**
 * Canonical host forms for the egress policy. Everything is compared after the
 * WHATWG URL parser has done its work (userinfo split off, percent-encoding
 * decoded, IDN turned into punycode, IPv4 in decimal/octal/hex turned into
 * dotted quads), so what is checked is exactly the host undici will dial.
 */
import { isIPv4, isIPv6 } from "node:net";

export type CanonicalHost = { readonly kind: "name"; readonly value: string } | { readonly kind: "ip"; readonly value: string };

/** Expands an IPv6 address to eight 4-digit groups, lower-case. */
function expandIPv6(address: string): string[] {
  let text = address.toLowerCase();
  // A trailing dotted quad (::ffff:1.2.3.4) becomes two hex groups.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad[1]!.split(".").map(Number) as [number, number, number, number];
    text = text.slice(0, -quad[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const headParts = head ? head.split(":") : [];
  const tailParts = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const fill = tail === undefined ? [] : new Array<string>(8 - headParts.length - tailParts.length).fill("0");
  return [...headParts, ...fill, ...tailParts].map((group) => group.padStart(4, "0"));
}

/** Canonical text of an IP literal; IPv4-mapped IPv6 (`::ffff:a.b.c.d`) becomes the IPv4 it maps. */
export function canonicalIp(address: string): string | undefined {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  if (isIPv4(bare)) return bare.split(".").map(Number).join(".");
  if (!isIPv6(bare)) return undefined;
  const groups = expandIPv6(bare);
  const mapped = groups.slice(0, 5).every((g) => g === "0000") && groups[5] === "ffff";
  if (mapped) {
    const high = parseInt(groups[6]!, 16);
    const low = parseInt(groups[7]!, 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join(".");
  }
  return groups.join(":");
}

/**
 * The canonical host of a parsed URL. `url.hostname` is already decoded and in
 * ASCII; the trailing dot of a fully qualified name is dropped.
 */
export function canonicalHostOfUrl(url: URL): CanonicalHost | undefined {
  const hostname = url.hostname;
  if (!hostname) return undefined;
  const ip = canonicalIp(hostname);
  if (ip) return { kind: "ip", value: ip };
  const name = hostname.toLowerCase().replace(/\.+$/, "");
  return name ? { kind: "name", value: name } : undefined;
}

/**
 * Canonicalises a host written by a person (an allowlist entry or a `Host`
 * header): case, trailing dot, IDN, IP notations — through the same URL parser.
 * Returns undefined when the text is not a host.
 */
export function canonicalHostOfText(text: string): CanonicalHost | undefined {
  const trimmed = text.trim();
  if (!trimmed || /[/?#@\s\\]/.test(trimmed)) return undefined;
  // A bare IPv6 address ("::1") is not a valid URL authority without brackets.
  const ip = canonicalIp(trimmed);
  if (ip) return { kind: "ip", value: ip };
  try {
    return canonicalHostOfUrl(new URL(`http://${trimmed}`));
  } catch {
    return undefined;
  }
}
