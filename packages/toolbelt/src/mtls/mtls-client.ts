/**
 * `Toolbelt.MTLSClient({ cert, key, ca? })`: HTTPS requests presenting a client
 * certificate, through the shared request core (egress allowlist, rate limit,
 * keep-alive pools keyed by TLS material — so one client reuses one pool).
 *
 * Differences from the official V2 client:
 * - the upstream certificate is verified unless `allowSelfSigned: true` (V2 verified it only given an explicit `false`);
 * - no new, never-closed Agent per request — the core's pool for this TLS material is reused;
 * - `timeout` is enforced (connect + response; V2 ignored it) → `mtls.request-timeout`;
 * - missing cert/key give `MTLSError`-style toolbelt errors, and cert/key are
 *   really parsed (X.509 / private key, and the key must match the certificate);
 *   `X-Request-Id` is sent on every request, not only with `json: true`.
 * Error messages never contain PEM text or OpenSSL's messages about the key.
 */
import { X509Certificate, createPrivateKey, randomUUID, type KeyObject } from "node:crypto";
import { getRequestCore, type CoreHeaders, type RequestCore } from "../egress/request-core";
import { ErrorCodes, type ErrorCode } from "../errors/codes";
import { ToolbeltError, isToolbeltError } from "../errors/toolbelt-error";
import type { ClientTLS, MTLSBody, MTLSClient, MTLSOptions, MTLSResponse } from "./types";

function mtlsError(code: ErrorCode, message: string, cause?: unknown): ToolbeltError {
  return new ToolbeltError("MTLS", code, message, cause === undefined ? undefined : { cause });
}

/** Builds the error a validation failure throws (V1's ToolbeltError by default; the V2 entry passes its MTLSError). */
export type MtlsErrorFactory = (
  code: (typeof ErrorCodes.Mtls)["Missing" | "BadRequest"] | (typeof ErrorCodes.Mtls.Invalid)["Key" | "Cert"],
  message: string,
) => Error;

function pemText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString("utf8");
  return undefined;
}

function parseCertificate(value: unknown, what: "cert" | "ca", mtlsError: MtlsErrorFactory): { pem: string; x509: X509Certificate } {
  const pem = pemText(value);
  const label = what === "cert" ? "The client certificate (cert)" : "The CA certificate (ca)";
  if (pem === undefined || pem.trim() === "") {
    throw mtlsError(ErrorCodes.Mtls.Invalid.Cert, `${label} is missing or not a string/Buffer; provide it in PEM format.`);
  }
  try {
    return { pem, x509: new X509Certificate(pem) };
  } catch {
    throw mtlsError(ErrorCodes.Mtls.Invalid.Cert, `${label} could not be parsed as a PEM-encoded X.509 certificate.`);
  }
}

function parseKey(value: unknown, mtlsError: MtlsErrorFactory): { pem: string; key: KeyObject } {
  const pem = pemText(value);
  if (pem === undefined || pem.trim() === "") {
    throw mtlsError(ErrorCodes.Mtls.Invalid.Key, "The client private key (key) is missing or not a string/Buffer; provide it in PEM format.");
  }
  try {
    return { pem, key: createPrivateKey(pem) };
  } catch {
    // OpenSSL's own message is deliberately not repeated.
    throw mtlsError(ErrorCodes.Mtls.Invalid.Key, "The client private key (key) could not be parsed as an unencrypted PEM private key.");
  }
}

const defaultMtlsError: MtlsErrorFactory = (code, message) => mtlsError(code, message);

export interface ValidatedTls {
  cert: string;
  key: string;
  ca?: string;
}

/** Validates the constructor argument in the documented order: config, cert, ca, key, key ↔ cert. */
export function validateClientTls(clientTLS: unknown, mtlsError: MtlsErrorFactory = defaultMtlsError): ValidatedTls {
  if (clientTLS === null || clientTLS === undefined || typeof clientTLS !== "object") {
    throw mtlsError(ErrorCodes.Mtls.Missing, "No Client TLS config was provided");
  }
  const config = clientTLS as Partial<ClientTLS>;
  const cert = parseCertificate(config.cert, "cert", mtlsError);
  const ca = config.ca === undefined || config.ca === null ? undefined : parseCertificate(config.ca, "ca", mtlsError);
  const key = parseKey(config.key, mtlsError);
  let matches: boolean;
  try {
    matches = cert.x509.checkPrivateKey(key.key);
  } catch {
    matches = false;
  }
  if (!matches) throw mtlsError(ErrorCodes.Mtls.Invalid.Key, "The client private key (key) does not match the certificate (cert).");
  return { cert: cert.pem, key: key.pem, ...(ca && { ca: ca.pem }) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function findHeader(headers: CoreHeaders, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function encodeBody(body: unknown, json: boolean, headers: CoreHeaders): string | Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return body;
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof URLSearchParams) {
    if (!findHeader(headers, "content-type")) headers["content-type"] = "application/x-www-form-urlencoded";
    return body.toString();
  }
  if (json && (isPlainObject(body) || Array.isArray(body) || typeof body === "number" || typeof body === "boolean")) {
    let text: string | undefined;
    try {
      text = JSON.stringify(body);
    } catch (error) {
      throw mtlsError(ErrorCodes.Mtls.BadRequest, `The request body could not be serialised as JSON: ${(error as Error).message}`);
    }
    if (text === undefined) throw mtlsError(ErrorCodes.Mtls.BadRequest, "The request body could not be serialised as JSON.");
    return text;
  }
  throw mtlsError(
    ErrorCodes.Mtls.BadRequest,
    json
      ? "The request body must be a string, Buffer, Uint8Array, URLSearchParams, or a plain object/array/number/boolean for JSON."
      : "The request body must be a string, Buffer, Uint8Array or URLSearchParams; pass { json: true } to send an object as JSON.",
  );
}

function flattenHeaders(raw: Record<string, string | string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) out[name] = Array.isArray(value) ? value.join(", ") : value;
  return out;
}

function isTimeout(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === "ETIMEDOUT" || code === "ESOCKETTIMEDOUT";
}

export interface MtlsClientDeps {
  core?: () => RequestCore;
}

type Method = "GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS";

class MtlsClientImpl implements MTLSClient {
  readonly #tls: ValidatedTls;
  readonly #core: () => RequestCore;

  constructor(tls: ValidatedTls, core: () => RequestCore) {
    this.#tls = tls;
    this.#core = core;
  }

  get(url: string, headers?: Record<string, string>, body?: MTLSBody, options?: MTLSOptions) {
    return this.#request("GET", url, headers, body, options);
  }
  post(url: string, headers?: Record<string, string>, body?: MTLSBody, options?: MTLSOptions) {
    return this.#request("POST", url, headers, body, options);
  }
  put(url: string, headers?: Record<string, string>, body?: MTLSBody, options?: MTLSOptions) {
    return this.#request("PUT", url, headers, body, options);
  }
  delete(url: string, headers?: Record<string, string>, body?: MTLSBody, options?: MTLSOptions) {
    return this.#request("DELETE", url, headers, body, options);
  }
  patch(url: string, headers?: Record<string, string>, body?: MTLSBody, options?: MTLSOptions) {
    return this.#request("PATCH", url, headers, body, options);
  }
  head(url: string, headers?: Record<string, string>, options?: MTLSOptions) {
    return this.#request("HEAD", url, headers, undefined, options);
  }
  options(url: string, headers?: Record<string, string>, options?: MTLSOptions) {
    return this.#request("OPTIONS", url, headers, undefined, options);
  }

  async #request(
    method: Method,
    rawUrl: string,
    rawHeaders: Record<string, string> | undefined,
    body: MTLSBody,
    options: MTLSOptions = {},
  ): Promise<MTLSResponse> {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw mtlsError(ErrorCodes.Mtls.BadRequest, "The URL is not a valid absolute URL.");
    }
    if (url.protocol !== "https:") throw mtlsError(ErrorCodes.Mtls.BadRequest, `MTLS requests need an https: URL, not "${url.protocol}".`);
    const opts = options ?? {};
    const timeout = opts.timeout;
    if (timeout !== undefined && !(typeof timeout === "number" && Number.isFinite(timeout) && timeout > 0)) {
      throw mtlsError(ErrorCodes.Mtls.BadRequest, "options.timeout must be a positive number of milliseconds.");
    }
    if (rawHeaders !== undefined && rawHeaders !== null && typeof rawHeaders !== "object") {
      throw mtlsError(ErrorCodes.Mtls.BadRequest, "headers must be an object of header names to values.");
    }
    const headers: CoreHeaders = {};
    for (const [name, value] of Object.entries(rawHeaders ?? {})) {
      if (value === undefined || value === null) continue;
      headers[name] = Array.isArray(value) ? value.map(String) : String(value);
    }
    const json = opts.json === true;
    const payload = encodeBody(body, json, headers);
    if (json) {
      if (!findHeader(headers, "content-type") && payload !== undefined) headers["content-type"] = "application/json";
      if (!findHeader(headers, "accept")) headers["accept"] = "application/json";
    }
    if (!findHeader(headers, "x-request-id")) headers["x-request-id"] = randomUUID();

    const controller = new AbortController();
    const deadline =
      timeout === undefined ? undefined : setTimeout(() => controller.abort(Object.assign(new Error("ETIMEDOUT"), { code: "ETIMEDOUT" })), timeout);
    try {
      const response = await this.#core().send({
        url,
        method,
        headers,
        body: payload ?? null,
        tls: { cert: this.#tls.cert, key: this.#tls.key, ...(this.#tls.ca && { ca: this.#tls.ca }), rejectUnauthorized: opts.allowSelfSigned !== true },
        ...(timeout !== undefined && { connectTimeoutMs: timeout, readTimeoutMs: timeout, signal: controller.signal }),
      });
      // undici frees the connection for the next request one macrotask after the response ends;
      // yielding here lets a caller's next sequential request reuse it instead of opening another.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const result: MTLSResponse = { statusCode: response.statusCode, headers: flattenHeaders(response.headers) };
      if (method !== "HEAD" && method !== "OPTIONS") {
        const text = response.body.toString("utf8");
        let parsed: unknown = text;
        if (json && text !== "") {
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = text;
          }
        }
        result.body = parsed;
      }
      return result;
    } catch (error) {
      if (isToolbeltError(error)) throw error;
      if (isTimeout(error)) {
        throw mtlsError(ErrorCodes.Mtls.Timeout, `The MTLS request to ${url.origin} did not finish within ${timeout} ms.`, error);
      }
      const code = (error as { code?: unknown })?.code;
      const message = error instanceof Error ? error.message : String(error);
      throw mtlsError(ErrorCodes.Mtls.General, `The MTLS request to ${url.origin} failed: ${typeof code === "string" ? `${code}: ` : ""}${message}`, error);
    } finally {
      clearTimeout(deadline);
    }
  }
}

/** Validates `clientTLS` (throws `ToolbeltError` component "MTLS") and returns a client. */
export function createMtlsClient(clientTLS: ClientTLS, deps: MtlsClientDeps = {}): MTLSClient {
  const tls = validateClientTls(clientTLS);
  return new MtlsClientImpl(tls, deps.core ?? getRequestCore);
}
