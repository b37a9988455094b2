/**
 * A fake LivePerson on 127.0.0.1: the Domain API (CSDS) plus API routes, and
 * an OAuth 1.0a verifier written from RFC 5849 with node:crypto only — not with
 * the `oauth-1.0a` library the toolbelt signs with — so every signed request
 * the toolbelt sends is checked against an independent implementation.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { startServer, type TestServer } from "../helpers/servers";

export interface ApiKey {
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
}

/** RFC 5849 §3.6: percent-encode every byte except ALPHA / DIGIT / "-" / "." / "_" / "~". */
export function rfc5849Encode(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(c)) out += c;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** application/x-www-form-urlencoded decoding (RFC 5849 §3.4.1.3.1). */
function formDecode(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, " "));
}

/** The parameters of an `Authorization: OAuth ...` header (RFC 5849 §3.5.1), decoded. */
export function parseOAuthHeader(header: string | undefined): Map<string, string> | undefined {
  if (!header || !/^OAuth\s+/i.test(header)) return undefined;
  const params = new Map<string, string>();
  const body = header.replace(/^OAuth\s+/i, "");
  const pattern = /\s*([^=,\s]+)\s*=\s*"([^"]*)"\s*(?:,|$)/g;
  let consumed = 0;
  for (let match = pattern.exec(body); match; match = pattern.exec(body)) {
    if (match.index !== consumed) return undefined;
    consumed = pattern.lastIndex;
    params.set(decodeURIComponent(match[1]!), decodeURIComponent(match[2]!));
  }
  return consumed === body.length ? params : undefined;
}

export interface VerifyInput {
  method: string;
  /** `http` or `https`. */
  scheme: string;
  /** The Host header. */
  host: string;
  /** The request target as received (`/path?query`). */
  target: string;
  authorization: string | undefined;
  /** The body, when its content type is application/x-www-form-urlencoded (§3.4.1.3.1). */
  formBody?: string;
}

/** RFC 5849 §3.4.1: the signature base string. */
export function signatureBaseString(input: Omit<VerifyInput, "authorization">, oauthParams: Map<string, string>): string {
  const [path, query] = splitOnce(input.target, "?");
  // §3.4.1.2: scheme and host in lower case, port only when not the scheme's default.
  const [hostname, givenPort] = splitOnce(input.host.toLowerCase(), ":");
  const scheme = input.scheme.toLowerCase();
  const port = (scheme === "http" && givenPort === "80") || (scheme === "https" && givenPort === "443") ? undefined : givenPort;
  const baseUri = `${scheme}://${hostname}${port ? `:${port}` : ""}${path}`;
  // §3.4.1.3: query parameters + oauth parameters except oauth_signature (and realm).
  const pairs: Array<[string, string]> = [];
  for (const source of [query, input.formBody]) {
    if (source === undefined) continue;
    for (const part of source.split("&")) {
      if (part === "") continue;
      const [name, value] = splitOnce(part, "=");
      pairs.push([formDecode(name), formDecode(value ?? "")]);
    }
  }
  for (const [name, value] of oauthParams) if (name !== "oauth_signature" && name !== "realm") pairs.push([name, value]);
  // §3.4.1.3.2: encode, sort by name then value (byte order), join.
  const encoded = pairs.map(([n, v]) => [rfc5849Encode(n), rfc5849Encode(v)] as const);
  encoded.sort(([n1, v1], [n2, v2]) => (n1 < n2 ? -1 : n1 > n2 ? 1 : v1 < v2 ? -1 : v1 > v2 ? 1 : 0));
  const normalized = encoded.map(([n, v]) => `${n}=${v}`).join("&");
  return `${input.method.toUpperCase()}&${rfc5849Encode(baseUri)}&${rfc5849Encode(normalized)}`;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index === -1 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}

export type Verdict = { ok: true; key: ApiKey; params: Map<string, string>; baseString: string } | { ok: false; reason: string };

/** Verifies an HMAC-SHA1 signed request against the known API keys (RFC 5849 §3.2, §3.4.2). */
export function verifyOAuth1(input: VerifyInput, keys: readonly ApiKey[], seenNonces: Set<string>, nowSeconds = Date.now() / 1000): Verdict {
  const params = parseOAuthHeader(input.authorization);
  if (!params) return { ok: false, reason: "no OAuth Authorization header" };
  if (params.get("oauth_signature_method") !== "HMAC-SHA1") return { ok: false, reason: "signature method is not HMAC-SHA1" };
  if (params.has("oauth_version") && params.get("oauth_version") !== "1.0") return { ok: false, reason: "oauth_version is not 1.0" };
  const key = keys.find((k) => k.consumerKey === params.get("oauth_consumer_key") && k.token === params.get("oauth_token"));
  if (!key) return { ok: false, reason: "unknown consumer key or token" };
  const timestamp = Number(params.get("oauth_timestamp"));
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > 300) return { ok: false, reason: "stale timestamp" };
  const nonce = params.get("oauth_nonce");
  if (!nonce) return { ok: false, reason: "no nonce" };
  const nonceKey = `${timestamp}:${nonce}`;
  if (seenNonces.has(nonceKey)) return { ok: false, reason: "nonce replayed" };
  const baseString = signatureBaseString(input, params);
  const signingKey = `${rfc5849Encode(key.consumerSecret)}&${rfc5849Encode(key.tokenSecret)}`;
  const expected = createHmac("sha1", signingKey).update(baseString).digest();
  const given = Buffer.from(params.get("oauth_signature") ?? "", "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "signature mismatch" };
  seenNonces.add(nonceKey);
  return { ok: true, key, params, baseString };
}

export interface ApiCall {
  req: IncomingMessage & { body: Buffer };
  res: ServerResponse;
  /** The API key the request was signed with. */
  key: ApiKey;
  /** Decoded path, raw target. */
  path: string;
  target: string;
  json(status: number, body: unknown): void;
}

export interface FakeLivePersonOptions {
  account: string;
  /** Services CSDS lists; each points back at this server (with its `http://` scheme) unless `baseUri` maps it. */
  services?: string[];
  /** API keys the server accepts (a live list: tests may add keys). */
  keys: ApiKey[];
  /** Answers a correctly signed API request. Default: 200 echo. */
  api?: (call: ApiCall) => void | Promise<void>;
  /** CSDS override: answer the lookup yourself. */
  csds?: (req: IncomingMessage, res: ServerResponse) => boolean | void;
  /** Milliseconds CSDS waits before answering. */
  csdsDelayMs?: number;
  /** baseURI per service; default this server's URL. */
  baseUri?: (service: string, serverUrl: string) => string;
  tls?: boolean;
}

export interface FakeLivePerson {
  server: TestServer;
  url: string;
  csdsRequests: number;
  /** Every API request: its Authorization header and the verifier's verdict. */
  apiRequests: Array<{
    method: string;
    target: string;
    authorization: string | undefined;
    verdict: Verdict;
    body: string;
    headers: IncomingMessage["headers"];
  }>;
  close(): Promise<void>;
}

export const DEFAULT_SERVICES = ["msgHist", "smt", "accountConfigReadOnly", "leDataReporting"];

export async function startFakeLivePerson(options: FakeLivePersonOptions): Promise<FakeLivePerson> {
  const seenNonces = new Set<string>();
  const state = { csdsRequests: 0, url: "" };
  const apiRequests: FakeLivePerson["apiRequests"] = [];
  const csdsPath = `/api/account/${encodeURIComponent(options.account)}/service/baseURI.json`;

  const server = await startServer(
    async (req, res) => {
      const target = req.url ?? "/";
      const [path] = splitOnce(target, "?");
      if (path.startsWith("/api/account/") && path.endsWith("/service/baseURI.json")) {
        state.csdsRequests++;
        if (options.csdsDelayMs) await new Promise((r) => setTimeout(r, options.csdsDelayMs));
        if (options.csds?.(req, res)) return;
        if (path !== csdsPath || !target.endsWith("?version=1.0")) {
          res.statusCode = 404;
          res.end(JSON.stringify({ error: "unknown account" }));
          return;
        }
        res.setHeader("content-type", "application/json");
        const services = options.services ?? DEFAULT_SERVICES;
        res.end(
          JSON.stringify({
            baseURIs: services.map((service) => ({ service, account: options.account, baseURI: options.baseUri?.(service, state.url) ?? state.url })),
          }),
        );
        return;
      }
      const verdict = verifyOAuth1(
        {
          method: req.method ?? "GET",
          scheme: options.tls ? "https" : "http",
          host: req.headers.host ?? "",
          target,
          authorization: req.headers.authorization,
          formBody: /^application\/x-www-form-urlencoded/i.test(req.headers["content-type"] ?? "") ? req.body.toString("utf8") : undefined,
        },
        options.keys,
        seenNonces,
      );
      apiRequests.push({
        method: req.method ?? "",
        target,
        authorization: req.headers.authorization,
        verdict,
        body: req.body.toString("utf8"),
        headers: req.headers,
      });
      const json = (status: number, body: unknown): void => {
        res.statusCode = status;
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(body));
      };
      if (!verdict.ok) return json(401, { error: "Unauthorized", reason: verdict.reason });
      const call: ApiCall = { req, res, key: verdict.key, path: decodeURIComponent(path), target, json };
      if (options.api) return options.api(call);
      return json(200, { method: req.method, target, body: req.body.toString("utf8") });
    },
    { tls: options.tls },
  );
  state.url = server.url;
  return {
    server,
    url: server.url,
    get csdsRequests() {
      return state.csdsRequests;
    },
    apiRequests,
    close: () => server.close(),
  };
}

/** Collects a rejection (fails the test when the promise resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; component?: string; statusCode?: number; cause?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error("expected a rejection");
}
