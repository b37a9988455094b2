/**
 * A minimal Chrome DevTools Protocol client for tests: finds an inspector's
 * target on `http://127.0.0.1:<port>/json/list` and speaks to it over a
 * WebSocket written on `node:http`'s upgrade (Node 20 has no global
 * WebSocket without a flag, and this repository does not depend on `ws`).
 * Text frames only, client frames masked, as RFC 6455 requires.
 */
import { randomBytes } from "node:crypto";
import { request } from "node:http";
import type { Socket } from "node:net";

export interface CdpEvent {
  method: string;
  params: Record<string, unknown>;
}

export interface CdpClient {
  send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** The next event named `method` (events already received and not yet taken count). */
  next(method: string, timeoutMs?: number): Promise<CdpEvent>;
  /** The URL of a script the inspector announced (`Debugger.scriptParsed`). */
  scriptUrl(scriptId: string): string | undefined;
  close(): void;
}

/** The WebSocket URL of the inspector's first target. */
export async function inspectorTarget(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/json/list`);
  const targets = (await response.json()) as Array<{ webSocketDebuggerUrl?: string }>;
  const url = targets[0]?.webSocketDebuggerUrl;
  if (url === undefined) throw new Error(`no inspector target on port ${port}`);
  return url;
}

export function connectCdp(wsUrl: string): Promise<CdpClient> {
  const url = new URL(wsUrl);
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Key": randomBytes(16).toString("base64"), "Sec-WebSocket-Version": "13" },
    });
    req.once("error", reject);
    req.once("response", (response) => reject(new Error(`no WebSocket upgrade: HTTP ${response.statusCode}`)));
    req.once("upgrade", (_response, socket: Socket, head: Buffer) => resolve(client(socket, head)));
    req.end();
  });
}

function client(socket: Socket, head: Buffer): CdpClient {
  let buffer = head;
  let sequence = 0;
  const pending = new Map<number, { resolve: (result: Record<string, unknown>) => void; reject: (error: Error) => void }>();
  const events: CdpEvent[] = [];
  const waiters: Array<{ method: string; resolve: (event: CdpEvent) => void }> = [];
  const scripts = new Map<string, string>();

  const dispatch = (text: string): void => {
    const message = JSON.parse(text) as {
      id?: number;
      result?: Record<string, unknown>;
      error?: { message: string };
      method?: string;
      params?: Record<string, unknown>;
    };
    if (message.id !== undefined) {
      const call = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) call?.reject(new Error(message.error.message));
      else call?.resolve(message.result ?? {});
      return;
    }
    const event = { method: message.method ?? "", params: message.params ?? {} };
    if (event.method === "Debugger.scriptParsed") {
      scripts.set(String(event.params.scriptId), String(event.params.url));
      return;
    }
    const at = waiters.findIndex((w) => w.method === event.method);
    if (at >= 0) waiters.splice(at, 1)[0]!.resolve(event);
    else events.push(event);
  };

  socket.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (buffer.length < 2) return;
      let length = buffer[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffer.length < 4) return;
        length = buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffer.length < 10) return;
        length = Number(buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (buffer.length < offset + length) return;
      const opcode = buffer[0]! & 0x0f;
      const payload = buffer.subarray(offset, offset + length);
      buffer = buffer.subarray(offset + length);
      if (opcode === 0x1) dispatch(payload.toString("utf8"));
    }
  });
  socket.on("close", () => {
    for (const call of pending.values()) call.reject(new Error("the inspector closed the connection"));
    pending.clear();
  });

  const write = (text: string): void => {
    const payload = Buffer.from(text, "utf8");
    const mask = randomBytes(4);
    const header =
      payload.length < 126
        ? Buffer.from([0x81, 0x80 | payload.length])
        : payload.length < 65536
          ? Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff])
          : Buffer.concat([Buffer.from([0x81, 0x80 | 127]), bigLength(payload.length)]);
    const masked = Buffer.alloc(payload.length);
    for (let i = 0; i < payload.length; i++) masked[i] = payload[i]! ^ mask[i % 4]!;
    socket.write(Buffer.concat([header, mask, masked]));
  };

  return {
    send(method, params = {}) {
      const id = ++sequence;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        write(JSON.stringify({ id, method, params }));
      });
    },
    next(method, timeoutMs = 20_000) {
      const at = events.findIndex((e) => e.method === method);
      if (at >= 0) return Promise.resolve(events.splice(at, 1)[0]!);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          method,
          resolve: (event) => {
            clearTimeout(timer);
            resolve(event);
          },
        });
      });
    },
    scriptUrl: (scriptId) => scripts.get(scriptId),
    close() {
      socket.destroy();
    },
  };
}

function bigLength(length: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(length));
  return bytes;
}
