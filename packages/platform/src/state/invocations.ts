/** The invocation log: one row per invocation, with its captured console output. */
import type { LogRecord } from "../runtime/types";
import type Database from "better-sqlite3";
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
  error?: { code: string; message: string };
  logs: LogRecord[];
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
    ...(row.parent_id !== null && { parentId: row.parent_id }),
    ...(row.depth !== null && { depth: row.depth }),
  };
}

export interface InvocationStore {
  record(invocation: InvocationRecord): void;
  get(id: string): InvocationRecord | undefined;
  /** Newest first. */
  list(filter?: { functionName?: string; parentId?: string; limit?: number }): InvocationRecord[];
}

export function createInvocationStore(db: StateDb): InvocationStore {
  const insert = db.prepare(
    `INSERT INTO invocations (id, function_name, function_uuid, source, started_at, duration_ms, status, error_code, error_message, logs, parent_id, depth)
     VALUES (@id, @functionName, @functionUuid, @source, @startedAt, @durationMs, @status, @errorCode, @errorMessage, @logs, @parentId, @depth)`,
  );
  const byId = db.prepare(`SELECT * FROM invocations WHERE id = ?`);
  /** One prepared statement per combination of filters, so each can use its index. */
  const listings = new Map<string, Database.Statement>();
  const listing = (byFunction: boolean, byParent: boolean): Database.Statement => {
    const key = `${byFunction}:${byParent}`;
    let statement = listings.get(key);
    if (!statement) {
      const where = [byFunction && "function_name = @functionName", byParent && "parent_id = @parentId"].filter(Boolean);
      statement = db.prepare(
        `SELECT * FROM invocations ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY started_at DESC, rowid DESC LIMIT @limit`,
      );
      listings.set(key, statement);
    }
    return statement;
  };
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
        parentId: invocation.parentId ?? null,
        depth: invocation.depth ?? null,
      });
    },
    get(id) {
      const row = byId.get(id) as Row | undefined;
      return row && fromRow(row);
    },
    list(filter = {}) {
      const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
      const functionName = filter.functionName || undefined;
      const parentId = filter.parentId || undefined;
      const rows = listing(functionName !== undefined, parentId !== undefined).all({
        limit,
        ...(functionName !== undefined && { functionName }),
        ...(parentId !== undefined && { parentId }),
      }) as Row[];
      return rows.map(fromRow);
    },
  };
}
