/**
 * In a platform worker, every outbound connection passes the egress policy:
 * `net.Socket.prototype.connect` is wrapped, and `net.connect`, `tls.connect`,
 * http(s) agents and undici (the toolbelt's and Node's own `fetch`) all open
 * their sockets through it. A refused host gets no connection at all: the
 * socket is destroyed with the refusal ("Socket is closed: …"), as the cloud's
 * egress proxy closes the connection. Connections to a local path (IPC) are not
 * network egress and pass.
 *
 * Fidelity, not a sandbox: a child process (curl) or native code is not covered.
 */
import { Socket } from "node:net";

/** Throws, or rejects, when a connection to `host:port` must not be opened. */
export type ConnectionCheck = (host: string, port: number) => void | Promise<void>;

type Connect = (this: Socket, ...args: unknown[]) => Socket;
interface GuardedPrototype {
  connect: Connect;
  [GUARDED]?: true;
}

const GUARDED = Symbol.for("lp-faas.egress.socket-guard");

/** `host` and `port` of a `connect()` call, or undefined for a local path. */
export function connectTarget(args: readonly unknown[]): { host: string; port: number } | undefined {
  // net.connect() hands the socket its normalised arguments as one array ([options, listener]).
  const first: unknown = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (first !== null && typeof first === "object") {
    const options = first as { host?: unknown; port?: unknown; path?: unknown };
    if (options.path !== undefined && options.path !== null) return undefined;
    return { host: typeof options.host === "string" && options.host !== "" ? options.host : "localhost", port: Number(options.port) };
  }
  if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    return { host: typeof args[1] === "string" && args[1] !== "" ? args[1] : "localhost", port: Number(first) };
  }
  return undefined;
}

function refuse(socket: Socket, error: unknown): Socket {
  // Asynchronously, as a failed connect reports: 'error', then 'close'.
  process.nextTick(() => socket.destroy(error instanceof Error ? error : new Error(String(error))));
  return socket;
}

/** Wraps `net.Socket.prototype.connect` once per process. */
export function guardSockets(check: ConnectionCheck): void {
  const proto = Socket.prototype as unknown as GuardedPrototype;
  if (proto[GUARDED]) return;
  const original = proto.connect;
  proto.connect = function guardedConnect(this: Socket, ...args: unknown[]): Socket {
    const target = connectTarget(args);
    if (!target) return original.apply(this, args);
    let verdict: void | Promise<void>;
    try {
      verdict = check(target.host, target.port);
    } catch (error) {
      return refuse(this, error);
    }
    if (!(verdict instanceof Promise)) return original.apply(this, args);
    // The allowlist is being read: writes queue as they do during a DNS lookup.
    const socket = this as { connecting: boolean } & Socket;
    socket.connecting = true;
    verdict.then(
      () => {
        socket.connecting = false;
        if (!socket.destroyed) original.apply(socket, args);
      },
      (error: unknown) => refuse(socket, error),
    );
    return socket;
  };
  proto[GUARDED] = true;
}
