/** The invocation log: one row per invocation, with its captured console output. */
import type { InvocationErrorCode, LogRecord } from "../runtime/types";
import type { StateDb } from "./db";

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
  error?: { code: InvocationErrorCode | string; message: string };
  logs: LogRecord[];
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
  };
}

export interface InvocationStore {
  record(invocation: InvocationRecord): void;
  get(id: string): InvocationRecord | undefined;
  /** Newest first. */
  list(filter?: { functionName?: string; limit?: number }): InvocationRecord[];
}

export function createInvocationStore(db: StateDb): InvocationStore {
  const insert = db.prepare(
    `INSERT INTO invocations (id, function_name, function_uuid, source, started_at, duration_ms, status, error_code, error_message, logs)
     VALUES (@id, @functionName, @functionUuid, @source, @startedAt, @durationMs, @status, @errorCode, @errorMessage, @logs)`,
  );
  const byId = db.prepare(`SELECT * FROM invocations WHERE id = ?`);
  const newest = db.prepare(`SELECT * FROM invocations ORDER BY started_at DESC, rowid DESC LIMIT ?`);
  const newestOf = db.prepare(`SELECT * FROM invocations WHERE function_name = ? ORDER BY started_at DESC, rowid DESC LIMIT ?`);
  return {
    record(invocation) {
      insert.run({
        id: invocation.id,
        functionName: invocation.functionName,
        functionUuid: invocation.functionUuid,
        source: invocation.source,
        startedAt: invocation.startedAt,
        durationMs: invocation.durationMs,
        status: invocation.status,
        errorCode: invocation.error?.code ?? null,
        errorMessage: invocation.error?.message ?? null,
        logs: JSON.stringify(invocation.logs),
      });
    },
    get(id) {
      const row = byId.get(id) as Row | undefined;
      return row && fromRow(row);
    },
    list(filter = {}) {
      const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
      const rows = (filter.functionName ? newestOf.all(filter.functionName, limit) : newest.all(limit)) as Row[];
      return rows.map(fromRow);
    },
  };
}
