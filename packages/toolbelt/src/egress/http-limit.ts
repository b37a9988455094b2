/**
 * In a platform worker, requests made with Node's `http`/`https` modules take a
 * token from the function's rate limit (the same bucket as the toolbelt and
 * `fetch`). Without one, the request is answered locally with the proxy's 429
 * on an in-memory socket: nothing is dialled. The allowlist for these requests
 * is the socket guard's (socket-guard.ts).
 */
import http from "node:http";
import https from "node:https";
import { Duplex } from "node:stream";

const LIMITED = Symbol.for("lp-faas.egress.http-limit");
const BODY = "Too Many Requests";
const RESPONSE =
  `HTTP/1.1 429 Too Many Requests\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${BODY.length}\r\n` +
  `retry-after: 1\r\nconnection: close\r\n\r\n${BODY}`;

/** A socket that answers the first write with the 429 and ends. */
function tooManyRequestsSocket(): Duplex {
  let answered = false;
  const socket = new Duplex({
    read() {},
    write(_chunk, _encoding, callback) {
      if (!answered) {
        answered = true;
        this.push(RESPONSE);
        this.push(null);
      }
      callback();
    },
  });
  // What http.ClientRequest calls on a net.Socket.
  const self = (): Duplex => socket;
  Object.assign(socket, { setNoDelay: self, setKeepAlive: self, setTimeout: self, ref: self, unref: self });
  return socket;
}

/** The call's arguments, with the connection replaced by the 429 socket (and no agent, so it is used). */
function answeredLocally(args: unknown[]): unknown[] {
  const local = { agent: undefined, createConnection: tooManyRequestsSocket };
  const [first, second, ...rest] = args;
  if (typeof first === "string" || first instanceof URL) {
    if (second !== null && typeof second === "object") return [first, { ...second, ...local }, ...rest];
    return [first, local, ...args.slice(1)];
  }
  return [{ ...(first as object), ...local }, ...args.slice(1)];
}

type RequestFn = (...args: unknown[]) => http.ClientRequest;

/** Wraps `request` and `get` of `http` and `https` once per process; `take()` false = answer 429. */
export function limitHttpModules(take: () => boolean): void {
  for (const mod of [http, https] as unknown as Array<Record<"request" | "get", RequestFn> & { [LIMITED]?: true }>) {
    if (mod[LIMITED]) continue;
    for (const name of ["request", "get"] as const) {
      const original = mod[name];
      mod[name] = function limited(this: unknown, ...args: unknown[]) {
        return original.apply(this, take() ? args : answeredLocally(args));
      };
    }
    mod[LIMITED] = true;
  }
}
