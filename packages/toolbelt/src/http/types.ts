/**
 * HTTPClient's public types: request-promise's calling convention and options
 * (https://www.npmjs.com/package/request-promise), typed. Options this client
 * does not implement are listed in `UNSUPPORTED_OPTIONS` and rejected.
 */
import type { Readable } from "node:stream";

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS" | (string & {});

/** A multipart field value, as request's `formData` took it. */
export type FormDataValue =
  | string
  | number
  | boolean
  | Buffer
  | Readable
  | { value: string | Buffer | Readable; options?: string | { filename?: string; contentType?: string; knownLength?: number } };

export interface HttpAuth {
  user?: string;
  username?: string;
  pass?: string;
  password?: string;
  /** Only `true` (the default) is supported: credentials are sent with the first request. */
  sendImmediately?: boolean;
  bearer?: string | (() => string);
}

export interface HttpClientOptions {
  uri?: string | URL;
  url?: string | URL;
  /** Prefix for a relative `uri` (request's joining rules). */
  baseUrl?: string;
  method?: HttpMethod;
  headers?: Record<string, string | number | string[] | undefined>;
  /** Query parameters merged into the URL (qs format: `a[0]=1&a[1]=2`; `useQuerystring` gives `a=1&a=2`). */
  qs?: Record<string, unknown>;
  useQuerystring?: boolean;
  qsStringifyOptions?: Record<string, unknown>;
  qsParseOptions?: Record<string, unknown>;
  /** String or Buffer; an object only together with `json: true`. */
  body?: unknown;
  /** `true`: send `body` as JSON and parse the response; any other value is sent as the JSON body. */
  json?: unknown;
  jsonReviver?: (key: string, value: unknown) => unknown;
  jsonReplacer?: (key: string, value: unknown) => unknown;
  /** URL-encoded form body (object or ready string). */
  form?: Record<string, unknown> | string;
  /** Multipart body; values may be strings, Buffers, readable streams (files) or `{ value, options }`. */
  formData?: Record<string, FormDataValue | FormDataValue[]>;
  auth?: HttpAuth;
  /** Reject non-2xx responses with `StatusCodeError` (default true). */
  simple?: boolean;
  /** Resolve with the full response instead of the body (default false). */
  resolveWithFullResponse?: boolean;
  /** Milliseconds for the connection (→ `ETIMEDOUT`, `connect: true`) and for each read (→ `ESOCKETTIMEDOUT`). */
  timeout?: number;
  /** Follow redirects of GET/HEAD requests (default true), or decide per response. */
  followRedirect?: boolean | ((response: FullResponse) => boolean);
  /** Follow redirects of every method (default false). */
  followAllRedirects?: boolean;
  /** Keep the method on 301/302/303 redirects instead of switching to GET (default false). */
  followOriginalHttpMethod?: boolean;
  maxRedirects?: number;
  removeRefererHeader?: boolean;
  /** Ask for and decode gzip/deflate responses (default false). */
  gzip?: boolean;
  /** Response body encoding; `null` resolves a Buffer (default utf8 string). */
  encoding?: BufferEncoding | null;
  transform?: (body: unknown, response: FullResponse, resolveWithFullResponse: boolean) => unknown;
  /** Apply `transform` to 2xx responses only (default false). */
  transform2xxOnly?: boolean;
  /** Add `elapsedTime` (ms) to the response. */
  time?: boolean;
  /** TLS verification; `false` turns it off for this request only. */
  rejectUnauthorized?: boolean;
  /** Alias of `rejectUnauthorized`. */
  strictSSL?: boolean;
  ca?: string | Buffer | Array<string | Buffer>;
  cert?: string | Buffer | Array<string | Buffer>;
  key?: string | Buffer | Array<string | Buffer>;
  passphrase?: string;
  /** Keep-alive is always on; accepted for compatibility. */
  forever?: boolean;
  /** Aborts the request (an extension; request-promise had `.abort()` on the request object). */
  signal?: AbortSignal;
  /** request's option form of the callback. */
  callback?: HttpCallback;
  /** Other keys are ignored, as request ignored them (e.g. LpClient's `appKeySecretName`). */
  [key: string]: unknown;
}

/** What `response.request` describes (request's `Request` object, reduced to data). */
export interface FullResponseRequest {
  uri: {
    href: string;
    protocol: string;
    host: string;
    hostname: string;
    port: string | null;
    pathname: string;
    path: string;
    search: string | null;
    query: string | null;
    hash: string | null;
  };
  method: string;
  /** Sent headers, with credentials masked. */
  headers: Record<string, string | string[]>;
}

export interface FullResponse {
  statusCode: number;
  statusMessage: string;
  /** Lower-cased header names. */
  headers: Record<string, string | string[]>;
  body: unknown;
  request: FullResponseRequest;
  /** With `time: true`. */
  elapsedTime?: number;
  timingStart?: number;
}

export type HttpCallback = (error: Error | null, response?: FullResponse, body?: unknown) => void;

/** request-promise's call forms. `T` is what the promise resolves (the body, or a `FullResponse`). */
export interface HttpRequestFunction {
  <T = unknown>(uri: string | URL, options?: HttpClientOptions, callback?: HttpCallback): Promise<T>;
  <T = unknown>(uri: string | URL, callback?: HttpCallback): Promise<T>;
  <T = unknown>(options: HttpClientOptions, callback?: HttpCallback): Promise<T>;
}

/** What `Toolbelt.HTTPClient()` returns: a request-promise-style function with verb shortcuts. */
export interface HttpClient extends HttpRequestFunction {
  get: HttpRequestFunction;
  head: HttpRequestFunction;
  options: HttpRequestFunction;
  post: HttpRequestFunction;
  put: HttpRequestFunction;
  patch: HttpRequestFunction;
  delete: HttpRequestFunction;
  /** Alias of `delete`. */
  del: HttpRequestFunction;
  /** A client whose requests start from these options (headers are merged). */
  defaults(options: HttpClientOptions): HttpClient;
}
