/**
 * Routes a jsforce Connection's HTTP traffic through the toolbelt's request core.
 *
 * jsforce 3 sends every REST/SOAP/OAuth request through `Transport#httpRequest`,
 * which asks `this.getRequestStreamCreator()` for the function that actually
 * performs the request (by default jsforce's node-fetch `request`). The toolbelt
 * transport is a jsforce `Transport` whose stream creator calls
 * `getRequestCore().send()` instead, so jsforce keeps its own stream/promise
 * plumbing while the egress allowlist, the rate limit, proxies and TLS
 * verification (on; V1 turned it off) apply to every request.
 * jsforce's own retries (on 429/5xx) and its proxy agent are not used.
 */
import type { Duplex, PassThrough, Readable } from "node:stream";
import { getRequestCore, type CoreHeaders, type RequestCore } from "../egress/request-core";

/** The request jsforce hands to its transport. */
export interface JsforceHttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string | string[] | number | undefined>;
  body?: unknown;
}

/** The subset of jsforce's HTTP options the toolbelt transport honours. */
export interface JsforceHttpOptions {
  encoding?: string;
  timeout?: number;
  followRedirect?: boolean | ((redirectUrl: string) => JsforceHttpRequest | null | undefined);
  [name: string]: unknown;
}

type StreamCreator = (req: JsforceHttpRequest, options?: JsforceHttpOptions) => Duplex;

interface RequestHelper {
  createHttpRequestHandlerStreams(req: JsforceHttpRequest, options?: JsforceHttpOptions): { input: PassThrough; output: PassThrough; stream: Duplex };
  isRedirect(status: number): boolean;
  performRedirectRequest(
    req: JsforceHttpRequest,
    res: { statusCode: number; headers: Record<string, string> },
    followRedirect: JsforceHttpOptions["followRedirect"],
    counter: number,
    redirectCallback: (next: JsforceHttpRequest) => void,
  ): void;
}

interface TransportModule {
  Transport: new () => { getRequestStreamCreator(): StreamCreator; httpRequest(req: JsforceHttpRequest, options?: JsforceHttpOptions): unknown };
}

const BODY_METHODS = /^(post|put|patch)$/i;

function readAll(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer | string) => chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)));
    stream.once("end", () => resolve(Buffer.concat(chunks)));
    stream.once("error", reject);
  });
}

async function requestBody(req: JsforceHttpRequest, input: PassThrough | undefined): Promise<string | Buffer | undefined> {
  const { body } = req;
  if (typeof body === "string" || Buffer.isBuffer(body)) return body;
  if (body && typeof (body as { getBuffer?: unknown }).getBuffer === "function") return (body as { getBuffer(): Buffer }).getBuffer();
  if (body !== undefined && body !== null) return JSON.stringify(body);
  // No body given: jsforce callers may pipe one into the request stream (as node-fetch would read it).
  if (input && BODY_METHODS.test(req.method)) return readAll(input);
  return undefined;
}

function requestHeaders(headers: JsforceHttpRequest["headers"]): CoreHeaders {
  const out: CoreHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null) continue;
    out[name] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return out;
}

/** jsforce expects lower-cased names with one string value each (as node-fetch's `Headers#get` gives). */
function responseHeaders(headers: Record<string, string | string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  return out;
}

async function perform(
  helper: RequestHelper,
  core: () => RequestCore,
  req: JsforceHttpRequest,
  options: JsforceHttpOptions,
  input: PassThrough | undefined,
  output: PassThrough,
  emitter: Duplex,
  counter: number,
): Promise<void> {
  try {
    const url = new URL(req.url);
    const body = await requestBody(req, input);
    const response = await core().send({
      url,
      method: req.method.toUpperCase(),
      headers: requestHeaders(req.headers),
      body: body ?? null,
      ...(typeof options.timeout === "number" && options.timeout > 0 ? { readTimeoutMs: options.timeout } : {}),
    });
    const headers = responseHeaders(response.headers);
    const res = { statusCode: response.statusCode, headers };
    if (options.followRedirect && helper.isRedirect(res.statusCode)) {
      // Each hop is its own send(), so each hop is checked against the allowlist again.
      if (headers.location) headers.location = new URL(headers.location, url).toString();
      helper.performRedirectRequest(req, res, options.followRedirect, counter, (next) => {
        void perform(helper, core, next, options, undefined, output, emitter, counter + 1);
      });
      return;
    }
    emitter.emit("response", res);
    output.end(response.body);
  } catch (error) {
    emitter.emit("error", error);
  }
}

/** A jsforce stream creator (`(req, options) => Duplex`) on the toolbelt's request core. */
export function createStreamCreator(helper: RequestHelper, core: () => RequestCore = getRequestCore): StreamCreator {
  return (req, options_ = {}) => {
    // jsforce's own request() follows redirects unless told otherwise (its module defaults).
    const options: JsforceHttpOptions = { followRedirect: true, ...options_ };
    const { input, output, stream } = helper.createHttpRequestHandlerStreams(req, options);
    void perform(helper, core, req, options, input, output, stream, 0);
    return stream;
  };
}

export type ToolbeltTransport = InstanceType<TransportModule["Transport"]>;

/** A jsforce `Transport` whose requests go through the toolbelt. Loads jsforce's transport module (call lazily). */
export function createToolbeltTransport(core: () => RequestCore = getRequestCore): ToolbeltTransport {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { Transport } = require("jsforce/lib/transport") as TransportModule;
  const helper = require("jsforce/lib/request-helper") as RequestHelper;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const creator = createStreamCreator(helper, core);
  const transport = new Transport();
  transport.getRequestStreamCreator = () => creator;
  return transport;
}
