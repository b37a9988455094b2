/**
 * One call of the target, over TLS with the registered client certificate
 * (or none), with undici. The target is verified against the system CAs plus
 * the registered CA; verification is never turned off. A failure to get an
 * answer (DNS, refused connection, TLS handshake, timeout, an answer over the
 * size limit) is a `TransportFailure` saying what happened, never the
 * certificate or key.
 */
import { rootCertificates } from "node:tls";
import { Agent, request } from "undici";
import type { MtlsMaterial } from "../../project/mtls-pem";

/** Time to open the connection and finish the TLS handshake. */
export const CONNECT_TIMEOUT_MS = 10_000;
/** Time for the target's answer headers, and then between body chunks. */
export const ANSWER_TIMEOUT_MS = 30_000;
/** The largest answer body passed back to the caller. */
export const MAX_ANSWER_BYTES = 10 * 1024 * 1024;

export interface ForwardRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Record<string, string | string[]>;
  /** Empty: no body is sent. */
  readonly body: Buffer;
  /** Undefined: the call goes without a client certificate (and with the system CAs only). */
  readonly material: MtlsMaterial | undefined;
}

export interface ForwardAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** The gateway reached no answer; `message` is what the caller is told (header lp-message-from-transport). */
export class TransportFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TransportFailure";
  }
}

/** Node's and undici's codes, in words a developer acts on. */
const EXPLAINED: Readonly<Record<string, string>> = {
  ENOTFOUND: "the host name does not resolve (DNS)",
  EAI_AGAIN: "the host name could not be resolved right now (DNS)",
  ECONNREFUSED: "the connection was refused (nothing listens on that port)",
  ECONNRESET: "the target closed the connection (often: it refused the TLS handshake or the client certificate)",
  EHOSTUNREACH: "the host is unreachable",
  ENETUNREACH: "the network is unreachable",
  UND_ERR_CONNECT_TIMEOUT: `the connection or TLS handshake took longer than ${CONNECT_TIMEOUT_MS / 1000} s`,
  UND_ERR_HEADERS_TIMEOUT: `the target sent no answer within ${ANSWER_TIMEOUT_MS / 1000} s`,
  UND_ERR_BODY_TIMEOUT: `the target stopped sending its answer for ${ANSWER_TIMEOUT_MS / 1000} s`,
  UND_ERR_SOCKET: "the target closed the connection (often: it refused the TLS handshake or the client certificate)",
  UND_ERR_CLOSED: "the connection was closed",
};

/** The innermost error with a code, for the message (undici wraps the socket's error). */
function rootCause(error: unknown): { code?: string; message: string } {
  let current: unknown = error;
  let found: { code?: string; message: string } = { message: error instanceof Error ? error.message : String(error) };
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") found = { code, message: current.message };
    current = (current as { cause?: unknown }).cause;
  }
  return found;
}

/** What to tell the caller about `error` while calling `url`. */
export function describeTransportError(url: URL, error: unknown, withCertificate: boolean): string {
  const { code, message } = rootCause(error);
  const isTls = (code !== undefined && /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL)/.test(code)) || /ssl|tls|certificate/i.test(message);
  const what = isTls
    ? `the TLS handshake failed: ${message}${code ? ` (${code})` : ""}${
        /verify|self.signed|issuer|unable to get/i.test(message) ? "; register the CA that signed the target's certificate with lp-faas mtls add --ca" : ""
      }`
    : ((code && EXPLAINED[code]) ?? `${message}${code ? ` (${code})` : ""}`);
  return `mTLS gateway could not reach ${url.host}${withCertificate ? "" : " (no client certificate is registered for it)"}: ${what}`;
}

/** The target's CA list: the system's roots plus the registered CA, so a public server still verifies. */
function trustedCas(ca: string | undefined): string[] | undefined {
  return ca === undefined ? undefined : [...rootCertificates, ca];
}

export async function forward(call: ForwardRequest): Promise<ForwardAnswer> {
  const { material } = call;
  const agent = new Agent({
    connect: {
      timeout: CONNECT_TIMEOUT_MS,
      rejectUnauthorized: true,
      ...(material && { cert: material.cert, key: material.key }),
      ...(material?.ca !== undefined && { ca: trustedCas(material.ca) }),
    },
    headersTimeout: ANSWER_TIMEOUT_MS,
    bodyTimeout: ANSWER_TIMEOUT_MS,
  });
  try {
    const answer = await request(call.url, {
      method: call.method as "GET",
      headers: call.headers,
      ...(call.body.length > 0 && { body: call.body }),
      dispatcher: agent,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of answer.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_ANSWER_BYTES) {
        answer.body.destroy();
        throw new TransportFailure(`mTLS gateway stopped reading ${call.url.host}'s answer: it is over ${MAX_ANSWER_BYTES / (1024 * 1024)} MiB`);
      }
      chunks.push(chunk as Buffer);
    }
    return { status: answer.statusCode, headers: answer.headers, body: Buffer.concat(chunks) };
  } catch (error) {
    if (error instanceof TransportFailure) throw error;
    throw new TransportFailure(describeTransportError(call.url, error, material !== undefined), { cause: error });
  } finally {
    // One agent per call: the TLS material may change between calls; nothing is kept open.
    void agent.destroy().catch(() => undefined);
  }
}
