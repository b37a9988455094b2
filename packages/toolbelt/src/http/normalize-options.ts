/**
 * The boundary of HTTPClient: turns request-promise's call forms and options
 * into one `ResolvedHttpOptions` with every field decided. The caller's object
 * is copied, never changed. Inner code only sees resolved options.
 */
import type { CoreTlsOptions } from "../egress/request-core";
import { ErrorCodes } from "../errors/codes";
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

/** `(uri)`, `(uri, options)`, `(options)`, each with an optional callback last (request's initParams). */
export function readCallForm(defaults: HttpClientOptions, args: unknown[]): CallForm {
  const [first, second, third] = args;
  let callback: HttpCallback | undefined;
  let options: HttpClientOptions;
  if (typeof second === "function") callback = second as HttpCallback;
  else if (typeof third === "function") callback = third as HttpCallback;
  if (typeof first === "string" || first instanceof URL) {
    options = { ...(second && typeof second === "object" ? (second as HttpClientOptions) : {}), uri: first };
  } else if (first && typeof first === "object") {
    options = { ...(first as HttpClientOptions) };
  } else {
    throw invalidOption("HTTPClient expects a URL string or an options object as its first argument");
  }
  if (!callback && typeof options.callback === "function") callback = options.callback;
  return { options: mergeDefaults(defaults, options), callback };
}

/** request.defaults() merging: option by option, with headers merged name by name. */
export function mergeDefaults(defaults: HttpClientOptions, options: HttpClientOptions): HttpClientOptions {
  const merged: HttpClientOptions = { ...defaults, ...options };
  if (defaults.headers || options.headers) merged.headers = { ...defaults.headers, ...options.headers };
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
  let uri = options.uri ?? options.url;
  if (uri === undefined || uri === null) throw invalidOption("options.uri is a required argument");
  if (uri instanceof URL) uri = uri.href;
  if (typeof uri !== "string") throw invalidOption("options.uri must be a string or a URL");
  if (options.baseUrl !== undefined) {
    if (typeof options.baseUrl !== "string") throw invalidOption("options.baseUrl must be a string");
    uri = joinBaseUrl(options.baseUrl, uri);
  }
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw invalidOption(`Invalid URI ${JSON.stringify(uri)}: give an absolute http(s) URL, or a path together with baseUrl`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw invalidOption(`Invalid protocol: ${url.protocol} (only http: and https: are supported)`);
  }
  return url;
}

function checkSupported(options: HttpClientOptions): void {
  for (const [name, instead] of Object.entries(UNSUPPORTED_OPTIONS)) {
    if (options[name] !== undefined) {
      throw new ToolbeltError("HTTPClient", ErrorCodes.Http.UnsupportedOption, `HTTPClient does not support the "${name}" option: ${instead}.`);
    }
  }
  if (options.auth && options.auth.sendImmediately === false) {
    throw new ToolbeltError(
      "HTTPClient",
      ErrorCodes.Http.UnsupportedOption,
      'HTTPClient does not support auth.sendImmediately = false: credentials are always sent with the first request.',
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

function findHeader(headers: Record<string, string | string[]>, name: string): string | undefined {
  return Object.keys(headers).find((key) => key.toLowerCase() === name);
}

export function setHeaderIfAbsent(headers: Record<string, string | string[]>, name: string, value: string): void {
  if (findHeader(headers, name) === undefined) headers[name] = value;
}

export function removeHeader(headers: Record<string, string | string[]>, name: string): void {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) delete headers[key];
}

function authorization(options: HttpClientOptions, url: URL): string | undefined {
  const auth = options.auth;
  if (auth) {
    if (typeof auth !== "object") throw invalidOption("options.auth must be an object");
    if (auth.bearer !== undefined) {
      const token = typeof auth.bearer === "function" ? auth.bearer() : auth.bearer;
      return `Bearer ${token}`;
    }
    const user = auth.user ?? auth.username;
    const pass = auth.pass ?? auth.password;
    if (user === undefined && pass === undefined) throw invalidOption("options.auth needs user and pass, or bearer");
    return `Basic ${Buffer.from(`${user ?? ""}:${pass ?? ""}`).toString("base64")}`;
  }
  if (url.username || url.password) {
    return `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString("base64")}`;
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
  const auth = authorization(options, url);
  if (auth) {
    removeHeader(headers, "authorization");
    headers.authorization = auth;
  }
  // Credentials travel in the header only, never in the dialled URL.
  url.username = "";
  url.password = "";

  const json = options.json !== undefined && options.json !== false;
  if (json) setHeaderIfAbsent(headers, "accept", "application/json");
  const gzip = options.gzip === true;
  if (gzip) setHeaderIfAbsent(headers, "accept-encoding", "gzip, deflate");

  const method = (options.method ?? "GET").toString().toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw invalidOption(`options.method "${options.method}" is not an HTTP method`);
  const maxRedirects = options.maxRedirects ?? 10;
  if (!Number.isInteger(maxRedirects) || maxRedirects < 0) throw invalidOption("options.maxRedirects must be a whole number >= 0");
  if (options.transform !== undefined && typeof options.transform !== "function") throw invalidOption("options.transform must be a function");
  if (options.encoding !== undefined && options.encoding !== null && !Buffer.isEncoding(options.encoding)) {
    throw invalidOption(`options.encoding "${String(options.encoding)}" is not a known encoding (use null for a Buffer)`);
  }
  const rejectUnauthorized = options.rejectUnauthorized ?? options.strictSSL ?? true;

  return {
    ...flavour,
    url,
    method,
    headers,
    simple: options.simple !== false,
    resolveWithFullResponse: options.resolveWithFullResponse === true,
    followRedirect: typeof options.followRedirect === "function" ? options.followRedirect : options.followRedirect !== false,
    followAllRedirects: options.followAllRedirects === true,
    followOriginalHttpMethod: options.followOriginalHttpMethod === true,
    maxRedirects,
    removeRefererHeader: options.removeRefererHeader === true,
    gzip,
    encoding: options.encoding === null ? null : options.encoding ?? "utf8",
    json,
    jsonReviver: options.jsonReviver,
    transform: options.transform,
    transform2xxOnly: options.transform2xxOnly === true,
    time: options.time === true,
    timeoutMs: positiveInteger(options.timeout, "timeout"),
    tls: {
      rejectUnauthorized: rejectUnauthorized !== false,
      ...(options.ca !== undefined && { ca: options.ca }),
      ...(options.cert !== undefined && { cert: options.cert }),
      ...(options.key !== undefined && { key: options.key }),
      ...(options.passphrase !== undefined && { passphrase: options.passphrase }),
    },
    signal: options.signal,
    original: options,
  };
}
