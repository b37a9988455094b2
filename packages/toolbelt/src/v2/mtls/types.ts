/** Public types of the V2 `Toolbelt.MTLSClient()` and `Toolbelt.LPMtlsClient()`. */

/** Client TLS material in PEM (string or Buffer). `ca`, when given, is the trust anchor for the server's certificate. */
export interface ClientTlsConfig {
  cert: string | Buffer;
  key: string | Buffer;
  ca?: string | Buffer;
}

/** What `fetch` accepts as a body. */
export type FetchBody = NonNullable<RequestInit["body"]>;

/**
 * A request body: what `fetch` sends (string, Blob, ArrayBuffer or a view of one such as a
 * Buffer, FormData, URLSearchParams, ReadableStream), or with `json: true` any
 * JSON-serialisable value (a string is sent as it is).
 */
export type MtlsBody = FetchBody | Record<string, unknown> | unknown[] | number | boolean | null | undefined;

/** Request headers: a plain object or a `Headers`. */
export type MtlsHeaders = Record<string, string> | Headers;

export interface MtlsOptions {
  /** Time allowed for the whole request, answer body included, in ms → `mtls.request-timeout`. */
  timeout?: number;
  /** Send the body as JSON (`Content-Type: application/json`) and parse the answer when it is JSON. */
  json?: boolean;
  /** Accept a server certificate that does not verify (self-signed, unknown CA). Default `false`: verified. */
  allowSelfSigned?: boolean;
}

export type LpMtlsOptions = Omit<MtlsOptions, "allowSelfSigned">;

export interface MtlsResponse {
  statusCode: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The answer's text (parsed JSON with `json: true`, when it parses); `undefined` for HEAD and OPTIONS. */
  body?: unknown;
}

export interface IMtlsClient {
  get(url: string, headers?: MtlsHeaders, body?: MtlsBody, options?: MtlsOptions): Promise<MtlsResponse>;
  post(url: string, headers?: MtlsHeaders, body?: MtlsBody, options?: MtlsOptions): Promise<MtlsResponse>;
  put(url: string, headers?: MtlsHeaders, body?: MtlsBody, options?: MtlsOptions): Promise<MtlsResponse>;
  delete(url: string, headers?: MtlsHeaders, body?: MtlsBody, options?: MtlsOptions): Promise<MtlsResponse>;
  patch(url: string, headers?: MtlsHeaders, body?: MtlsBody, options?: MtlsOptions): Promise<MtlsResponse>;
  head(url: string, headers?: MtlsHeaders, options?: MtlsOptions): Promise<MtlsResponse>;
  options(url: string, headers?: MtlsHeaders, options?: MtlsOptions): Promise<MtlsResponse>;
}

/** Requests forwarded by LivePerson's MTLS gateway, which presents the certificate configured for the target. */
export interface ILpMtlsClient {
  get(url: string, headers?: MtlsHeaders, body?: MtlsBody, options?: LpMtlsOptions): Promise<MtlsResponse>;
  post(url: string, headers?: MtlsHeaders, body?: MtlsBody, options?: LpMtlsOptions): Promise<MtlsResponse>;
}
