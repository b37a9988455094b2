/** The request id V2 clients send as `X-Request-Id`. */
import { randomUUID } from "node:crypto";

type TracingConsole = Console & { getTraceId?: () => unknown };

/** `console.getTraceId()` when the runtime provides one (the platform's invocation id), else a random UUID. */
export function requestId(): string {
  const getTraceId = (console as TracingConsole).getTraceId;
  if (typeof getTraceId === "function") {
    const id = getTraceId.call(console);
    if (typeof id === "string" && id !== "") return id;
  }
  return randomUUID();
}
