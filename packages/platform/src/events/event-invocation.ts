/**
 * An invocation by event: the envelope the event source would send (its
 * sample, with the caller's payload merged over it), and the report of what
 * the event source would do with the function's result.
 */
import { badInput } from "../errors";
import { EVENTS, eventById, type EventDefinition } from "./catalogue";
import type { FunctionBinding } from "./function-binding";
import { checkEventResult } from "./result-check";
import { deepMerge, MESSAGING_EVENTS, samplePayload, type Json } from "./samples";

/** What the invoke answer says about an evented invocation. */
export interface EventReport {
  readonly eventId: string;
  /** What the event source does with the result, in a sentence. */
  readonly action: string;
  /** Each starts "the cloud would …"; a warning never fails the invocation. */
  readonly warnings: readonly string[];
}

/** The event with that id, or es.badinput naming `lp-faas events list`. */
export function requireEvent(eventId: string): EventDefinition {
  const event = eventById(eventId);
  if (!event) throw badInput(`There is no event "${eventId}"; see lp-faas events list (${EVENTS.length} events)`);
  return event;
}

/**
 * The payload an event sends: its sample (for a messaging event, with
 * `general.cbotEventType` = `subEvent`), `payload` deep-merged over it
 * (objects member by member, anything else replaced). Neither input is changed.
 */
export function eventPayload(event: EventDefinition, subEvent: string | undefined, payload: unknown): Json {
  const messaging = MESSAGING_EVENTS[event.eventId];
  if (subEvent !== undefined) {
    if (!messaging) throw badInput(`Event ${event.eventId} has no sub-events; only the messaging events take one (cbotEventType)`);
    if (!messaging.subEvents.includes(subEvent)) {
      throw badInput(`Event ${event.eventId} has no sub-event "${subEvent}"; it has ${messaging.subEvents.join(", ")}`);
    }
  }
  const sample = samplePayload(event.eventId, subEvent)!;
  return payload === undefined ? sample : deepMerge(sample, payload as Json);
}

/** A warning when the function's config.json does not name the event it is invoked with. */
export function bindingWarnings(functionName: string, binding: FunctionBinding, event: EventDefinition): string[] {
  if (binding.eventId === event.eventId) return [];
  const names = binding.eventId === undefined ? "no event" : `event ${binding.eventId}`;
  return [`the cloud would never invoke ${functionName} for ${event.eventId}: its config.json names ${names}`];
}

/** What the event source would do with the outcome; `extra` warnings come first. */
export function eventReport(event: EventDefinition, outcome: { ok: true; result: unknown } | { ok: false }, extra: readonly string[] = []): EventReport {
  if (!outcome.ok) return { eventId: event.eventId, action: "nothing: the function failed", warnings: [...extra] };
  const { action, warnings } = checkEventResult(event.resultKind, outcome.result);
  return { eventId: event.eventId, action, warnings: [...extra, ...warnings.map((w) => `the cloud would reject or ignore this result: ${w}`)] };
}
