/**
 * The live invocation stream over real HTTP (the platform's own server, a
 * real store): events and their filters, the admin token, and that a client
 * that leaves, or reads too slowly, costs nothing afterwards.
 */
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHttpServer } from "../../http/server";
import { Router } from "../../http/router";
import type { LogRecord } from "../../runtime/types";
import { openStateDb } from "../../state/db";
import { createInvocationStore, type InvocationRecord, type InvocationStore } from "../../state/invocations";
import { addInvocationStreamRoute } from "./invocation-stream";

const TOKEN = "t".repeat(40);
let store: InvocationStore;
let server: ReturnType<typeof createHttpServer>;
let base: string;

beforeEach(async () => {
  store = createInvocationStore(openStateDb(":memory:"));
  const router = new Router();
  addInvocationStreamRoute(router, store, { heartbeatMs: 50, retryMs: 1234, maxBufferedBytes: 64 * 1024 });
  server = createHttpServer([{ prefix: "/_platform", router }], { adminToken: TOKEN, log: () => undefined });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const log = (level: LogRecord["level"], message: string): LogRecord => ({ level, message, extras: [], timestamp: 1 });
let n = 0;
function record(functionName: string, logs: LogRecord[], extra: Partial<InvocationRecord> = {}): InvocationRecord {
  n++;
  return { id: `inv-${n}`, functionName, functionUuid: "u", source: "platform", startedAt: Date.now(), durationMs: 3, status: "succeeded", logs, ...extra };
}

/** A connected stream: its text so far, and a wait for text matching a pattern. */
async function open(query = "", token = TOKEN) {
  const abort = new AbortController();
  const response = await fetch(`${base}/_platform/invocations/stream${query}`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
  let text = "";
  const waiters: Array<() => void> = [];
  if (response.ok) {
    void (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.body!) {
          text += decoder.decode(chunk as Uint8Array, { stream: true });
          waiters.splice(0).forEach((wake) => wake());
        }
      } catch {
        // aborted
      }
    })();
  }
  return {
    response,
    text: () => text,
    async until(pattern: RegExp): Promise<string> {
      const deadline = Date.now() + 5000;
      while (!pattern.test(text)) {
        if (Date.now() > deadline) throw new Error(`no ${pattern} in ${JSON.stringify(text)}`);
        await new Promise<void>((wake) => {
          waiters.push(wake);
          setTimeout(wake, 100);
        });
      }
      return text;
    },
    close: () => abort.abort(),
  };
}

const events = (text: string): InvocationRecord[] =>
  text
    .split("\n\n")
    .filter((block) => block.includes("event: invocation"))
    .map((block) => JSON.parse(/^data: (.*)$/m.exec(block)![1]!) as InvocationRecord);

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("GET /_platform/invocations/stream", () => {
  it("refuses a client without the admin token (401) or with another (403), and a bad level (400)", async () => {
    const anonymous = await fetch(`${base}/_platform/invocations/stream`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { code: string }).code).toBe("com.liveperson.faas.platform.admin-unauthenticated");
    expect((await open("", "x".repeat(40))).response.status).toBe(403);
    const bad = await open("?level=loud");
    expect(bad.response.status).toBe(400);
    expect(((await bad.response.json()) as { message: string }).message).toMatch(/"level" must be Debug, Info, Warn or Error/);
    expect(store.listenerCount()).toBe(0);
  });

  it("sends retry, heartbeats, and each new record as an invocation event", async () => {
    const stream = await open();
    expect(stream.response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    await stream.until(/^retry: 1234$/m);
    await stream.until(/^: heartbeat$/m);
    const written = record("greet", [log("Info", "hello")], { status: "failed", error: { code: "boom", message: "it broke" } });
    store.record(written);
    const text = await stream.until(/event: invocation/);
    expect(text).toContain(`id: ${written.id}\nevent: invocation\ndata: `);
    expect(events(text)).toEqual([JSON.parse(JSON.stringify(store.get(written.id)))]);
    stream.close();
  });

  it("filters by function and by level (entries at or above; failed invocations always)", async () => {
    const greet = await open("?function=greet");
    const warn = await open("?level=warn");
    await greet.until(/^retry/m);
    await warn.until(/^retry/m);
    store.record(record("other", [log("Info", "other info")]));
    store.record(record("greet", [log("Debug", "d"), log("Info", "i"), log("Warn", "w"), log("Error", "e")]));
    store.record(record("quiet", [log("Info", "only info")]));
    store.record(record("broken", [], { status: "failed", error: { code: "boom", message: "m" } }));
    store.record(record("last", [log("Error", "end")]));
    await greet.until(/"functionName":"greet"/);
    await warn.until(/"functionName":"last"/);
    expect(events(greet.text()).map((r) => r.functionName)).toEqual(["greet"]);
    expect(events(greet.text())[0]!.logs.map((l) => l.message)).toEqual(["d", "i", "w", "e"]);
    const shown = events(warn.text());
    expect(shown.map((r) => r.functionName)).toEqual(["greet", "broken", "last"]);
    expect(shown[0]!.logs.map((l) => l.message)).toEqual(["w", "e"]);
    greet.close();
    warn.close();
  });

  it("releases a client's listener the moment it disconnects", async () => {
    const streams = [await open(), await open("?function=x")];
    await Promise.all(streams.map((s) => s.until(/^retry/m)));
    expect(store.listenerCount()).toBe(2);
    streams[0]!.close();
    await until(() => store.listenerCount() === 1);
    streams[1]!.close();
    await until(() => store.listenerCount() === 0);
    store.record(record("after", [log("Info", "nobody listens")])); // no write to a closed response
  });

  it("disconnects a client that does not read instead of buffering for it", async () => {
    const socket = connect((server.address() as AddressInfo).port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write(`GET /_platform/invocations/stream HTTP/1.1\r\nHost: ${new URL(base).host}\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`);
    await until(() => store.listenerCount() === 1);
    socket.pause(); // reads nothing more: the kernel's buffers fill, then the server's
    const big = [log("Info", "x".repeat(200 * 1024))];
    let written = 0;
    while (store.listenerCount() > 0 && written < 1000) {
      store.record(record("loud", big));
      written++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(store.listenerCount()).toBe(0);
    expect(written).toBeLessThan(1000);
    socket.destroy();
  });
});
