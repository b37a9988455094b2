/**
 * What the dashboard shows of the runtime that the invocation log does not
 * keep: each function's instance state (cold, warm, busy) and, for recent
 * invocations, what went in and came out (payload, headers, result). It wraps
 * the runtime the services call, so it sees every invocation from either
 * endpoint, and watches reloads.
 *
 * The instance state: "busy" while an invocation runs; otherwise, from the
 * runtime's own count of live instances, "warm" when one is alive and "cold"
 * when none is (never started, reloaded, crashed, timed out, or a V2 instance
 * stopped after its idle time). A runtime that does not count its instances
 * gets the platform's view: "warm" once an invocation finished on an instance
 * that lives on, "cold" before the first, after a reload, a crash or a timeout. Inputs and results are kept in memory for
 * the newest `maxEntries` invocations, each at most `maxEntryBytes` of JSON
 * (a larger one is kept as a note saying so): gone after a restart.
 */
import type { InvocationContext, InvocationInput, InvocationOutcome, Runtime } from "../../runtime/types";
import { InvocationErrorCodes, V2InvocationErrorCodes } from "../../runtime/types";

export type InstanceState = "cold" | "warm" | "busy";

/** What an invocation received and returned, as far as the platform remembers. */
export interface InvocationData {
  readonly headers: InvocationInput["headers"];
  readonly payload: unknown;
  /** Present when the function succeeded. */
  readonly result?: unknown;
  /** Present when the input or the result was too large to keep: what was left out. */
  readonly omitted?: string;
}

export interface RuntimeObserver {
  instanceState(functionName: string): InstanceState;
  /** Live instances of the function (V1: one serving many invocations; V2: one per invocation, up to the cap). */
  instanceCount(functionName: string): number;
  /** Invocations of the function running now. */
  inFlight(functionName: string): number;
  data(invocationId: string): InvocationData | undefined;
}

export interface ObserverOptions {
  maxEntries?: number;
  maxEntryBytes?: number;
}

const DEFAULT_MAX_ENTRIES = 200;
const DEFAULT_MAX_ENTRY_BYTES = 256 * 1024;

/** Outcomes after which the runtime retires the instance. */
const REPLACING: ReadonlySet<string> = new Set([
  InvocationErrorCodes.RuntimeException,
  InvocationErrorCodes.ExecutionTimeExceeded,
  V2InvocationErrorCodes.JsRuntimeError,
  V2InvocationErrorCodes.ExecutionExceeded,
]);

const jsonSize = (value: unknown): number => {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? "");
  } catch {
    return Infinity;
  }
};

/** Wraps `runtime`: use the returned `runtime` where the original was used. */
export function observeRuntime(runtime: Runtime, options: ObserverOptions = {}): { runtime: Runtime; observer: RuntimeObserver } {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const maxEntryBytes = options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
  const running = new Map<string, number>();
  const warm = new Set<string>();
  const recent = new Map<string, InvocationData>();

  const remember = (id: string, input: InvocationInput, outcome: InvocationOutcome | undefined): void => {
    const result = outcome?.ok ? outcome.result : undefined;
    const inputFits = jsonSize(input) <= maxEntryBytes;
    const resultFits = !outcome?.ok || jsonSize(result) <= maxEntryBytes;
    const omitted = [!inputFits && "the payload and headers", !resultFits && "the result"].filter(Boolean).join(" and ");
    recent.set(id, {
      headers: inputFits ? input.headers : [],
      payload: inputFits ? input.payload : null,
      ...(outcome?.ok && resultFits && { result }),
      ...(omitted !== "" && { omitted: `${omitted} (over ${maxEntryBytes} bytes of JSON) not kept` }),
    });
    while (recent.size > maxEntries) recent.delete(recent.keys().next().value!);
  };

  // The spread keeps whatever else the runtime offers; invoke and reload are watched.
  const wrapped: Runtime = {
    ...runtime,
    async invoke(fn, input, context?: InvocationContext) {
      running.set(fn.name, (running.get(fn.name) ?? 0) + 1);
      let outcome: InvocationOutcome | undefined;
      try {
        outcome = await runtime.invoke(fn, input, context);
        return outcome;
      } finally {
        running.set(fn.name, (running.get(fn.name) ?? 1) - 1);
        if (outcome && !(!outcome.ok && REPLACING.has(outcome.error.code))) warm.add(fn.name);
        else warm.delete(fn.name);
        if (context?.invocationId !== undefined) remember(context.invocationId, input, outcome);
      }
    },
    async reload(functionName) {
      warm.delete(functionName);
      await runtime.reload(functionName);
    },
  };

  const observer: RuntimeObserver = {
    instanceState: (name) => {
      if ((running.get(name) ?? 0) > 0) return "busy";
      const counted = runtime.instances?.(name);
      if (counted) return counted.busy > 0 ? "busy" : counted.instances > 0 ? "warm" : "cold";
      return warm.has(name) ? "warm" : "cold";
    },
    instanceCount: (name) => runtime.instances?.(name).instances ?? (warm.has(name) || (running.get(name) ?? 0) > 0 ? 1 : 0),
    inFlight: (name) => running.get(name) ?? 0,
    data: (id) => recent.get(id),
  };
  return { runtime: wrapped, observer };
}
