/**
 * Where secrets live, picked by configuration: the local platform's API
 * (`LP_FAAS_PLATFORM_URL`), `Toolbelt.configure({ secrets })`, or lpf's
 * `functions/settings.json`.
 */
import { randomBytes } from "node:crypto";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { readSettingsFile } from "../config/settings-file";
import type { ResolvedConfig } from "../config/types";
import type { RequestCore } from "../egress/request-core";
import { ErrorCodes } from "../errors/codes";
import { isToolbeltError, ToolbeltError } from "../errors/toolbelt-error";
import { PlatformApi, type PlatformErrorBody } from "../platform/api";
import { notFound, secretError } from "./rules";

export interface SecretBackend {
  readonly name: string;
  /** The stored value, or a not-found ToolbeltError. */
  read(key: string, timeoutMs: number): Promise<unknown>;
  /** Replaces an existing secret's value; returns the value as stored. */
  update(key: string, value: unknown, timeoutMs: number): Promise<unknown>;
}

function updateFailed(key: string, why: string, cause?: unknown): ToolbeltError {
  return secretError(ErrorCodes.Secret.Failure, `Updating secret ${key} failed: ${why}`, cause);
}

/** Secrets given to `Toolbelt.configure({ secrets })`; updates live in memory for this process. */
export function memoryBackend(initial: Readonly<Record<string, unknown>>): SecretBackend {
  const store = new Map(Object.entries(initial));
  return {
    name: "configure",
    async read(key) {
      if (!store.has(key)) throw notFound(key);
      return store.get(key);
    },
    async update(key, value) {
      if (!store.has(key)) throw updateFailed(key, "there is no such secret");
      store.set(key, value);
      return value;
    },
  };
}

/** lpf's `functions/settings.json`: read fresh each time, updated by an atomic rewrite (temp file + rename). */
export function settingsFileBackend(path: string): SecretBackend {
  return {
    name: "settings-file",
    async read(key) {
      const entry = readSettingsFile(path).secrets?.find((s) => s.key === key);
      if (!entry) throw notFound(key);
      return entry.value;
    },
    async update(key, value) {
      // Re-read the whole file so the rewrite keeps every other member as it is.
      const { raw, secrets } = readSettingsFile(path);
      if (!secrets?.some((s) => s.key === key)) throw updateFailed(key, "there is no such secret");
      const data = { ...raw, secrets: secrets.map((s) => (s.key === key ? { key, value } : s)) };
      const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
      try {
        writeFileSync(temp, `${JSON.stringify(data, null, 4)}\n`);
        renameSync(temp, path);
      } catch (error) {
        rmSync(temp, { force: true });
        throw updateFailed(key, (error as NodeJS.ErrnoException).code ?? "the file could not be written", error);
      }
      return value;
    },
  };
}

/** The local platform's secret store, through the request core (the platform host is always allowed). */
export function platformBackend(platformUrl: string, core: () => RequestCore): SecretBackend {
  async function call(method: string, key: string, timeoutMs: number, body?: unknown): Promise<unknown> {
    let response;
    try {
      response = await core().send({
        url: new URL(PlatformApi.secret(key), platformUrl),
        method,
        headers: { accept: "application/json", ...(body !== undefined && { "content-type": "application/json" }) },
        body: body === undefined ? null : JSON.stringify(body),
        connectTimeoutMs: timeoutMs,
        readTimeoutMs: timeoutMs,
      });
    } catch (error) {
      if (isToolbeltError(error)) throw error;
      const code = (error as { code?: string }).code;
      if (code === "ETIMEDOUT" || code === "ESOCKETTIMEDOUT") {
        throw secretError(ErrorCodes.Secret.Timeout, `The secret store did not answer within ${timeoutMs} ms`, error);
      }
      throw secretError(ErrorCodes.Secret.Failure, `The secret store at ${platformUrl} could not be reached (${code ?? "error"})`, error);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.body.toString("utf8"));
    } catch {
      parsed = undefined;
    }
    if (response.statusCode === 200 && parsed && typeof parsed === "object" && "value" in parsed) return parsed.value;
    const failure = parsed as Partial<PlatformErrorBody> | undefined;
    const known = Object.values(ErrorCodes.Secret) as string[];
    if (failure && typeof failure.code === "string" && known.includes(failure.code) && typeof failure.message === "string") {
      throw secretError(failure.code as (typeof ErrorCodes.Secret)[keyof typeof ErrorCodes.Secret], failure.message);
    }
    throw secretError(ErrorCodes.Secret.Failure, `The secret store answered ${response.statusCode} for secret ${key}`);
  }
  return {
    name: "platform",
    read: (key, timeoutMs) => call("GET", key, timeoutMs),
    update: (key, value, timeoutMs) => call("PUT", key, timeoutMs, { value }),
  };
}

export function backendFor(config: ResolvedConfig, core: () => RequestCore): SecretBackend | undefined {
  if (config.platformUrl) return platformBackend(config.platformUrl, core);
  if (config.secretsSource === "configure" && config.secrets) return memoryBackend(config.secrets);
  if (config.settingsFile && config.secretsSource === "settings-file") return settingsFileBackend(config.settingsFile);
  return undefined;
}
