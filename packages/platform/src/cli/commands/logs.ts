/**
 * `lp-faas logs [function]`: the running platform's invocation log, read
 * through its admin routes (`GET /_platform/invocations`, paged, and
 * `/_platform/invocations/stream` with --follow). Each invocation prints as a
 * header line and its log lines, oldest first; filters by function, level
 * (entries at or above) and start time. `--json` prints one document (an
 * array of records, oldest first); with --follow, one record per line
 * (NDJSON) until Ctrl-C, which ends with exit code 0.
 */
import { InvalidArgumentError, Option, type Command } from "commander";
import { PlatformApi } from "lp-faas-toolbelt/platform";
import { DEFAULT_PORT, PORT_ENV } from "../../defaults";
import { PlatformError, PlatformErrorCodes } from "../../errors";
import type { LogLevel } from "../../runtime/types";
import { filterByLevel, parseLogLevel } from "../../state/invocation-filter";
import type { InvocationRecord } from "../../state/invocations";
import { createAdminClient, readServerSentEvents, type AdminClient } from "../admin-client";
import type { CommandContext } from "../context";
import { dirOption, jsonOption, portOption } from "../flags";
import { EXIT_OK, type Output } from "../output";
import { formatLogLimit, formatLogs } from "./invoke";

interface LogsOptions {
  follow?: boolean;
  since?: number;
  level?: LogLevel;
  limit?: number;
  json?: boolean;
  port?: number;
  dir?: string;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since`: an ISO 8601 time (`2026-12-01T15:00:00Z`, `2026-12-01`) or a time ago (`90s`, `10m`, `2h`, `1d`), as epoch ms. */
export function parseSince(text: string, now: number = Date.now()): number {
  const ago = /^(\d{1,9})(ms|s|m|h|d)$/.exec(text.trim());
  if (ago) return now - Number(ago[1]) * UNITS[ago[2]!]!;
  const at = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim()) ? Date.parse(text.trim()) : Number.NaN;
  if (Number.isNaN(at)) throw new InvalidArgumentError("it is an ISO time (2026-12-01T15:00:00Z) or a time ago (30s, 10m, 2h, 1d).");
  return at;
}

function parseLevel(text: string): LogLevel {
  const level = parseLogLevel(text);
  if (!level) throw new InvalidArgumentError("it is one of debug, info, warn, error.");
  return level;
}

function parseLimit(text: string): number {
  const n = /^\d{1,4}$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!(n >= 0 && n <= 1000)) throw new InvalidArgumentError("it is a whole number from 0 to 1000.");
  return n;
}

/** One invocation: its header line, its error, its log lines, what the cloud would drop. */
export function formatInvocation(record: InvocationRecord): string {
  const outcome = record.status === "failed" ? `failed in ${record.durationMs} ms: ${record.error?.code ?? "?"}` : `succeeded in ${record.durationMs} ms`;
  const lines = [`${new Date(record.startedAt).toISOString()} ${record.functionName} ${outcome} (invocation ${record.id})`];
  if (record.error) lines.push(`  Error: ${record.error.message}`);
  lines.push(
    ...formatLogs(record.logs),
    ...formatLogLimit(record.logLimit)
      .filter((l) => l !== "")
      .map((l) => `  ${l}`),
  );
  return lines.join("\n");
}

/** The newest `limit` records that pass the filters, oldest first, reading pages until enough or older than `since`. */
async function readPast(client: AdminClient, name: string | undefined, options: LogsOptions, limit: number): Promise<InvocationRecord[]> {
  const shown: InvocationRecord[] = [];
  let before: string | null = null;
  while (shown.length < limit) {
    const query = new URLSearchParams({ limit: "100" });
    if (name !== undefined) query.set("function", name);
    if (before !== null) query.set("before", before);
    const response = await client.get(`${PlatformApi.invocations}?${query.toString()}`);
    const page = (await response.json()) as InvocationRecord[];
    for (const record of page) {
      if (options.since !== undefined && record.startedAt < options.since) return shown.reverse();
      const kept = filterByLevel(record, options.level);
      if (kept) shown.push(kept);
      if (shown.length === limit) break;
    }
    before = response.headers.get("x-next-cursor");
    if (before === null) break;
  }
  return shown.reverse();
}

async function follow(
  client: AdminClient,
  name: string | undefined,
  options: LogsOptions,
  out: Output,
  shutdown: Promise<string>,
  limit: number,
): Promise<number> {
  const abort = new AbortController();
  void shutdown.then(() => abort.abort());
  const query = new URLSearchParams();
  if (name !== undefined) query.set("function", name);
  if (options.level !== undefined) query.set("level", options.level);
  let response: Response;
  const printed = new Set<string>();
  try {
    // Subscribed before the history is read: nothing falls between the two; what both hold prints once.
    response = await client.get(`${PlatformApi.invocations}/stream${query.size > 0 ? `?${query.toString()}` : ""}`, {
      signal: abort.signal,
      accept: "text/event-stream",
    });
    for (const record of await readPast(client, name, options, limit)) {
      printed.add(record.id);
      out.item(record, () => formatInvocation(record));
    }
  } catch (error) {
    if (abort.signal.aborted) return EXIT_OK;
    abort.abort(); // the stream, when it was open
    throw error;
  }
  out.note(`Following ${name ?? "every function"}'s invocations on port ${client.port} (Ctrl-C to stop)…`);
  try {
    for await (const event of readServerSentEvents(response.body as AsyncIterable<Uint8Array>)) {
      if (event.event !== "invocation") continue;
      const record = JSON.parse(event.data) as InvocationRecord;
      if (printed.delete(record.id)) continue;
      out.item(record, () => formatInvocation(record));
    }
  } catch {
    // Ctrl-C (aborted), or the connection broke: the platform stopped.
  }
  if (abort.signal.aborted) return EXIT_OK;
  throw new PlatformError(
    PlatformErrorCodes.PlatformUnreachable,
    `the platform on port ${client.port} stopped; start it again with lp-faas dev${client.port === DEFAULT_PORT ? "" : ` --port ${client.port}`} and rerun lp-faas logs --follow`,
  );
}

export function registerLogsCommand(program: Command, context: CommandContext): void {
  program
    .command("logs")
    .summary("print (or follow) the running platform's invocation log")
    .description(
      "Print the invocations the running platform (lp-faas dev) recorded, oldest first: a header line each\n" +
        "(time, function, outcome, duration, id) and its log lines. --level keeps the entries at or above it\n" +
        "(debug < info < warn < error); an invocation left with none shows only when it failed.\n" +
        "--follow prints the latest ones, then each new invocation as it happens, until Ctrl-C (exit code 0).\n" +
        "The admin token is read from the project's .lp-faas/admin-token (--dir).\n" +
        "With --json: one array of invocation records (as GET /_platform/invocations answers them), oldest first;\n" +
        "with --json --follow: one record per line (NDJSON), the exception to one JSON document.",
    )
    .argument("[function]", "only this function's invocations")
    .option("-f, --follow", "keep printing new invocations as they happen, until Ctrl-C")
    .addOption(new Option("--since <time>", "only invocations started since: an ISO time, or a time ago like 10m, 2h, 1d").argParser((t) => parseSince(t)))
    .addOption(new Option("--level <level>", "only log entries at or above: debug, info, warn, error").argParser(parseLevel))
    .addOption(new Option("-n, --limit <n>", "the most recent invocations to print (with --follow: before following; 0 for none)").argParser(parseLimit))
    .addOption(portOption(`the platform's port (default: ${PORT_ENV}, else ${DEFAULT_PORT})`))
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((name: string | undefined, options: LogsOptions) =>
      context.run(options, async (out) => {
        // Listening for Ctrl-C first: it must end the command (exit 0), never kill it mid-line.
        const shutdown = options.follow ? context.io.waitForShutdown() : undefined;
        const client = createAdminClient(context.io, options);
        const limit = options.limit ?? (options.follow ? 10 : 50);
        if (shutdown) return follow(client, name, options, out, shutdown, limit);
        const records = await readPast(client, name, options, limit);
        out.result(records, () =>
          records.length === 0
            ? `No invocations${name === undefined ? "" : ` of ${name}`} match (the platform on port ${client.port} keeps the latest ones; invoke a function to add one).`
            : records.map(formatInvocation).join("\n\n"),
        );
        return EXIT_OK;
      }),
    );
}
