/** Public types of `Toolbelt.MTLSClient()`. */

/** Client TLS material, PEM (strings or Buffers). `ca`, when given, is the trust anchor for the upstream's certificate. */
export interface ClientTLS {
  cert: string | Buffer;
  key: string | Buffer;
  ca?: string | Buffer;
}

export interface MTLSOptions {
  /** Deadline for the whole request in ms (connect, TLS handshake, response). */
  timeout?: number;
  /** Send the body as JSON (`Content-Type: application/json`) and parse the response body as JSON when possible. */
  json?: boolean;
  /** Accept an upstream certificate that does not verify (self-signed, unknown CA, expired). Default false. */
  allowSelfSigned?: boolean;
}

export interface MTLSResponse {
  statusCode: number;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Parsed JSON (with `json: true`, when the body parses), else the body as a UTF-8 string; undefined for HEAD and OPTIONS. */
  body?: unknown;
}

/** A request body: string, Buffer/Uint8Array, URLSearchParams (form), or — with `json: true` — any JSON-serialisable value. */
export type MTLSBody = string | Buffer | Uint8Array | URLSearchParams | Record<string, unknown> | unknown[] | null | undefined;

export interface MTLSClient {
  get(url: string, headers?: Record<string, string>, body?: MTLSBody, options?: MTLSOptions): Promise<MTLSResponse>;
  post(url: string, headers?: Record<string, string>, body?: MTLSBody, options?: MTLSOptions): Promise<MTLSResponse>;
  put(url: string, headers?: Record<string, string>, body?: MTLSBody, options?: MTLSOptions): Promise<MTLSResponse>;
  delete(url: string, headers?: Record<string, string>, body?: MTLSBody, options?: MTLSOptions): Promise<MTLSResponse>;
  patch(url: string, headers?: Record<string, string>, body?: MTLSBody, options?: MTLSOptions): Promise<MTLSResponse>;
  head(url: string, headers?: Record<string, string>, options?: MTLSOptions): Promise<MTLSResponse>;
  options(url: string, headers?: Record<string, string>, options?: MTLSOptions): Promise<MTLSResponse>;
}
