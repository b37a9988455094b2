/**
 * `lp-faas invoke <function>`: runs a function on the running platform
 * (`POST /_platform/functions/<name>/invoke`) and prints its result, status,
 * duration and logs. Exit code 1 when the function failed or no platform
 * answers. Without --payload, like `lpf invoke`, the function's config.json
 * `input` is sent when the project can be found. With --event (or, without
 * --payload, a config.json naming an event and an empty `input.payload`) the
 * platform sends the event's sample with the payload merged over it and says
 * what the event source would do with the result.
 */
import { Option, type Command } from "commander";
import { PlatformApi } from "lp-faas-toolbelt/platform";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_PORT, PORT_ENV } from "../../defaults";
import { PlatformError, PlatformErrorCodes } from "../../errors";
import { configuredEventId } from "../../events/catalogue";
import { collectHeader, parseJsonArgument, readPayloadFile } from "../payload-options";
import type { CommandContext } from "../context";
import { dirOption, findProjectDir, jsonOption, platformPort, portOption } from "../flags";
import { EXIT_FAILURE, EXIT_OK, formatValue, PlatformAnswerError, usageError, type CliIo } from "../output";

interface InvokeOptions {
  event?: string;
  subEvent?: string;
  payload?: unknown;
  payloadFile?: string;
  header?: Array<{ key: string; value: string }>;
  port?: number;
  dir?: string;
  json?: boolean;
}

interface LogEntry {
  level?: string;
  message?: unknown;
  extras?: unknown[];
  timestamp?: number;
}

/** The platform's answer when the function ran (HTTP 200). */
export interface InvokeAnswer {
  invocationId?: string;
  result?: unknown;
  error?: { code: string; message: string };
  logs?: LogEntry[];
  /** What LivePerson's cloud would not have kept of the logs. */
  logLimit?: { code: string; droppedEntries: number; droppedChars: number; droppedDebug: number };
  durationMs?: number;
  /** Invoked by event: what the event source would do with the result. */
  event?: { eventId: string; action: string; warnings: string[] };
}

/** "Event: <action>" and a "Warning: the cloud would …" line per warning, or none. */
export function formatEvent(event: InvokeAnswer["event"]): string[] {
  if (!event) return [];
  return ["", `Event: ${event.action}  (${event.eventId})`, ...event.warnings.map((warning) => `Warning: ${warning}`)];
}

/** The line saying what the cloud would drop of the logs, or none. */
export function formatLogLimit(limit: InvokeAnswer["logLimit"]): string[] {
  if (!limit) return [];
  const parts = [
    limit.droppedEntries > 0 && `${limit.droppedEntries} log entries (${limit.droppedChars} characters) over the limit of 10 entries and 6,000 characters`,
    limit.droppedDebug > 0 && `${limit.droppedDebug} Debug entries (never kept)`,
  ].filter(Boolean);
  return ["", `Log limit: the cloud would drop ${parts.join(" and ")} (${limit.code})`];
}

const isEmpty = (value: unknown): boolean =>
  value === undefined || value === null || value === "" || (typeof value === "object" && Object.keys(value).length === 0);

/**
 * config.json `input` of the function, when its project can be found; else an empty payload.
 * `event`: the event config.json names, when its `input.payload` is empty (that event's sample is sent).
 */
function configInput(io: CliIo, name: string, dir: string | undefined): { payload: unknown; headers: unknown[]; event?: string } {
  let projectDir: string;
  try {
    projectDir = findProjectDir(io, dir);
  } catch (error) {
    if (dir !== undefined) throw error;
    return { payload: {}, headers: [] };
  }
  try {
    const config = JSON.parse(readFileSync(join(projectDir, "functions", name, "config.json"), "utf8")) as {
      event?: unknown;
      input?: { payload?: unknown; headers?: unknown };
    };
    const input = config.input ?? {};
    const event = configuredEventId(config.event);
    return {
      payload: input.payload ?? {},
      headers: Array.isArray(input.headers) ? input.headers : [],
      ...(event !== undefined && isEmpty(input.payload) && { event }),
    };
  } catch {
    return { payload: {}, headers: [] };
  }
}

function clock(timestamp: number | undefined): string {
  if (typeof timestamp !== "number") return "";
  const date = new Date(timestamp);
  const two = (n: number): string => String(n).padStart(2, "0");
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, "0")}`;
}

export function formatLogs(logs: readonly LogEntry[]): string[] {
  return logs.map((entry) => {
    const extras = (entry.extras ?? []).map((extra) => (typeof extra === "string" ? extra : JSON.stringify(extra))).join(" ");
    const message = typeof entry.message === "string" ? entry.message : JSON.stringify(entry.message);
    return `  ${clock(entry.timestamp)} ${`[${entry.level ?? "?"}]`.padEnd(7)} ${message}${extras ? ` ${extras}` : ""}`;
  });
}

export function formatAnswer(name: string, answer: InvokeAnswer): string {
  const took = typeof answer.durationMs === "number" ? ` in ${answer.durationMs} ms` : "";
  const id = answer.invocationId ? `  (invocation ${answer.invocationId})` : "";
  const lines = answer.error
    ? [`${name} failed${took}: ${answer.error.code}${id}`, "", "Error:", `  ${answer.error.message}`]
    : [
        `${name} succeeded${took}${id}`,
        "",
        "Result:",
        ...formatValue(answer.result ?? "")
          .split("\n")
          .map((l) => `  ${l}`),
      ];
  lines.push(...formatEvent(answer.event));
  const logs = answer.logs ?? [];
  lines.push("", logs.length === 0 ? "Logs: none" : `Logs (${logs.length}):`, ...formatLogs(logs), ...formatLogLimit(answer.logLimit));
  return lines.join("\n");
}

async function post(port: number, name: string, body: unknown): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(`http://127.0.0.1:${port}${PlatformApi.invoke(name)}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code === "ECONNREFUSED") {
      throw new PlatformError(
        PlatformErrorCodes.PlatformUnreachable,
        `no platform on port ${port}: start it with lp-faas dev${port === DEFAULT_PORT ? "" : ` --port ${port}`}`,
      );
    }
    const reason = cause?.message ?? (error as Error).message;
    if (reason === "bad port") throw usageError(`port ${port} is one that fetch refuses to call ("bad port"); run lp-faas dev on another port`);
    throw new PlatformError(PlatformErrorCodes.PlatformUnreachable, `the platform on port ${port} did not answer: ${reason}`);
  }
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    throw new PlatformError(
      PlatformErrorCodes.PlatformUnreachable,
      `port ${port} answered HTTP ${response.status} with something that is not lp-faas; is another program using it? (set --port or ${PORT_ENV})`,
    );
  }
}

export function registerInvokeCommand(program: Command, context: CommandContext): void {
  program
    .command("invoke")
    .summary("invoke a function on the running platform")
    .description(
      "Invoke a function through the running platform (lp-faas dev) and print its result, status, duration and logs.\n" +
        'The payload is --payload, --payload-file, or else the function\'s config.json "input".\n' +
        "With --event, the event's sample payload is sent, --payload or --payload-file merged over it, and the\n" +
        "answer says what the event source would do with the result (warnings never fail the invocation).\n" +
        'Without --event and --payload, a config.json naming an event with an empty "input.payload" sends that event\'s sample.\n' +
        "Exit code 1 when the function fails or no platform answers. With --json: the platform's answer\n" +
        "{ invocationId, result | error: { code, message }, logs, logLimit?, durationMs, event?: { eventId, action, warnings } }.",
    )
    .argument("<function>", "the function's name (its folder under functions/)")
    .addOption(new Option("-e, --event <eventId>", "send this event's sample payload (lp-faas events list)"))
    .addOption(new Option("--sub-event <cbotEventType>", "a messaging event's sub-event (general.cbotEventType)"))
    .addOption(new Option("--payload <json>", "the payload, as JSON").argParser(parseJsonArgument).conflicts("payloadFile"))
    .addOption(new Option("--payload-file <file>", 'a file holding the payload as JSON ("-" reads stdin)'))
    .addOption(new Option("-H, --header <key=value>", "an invocation header (repeatable)").argParser(collectHeader))
    .addOption(portOption(`the platform's port (default: ${PORT_ENV}, else ${DEFAULT_PORT})`))
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((name: string, options: InvokeOptions) =>
      context.run(options, async (out) => {
        const port = platformPort(context.io, options.port);
        const given = options.payloadFile !== undefined || "payload" in options;
        const fromConfig = !given ? configInput(context.io, name, options.dir) : undefined;
        const event = options.event ?? fromConfig?.event;
        if (options.subEvent !== undefined && event === undefined) throw usageError("--sub-event goes with --event <eventId>");
        const payload =
          options.payloadFile !== undefined ? readPayloadFile(context.io, options.payloadFile) : "payload" in options ? options.payload : undefined;
        const headers = options.header ?? fromConfig?.headers ?? [];
        const request =
          event !== undefined
            ? { event, ...(options.subEvent !== undefined && { subEvent: options.subEvent }), ...(given && { payload }), headers }
            : { payload: given ? payload : fromConfig!.payload, headers };
        const answer = await post(port, name, request);
        if (answer.status !== 200) {
          const { code, message } = (answer.body ?? {}) as { code?: string; message?: string };
          throw new PlatformAnswerError(code ?? PlatformErrorCodes.General, message ?? `the platform answered HTTP ${answer.status}`);
        }
        const body = answer.body as InvokeAnswer;
        out.result(body, () => formatAnswer(name, body));
        return body.error ? EXIT_FAILURE : EXIT_OK;
      }),
    );
}
