/**
 * The conversations the platform serves, from two places:
 * - the project's fixture files (`fixtures/conversations/*.json`, read at each call);
 * - conversations imported into SQLite (`POST /_platform/conversations`,
 *   `lp-faas conversations import`); an imported conversation replaces a
 *   fixture with the same conversation id.
 *
 * SDE events sent to the Engagement Attributes API belong to a visit
 * (visitor id + session id). A conversation's visit is read from its record:
 *   visitorId = `info.visitorId`, else the first `consumerParticipants[].visitorId`;
 *   sessionId = `info.sessionId`, else that participant's `sessionId`.
 * Whenever a conversation is read, the stored events of its visit (same
 * visitor id and, when the record has one, same session id) are appended, in
 * arrival order, after the events already in the record: to `sdes.events`
 * when its consumer is authenticated, else to `unAuthSdes.events`. A consumer
 * counts as unauthenticated when the record lists consumer participants and
 * every one of them has `"authenticated": false`; otherwise (no flag, or no
 * participants) the events are authenticated SDEs. Events sent before the
 * conversation exists (imported later, fixture written later) show up too.
 */
import { extractConversationRecords, loadConversationFixtures, type ConversationRecord, type FixtureProblem } from "../project/fixtures";
import type { ConversationStateStore, StoredSde } from "../state/conversations";
import { sdeToConversationEvent } from "./sde-events";

export interface ConversationSummary {
  conversationId: string;
  /** `info.status` (OPEN, CLOSE). */
  status: string | null;
  /** `info.startTimeL`, epoch ms. */
  startTime: number | null;
  latestSkillName: string | null;
  /** Number of `messageRecords`. */
  messages: number;
  visitorId: string | null;
  sessionId: string | null;
  /** Events in `sdes` + `unAuthSdes`, stored ones included. */
  sdeEvents: number;
  source: "fixture" | "imported";
  /** The fixture file (relative to the project), for fixture conversations. */
  file?: string;
}

export interface Visit {
  visitorId?: string;
  sessionId?: string;
}

export interface SearchOptions {
  /** Only these record members (plus `info`); all of them when absent. */
  contentToRetrieve?: readonly string[];
  /** `unAuthSdes` is part of the answer (the API's v=2); without it the member is left out. */
  includeUnAuthSdes: boolean;
}

export interface ConversationCatalog {
  list(): { conversations: ConversationSummary[]; problems: FixtureProblem[] };
  /** The full record with its visit's SDE events, or undefined. */
  get(conversationId: string): { record: ConversationRecord; summary: ConversationSummary } | undefined;
  /** The Messaging Interactions search by conversation id: [] or [record]. */
  search(conversationId: string, options: SearchOptions): ConversationRecord[];
  /** Imports a search response or a bare record (PlatformError 400 when it is neither). */
  importDocument(document: unknown, what: string): ConversationSummary[];
  /** Deletes an imported conversation; "fixture" when only a fixture file holds it. */
  remove(conversationId: string): "removed" | "fixture" | "missing";
  /** Stores SDEs for a visit; answers the server timestamp and the conversations of that visit. */
  addSdes(
    visit: { accountId: string; visitorId: string; sessionId: string },
    sdes: ReadonlyArray<StoredSde["sde"]>,
  ): { serverTimeStamp: string; conversationIds: string[] };
}

export interface ConversationCatalogOptions {
  projectDir: string;
  /** The SQLite side; without it (a CLI read with no state.db yet) only fixtures are served. */
  store?: ConversationStateStore;
  /** Epoch ms; default Date.now. */
  now?: () => number;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** The visit a conversation belongs to (see the file comment for the fields read). */
export function visitOf(record: ConversationRecord): Visit {
  let visitorId = text(record.info.visitorId);
  let sessionId = text(record.info.sessionId);
  if (visitorId === undefined && Array.isArray(record.consumerParticipants)) {
    const participant = record.consumerParticipants.find((p) => isObject(p) && text(p.visitorId) !== undefined) as Record<string, unknown> | undefined;
    if (participant) {
      visitorId = text(participant.visitorId);
      sessionId = sessionId ?? text(participant.sessionId);
    }
  }
  return { ...(visitorId !== undefined && { visitorId }), ...(sessionId !== undefined && { sessionId }) };
}

/** False when every listed consumer participant says `"authenticated": false`. */
export function hasAuthenticatedConsumer(record: ConversationRecord): boolean {
  const participants = record.consumerParticipants;
  if (!Array.isArray(participants) || participants.length === 0) return true;
  return !participants.every((p) => isObject(p) && p.authenticated === false);
}

function eventsOf(part: unknown): unknown[] {
  return isObject(part) && Array.isArray(part.events) ? [...(part.events as unknown[])] : [];
}

export function createConversationCatalog(options: ConversationCatalogOptions): ConversationCatalog {
  const { projectDir, store } = options;
  const now = options.now ?? Date.now;

  function withVisitEvents(record: ConversationRecord): ConversationRecord {
    const visit = visitOf(record);
    const stored = visit.visitorId !== undefined && store ? store.sdesForVisit(visit.visitorId, visit.sessionId) : [];
    const authenticated = hasAuthenticatedConsumer(record);
    const sdes = eventsOf(record.sdes);
    const unAuthSdes = eventsOf(record.unAuthSdes);
    for (const entry of stored) (authenticated ? sdes : unAuthSdes).push(sdeToConversationEvent(entry.sde, entry.serverTime, authenticated));
    return {
      ...record,
      sdes: { ...(isObject(record.sdes) ? record.sdes : {}), events: sdes },
      unAuthSdes: { ...(isObject(record.unAuthSdes) ? record.unAuthSdes : {}), events: unAuthSdes },
    };
  }

  function summarise(record: ConversationRecord, source: "fixture" | "imported", file?: string): ConversationSummary {
    const merged = withVisitEvents(record);
    const visit = visitOf(record);
    const info = record.info;
    return {
      conversationId: info.conversationId,
      status: typeof info.status === "string" ? info.status : null,
      startTime: typeof info.startTimeL === "number" ? info.startTimeL : null,
      latestSkillName: typeof info.latestSkillName === "string" ? info.latestSkillName : null,
      messages: Array.isArray(record.messageRecords) ? record.messageRecords.length : 0,
      visitorId: visit.visitorId ?? null,
      sessionId: visit.sessionId ?? null,
      sdeEvents: eventsOf(merged.sdes).length + eventsOf(merged.unAuthSdes).length,
      source,
      ...(file !== undefined && { file }),
    };
  }

  function all(): { entries: Map<string, { record: ConversationRecord; source: "fixture" | "imported"; file?: string }>; problems: FixtureProblem[] } {
    const { conversations, problems } = loadConversationFixtures(projectDir);
    const entries = new Map<string, { record: ConversationRecord; source: "fixture" | "imported"; file?: string }>();
    for (const fixture of conversations) entries.set(fixture.conversationId, { record: fixture.record, source: "fixture", file: fixture.file });
    for (const imported of store?.listConversations() ?? []) entries.set(imported.conversationId, { record: imported.record, source: "imported" });
    return { entries, problems };
  }

  function find(conversationId: string): { record: ConversationRecord; source: "fixture" | "imported"; file?: string } | undefined {
    const imported = store?.getConversation(conversationId);
    if (imported) return { record: imported.record, source: "imported" };
    const fixture = loadConversationFixtures(projectDir).conversations.find((c) => c.conversationId === conversationId);
    return fixture && { record: fixture.record, source: "fixture", file: fixture.file };
  }

  const sameVisit = (record: ConversationRecord, visitorId: string, sessionId: string): boolean => {
    const visit = visitOf(record);
    return visit.visitorId === visitorId && (visit.sessionId === undefined || visit.sessionId === sessionId);
  };

  return {
    list() {
      const { entries, problems } = all();
      return { conversations: [...entries.values()].map((e) => summarise(e.record, e.source, e.file)), problems };
    },
    get(conversationId) {
      const found = find(conversationId);
      return found && { record: withVisitEvents(found.record), summary: summarise(found.record, found.source, found.file) };
    },
    search(conversationId, { contentToRetrieve, includeUnAuthSdes }) {
      const found = find(conversationId);
      if (!found) return [];
      const record: Record<string, unknown> = withVisitEvents(found.record);
      if (!includeUnAuthSdes) delete record.unAuthSdes;
      if (contentToRetrieve === undefined) return [record as ConversationRecord];
      const picked: Record<string, unknown> = { info: record.info };
      for (const member of contentToRetrieve) if (member in record && member !== "info") picked[member] = record[member];
      return [picked as ConversationRecord];
    },
    importDocument(document, what) {
      if (!store) throw new Error("importing needs the platform's state database");
      const records = extractConversationRecords(document, what);
      store.putConversations(records, now());
      return records.map((record) => summarise(record, "imported"));
    },
    remove(conversationId) {
      if (store?.deleteConversation(conversationId)) return "removed";
      return loadConversationFixtures(projectDir).conversations.some((c) => c.conversationId === conversationId) ? "fixture" : "missing";
    },
    addSdes(visit, sdes) {
      if (!store) throw new Error("adding SDEs needs the platform's state database");
      const serverTime = now();
      store.addSdes(visit, sdes, serverTime);
      const { entries } = all();
      const conversationIds = [...entries.values()]
        .filter((e) => sameVisit(e.record, visit.visitorId, visit.sessionId))
        .map((e) => e.record.info.conversationId);
      return { serverTimeStamp: String(serverTime), conversationIds };
    },
  };
}
