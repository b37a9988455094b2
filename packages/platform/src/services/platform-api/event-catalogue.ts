/**
 * `GET /_platform/events` (admin): the events that invoke functions
 * (`lp-faas events list`), each with its sub-events and the sample invocation
 * its source sends: what the dashboard's Invoke page starts from.
 */
import { EVENTS } from "../../events/catalogue";
import { MESSAGING_EVENTS, sampleEnvelope } from "../../events/samples";
import { sendJson } from "../../http/respond";
import { ADMIN_ONLY, type Router } from "../../http/router";

export const EVENTS_ROUTE = "/events";

export function addEventCatalogueRoute(router: Router): void {
  router.on(
    "GET",
    EVENTS_ROUTE,
    ({ res }) => {
      const now = Date.now();
      sendJson(
        res,
        200,
        EVENTS.map((event) => ({
          ...event,
          subEvents: MESSAGING_EVENTS[event.eventId]?.subEvents ?? [],
          sample: sampleEnvelope(event.eventId, now) ?? null,
        })),
      );
    },
    ADMIN_ONLY,
  );
}
