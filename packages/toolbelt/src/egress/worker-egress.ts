/**
 * `installWorkerEgress()`: what an lp-faas worker process calls before it loads
 * a function's code (lp-faas-toolbelt/worker). Not for functions.
 *
 * It makes every socket the function opens pass the policy the toolbelt
 * applies, as the cloud's egress proxy does for everything a function sends:
 * - the platform owns the settings (platform-lock.ts): URL, Domain API and rate
 *   limit are read now from the worker's environment; `Toolbelt.configure()`
 *   cannot widen the allowlist, lift the limit or repoint them afterwards;
 * - `net`/`tls` connections (and so `http`, `https`, undici) pass the allowlist
 *   before any packet leaves (socket-guard.ts);
 * - `http`/`https` requests and `fetch` share the toolbelt's rate limit
 *   (http-limit.ts, fetch-dispatcher.ts); `fetch` also uses its proxies.
 */
import { ENV, readEnv } from "../config/env";
import { lockToPlatform } from "../config/platform-lock";
import { configure, DEFAULT_CSDS_DOMAIN, DEFAULT_RATE_LIMIT_PER_SECOND } from "../config/resolve-config";
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";
import { checkConnection } from "./connection-check";
import { createGlobalDispatcher, installGlobalDispatcher } from "./fetch-dispatcher";
import { limitHttpModules } from "./http-limit";
import { internalCore } from "./request-core";
import { guardSockets } from "./socket-guard";

export interface WorkerEgressOptions {
  /**
   * The worker's environment as the platform set it (`process.env` at start-up):
   * `LP_FAAS_PLATFORM_URL`, `CSDS_DOMAIN` and `LP_FAAS_RATE_LIMIT` (`0` = off, default 20).
   */
  readonly env: NodeJS.ProcessEnv;
}

function rateLimitOf(env: NodeJS.ProcessEnv): number {
  const raw = readEnv(ENV.rateLimit, env);
  if (raw === undefined) return DEFAULT_RATE_LIMIT_PER_SECOND;
  if (!/^\d+$/.test(raw)) throw new ToolbeltError("Config", ErrorCodes.Toolbelt.InvalidConfig, `${ENV.rateLimit}="${raw}" must be a whole number >= 0`);
  return Number(raw);
}

let installed = false;

/**
 * Installs the worker's egress hooks, once per process. Call it before any
 * function code runs.
 * @throws ToolbeltError `com.liveperson.faas.toolbelt.invalid-config` for a malformed `LP_FAAS_RATE_LIMIT`.
 */
export function installWorkerEgress(options: WorkerEgressOptions): void {
  if (installed) return;
  lockToPlatform({
    platformUrl: readEnv(ENV.platformUrl, options.env),
    csdsDomain: readEnv(ENV.csdsDomain, options.env) ?? DEFAULT_CSDS_DOMAIN,
    rateLimitPerSecond: rateLimitOf(options.env),
  });
  configure({}); // drops anything resolved before the lock
  guardSockets((host, port) => checkConnection(internalCore().internals, host, port));
  limitHttpModules(() => internalCore().internals.admission.take());
  installGlobalDispatcher(createGlobalDispatcher(() => internalCore().internals));
  installed = true;
}
