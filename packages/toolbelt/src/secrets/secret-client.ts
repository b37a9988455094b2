/**
 * `Toolbelt.SecretClient()`: reads and updates secrets through the configured
 * backend, with a shared read cache (5 minutes by default) that an update
 * refreshes at once.
 */
import { getConfig, onConfigChange } from "../config/resolve-config";
import { getRequestCore } from "../egress/request-core";
import { ErrorCodes } from "../errors/codes";
import { isToolbeltError } from "../errors/toolbelt-error";
import { backendFor, type SecretBackend } from "./backends";
import { checkKey, checkValue, notFound, secretError } from "./rules";
import { SecretCache } from "./secret-cache";
import type { SecretClient, SecretClientOptions, SecretEntry, SecretReadOptions } from "./types";

const DEFAULT_TIMEOUT_MS = 5000;

interface Shared {
  backend: SecretBackend | undefined;
  cache: SecretCache;
}

let shared: Shared | undefined;
onConfigChange(() => {
  shared = undefined;
});

function current(): Shared {
  shared ??= { backend: backendFor(getConfig(), getRequestCore), cache: new SecretCache() };
  return shared;
}

function timeoutOf(options: SecretReadOptions | undefined): number {
  const timeout = options?.timeout ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeout !== "number" || !(timeout > 0)) {
    throw secretError(ErrorCodes.Secret.Failure, "The secret read option timeout must be a positive number of milliseconds");
  }
  return timeout;
}

export function createSecretClient(options: SecretClientOptions = {}): SecretClient {
  const ttl = options.cache?.ttl;
  if (ttl !== undefined && !(Number.isInteger(ttl) && ttl >= 0)) {
    throw secretError(ErrorCodes.Secret.Failure, "SecretClient option cache.ttl must be a whole number of milliseconds >= 0");
  }
  const ttlMs = (): number => ttl ?? getConfig().secretCacheMs;

  return {
    async readSecret<T>(key: string, readOptions?: SecretReadOptions): Promise<SecretEntry<T>> {
      checkKey(key);
      const timeoutMs = timeoutOf(readOptions);
      const { backend, cache } = current();
      if (!backend) throw notFound(key);
      if (readOptions?.useCache !== false) {
        const hit = cache.get(key, ttlMs());
        if (hit) return { key, value: hit.value as T };
      }
      try {
        const value = await backend.read(key, timeoutMs);
        cache.set(key, value);
        return { key, value: value as T };
      } catch (error) {
        if (isToolbeltError(error)) throw error;
        throw secretError(ErrorCodes.Secret.Failure, `Reading secret ${key} failed`, error);
      }
    },

    async updateSecret<T>(entry: SecretEntry<T>, updateOptions?: SecretReadOptions): Promise<SecretEntry<T>> {
      if (!entry || typeof entry !== "object") {
        throw secretError(ErrorCodes.Secret.Failure, "updateSecret expects an entry { key, value }");
      }
      const { key, value } = entry;
      checkKey(key);
      checkValue(key, value);
      const timeoutMs = timeoutOf(updateOptions);
      const { backend, cache } = current();
      if (!backend) throw secretError(ErrorCodes.Secret.Failure, `Updating secret ${key} failed: no secret store is configured`);
      try {
        const stored = await backend.update(key, value, timeoutMs);
        cache.set(key, stored);
        return { key, value: stored as T };
      } catch (error) {
        if (isToolbeltError(error)) throw error;
        throw secretError(ErrorCodes.Secret.Failure, `Updating secret ${key} failed`, error);
      }
    },
  };
}
