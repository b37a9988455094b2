/**
 * Query strings and URL-encoded forms the way request 2.88 built them
 * (lib/querystring.js): the `qs` library by default (`a[0]=1&a[1]=2`, sent as
 * `a%5B0%5D=1&a%5B1%5D=2`), Node's querystring with `useQuerystring`
 * (`a=1&a=2`). request escaped `!'()*` (RFC 3986) only on querystring's output:
 * `qs` already escapes them unless told otherwise (`format: "RFC1738"`,
 * `encode: false`), and then request left its output alone, as we do.
 */
import querystring from "node:querystring";
import type * as Qs from "qs";

// Loaded on first use: most requests carry no qs/form object, and import time matters for cold starts.
let qsLibrary: typeof Qs | undefined;
function qs(): typeof Qs {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  qsLibrary ??= require("qs") as typeof Qs;
  return qsLibrary;
}

export interface QueryFlavour {
  useQuerystring?: boolean;
  qsStringifyOptions?: Record<string, unknown>;
  qsParseOptions?: Record<string, unknown>;
}

export function rfc3986(text: string): string {
  return text.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** querystring's separators from request's `qs*Options` (`sep`, `eq`), as request passed them. */
function separators(options: Record<string, unknown> | undefined): [string | undefined, string | undefined] {
  const sep = options?.sep;
  const eq = options?.eq;
  return [typeof sep === "string" && sep ? sep : undefined, typeof eq === "string" && eq ? eq : undefined];
}

export function stringifyQuery(values: Record<string, unknown>, flavour: QueryFlavour): string {
  if (flavour.useQuerystring) {
    const [sep, eq] = separators(flavour.qsStringifyOptions);
    return rfc3986(querystring.stringify(values as querystring.ParsedUrlQueryInput, sep, eq, flavour.qsStringifyOptions));
  }
  return qs().stringify(values, flavour.qsStringifyOptions);
}

export function parseQuery(text: string, flavour: QueryFlavour): Record<string, unknown> {
  if (flavour.useQuerystring) {
    const [sep, eq] = separators(flavour.qsParseOptions);
    return { ...querystring.parse(text, sep, eq, flavour.qsParseOptions) };
  }
  return qs().parse(text, flavour.qsParseOptions);
}

/** The URL with `qs` merged over its existing query (request's `Request.prototype.qs`). */
export function mergeQuery(url: URL, qs: Record<string, unknown>, flavour: QueryFlavour): URL {
  const base = url.search.length > 1 ? parseQuery(url.search.slice(1), flavour) : {};
  const merged = { ...base, ...qs };
  const text = stringifyQuery(merged, flavour);
  if (text === "") return url;
  const next = new URL(url.href);
  next.search = "";
  return new URL(`${next.href.replace(/#.*$/, "")}?${text}${url.hash}`);
}
