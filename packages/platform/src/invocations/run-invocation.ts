/**
 * Runs one invocation for either endpoint (the platform API or the faasGW gateway) and
 * records it in the invocation log.
 */
import { randomUUID } from "node:crypto";
import { badInput } from "../errors";
import type { EventDefinition } from "../events/catalogue";
import { eventReport, type EventReport } from "../events/event-invocation";
import type { FunctionSpec, InvocationInput, InvocationOutcome, Runtime } from "../runtime/types";
import type { InvocationStore } from "../state/invocations";

export interface InvokeDeps {
  runtime: Runtime;
  invocations: InvocationStore;
}

/** A header value as text: strings as they are, nothing as "", anything else as JSON. */
function headerValue(value: unknown): string {
  if (typeof value === "string") return value;
  return value === undefined || value === null ? "" : JSON.stringify(value);
}

/** `headers` as lpf passes them: `[{ key, value }]`; a plain `{ name: value }` map is accepted too (V2 bodies). */
export function normaliseInput(body: unknown): InvocationInput {
  if (body === undefined || body === null) return { headers: [], payload: {} };
  if (typeof body !== "object" || Array.isArray(body)) throw badInput('The invocation body must be a JSON object { "payload": ..., "headers": [...] }');
  const { payload, headers } = body as { payload?: unknown; headers?: unknown };
  let list: Array<{ key: string; value: string }> = [];
  if (Array.isArray(headers)) {
    list = headers.map((h, i) => {
      if (!h || typeof h !== "object" || typeof (h as { key?: unknown }).key !== "string") {
        throw badInput(`headers[${i}] must be an object { "key": string, "value": string }`);
      }
      return { key: (h as { key: string }).key, value: headerValue((h as { value?: unknown }).value) };
    });
  } else if (headers && typeof headers === "object") {
    list = Object.entries(headers as Record<string, unknown>).map(([key, value]) => ({ key, value: headerValue(value) }));
  } else if (headers !== undefined && headers !== null) {
    throw badInput('"headers" must be an array of { "key", "value" } objects');
  }
  return { headers: list, payload: payload === undefined ? {} : payload };
}

/** What the gateway knows about who called: the orchestration headers (both absent for the platform API). */
export interface InvocationOrigin {
  /** `X-LP-FaaS-Parent-Invocation-Id`: the invocation whose function made this call. */
  parentId?: string;
  /** `X-LP-FaaS-Orchestration-Depth`: gateway hops that led here (0 = called from outside). */
  depth?: number;
}

/** An invocation by event: the event, and what is already known to warn about (config.json naming another event). */
export interface InvocationEvent {
  readonly definition: EventDefinition;
  readonly warnings: readonly string[];
}

/**
 * Runs `fn` and records the invocation. With `event`, the answer carries the
 * report of what the event source would do with the result. The id is chosen before the function
 * runs and handed to its worker (`process.env.LP_FAAS_INVOCATION_ID`), so a
 * call the function makes through the gateway can name this invocation as
 * its parent; the depth becomes `process.env.LP_FAAS_ORCHESTRATION_DEPTH`.
 */
export async function runInvocation(
  deps: InvokeDeps,
  fn: FunctionSpec,
  input: InvocationInput,
  source: "platform" | "gateway",
  origin: InvocationOrigin = {},
  event?: InvocationEvent,
): Promise<{ id: string; outcome: InvocationOutcome; event?: EventReport }> {
  const id = randomUUID();
  const startedAt = Date.now();
  const depth = origin.depth ?? 0;
  const outcome = await deps.runtime.invoke(fn, input, { invocationId: id, depth });
  deps.invocations.record({
    id,
    functionName: fn.name,
    functionUuid: fn.uuid,
    source,
    startedAt,
    durationMs: outcome.durationMs,
    status: outcome.ok ? "succeeded" : "failed",
    ...(!outcome.ok && { error: outcome.error }),
    logs: outcome.logs,
    ...(outcome.logLimit && { logLimit: outcome.logLimit }),
    ...(origin.parentId !== undefined && { parentId: origin.parentId }),
    ...(origin.depth !== undefined && { depth: origin.depth }),
  });
  return { id, outcome, ...(event && { event: eventReport(event.definition, outcome, event.warnings) }) };
}
