/**
 * `GET /_platform/invocations/stream` (admin): the invocation log as it is
 * written, as Server-Sent Events. Each record the store writes (filtered by
 * `?function=` and `?level=`) is one `invocation` event whose data is the
 * record as `GET /_platform/invocations/:id` answers it. A comment every
 * heartbeat keeps idle connections open; `retry` tells clients when to
 * reconnect. There is no replay: a client that reconnects reads what it
 * missed from the paged listing.
 *
 * A client costs one store listener and one timer, both released the moment
 * its connection closes. Its unread output is bounded: a client that leaves
 * more than `maxBufferedBytes` unread is disconnected instead of growing the
 * platform's memory.
 */
import type { ServerResponse } from "node:http";
import { PlatformRoutes } from "lp-faas-toolbelt/platform";
import { INVOCATION_STREAM_HEARTBEAT_MS, INVOCATION_STREAM_MAX_BUFFERED_BYTES, INVOCATION_STREAM_RETRY_MS } from "../../defaults";
import { badInput } from "../../errors";
import { ADMIN_ONLY, type Router } from "../../http/router";
import { filterByLevel, parseLogLevel } from "../../state/invocation-filter";
import type { InvocationRecord, InvocationStore } from "../../state/invocations";

/** Relative to `/_platform`; registered before `/invocations/:id`, which would otherwise take it. */
export const INVOCATION_STREAM_ROUTE = `${PlatformRoutes.invocations}/stream`;

export interface InvocationStreamOptions {
  heartbeatMs?: number;
  retryMs?: number;
  maxBufferedBytes?: number;
}

const eventOf = (record: InvocationRecord): string => `id: ${record.id}\nevent: invocation\ndata: ${JSON.stringify(record)}\n\n`;

/** Writes to one client, or drops it once its unread output would pass `maxBytes`. */
function createSender(res: ServerResponse, maxBytes: number, onDrop: () => void): (text: string) => void {
  return (text) => {
    if (res.destroyed) return;
    if (res.writableLength > 0 && res.writableLength + Buffer.byteLength(text) > maxBytes) {
      onDrop();
      res.destroy();
      return;
    }
    res.write(text);
  };
}

export function addInvocationStreamRoute(router: Router, invocations: InvocationStore, options: InvocationStreamOptions = {}): void {
  const heartbeatMs = options.heartbeatMs ?? INVOCATION_STREAM_HEARTBEAT_MS;
  const retryMs = options.retryMs ?? INVOCATION_STREAM_RETRY_MS;
  const maxBufferedBytes = options.maxBufferedBytes ?? INVOCATION_STREAM_MAX_BUFFERED_BYTES;
  router.on(
    "GET",
    INVOCATION_STREAM_ROUTE,
    ({ req, res, url }) => {
      const levelText = url.searchParams.get("level") ?? "";
      const level = levelText === "" ? undefined : parseLogLevel(levelText);
      if (levelText !== "" && level === undefined) throw badInput(`"level" must be Debug, Info, Warn or Error, not ${JSON.stringify(levelText.slice(0, 40))}`);
      const functionName = url.searchParams.get("function") || undefined;

      res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" });
      if (req.method === "HEAD") {
        res.end();
        return;
      }
      const listeners: { unsubscribe?: () => void; heartbeat?: NodeJS.Timeout } = {};
      const release = (): void => {
        listeners.unsubscribe?.();
        clearInterval(listeners.heartbeat);
      };
      const send = createSender(res, maxBufferedBytes, release);
      listeners.unsubscribe = invocations.onRecord((record) => {
        if (functionName !== undefined && record.functionName !== functionName) return;
        const shown = filterByLevel(record, level);
        if (shown) send(eventOf(shown));
      });
      listeners.heartbeat = setInterval(() => send(": heartbeat\n\n"), heartbeatMs).unref();
      res.on("close", release);
      send(`retry: ${retryMs}\n: listening for invocations\n\n`);
    },
    ADMIN_ONLY,
  );
}
