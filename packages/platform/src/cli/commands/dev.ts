/**
 * `lp-faas dev [dir]`: starts the local platform for a project, prints what
 * runs where, reloads functions when their files change, and stays up until
 * SIGINT/SIGTERM, then closes cleanly (workers stopped, database closed).
 */
import { InvalidArgumentError, Option, type Command } from "commander";
import { PlatformApi } from "lp-faas-toolbelt/platform";
import { DEFAULT_MAX_INSTANCES, DEFAULT_MEMORY_MB, DEFAULT_PORT, DEFAULT_RATE_LIMIT_PER_SECOND, DEFAULT_TIMEOUT_MS } from "../../defaults";
import { startPlatform } from "../../platform";
import { loadFunctionCatalog } from "../../project/function-catalog";
import { DEFAULT_INSPECT_PORT } from "../../runtime/inspect";
import { resolveToolbelt } from "../../runtime/worker-env";
import type { CommandContext } from "../context";
import { invocationLogPlatformOptions, maxInvocationLogMbOption, maxInvocationsOption, type InvocationLogFlags } from "../invocation-log-flags";
import { guardProcess } from "../process-guards";
import { findProjectDir, jsonOption, parsePort, parseTimeoutMs, portOption } from "../flags";
import { PlatformError, PlatformErrorCodes } from "../../errors";

interface DevOptions extends InvocationLogFlags {
  port?: number;
  timeout?: number;
  rateLimit?: number;
  memory?: number;
  /** `--inspect` (true) or `--inspect=<port>`. */
  inspect?: boolean | number;
  inspectFn?: string[];
  maxInstances?: number;
  v2Allowlist?: boolean;
  json?: boolean;
}

/** Which instances run with the inspector: `--inspect[=port]`, narrowed by `--inspect-fn` (which implies it). */
export function inspectSettings(options: Pick<DevOptions, "inspect" | "inspectFn">): DevSummary["inspect"] {
  if (options.inspect === undefined && options.inspectFn === undefined) return undefined;
  const port = typeof options.inspect === "number" ? options.inspect : DEFAULT_INSPECT_PORT;
  return { port, functions: options.inspectFn ?? null };
}

/** An instance's memory limit: Node itself takes about 60 MB of it; LivePerson's is 256. */
const MEMORY_MB_RANGE = { min: 96, max: 16_384 } as const;

export function parseMemoryMb(value: string): number {
  const mb = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!(mb >= MEMORY_MB_RANGE.min && mb <= MEMORY_MB_RANGE.max)) {
    throw new InvalidArgumentError(`a memory limit is a whole number of MB from ${MEMORY_MB_RANGE.min} to ${MEMORY_MB_RANGE.max}.`);
  }
  return mb;
}

export interface DevSummary {
  projectDir: string;
  url: string;
  port: number;
  /** The dashboard, with the admin token it trades for a session cookie (docs/platform/dashboard.md). */
  dashboard?: string;
  health: string;
  csds: string;
  stateDb: string;
  /** Where the admin token is: what administrative routes need as `Authorization: Bearer <token>`. */
  adminTokenFile: string;
  functions: Array<{ name: string; uuid: string; generation: 1 | 2; invokeUrl: string }>;
  /** With --inspect: the first inspector port, and the functions inspected (null: every one). */
  inspect?: { port: number; functions: string[] | null };
}

export function formatSummary(summary: DevSummary, problems: readonly string[]): string {
  const width = Math.max(4, ...summary.functions.map((fn) => fn.name.length));
  const functions =
    summary.functions.length === 0
      ? ["  (none yet: add functions/<name>/index.js and config.json)"]
      : summary.functions.map((fn) => `  ${fn.name.padEnd(width)}  ${fn.uuid}  POST ${fn.invokeUrl}${fn.generation === 2 ? "  (V2)" : ""}`);
  return [
    `lp-faas platform for ${summary.projectDir}`,
    `  platform   ${summary.url}`,
    `  health     ${summary.health}`,
    `  CSDS       ${summary.csds}`,
    `  state      ${summary.stateDb}`,
    `  admin      ${summary.adminTokenFile} (send it as Authorization: Bearer <token> to the admin routes)`,
    ...(summary.dashboard ? [`  dashboard  ${summary.dashboard}`] : []),
    ...(summary.inspect ? [`  inspector  ${inspectLine(summary.inspect)}`] : []),
    "",
    `Functions (${summary.functions.length}):`,
    ...functions,
    ...(problems.length > 0 ? ["", "Left out:", ...problems.map((p) => `  ${p}`)] : []),
    "",
    "Watching functions/ for changes. Press Ctrl-C to stop.",
  ].join("\n");
}

function inspectLine(inspect: NonNullable<DevSummary["inspect"]>): string {
  const which = inspect.functions === null ? "every function's instance" : `instances of ${inspect.functions.join(", ")}`;
  const ports = inspect.port === 0 ? "on free ports" : `on ports from ${inspect.port}`;
  return `${which} ${ports}, no timeouts (attach: chrome://inspect or VS Code; each port is printed when its instance starts)`;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `--max-instances`: a whole number ≥ 1. */
export function parseMaxInstances(value: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!(n >= 1 && n <= 1000)) throw new InvalidArgumentError("expected a whole number of instances from 1 to 1000");
  return n;
}

/** `--v2-allowlist`: on or off. */
export function parseOnOff(value: string): boolean {
  const text = value.trim().toLowerCase();
  if (text === "on") return true;
  if (text === "off") return false;
  throw new InvalidArgumentError('expected "on" or "off"');
}

/** `--rate-limit`: a whole number of requests per second, 0 = off. */
export function parseRateLimit(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError("expected a whole number of requests per second (0 = off)");
  return Number(value.trim());
}

export function registerDevCommand(program: Command, context: CommandContext): void {
  program
    .command("dev")
    .summary("run the project's functions on a local platform")
    .description(
      `Start the local platform for a project on 127.0.0.1 (port ${DEFAULT_PORT} by default; 0 picks a free one),\n` +
        "reload functions when their files change, and run until Ctrl-C (SIGINT) or SIGTERM.\n" +
        "With --json: one document { url, port, health, csds, stateDb, functions } once ready; logs go to stderr.",
    )
    .argument("[dir]", "the project folder (default: the current folder or the nearest parent holding functions/)")
    .addOption(portOption(`the port to listen on (default ${DEFAULT_PORT}; 0 picks a free port)`))
    .addOption(
      new Option("--timeout <ms>", `execution timeout per invocation in milliseconds (default ${DEFAULT_TIMEOUT_MS}, the platform's)`).argParser(
        parseTimeoutMs,
      ),
    )
    .addOption(
      new Option(
        "--rate-limit <n>",
        `outbound requests per second per function instance, beyond which requests get 429 (default ${DEFAULT_RATE_LIMIT_PER_SECOND}, the cloud's; 0 = off)`,
      ).argParser(parseRateLimit),
    )
    .addOption(maxInvocationsOption())
    .addOption(maxInvocationLogMbOption())
    .addOption(
      new Option(
        "--memory <MB>",
        `memory limit per function instance in MB, its whole resident memory (Buffers included; default ${DEFAULT_MEMORY_MB}, the platform's); going over stops the instance and fails what it runs`,
      ).argParser(parseMemoryMb),
    )
    .addOption(
      new Option(
        "--inspect [port]",
        `start function instances with the Node inspector, one port each from this one (default ${DEFAULT_INSPECT_PORT}; 0: free ports); their invocations have no timeout`,
      ).argParser(parsePort),
    )
    .addOption(new Option("--inspect-fn <name>", "inspect only this function's instances (repeatable; implies --inspect)").argParser(collect))
    .addOption(
      new Option(
        "--max-instances <n>",
        `V2 functions: the most instances of one function at once, each serving one invocation (default ${DEFAULT_MAX_INSTANCES}); beyond, invocations get 429`,
      ).argParser(parseMaxInstances),
    )
    .addOption(
      new Option(
        "--v2-allowlist <on|off>",
        "V2 functions pass the project's egress allowlist and rate limit as V1 functions do (default on; off: their sockets are not checked)",
      ).argParser(parseOnOff),
    )
    .addOption(jsonOption())
    .action((dir: string | undefined, options: DevOptions) =>
      context.run(options, async (out) => {
        const projectDir = findProjectDir(context.io, dir);
        const port = options.port ?? DEFAULT_PORT;
        // Listen for SIGINT/SIGTERM before anything is printed: a signal sent as soon as the summary
        // appears must not meet Node's default action (exit without closing).
        const shutdown = context.io.waitForShutdown();
        const unguard = guardProcess((line) => out.warn(line));
        const inspect = inspectSettings(options);
        const platform = await startPlatform({
          projectDir,
          port,
          timeoutMs: options.timeout,
          rateLimitPerSecond: options.rateLimit,
          memoryMb: options.memory,
          maxInstances: options.maxInstances,
          v2Allowlist: options.v2Allowlist,
          watch: true,
          ...(inspect && {
            inspect: { port: inspect.port, ...(inspect.functions && { functions: inspect.functions }) },
            onInspector: (info) => out.warn(`inspector: ${info.functionName} (pid ${info.pid}) listens on 127.0.0.1:${info.port} (${info.url})`),
          }),
          ...invocationLogPlatformOptions(options),
          log: (line) => out.warn(line),
        }).catch((error: NodeJS.ErrnoException) => {
          unguard();
          if (error.code === "EADDRINUSE") {
            throw new PlatformError(PlatformErrorCodes.PortInUse, `port ${port} is in use (another lp-faas dev?); pass --port <N>, or --port 0 for a free one`);
          }
          throw error;
        });
        try {
          const summary: DevSummary = {
            projectDir,
            url: platform.url,
            port: platform.port,
            dashboard: `${platform.url}/?token=${encodeURIComponent(platform.adminToken)}`,
            health: `${platform.url}${PlatformApi.health}`,
            csds: `${platform.url}/api/account/${platform.accountId}/service/baseURI.json?version=1.0`,
            stateDb: platform.dbPath,
            adminTokenFile: platform.adminTokenFile,
            functions: platform
              .functions()
              .map(({ name, uuid, generation }) => ({ name, uuid, generation: generation ?? 1, invokeUrl: `${platform.url}${PlatformApi.invoke(name)}` })),
            ...(inspect && { inspect }),
          };
          if (summary.functions.some((fn) => fn.generation === 2) && resolveToolbelt().v2 === undefined) {
            out.warn("warning: this lp-faas-toolbelt has no V2 entry (lp-faas-toolbelt/v2): V2 functions that import core-functions-toolbelt fail to load");
          }
          for (const name of inspect?.functions ?? []) {
            if (!summary.functions.some((fn) => fn.name === name)) out.warn(`--inspect-fn ${name}: the project has no such function (yet)`);
          }
          const problems = loadFunctionCatalog(projectDir)
            .problems()
            .map((p) => `${p.functionName}: ${p.message.replace(`${projectDir}/`, "")}`);
          out.result({ ...summary, problems }, () => formatSummary(summary, problems));
          const signal = await shutdown;
          out.warn(`${signal}: stopping the platform`);
        } finally {
          await platform.close();
          unguard();
        }
      }),
    );
}
