/**
 * V2 `Toolbelt.MTLSClient({ cert, key, ca? })`: HTTPS requests presenting a
 * client certificate, through the V2 network door (`v2Fetch`: the toolbelt's
 * egress policy and one keep-alive pool per TLS material).
 *
 * Unlike core-functions-toolbelt:
 * - the server's certificate is verified unless `allowSelfSigned: true` (B10; upstream only on an explicit `false`);
 * - `timeout` is applied, to the whole request (B7) → `mtls.request-timeout`;
 * - a missing config/cert/key is an `MTLSError`, never a TypeError; cert and key are parsed, and must match (B11);
 * - `X-Request-Id` on every request, not only with `json` (B11);
 * - no new, never-closed Agent per request: the pool for this material is reused (B11);
 * - `json: true` sends a string body as it is (upstream JSON-encoded it a second time).
 */
import { validateClientTls, type ValidatedTls } from "../../mtls/mtls-client";
import { v2Fetch } from "../net/fetch";
import { requestId } from "../trace";
import { MTLSError } from "./mtls-error";
import { checkOptions, checkUrl, copyHeaders, encodeBody, readAnswer, requestFailure } from "./request-parts";
import type { ClientTlsConfig, IMtlsClient, MtlsBody, MtlsHeaders, MtlsOptions, MtlsResponse } from "./types";

type Method = "GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS";

const COMPONENT = "MTLS";

async function send(tls: ValidatedTls, method: Method, rawUrl: string, rawHeaders: MtlsHeaders | undefined, rawBody: MtlsBody, rawOptions: unknown) {
  const url = checkUrl(COMPONENT, rawUrl, true);
  const options = checkOptions(COMPONENT, rawOptions);
  const json = options.json === true;
  const headers = copyHeaders(COMPONENT, rawHeaders);
  const body = encodeBody(COMPONENT, rawBody, json);
  if (json && body !== null && !headers.has("content-type")) headers.set("Content-Type", "application/json");
  if (!headers.has("x-request-id")) headers.set("X-Request-Id", requestId());
  try {
    const response = await v2Fetch(url, {
      method,
      headers,
      body,
      tls: { cert: tls.cert, key: tls.key, ...(tls.ca !== undefined && { ca: tls.ca }), rejectUnauthorized: options.allowSelfSigned !== true },
      ...(options.timeout !== undefined && { timeoutMs: options.timeout }),
    });
    const { text: _text, ...answer } = await readAnswer(response, json, method !== "HEAD" && method !== "OPTIONS");
    return answer;
  } catch (error) {
    throw requestFailure(COMPONENT, error, url, options.timeout);
  }
}

/**
 * Validates the TLS material and returns a client.
 * @throws MTLSError `mtls.missing-conf` (no config), `mtls.invalid-cert` (cert or ca), `mtls.invalid-key` (unparsable, or not the cert's key).
 */
export function createMtlsClient(config: ClientTlsConfig): IMtlsClient {
  const tls = validateClientTls(config, (code, message) => new MTLSError(COMPONENT, code, message));
  return {
    get: (url, headers?, body?, options?: MtlsOptions): Promise<MtlsResponse> => send(tls, "GET", url, headers, body, options),
    post: (url, headers?, body?, options?: MtlsOptions): Promise<MtlsResponse> => send(tls, "POST", url, headers, body, options),
    put: (url, headers?, body?, options?: MtlsOptions): Promise<MtlsResponse> => send(tls, "PUT", url, headers, body, options),
    delete: (url, headers?, body?, options?: MtlsOptions): Promise<MtlsResponse> => send(tls, "DELETE", url, headers, body, options),
    patch: (url, headers?, body?, options?: MtlsOptions): Promise<MtlsResponse> => send(tls, "PATCH", url, headers, body, options),
    head: (url, headers?, options?: MtlsOptions): Promise<MtlsResponse> => send(tls, "HEAD", url, headers, undefined, options),
    options: (url, headers?, options?: MtlsOptions): Promise<MtlsResponse> => send(tls, "OPTIONS", url, headers, undefined, options),
  };
}
