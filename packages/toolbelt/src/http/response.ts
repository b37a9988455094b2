/**
 * Turns a core response into request's full response: body decoded (gzip,
 * encoding, JSON) the way request did, plus `request.uri` / `request.method`.
 */
import { gunzipSync, inflateRawSync, inflateSync, constants as zlib } from "node:zlib";
import type { CoreResponse } from "../egress/request-core";
import { redactHeaders } from "../errors/redact";
import type { ResolvedHttpOptions } from "./normalize-options";
import type { FullResponse, FullResponseRequest } from "./types";

const LENIENT = { finishFlush: zlib.Z_SYNC_FLUSH };

function decompress(body: Buffer, encoding: string | string[] | undefined): Buffer {
  const coding = (Array.isArray(encoding) ? encoding[0] : encoding)?.trim().toLowerCase();
  if (!body.length || !coding) return body;
  if (coding === "gzip" || coding === "x-gzip") return gunzipSync(body, LENIENT);
  if (coding === "deflate") {
    // Servers send either zlib-wrapped or raw deflate; request accepted both.
    return body[0] === 0x78 ? inflateSync(body, LENIENT) : inflateRawSync(body, LENIENT);
  }
  return body;
}

function describeRequest(url: URL, method: string, headers: Record<string, string | string[]>): FullResponseRequest {
  return {
    uri: {
      href: url.href,
      protocol: url.protocol,
      host: url.host,
      hostname: url.hostname,
      port: url.port || null,
      pathname: url.pathname,
      path: `${url.pathname}${url.search}`,
      search: url.search || null,
      query: url.search ? url.search.slice(1) : null,
      hash: url.hash || null,
    },
    method,
    headers: redactHeaders(headers) as Record<string, string | string[]>,
  };
}

/** A response without its body read, for `followRedirect(response)` decisions. */
export function headOnlyResponse(response: CoreResponse, method: string, headers: Record<string, string | string[]>): FullResponse {
  return {
    statusCode: response.statusCode,
    statusMessage: response.statusMessage,
    headers: response.headers,
    body: undefined,
    request: describeRequest(response.url, method, headers),
  };
}

export function decodeBody(response: CoreResponse, resolved: ResolvedHttpOptions): unknown {
  const bytes = resolved.gzip ? decompress(response.body, response.headers["content-encoding"]) : response.body;
  let body: string | Buffer | undefined;
  if (bytes.length) {
    if (resolved.encoding === null) body = bytes;
    else {
      body = bytes.toString(resolved.encoding);
      // request stripped a UTF-8 BOM (for an explicit utf8); we do for the default too, so JSON.parse works.
      if (/^utf-?8$/i.test(resolved.encoding) && body.charCodeAt(0) === 0xfeff) body = body.slice(1);
    }
  }
  if (resolved.json) {
    // request left the body as it was when it was not JSON, and undefined when empty.
    if (body === undefined) return undefined;
    try {
      return JSON.parse(body.toString(), resolved.jsonReviver);
    } catch {
      return body;
    }
  }
  if (body === undefined) return resolved.encoding === null ? Buffer.alloc(0) : "";
  return body;
}

export function fullResponse(
  response: CoreResponse,
  resolved: ResolvedHttpOptions,
  method: string,
  headers: Record<string, string | string[]>,
  startedAt: number,
): FullResponse {
  const full = headOnlyResponse(response, method, headers);
  full.body = method === "HEAD" ? (resolved.json ? undefined : resolved.encoding === null ? Buffer.alloc(0) : "") : decodeBody(response, resolved);
  if (resolved.time) {
    full.timingStart = startedAt;
    full.elapsedTime = Date.now() - startedAt;
  }
  Object.defineProperty(full, "toJSON", {
    enumerable: false,
    value: () => ({ statusCode: full.statusCode, body: full.body, headers: full.headers, request: full.request }),
  });
  return full;
}
