/**
 * The request core's contract: what a toolbelt client hands to the one egress
 * path (`CoreRequest`) and what it gets back (`CoreResponse`).
 */
import type { EgressPolicy } from "./policy";

export type TlsMaterial = string | Buffer | ReadonlyArray<string | Buffer>;

export interface CoreTlsOptions {
  /** Verify the server certificate (default true). Only one client's request can turn it off. */
  readonly rejectUnauthorized?: boolean;
  readonly ca?: TlsMaterial;
  readonly cert?: TlsMaterial;
  readonly key?: TlsMaterial;
  readonly passphrase?: string;
}

export type CoreHeaders = Record<string, string | string[]>;

export interface CoreRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: CoreHeaders;
  readonly body?: string | Buffer | null;
  readonly tls?: CoreTlsOptions;
  /** Time allowed to open the connection (TCP + TLS). */
  readonly connectTimeoutMs?: number;
  /** Time allowed for the response headers, and between body chunks. */
  readonly readTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface CoreResponse {
  readonly statusCode: number;
  readonly statusMessage: string;
  /** Lower-cased names; `set-cookie` is an array, repeated others are joined with ", " (as Node does). */
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
  readonly url: URL;
}

export interface RequestCore {
  send(request: CoreRequest): Promise<CoreResponse>;
  readonly policy: EgressPolicy;
  close(): Promise<void>;
}
