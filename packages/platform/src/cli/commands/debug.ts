/**
 * `lp-faas debug <function>`: runs one invocation of a function under a
 * debugger, without touching its code (lpf debug rewrites index.js and can
 * leave its debug code behind). Starts a platform of its own on a free port
 * with that function's instance inspected, keeps an attach configuration in
 * `.vscode/launch.json`, prints how to attach, invokes the function (the
 * instance waits for the debugger, then pauses just before the call), prints
 * the result and stops.
 */
import { Option, type Command } from "commander";
import { PlatformApi } from "lp-faas-toolbelt/platform";
import { request } from "node:http";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { PlatformError, PlatformErrorCodes } from "../../errors";
import { eventById } from "../../events/catalogue";
import { samplePayload } from "../../events/samples";
import { startPlatform } from "../../platform";
import { loadFunctionCatalog } from "../../project/function-catalog";
import { ATTACH_CONFIGURATION_NAME, upsertAttachConfiguration, type LaunchJsonUpdate } from "../../project/vscode-launch";
import { DEFAULT_INSPECT_PORT } from "../../runtime/inspect";
import type { InspectorInfo } from "../../runtime/types";
import { collectHeader, parseJsonArgument, readPayloadFile } from "../payload-options";
import type { CommandContext } from "../context";
import { dirOption, findProjectDir, jsonOption, parsePort } from "../flags";
import { EXIT_FAILURE, EXIT_OK, PlatformAnswerError, usageError, type CliIo } from "../output";
import { formatAnswer, type InvokeAnswer } from "./invoke";

interface DebugOptions {
  payload?: unknown;
  payloadFile?: string;
  event?: string;
  header?: Array<{ key: string; value: string }>;
  inspectPort?: number;
  dir?: string;
  json?: boolean;
}

/** What became of the attach configuration (a file that could not be written is reported, not fatal). */
type LaunchOutcome = LaunchJsonUpdate | { readonly status: "unwritable"; readonly file: string; readonly reason: string };

/** What the function is called with: --payload, --payload-file, --event's sample, else config.json `input`. */
export function debugInput(io: CliIo, projectDir: string, name: string, options: DebugOptions): { payload: unknown; headers: unknown[] } {
  const headers = options.header;
  if ("payload" in options) return { payload: options.payload, headers: headers ?? [] };
  if (options.payloadFile !== undefined) return { payload: readPayloadFile(io, options.payloadFile), headers: headers ?? [] };
  if (options.event !== undefined) {
    const payload = eventById(options.event) && samplePayload(options.event);
    if (payload === undefined) throw usageError(`--event ${options.event} is not an event lp-faas knows; see lp-faas events list`);
    return { payload, headers: headers ?? [] };
  }
  try {
    const config = JSON.parse(readFileSync(join(projectDir, "functions", name, "config.json"), "utf8")) as { input?: { payload?: unknown; headers?: unknown } };
    const input = config.input ?? {};
    return { payload: input.payload ?? {}, headers: headers ?? (Array.isArray(input.headers) ? input.headers : []) };
  } catch {
    return { payload: {}, headers: headers ?? [] };
  }
}

/** How to attach, once the instance's inspector listens. */
export function formatAttach(name: string, info: InspectorInfo, launch: LaunchOutcome, projectDir: string): string {
  const file = relative(projectDir, launch.file);
  const vscode =
    launch.status === "unparseable"
      ? `${file} cannot be parsed (${launch.reason}); it was left untouched: attach to 127.0.0.1:${info.port} by hand`
      : launch.status === "unwritable"
        ? `${file} could not be written (${launch.reason}): attach to 127.0.0.1:${info.port} by hand`
        : `Run and Debug → "${ATTACH_CONFIGURATION_NAME}" (${file} ${launch.status === "unchanged" ? "is up to date" : launch.status})`;
  return [
    `Debugging ${name}: its instance (pid ${info.pid}) waits for a debugger on 127.0.0.1:${info.port}.`,
    `  VS Code   ${vscode}`,
    `  Chrome    chrome://inspect → Configure… → add 127.0.0.1:${info.port}, then "inspect" under Remote Target`,
    `  other     ${info.url}`,
    `Once attached it pauses just before ${name} is called: step into (twice) to its first line, or continue to your breakpoints.`,
    "No timeout applies while you debug. Ctrl-C stops.",
    "",
    "",
  ].join("\n");
}

/** POST without a deadline (fetch would give up after 5 minutes of stepping). */
function postInvoke(url: string, name: string, body: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolvePost, rejectPost) => {
    const req = request(`${url}${PlatformApi.invoke(name)}`, { method: "POST", headers: { "content-type": "application/json" } }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolvePost({ status: response.statusCode ?? 0, text }));
      response.on("error", rejectPost);
    });
    req.on("error", rejectPost);
    req.end(JSON.stringify(body));
  });
}

export function registerDebugCommand(program: Command, context: CommandContext): void {
  program
    .command("debug")
    .summary("invoke a function once under a debugger (VS Code, Chrome)")
    .description(
      "Invoke a function once under a debugger, without changing its code.\n" +
        "Starts a platform of its own on a free port with the function's instance\n" +
        "under the Node inspector, writes an attach configuration to\n" +
        `.vscode/launch.json, prints how to attach (port ${DEFAULT_INSPECT_PORT} unless --inspect-port),\n` +
        "invokes the function once a debugger is attached, prints the result and\n" +
        "stops. The payload is --payload, --payload-file, --event's sample, or else\n" +
        'config.json "input". With --json: { invocationId, result | error, logs,\n' +
        "durationMs, inspector: { port, url }, launchJson: { file, status } }.",
    )
    .argument("<function>", "the function's name (its folder under functions/)")
    .addOption(new Option("--payload <json>", "the payload, as JSON").argParser(parseJsonArgument).conflicts(["payloadFile", "event"]))
    .addOption(new Option("--payload-file <file>", 'a file holding the payload as JSON ("-" reads stdin)').conflicts("event"))
    .addOption(new Option("-e, --event <eventId>", "send the sample payload of this event (lp-faas events list)"))
    .addOption(new Option("-H, --header <key=value>", "an invocation header (repeatable)").argParser(collectHeader))
    .addOption(
      new Option("--inspect-port <port>", `the inspector's port (default ${DEFAULT_INSPECT_PORT}; 0 or a taken port: a free one)`).argParser(parsePort),
    )
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((name: string, options: DebugOptions) =>
      context.run(options, async (out) => {
        const projectDir = findProjectDir(context.io, options.dir);
        if (
          !loadFunctionCatalog(projectDir)
            .list()
            .some((fn) => fn.name === name)
        ) {
          throw new PlatformError(PlatformErrorCodes.MissingLambda, `the project has no function "${name}" (lp-faas functions list shows those it has)`);
        }
        const input = debugInput(context.io, projectDir, name, options);
        const shutdown = context.io.waitForShutdown();
        let attach: { info: InspectorInfo; launch: LaunchOutcome } | undefined;
        const onInspector = (info: InspectorInfo): void => {
          const launch = upsertLaunchJson(projectDir, info.port);
          attach = { info, launch };
          const text = formatAttach(name, info, launch, projectDir);
          if (out.json) out.warn(text);
          else out.note(text);
        };
        const platform = await startPlatform({
          projectDir,
          port: 0,
          inspect: { port: options.inspectPort ?? DEFAULT_INSPECT_PORT, functions: [name], waitForDebugger: true },
          onInspector,
          log: (line) => out.warn(line),
        });
        try {
          const answered = postInvoke(platform.url, name, input).then((answer) => ({ answer }));
          answered.catch(() => undefined); // after Ctrl-C, closing the platform ends the request: nobody waits for it
          const outcome = await Promise.race([answered, shutdown.then((signal) => ({ signal }))]);
          if ("signal" in outcome) {
            out.warn(`${outcome.signal}: stopping the debug session`);
            return EXIT_FAILURE;
          }
          const { status, text } = outcome.answer;
          const body = JSON.parse(text) as InvokeAnswer & { code?: string; message?: string };
          if (status !== 200) throw new PlatformAnswerError(body.code ?? PlatformErrorCodes.General, body.message ?? `the platform answered HTTP ${status}`);
          const launchJson = attach && { file: attach.launch.file, status: attach.launch.status };
          out.result({ ...body, inspector: attach ? { port: attach.info.port, url: attach.info.url } : null, launchJson: launchJson ?? null }, () =>
            formatAnswer(name, body),
          );
          return body.error ? EXIT_FAILURE : EXIT_OK;
        } finally {
          await platform.close();
        }
      }),
    );
}

function upsertLaunchJson(projectDir: string, port: number): LaunchOutcome {
  try {
    return upsertAttachConfiguration(projectDir, port);
  } catch (error) {
    return {
      status: "unwritable",
      file: join(projectDir, ".vscode", "launch.json"),
      reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message,
    };
  }
}
