/**
 * The boundary of HTTPClient: turns request-promise's call forms and options
 * into one `ResolvedHttpOptions` with every field decided. The caller's object
 * is copied, never changed. Inner code only sees resolved options.
 */
import { unescape as unescapeQuery } from "node:querystring";
import type { CoreTlsOptions } from "../egress/request-core";
import { ErrorCodes } from "../errors/codes";
import { redactUrl } from "../errors/redact";
import { ToolbeltError } from "../errors/toolbelt-error";
import { mergeQuery, type QueryFlavour } from "./query";
import type { FullResponse, HttpCallback, HttpClientOptions } from "./types";

/**
 * request options this client does not implement, and what to do instead. Each
 * is rejected with `com.liveperson.faas.http.unsupported-option` rather than
 * silently ignored.
 */
export const UNSUPPORTED_OPTIONS: Readonly<Record<string, string>> = Object.freeze({
  agent: "connections are pooled by the toolbelt's request core",
  agentClass: "connections are pooled by the toolbelt's request core",
  agentOptions: "pass TLS settings (ca, cert, key, passphrase, rejectUnauthorized) as top-level options",
  pool: "connections are pooled by the toolbelt's request core",
  jar: "cookies are not stored; read set-cookie from the full response and send a cookie header",
  har: "build the request from options instead",
  aws: "sign the request yourself and pass the headers",
  hawk: "sign the request yourself and pass the headers",
  httpSignature: "sign the request yourself and pass the headers",
  oauth: "use Toolbelt.LpClient() for LivePerson APIs, or sign the request yourself",
  multipart: "use formData",
  preambleCRLF: "use formData",
  postambleCRLF: "use formData",
  proxy: "proxies come from HTTPS_PROXY / HTTP_PROXY or Toolbelt.configure({ httpsProxy })",
  tunnel: "proxies always tunnel (CONNECT)",
  proxyHeaderWhiteList: "proxies come from the environment",
  proxyHeaderExclusiveList: "proxies come from the environment",
  localAddress: "the egress path chooses the interface",
  family: "the egress path resolves host names",
  lookup: "the egress path resolves host names",
  pfx: "pass cert and key in PEM form",
  secureProtocol: "TLS 1.2 and 1.3 are negotiated automatically",
  brotli: "use gzip: true",
});

export interface ResolvedHttpOptions extends QueryFlavour {
  readonly url: URL;
  readonly method: string;
  readonly headers: Record<string, string | string[]>;
  readonly simple: boolean;
  readonly resolveWithFullResponse: boolean;
  readonly followRedirect: boolean | ((response: FullResponse) => boolean);
  readonly followAllRedirects: boolean;
  readonly followOriginalHttpMethod: boolean;
  readonly maxRedirects: number;
  readonly removeRefererHeader: boolean;
  readonly gzip: boolean;
  readonly encoding: BufferEncoding | null;
  /** Parse the response body as JSON. */
  readonly json: boolean;
  readonly jsonReviver: ((key: string, value: unknown) => unknown) | undefined;
  readonly transform: HttpClientOptions["transform"];
  readonly transform2xxOnly: boolean;
  readonly time: boolean;
  readonly timeoutMs: number | undefined;
  readonly tls: CoreTlsOptions;
  readonly signal: AbortSignal | undefined;
  /** The caller's merged options, for errors (redacted there). */
  readonly original: HttpClientOptions;
}

export interface CallForm {
  options: HttpClientOptions;
  callback: HttpCallback | undefined;
}

export function invalidOption(message: string): ToolbeltError {
  return new ToolbeltError("HTTPClient", ErrorCodes.Http.InvalidOption, message);
}

/** The node-style callback of a call, wherever request's initParams would have found it. */
export function findCallback(args: unknown[]): HttpCallback | undefined {
  const [first, second, third] = args;
  if (typeof second === "function") return second as HttpCallback;
  if (typeof third === "function") return third as HttpCallback;
  const options = typeof first === "string" || first instanceof URL ? second : first;
  const fromOptions = options && typeof options === "object" ? (options as HttpClientOptions).callback : undefined;
  return typeof fromOptions === "function" ? fromOptions : undefined;
}

/** `(uri)`, `(uri, options)`, `(options)`, each with an optional callback last (request's initParams). */
export function readCallForm(defaults: HttpClientOptions, args: unknown[]): CallForm {
  const [first, second] = args;
  let options: HttpClientOptions;
  if (typeof first === "string" || first instanceof URL) {
    // Object.assign, not a spread followed by a property: the latter is slow on Node 20 per request.
    options = Object.assign({}, second && typeof second === "object" ? (second as HttpClientOptions) : {}, { uri: first });
  } else if (first && typeof first === "object") {
    options = { ...(first as HttpClientOptions) };
  } else {
    throw invalidOption("HTTPClient expects a URL string or an options object as its first argument");
  }
  // request's defaults() carried a default `callback` too (extend copied it into the call's options).
  const callback = findCallback(args) ?? (typeof defaults.callback === "function" ? defaults.callback : undefined);
  return { options: mergeDefaults(defaults, options), callback };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Plain objects merged key by key (request's `extend(true, ...)`); anything else is replaced. */
function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

/**
 * request.defaults() merging. request deep-extended the defaults with the call's
 * options (`extend(true, {}, defaults, params)`), so nested objects — `headers`,
 * `qs`, `auth`, `form` — merge key by key and the call wins. Two deliberate
 * refinements: header names merge case-insensitively (a call's `user-agent`
 * replaces a default `User-Agent` instead of sending both), and arrays are
 * replaced, not merged index by index as `extend` did.
 */
export function mergeDefaults(defaults: HttpClientOptions, options: HttpClientOptions): HttpClientOptions {
  const merged = deepMerge(defaults, options) as HttpClientOptions;
  if (isPlainObject(defaults.headers) && isPlainObject(options.headers)) {
    const headers: Record<string, unknown> = {};
    const callNames = new Set(
      Object.keys(options.headers)
        .filter((name) => options.headers?.[name] !== undefined)
        .map((name) => name.toLowerCase()),
    );
    for (const [name, value] of Object.entries(defaults.headers)) if (!callNames.has(name.toLowerCase())) headers[name] = value;
    for (const [name, value] of Object.entries(options.headers)) if (value !== undefined) headers[name] = value;
    merged.headers = headers as HttpClientOptions["headers"];
  }
  return merged;
}

/** request's baseUrl joining rules. */
function joinBaseUrl(baseUrl: string, uri: string): string {
  if (uri.startsWith("//") || uri.includes("://")) throw invalidOption("options.uri must be a path when using options.baseUrl");
  const baseEndsWithSlash = baseUrl.endsWith("/");
  const uriStartsWithSlash = uri.startsWith("/");
  if (baseEndsWithSlash && uriStartsWithSlash) return baseUrl + uri.slice(1);
  if (baseEndsWithSlash || uriStartsWithSlash) return baseUrl + uri;
  if (uri === "") return baseUrl;
  return `${baseUrl}/${uri}`;
}

function resolveUrl(options: HttpClientOptions): URL {
  // As request: `url` stands in for a missing (or empty) `uri`; an empty `uri` still joins a baseUrl.
  let uri = options.uri || options.url || (options.baseUrl ? options.uri : undefined);
  if (uri === undefined || uri === null || (uri === "" && !options.baseUrl)) throw invalidOption("options.uri is a required argument");
  if (uri instanceof URL) uri = uri.href;
  if (typeof uri !== "string") throw invalidOption("options.uri must be a string or a URL");
  // request ignored a falsy baseUrl.
  if (options.baseUrl) {
    if (typeof options.baseUrl !== "string") throw invalidOption("options.baseUrl must be a string");
    uri = joinBaseUrl(options.baseUrl, uri);
  }
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    // The text may carry userinfo; the message ends up in the RequestError, so mask it.
    throw invalidOption(`Invalid URI ${JSON.stringify(redactUrl(uri))}: give an absolute http(s) URL, or a path together with baseUrl`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw invalidOption(`Invalid protocol: ${url.protocol} (only http: and https: are supported)`);
  }
  return url;
}

const UNSUPPORTED_NAMES = Object.keys(UNSUPPORTED_OPTIONS);

function checkSupported(options: HttpClientOptions): void {
  for (const name of UNSUPPORTED_NAMES) {
    if (options[name] !== undefined) {
      const instead = UNSUPPORTED_OPTIONS[name];
      throw new ToolbeltError("HTTPClient", ErrorCodes.Http.UnsupportedOption, `HTTPClient does not support the "${name}" option: ${instead}.`);
    }
  }
  if (options.auth && options.auth.sendImmediately === false) {
    throw new ToolbeltError(
      "HTTPClient",
      ErrorCodes.Http.UnsupportedOption,
      "HTTPClient does not support auth.sendImmediately = false: credentials are always sent with the first request.",
    );
  }
}

function headerValues(headers: HttpClientOptions["headers"]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (headers === undefined) return out;
  if (!headers || typeof headers !== "object") throw invalidOption("options.headers must be an object");
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    out[name] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return out;
}

/** The caller's spelling of header `name` (lower-case), if present. */
export function findHeader(headers: Record<string, string | string[]>, name: string): string | undefined {
  return Object.keys(headers).find((key) => key.toLowerCase() === name);
}

export function setHeaderIfAbsent(headers: Record<string, string | string[]>, name: string, value: string): void {
  if (findHeader(headers, name) === undefined) headers[name] = value;
}

export function removeHeader(headers: Record<string, string | string[]>, name: string): void {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) delete headers[key];
}

function basic(user: string, pass: string | undefined): string {
  return `Basic ${Buffer.from(`${user}:${pass || ""}`).toString("base64")}`;
}

/**
 * The Authorization header request would send (lib/auth.js): the `auth` option
 * wins over an explicit header; URL userinfo applies only when there is neither.
 */
function authorization(options: HttpClientOptions, url: URL, headers: Record<string, string | string[]>): string | undefined {
  const auth = options.auth;
  if (auth) {
    if (typeof auth !== "object") throw invalidOption("options.auth must be an object");
    if (auth.bearer !== undefined) {
      const token = typeof auth.bearer === "function" ? auth.bearer() : auth.bearer;
      return `Bearer ${token || ""}`;
    }
    // request copied `username`/`password` over `user`/`pass` when present.
    const user = Object.prototype.hasOwnProperty.call(auth, "username") ? auth.username : auth.user;
    const pass = Object.prototype.hasOwnProperty.call(auth, "password") ? auth.password : auth.pass;
    if (user === undefined) throw invalidOption("options.auth needs user (and pass), or bearer");
    if (typeof user !== "string" || (pass !== undefined && typeof pass !== "string")) {
      throw invalidOption("options.auth received an invalid user or password (give strings)");
    }
    return basic(user, pass);
  }
  if ((url.username || url.password) && findHeader(headers, "authorization") === undefined) {
    return basic(unescapeQuery(url.username), unescapeQuery(url.password));
  }
  return undefined;
}

function positiveInteger(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw invalidOption(`options.${name} must be a number of milliseconds >= 0`);
  return Math.floor(value);
}

export function resolveOptions(options: HttpClientOptions): ResolvedHttpOptions {
  checkSupported(options);
  const flavour: QueryFlavour = {
    useQuerystring: options.useQuerystring === true,
    qsStringifyOptions: options.qsStringifyOptions,
    qsParseOptions: options.qsParseOptions,
  };
  let url = resolveUrl(options);
  if (options.qs !== undefined) {
    if (!options.qs || typeof options.qs !== "object") throw invalidOption("options.qs must be an object");
    url = mergeQuery(url, options.qs, flavour);
  }
  const headers = headerValues(options.headers);
  const auth = authorization(options, url, headers);
  if (auth) {
    removeHeader(headers, "authorization");
    headers.authorization = auth;
  }
  // Credentials travel in the header only, never in the dialled URL.
  if (url.username || url.password) {
    url.username = "";
    url.password = "";
  }

  // request tested these options for truthiness (`if (options.json)`, `if (self.gzip)`).
  const json = Boolean(options.json);
  if (json) setHeaderIfAbsent(headers, "accept", "application/json");
  const gzip = Boolean(options.gzip);
  if (gzip) setHeaderIfAbsent(headers, "accept-encoding", "gzip, deflate");

  const method = (options.method ?? "GET").toString().toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw invalidOption(`options.method "${options.method}" is not an HTTP method`);
  const maxRedirects = options.maxRedirects ?? 10;
  if (!Number.isInteger(maxRedirects) || maxRedirects < 0) throw invalidOption("options.maxRedirects must be a whole number >= 0");
  if (options.transform !== undefined && typeof options.transform !== "function") throw invalidOption("options.transform must be a function");
  if (options.encoding !== undefined && options.encoding !== null && !Buffer.isEncoding(options.encoding)) {
    throw invalidOption(`options.encoding "${String(options.encoding)}" is not a known encoding (use null for a Buffer)`);
  }
  // As request: either `rejectUnauthorized: false` or `strictSSL: false` turns verification off.
  const rejectUnauthorized = options.rejectUnauthorized !== false && options.strictSSL !== false;

  // Listed field by field: on Node 20, spreading into a large literal costs ~50 µs per request.
  return {
    useQuerystring: flavour.useQuerystring,
    qsStringifyOptions: flavour.qsStringifyOptions,
    qsParseOptions: flavour.qsParseOptions,
    url,
    method,
    headers,
    simple: options.simple !== false,
    resolveWithFullResponse: options.resolveWithFullResponse === true,
    followRedirect:
      typeof options.followRedirect === "function" ? options.followRedirect : options.followRedirect === undefined || Boolean(options.followRedirect),
    followAllRedirects: Boolean(options.followAllRedirects),
    followOriginalHttpMethod: Boolean(options.followOriginalHttpMethod),
    maxRedirects,
    removeRefererHeader: Boolean(options.removeRefererHeader),
    gzip,
    encoding: options.encoding === null ? null : (options.encoding ?? "utf8"),
    json,
    jsonReviver: options.jsonReviver,
    transform: options.transform,
    transform2xxOnly: options.transform2xxOnly === true,
    time: Boolean(options.time),
    timeoutMs: positiveInteger(options.timeout, "timeout"),
    tls: {
      rejectUnauthorized,
      ...(options.ca !== undefined && { ca: options.ca }),
      ...(options.cert !== undefined && { cert: options.cert }),
      ...(options.key !== undefined && { key: options.key }),
      ...(options.passphrase !== undefined && { passphrase: options.passphrase }),
    },
    signal: options.signal,
    original: options,
  };
}
