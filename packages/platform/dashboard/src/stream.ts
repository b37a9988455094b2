/**
 * The invocation stream (`GET /_platform/invocations/stream`, Server-Sent
 * Events) shared by every open view: one EventSource while anyone listens,
 * closed when the last listener leaves. The browser reconnects by itself.
 */
import { useEffect, useRef } from "preact/hooks";
import { PLATFORM, type InvocationRecord } from "./api";

type Listener = (record: InvocationRecord) => void;

const listeners = new Set<Listener>();
let source: EventSource | undefined;

function open(): void {
  source = new EventSource(`${PLATFORM}/invocations/stream`);
  source.addEventListener("invocation", (event) => {
    const record = JSON.parse((event as MessageEvent<string>).data) as InvocationRecord;
    for (const listener of [...listeners]) listener(record);
  });
}

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  if (!source) open();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      source?.close();
      source = undefined;
    }
  };
}

/** Calls `onRecord` (its latest version) for each invocation recorded while the component is shown. */
export function useInvocationStream(onRecord: Listener): void {
  const latest = useRef(onRecord);
  latest.current = onRecord;
  useEffect(() => subscribe((record) => latest.current(record)), []);
}
