/**
 * The invocation stream (`GET /_platform/invocations/stream`, Server-Sent
 * Events) shared by every open view: one EventSource while anyone listens,
 * closed when the last listener leaves. The browser reconnects by itself; the
 * stream does not replay what it missed meanwhile, so listeners are told
 * (`onReconnect`) to read it from the listing.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { PLATFORM, type InvocationRecord } from "./api";

type Listener = (record: InvocationRecord) => void;

const listeners = new Set<Listener>();
const reconnectListeners = new Set<() => void>();
const statusListeners = new Set<(live: boolean) => void>();
let source: EventSource | undefined;
let live = false;

function setLive(value: boolean): void {
  live = value;
  for (const listener of [...statusListeners]) listener(value);
}

function open(): void {
  let opened = false;
  source = new EventSource(`${PLATFORM}/invocations/stream`);
  source.addEventListener("open", () => {
    setLive(true);
    if (opened) for (const listener of [...reconnectListeners]) listener();
    opened = true;
  });
  source.addEventListener("error", () => setLive(false));
  source.addEventListener("invocation", (event) => {
    const record = JSON.parse((event as MessageEvent<string>).data) as InvocationRecord;
    for (const listener of [...listeners]) listener(record);
  });
}

export function subscribe(listener: Listener, onReconnect?: () => void): () => void {
  listeners.add(listener);
  if (onReconnect) reconnectListeners.add(onReconnect);
  if (!source) open();
  return () => {
    listeners.delete(listener);
    if (onReconnect) reconnectListeners.delete(onReconnect);
    if (listeners.size === 0) {
      source?.close();
      source = undefined;
      setLive(false);
    }
  };
}

/**
 * Calls `onRecord` (its latest version) for each invocation recorded while the
 * component is shown, and `onReconnect` when the stream comes back after a break.
 */
export function useInvocationStream(onRecord: Listener, onReconnect?: () => void): void {
  const latest = useRef({ onRecord, onReconnect });
  latest.current = { onRecord, onReconnect };
  useEffect(
    () =>
      subscribe(
        (record) => latest.current.onRecord(record),
        () => latest.current.onReconnect?.(),
      ),
    [],
  );
}

/** Whether the stream is connected now (what the Invocations page shows as "live"). */
export function useStreamLive(): boolean {
  const [value, setValue] = useState(live);
  useEffect(() => {
    statusListeners.add(setValue);
    setValue(live);
    return () => void statusListeners.delete(setValue);
  }, []);
  return value;
}
