/**
 * The body of `POST /_platform/functions/:name/invoke`: `{ payload?, headers? }`
 * sends the payload as it is; `{ event, subEvent?, payload?, headers? }` sends
 * the event's sample with `payload` deep-merged over it, and asks for the
 * report of what the event source would do with the result.
 */
import { badInput } from "../../errors";
import { bindingWarnings, eventPayload, requireEvent } from "../../events/event-invocation";
import { readFunctionBinding } from "../../events/function-binding";
import { normaliseInput, type InvocationEvent } from "../../invocations/run-invocation";
import type { FunctionSpec, InvocationInput } from "../../runtime/types";

export function parseInvokeBody(fn: FunctionSpec, body: unknown): { input: InvocationInput; event?: InvocationEvent } {
  const input = normaliseInput(body);
  const { event: eventId, subEvent } = (body ?? {}) as { event?: unknown; subEvent?: unknown };
  if (eventId === undefined || eventId === null) {
    if (subEvent !== undefined && subEvent !== null) throw badInput('"subEvent" needs "event" (the eventId it belongs to)');
    return { input };
  }
  if (typeof eventId !== "string") throw badInput('"event" must be an eventId string (see lp-faas events list)');
  if (subEvent !== undefined && subEvent !== null && typeof subEvent !== "string") throw badInput('"subEvent" must be a string (a cbotEventType)');
  const definition = requireEvent(eventId);
  const payload = eventPayload(definition, subEvent ?? undefined, (body as { payload?: unknown }).payload);
  return {
    input: { headers: input.headers, payload },
    event: { definition, warnings: bindingWarnings(fn.name, readFunctionBinding(fn), definition) },
  };
}
