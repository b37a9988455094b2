/**
 * The one configuration module: `Toolbelt.configure()` overrides, then the
 * environment the platform sets, then lpf's `functions/settings.json`, then
 * defaults. Resolved once, frozen and cached; `configure()` and `resetConfig()`
 * drop the cache so the next use resolves again.
 */
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";
import { ENV, readEnv } from "./env";
import { PLATFORM_OWNED_KEYS, platformLock, type PlatformLock } from "./platform-lock";
import { findSettingsFile, readSettingsFile, type LpfSettings } from "./settings-file";
import type { ResolvedConfig, ToolbeltSettings } from "./types";

export const DEFAULT_CSDS_DOMAIN = "api.liveperson.net";
export const DEFAULT_RATE_LIMIT_PER_SECOND = 20;
export const DEFAULT_SECRET_CACHE_MS = 300_000;

let overrides: ToolbeltSettings = {};
let cached: ResolvedConfig | undefined;
const listeners = new Set<() => void>();

function invalid(message: string): ToolbeltError {
  return new ToolbeltError("Config", ErrorCodes.Toolbelt.InvalidConfig, message);
}

function optionalString(settings: ToolbeltSettings, key: keyof ToolbeltSettings): void {
  const value = settings[key];
  if (value !== undefined && (typeof value !== "string" || value.trim() === "")) {
    throw invalid(`Toolbelt.configure: "${key}" must be a non-empty string`);
  }
}

function nonNegativeInteger(settings: ToolbeltSettings, key: "secretCacheMs"): void {
  const value = settings[key];
  if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
    throw invalid(`Toolbelt.configure: "${key}" must be a whole number of milliseconds >= 0`);
  }
}

/** Every key `Toolbelt.configure()` accepts. */
export const CONFIGURE_KEYS: readonly (keyof ToolbeltSettings)[] = [
  "brandId",
  "lambdaUuid",
  "csdsDomain",
  "platformUrl",
  "allowlist",
  "rateLimit",
  "secrets",
  "secretCacheMs",
  "httpsProxy",
  "httpProxy",
  "noProxy",
];

/** Checks a `configure()` argument field by field, naming the field that is wrong. */
export function validateSettings(settings: unknown): ToolbeltSettings {
  if (!settings || typeof settings !== "object" || Array.isArray(settings)) {
    throw invalid("Toolbelt.configure expects an object, e.g. Toolbelt.configure({ brandId: '123' })");
  }
  const s = settings as ToolbeltSettings;
  const known = new Set<string>(CONFIGURE_KEYS);
  for (const key of Object.keys(s)) {
    if (!known.has(key)) throw invalid(`Toolbelt.configure: unknown setting "${key}"; known settings: ${[...known].join(", ")}`);
  }
  for (const key of ["brandId", "lambdaUuid", "csdsDomain", "platformUrl", "httpsProxy", "httpProxy", "noProxy"] as const) {
    optionalString(s, key);
  }
  if (s.allowlist !== undefined && !(Array.isArray(s.allowlist) && s.allowlist.every((e) => typeof e === "string"))) {
    throw invalid(`Toolbelt.configure: "allowlist" must be an array of host names, e.g. ["api.example.com", "*.example.org"]`);
  }
  if (s.rateLimit !== undefined && s.rateLimit !== false && !(Number.isInteger(s.rateLimit) && s.rateLimit >= 0)) {
    throw invalid(`Toolbelt.configure: "rateLimit" must be a whole number of requests per second, or false`);
  }
  if (s.secrets !== undefined && (!s.secrets || typeof s.secrets !== "object" || Array.isArray(s.secrets))) {
    throw invalid(`Toolbelt.configure: "secrets" must be an object mapping secret names to values`);
  }
  nonNegativeInteger(s, "secretCacheMs");
  return s;
}

function envInteger(name: string, env: NodeJS.ProcessEnv): number | undefined {
  const raw = readEnv(name, env);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw invalid(`${name}="${raw}" must be a whole number >= 0`);
  return Number(raw);
}

/** `CSDS_DOMAIN` as a base URL: a bare host gets `https://`, a URL is used as given. */
export function csdsBaseUrl(domain: string): string {
  const trimmed = domain.replace(/\/+$/, "");
  if (/^https?:\/\//i.test(trimmed)) return trimmed;
  if (trimmed.includes("/")) throw invalid(`CSDS domain "${domain}" must be a host name or an http(s):// URL`);
  return `https://${trimmed}`;
}

export interface ResolveInputs {
  settings: ToolbeltSettings;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Inside a platform worker that installed the egress policy (then `LP_FAAS_EGRESS` is not read). */
  locked?: boolean;
}

/** Pure resolution: same inputs, same result (tests call this directly). */
export function resolveConfig({ settings, env, cwd, locked = false }: ResolveInputs): ResolvedConfig {
  const platformUrl = settings.platformUrl ?? readEnv(ENV.platformUrl, env);
  let file: LpfSettings | undefined;
  const needFile = settings.allowlist === undefined || settings.secrets === undefined;
  if (needFile) {
    const path = findSettingsFile(cwd);
    if (path) file = readSettingsFile(path);
  }

  let allowlist: readonly string[] | null = null;
  let allowlistSource: ResolvedConfig["allowlistSource"] = "none";
  if (settings.allowlist !== undefined) {
    allowlist = [...settings.allowlist];
    allowlistSource = "configure";
  } else if (!locked && readEnv(ENV.egress, env) === "open") {
    // A V2 instance started with `lp-faas dev --v2-allowlist off`: no allowlist at all.
  } else if (platformUrl) {
    // Under lp-faas the platform owns the allowlist (lp-faas allowlist add ...), read per invocation.
    allowlist = [];
    allowlistSource = "platform";
  } else if (file?.whitelist) {
    allowlist = [...file.whitelist];
    allowlistSource = "settings-file";
  }

  const envRate = envInteger(ENV.rateLimit, env);
  let rateLimitPerSecond: number;
  if (settings.rateLimit !== undefined) rateLimitPerSecond = settings.rateLimit === false ? 0 : settings.rateLimit;
  else if (envRate !== undefined) rateLimitPerSecond = envRate;
  else rateLimitPerSecond = allowlist ? DEFAULT_RATE_LIMIT_PER_SECOND : 0;

  let secrets: Record<string, unknown> | undefined;
  if (settings.secrets) secrets = { ...settings.secrets };
  else if (file?.secrets) secrets = Object.fromEntries(file.secrets.map((entry) => [entry.key, entry.value]));

  return Object.freeze({
    brandId: settings.brandId ?? readEnv(ENV.brandId, env),
    lambdaUuid: settings.lambdaUuid ?? readEnv(ENV.lambdaUuid, env),
    csdsBaseUrl: csdsBaseUrl(settings.csdsDomain ?? readEnv(ENV.csdsDomain, env) ?? DEFAULT_CSDS_DOMAIN),
    platformUrl: platformUrl ? platformUrl.replace(/\/+$/, "") : undefined,
    allowlist: allowlist ? Object.freeze(allowlist) : null,
    allowlistSource,
    rateLimitPerSecond,
    secrets: secrets ? Object.freeze(secrets) : undefined,
    secretsSource: settings.secrets ? "configure" : file?.secrets ? "settings-file" : "none",
    secretCacheMs: settings.secretCacheMs ?? envInteger(ENV.secretCacheMs, env) ?? DEFAULT_SECRET_CACHE_MS,
    proxy: Object.freeze({
      http: settings.httpProxy ?? readEnv(ENV.httpProxy, env),
      https: settings.httpsProxy ?? readEnv(ENV.httpsProxy, env),
      noProxy: settings.noProxy ?? readEnv(ENV.noProxy, env),
    }),
    settingsFile: file?.path,
  });
}

/** The platform's settings win over `configure()` and over later changes to the environment. */
function withLock(settings: ToolbeltSettings, lock: PlatformLock | undefined): ToolbeltSettings {
  if (!lock) return settings;
  const { allowlist: _allowlist, ...rest } = settings;
  return {
    ...rest,
    // "" rather than undefined, so a platform URL a function puts into process.env later is not read either.
    platformUrl: lock.platformUrl ?? "",
    csdsDomain: lock.csdsDomain,
    rateLimit: lock.rateLimitPerSecond,
  };
}

/** The process-wide configuration, resolved on first use and cached. */
export function getConfig(): ResolvedConfig {
  const lock = platformLock();
  cached ??= resolveConfig({ settings: withLock(overrides, lock), env: process.env, cwd: process.cwd(), locked: lock !== undefined });
  return cached;
}

/**
 * Merges settings over earlier `configure()` calls and re-resolves on next use.
 * Inside an lp-faas worker the keys the platform owns are dropped, with one
 * warning per call in the function's log.
 */
export function configure(settings: ToolbeltSettings): void {
  const valid = validateSettings(settings);
  const ignored = platformLock() ? PLATFORM_OWNED_KEYS.filter((key) => valid[key] !== undefined) : [];
  if (ignored.length > 0) {
    console.warn(
      `Toolbelt.configure: ${ignored.map((k) => `"${k}"`).join(", ")} ignored: inside lp-faas the platform owns the allowlist, ` +
        `the rate limit, the Domain API and the platform URL, as the cloud does. Allow a host with "lp-faas allowlist add <host>" ` +
        `(or "whitelist" in functions/settings.json); set the limit with "lp-faas dev --rate-limit <n>".`,
    );
  }
  const kept: ToolbeltSettings = { ...valid };
  for (const key of ignored) delete kept[key];
  overrides = { ...overrides, ...kept };
  invalidate();
}

/** Forgets every `configure()` override and the cached configuration. */
export function resetConfig(): void {
  overrides = {};
  invalidate();
}

/** Lets modules that derive state from the configuration (the request core) drop it when it changes. */
export function onConfigChange(listener: () => void): void {
  listeners.add(listener);
}

function invalidate(): void {
  cached = undefined;
  for (const listener of listeners) listener();
}
