/**
 * The invocation log: one row per invocation, with its captured console
 * output. A bounded history: the newest `maxRecords` invocations and at most
 * `maxBytes` of records in all, oldest dropped first, checked at each write.
 * One record's logs are cut to `maxRecordLogBytes` before storing
 * (invocation-log-cap.ts), and a listing is paged by count and by bytes, so
 * neither a huge record nor a long history can make it fail.
 *
 * It is also a change feed: `onRecord` listeners get each record as stored,
 * right after it is written (the live stream of `/_platform/invocations/stream`).
 */
import type Database from "better-sqlite3";
import { DEFAULT_MAX_INVOCATION_LOG_BYTES, DEFAULT_MAX_INVOCATIONS, MAX_INVOCATION_PAGE_BYTES, MAX_INVOCATION_RECORD_LOG_BYTES } from "../defaults";
import { badInput } from "../errors";
import type { LogLimitReport, LogRecord } from "../runtime/types";
import type { StateDb } from "./db";
import { capLogs, type LogsCut } from "./invocation-log-cap";

export type { LogsCut } from "./invocation-log-cap";

export interface InvocationRecord {
  id: string;
  functionName: string;
  functionUuid: string;
  /** Which endpoint started it: the platform API or the faasGW gateway. */
  source: "platform" | "gateway";
  /** Epoch ms. */
  startedAt: number;
  durationMs: number;
  status: "succeeded" | "failed";
  error?: { code: string; message: string };
  logs: LogRecord[];
  /** What LivePerson's cloud would not have kept of the logs (present when something was dropped). */
  logLimit?: LogLimitReport;
  /** What the invocation log itself cut from an oversized record (present when it did). */
  logsCut?: LogsCut;
  /**
   * The invocation that called this one through the gateway, as the caller
   * named it in `X-LP-FaaS-Parent-Invocation-Id` (not checked against the log).
   */
  parentId?: string;
  /** Gateway invocations: the `X-LP-FaaS-Orchestration-Depth` it ran at (0 = called from outside). */
  depth?: number;
}

interface Row {
  id: string;
  function_name: string;
  function_uuid: string;
  source: "platform" | "gateway";
  started_at: number;
  duration_ms: number;
  status: "succeeded" | "failed";
  error_code: string | null;
  error_message: string | null;
  logs: string;
  parent_id: string | null;
  depth: number | null;
  log_limit: string | null;
  logs_cut: string | null;
}

function fromRow(row: Row): InvocationRecord {
  return {
    id: row.id,
    functionName: row.function_name,
    functionUuid: row.function_uuid,
    source: row.source,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    status: row.status,
    ...(row.error_code !== null && { error: { code: row.error_code, message: row.error_message ?? "" } }),
    logs: JSON.parse(row.logs) as LogRecord[],
    ...(row.log_limit !== null && { logLimit: JSON.parse(row.log_limit) as LogLimitReport }),
    ...(row.logs_cut !== null && { logsCut: JSON.parse(row.logs_cut) as LogsCut }),
    ...(row.parent_id !== null && { parentId: row.parent_id }),
    ...(row.depth !== null && { depth: row.depth }),
  };
}

export interface InvocationStoreOptions {
  /** Invocations kept at most; default 1,000. */
  maxRecords?: number;
  /** Bytes of records kept at most; default 50 MB. */
  maxBytes?: number;
  /** One record's logs at most, in bytes of JSON; default 256 KB. */
  maxRecordLogBytes?: number;
  /** One listing page at most, in bytes of records (always at least one record); default 8 MB. */
  maxPageBytes?: number;
}

export interface InvocationListFilter {
  functionName?: string;
  parentId?: string;
  /** Records per page, 1-1000; default 100. */
  limit?: number;
  /** A page's `next` cursor: the records after it (older). */
  before?: string;
}

export interface InvocationPage {
  /** Newest first. */
  records: InvocationRecord[];
  /** Pass as `before` for the next (older) page; absent on the last page. */
  next?: string;
}

/** Called with each record as stored (logs already capped); what it throws is ignored. */
export type InvocationListener = (record: InvocationRecord) => void;

export interface InvocationStore {
  record(invocation: InvocationRecord): void;
  /** Calls `listener` with every record written from now on; returns the unsubscribe. */
  onRecord(listener: InvocationListener): () => void;
  /** Listeners subscribed now (what a disconnected stream client must not leave behind). */
  listenerCount(): number;
  get(id: string): InvocationRecord | undefined;
  /** Newest first, one page. */
  list(filter?: InvocationListFilter): InvocationPage;
}

/** The cursor of a row: its start time and rowid (the listing's order), opaque to callers. */
const cursorOf = (startedAt: number, rowid: number): string => `${startedAt}.${rowid}`;

function parseCursor(cursor: string): { startedAt: number; rowid: number } {
  const match = /^(\d{1,16})\.(\d{1,16})$/.exec(cursor);
  if (!match) throw badInput(`"before" must be the "next" cursor of a previous page (like 1764590000000.42), not ${JSON.stringify(cursor.slice(0, 60))}`);
  return { startedAt: Number(match[1]), rowid: Number(match[2]) };
}

/** A whole number ≥ `min`, or the default; anything else names the option. */
function checkedLimit(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min) throw badInput(`${name} must be a whole number of at least ${min}, not ${String(value)}`);
  return value;
}

export function createInvocationStore(db: StateDb, options: InvocationStoreOptions = {}): InvocationStore {
  const maxRecordLogBytes = checkedLimit("maxRecordLogBytes", options.maxRecordLogBytes, MAX_INVOCATION_RECORD_LOG_BYTES, 1024);
  const maxRecords = checkedLimit("maxRecords", options.maxRecords, DEFAULT_MAX_INVOCATIONS, 1);
  // The newest record always stays, so the byte bound is at least one largest record.
  const maxBytes = Math.max(checkedLimit("maxBytes", options.maxBytes, DEFAULT_MAX_INVOCATION_LOG_BYTES, 1), maxRecordLogBytes + 64 * 1024);
  const maxPageBytes = checkedLimit("maxPageBytes", options.maxPageBytes, MAX_INVOCATION_PAGE_BYTES, 1);

  const insert = db.prepare(
    `INSERT INTO invocations (id, function_name, function_uuid, source, started_at, duration_ms, status, error_code, error_message, logs, parent_id, depth, size, log_limit, logs_cut)
     VALUES (@id, @functionName, @functionUuid, @source, @startedAt, @durationMs, @status, @errorCode, @errorMessage, @logs, @parentId, @depth, @size, @logLimit, @logsCut)`,
  );
  const byId = db.prepare(`SELECT * FROM invocations WHERE id = ?`);
  const dropOverCount = db.prepare(
    `DELETE FROM invocations WHERE rowid IN (SELECT rowid FROM invocations ORDER BY started_at DESC, rowid DESC LIMIT -1 OFFSET @keep)`,
  );
  const totalBytes = db.prepare(`SELECT coalesce(sum(size), 0) AS total FROM invocations`).pluck();
  const oldestFirst = db.prepare(
    `SELECT rowid, size FROM invocations
     WHERE rowid != (SELECT rowid FROM invocations ORDER BY started_at DESC, rowid DESC LIMIT 1)
     ORDER BY started_at ASC, rowid ASC`,
  );
  const dropRow = db.prepare(`DELETE FROM invocations WHERE rowid = ?`);

  /** Oldest first out until both bounds hold; the newest record always stays. */
  const prune = db.transaction(() => {
    dropOverCount.run({ keep: maxRecords });
    let excess = (totalBytes.get() as number) - maxBytes;
    if (excess <= 0) return;
    const victims: number[] = [];
    for (const row of oldestFirst.iterate() as IterableIterator<{ rowid: number; size: number }>) {
      if (excess <= 0) break;
      victims.push(row.rowid);
      excess -= row.size;
    }
    for (const rowid of victims) dropRow.run(rowid);
  });

  /** One prepared statement per combination of filters, so each can use its index. */
  const listings = new Map<string, Database.Statement>();
  const listing = (byFunction: boolean, byParent: boolean, paged: boolean): Database.Statement => {
    const key = `${byFunction}:${byParent}:${paged}`;
    let statement = listings.get(key);
    if (!statement) {
      const where = [
        byFunction && "function_name = @functionName",
        byParent && "parent_id = @parentId",
        paged && "(started_at < @startedAt OR (started_at = @startedAt AND rowid < @rowid))",
      ].filter(Boolean);
      // Sizes first: the page is cut by bytes before any record's logs are read.
      statement = db.prepare(
        `SELECT rowid, started_at, size FROM invocations ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY started_at DESC, rowid DESC LIMIT @limit`,
      );
      listings.set(key, statement);
    }
    return statement;
  };
  const byRowid = db.prepare(`SELECT * FROM invocations WHERE rowid = ?`);
  const listeners = new Set<InvocationListener>();

  /** Each listener in turn; one that throws neither stops the others nor fails the write. */
  const notify = (record: InvocationRecord): void => {
    for (const listener of [...listeners]) {
      try {
        listener(record);
      } catch {
        // A listener's own failure is its business (a stream drops its client itself).
      }
    }
  };

  return {
    record(invocation) {
      const { logs, cut } = capLogs(invocation.logs, maxRecordLogBytes);
      const logsJson = JSON.stringify(logs);
      const errorMessage = invocation.error?.message.slice(0, 10_000) ?? null;
      insert.run({
        id: invocation.id,
        functionName: invocation.functionName,
        functionUuid: invocation.functionUuid,
        source: invocation.source,
        startedAt: invocation.startedAt,
        durationMs: invocation.durationMs,
        status: invocation.status,
        errorCode: invocation.error?.code ?? null,
        errorMessage,
        logs: logsJson,
        parentId: invocation.parentId ?? null,
        depth: invocation.depth ?? null,
        size: Buffer.byteLength(logsJson) + Buffer.byteLength(errorMessage ?? "") + 200,
        logLimit: invocation.logLimit ? JSON.stringify(invocation.logLimit) : null,
        logsCut: cut ? JSON.stringify(cut) : null,
      });
      prune();
      if (listeners.size > 0) {
        const { error: _error, logs: _logs, logsCut: _cut, ...rest } = invocation;
        notify({
          ...rest,
          ...(invocation.error && { error: { code: invocation.error.code, message: errorMessage ?? "" } }),
          logs,
          ...(cut && { logsCut: cut }),
        });
      }
    },
    onRecord(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    listenerCount() {
      return listeners.size;
    },
    get(id) {
      const row = byId.get(id) as Row | undefined;
      return row && fromRow(row);
    },
    list(filter = {}) {
      const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
      const functionName = filter.functionName || undefined;
      const parentId = filter.parentId || undefined;
      const after = filter.before ? parseCursor(filter.before) : undefined;
      const rows = listing(functionName !== undefined, parentId !== undefined, after !== undefined).all({
        limit: limit + 1,
        ...(functionName !== undefined && { functionName }),
        ...(parentId !== undefined && { parentId }),
        ...(after && { startedAt: after.startedAt, rowid: after.rowid }),
      }) as Array<{ rowid: number; started_at: number; size: number }>;
      const page: typeof rows = [];
      let bytes = 0;
      for (const row of rows.slice(0, limit)) {
        if (page.length > 0 && bytes + row.size > maxPageBytes) break;
        page.push(row);
        bytes += row.size;
      }
      const records = page.map((row) => fromRow(byRowid.get(row.rowid) as Row));
      const last = page[page.length - 1];
      const more = rows.length > page.length;
      return more && last ? { records, next: cursorOf(last.started_at, last.rowid) } : { records };
    },
  };
}
