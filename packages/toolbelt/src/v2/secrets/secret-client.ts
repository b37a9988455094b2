/**
 * `Toolbelt.SecretClient(options?)` of the V2 entry: `readSecret(key, {useCache, timeout})`
 * and `updateSecret({key, value})` over V1's secret backends (the lp-faas
 * platform's secrets API under lp-faas, `functions/settings.json` otherwise)
 * and the shared `globalSecretCache`.
 *
 * V2 rules: values as stored (a JSON secret is an object), cached 5 minutes per
 * client TTL, updates of `LIVEPERSON_DEFAULT_*` refused, a value's JSON text at
 * most 16384 characters. Unlike core-functions-toolbelt: read errors are told
 * apart (not-found, timed out, failed), `timeout` bounds reads and updates, and
 * a missing or malformed argument is a typed error, not a TypeError (B14).
 */
import { getConfig } from "../../config/resolve-config";
import { getRequestCore } from "../../egress/request-core";
import { isSystemSecret, MAX_SECRET_VALUE_LENGTH_V2 } from "../../platform/secret-names";
import { backendFor, type SecretBackend } from "../../secrets/backends";
import { checkKey, notFound } from "../../secrets/rules";
import type { SecretReadOptions } from "../../secrets/types";
import { ErrorCodes } from "../errors/codes";
import { isPassThroughError, ToolBeltError, toV2Error } from "../errors/toolbelt-error";
import { globalSecretCache, type ISecretCache, type SecretEntry } from "./secret-cache";

export const MAX_SECRET_SIZE = MAX_SECRET_VALUE_LENGTH_V2;
export const DEFAULT_SECRET_TIMEOUT_MS = 5000;

/** `{ useCache?, timeout? }`, as V1's `readSecret` takes them (cache default on, 5000 ms). */
export type { SecretReadOptions };

export interface SecretClientOptions {
  /** `ttl`: how long this client trusts a cached value, in ms (default 300000). */
  cache?: { ttl?: number };
}

export interface ISecretClient {
  /**
   * `{ key, value }` with the value as stored (string, number, boolean, or object for a JSON secret).
   * @throws ToolBeltError (component `SecretClient`) `com.liveperson.faas.secret.not-found`,
   *   `com.liveperson.faas.secret.op-timed-out`, `com.liveperson.faas.secret.op-failed`.
   */
  readSecret<T = unknown>(key: string, options?: SecretReadOptions): Promise<SecretEntry<T>>;
  /**
   * Replaces an existing secret's value; resolves the stored `{ key, value }`.
   * @throws ToolBeltError `com.liveperson.faas.secret.forbidden` (`LIVEPERSON_DEFAULT_*`),
   *   `com.liveperson.faas.secret.invalid-format` (not JSON, or over 16384 characters as JSON),
   *   `com.liveperson.faas.secret.op-timed-out`, `com.liveperson.faas.secret.op-failed` (no such secret, store failure).
   */
  updateSecret<T = unknown>(entry: SecretEntry<T>, options?: Pick<SecretReadOptions, "timeout">): Promise<SecretEntry<T>>;
}

const SECRET_CODES: readonly string[] = Object.values(ErrorCodes.Secret);

function secretError(code: string, message: string, cause?: unknown): ToolBeltError {
  return new ToolBeltError("SecretClient", code, message, cause === undefined ? undefined : { cause });
}

function positiveMs(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw secretError(ErrorCodes.Secret.Invalid, `${what} must be a positive number of milliseconds, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The store's answer within `timeoutMs`, its errors sorted into the secret codes. */
async function withinTimeout<T>(operation: () => Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(secretError(ErrorCodes.Secret.Timeout, `${what} timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([operation(), deadline]);
  } catch (error) {
    if (isPassThroughError(error) && SECRET_CODES.includes(error.code)) throw toV2Error(error);
    const reason = error instanceof Error ? error.message : String(error);
    throw secretError(ErrorCodes.Secret.Failure, `${what} failed: ${reason}`, error);
  } finally {
    clearTimeout(timer);
  }
}

/** Keys are checked as V1 checks them; the error is V2's class. */
function checkedKey(key: unknown): string {
  try {
    checkKey(key);
  } catch (error) {
    throw secretError(ErrorCodes.Secret.NotFound, (error as Error).message);
  }
  return key;
}

/** The length of `value` as JSON (V2 measures every value so, strings with their quotes), undefined when it has none. */
function jsonLength(value: unknown): number | undefined {
  try {
    return JSON.stringify(value)?.length;
  } catch {
    return undefined;
  }
}

function checkValue(key: string, value: unknown): void {
  if (isSystemSecret(key)) throw secretError(ErrorCodes.Secret.SystemSecret, "You are not allowed to update secrets added by the system");
  const length = jsonLength(value);
  if (length === undefined) throw secretError(ErrorCodes.Secret.Invalid, `The value of secret ${key} cannot be stored: it is not JSON`);
  if (length > MAX_SECRET_SIZE) {
    throw secretError(
      ErrorCodes.Secret.Invalid,
      `The value of secret ${key} exceeds allowed length of 16kb (${length} of ${MAX_SECRET_SIZE} characters as JSON)`,
    );
  }
}

function backend(): SecretBackend | undefined {
  try {
    return backendFor(getConfig(), getRequestCore);
  } catch (error) {
    throw secretError(ErrorCodes.Secret.Failure, `The secret store cannot be used: ${(error as Error).message}`, error);
  }
}

export function createSecretClient(options: SecretClientOptions = {}, cache: ISecretCache = globalSecretCache): ISecretClient {
  if (options === null || typeof options !== "object")
    throw secretError(ErrorCodes.Secret.Invalid, "SecretClient(options): options must be an object such as { cache: { ttl: 60000 } }");
  const ttl = options.cache?.ttl;
  if (ttl !== undefined && !(Number.isInteger(ttl) && ttl >= 0)) {
    throw secretError(ErrorCodes.Secret.Invalid, `SecretClient option cache.ttl must be a whole number of milliseconds >= 0, got ${JSON.stringify(ttl)}`);
  }
  const ttlMs = ttl ?? cache.ttl;

  return {
    async readSecret<T>(key: string, readOptions: SecretReadOptions = {}): Promise<SecretEntry<T>> {
      const name = checkedKey(key);
      const timeoutMs = positiveMs(readOptions?.timeout ?? DEFAULT_SECRET_TIMEOUT_MS, "readSecret option timeout");
      if (readOptions?.useCache !== false) {
        const hit = cache.get(name, ttlMs);
        if (hit) return { key: name, value: hit.value as T };
      }
      const store = backend();
      if (!store) throw notFoundV2(name);
      const value = await withinTimeout(() => store.read(name, timeoutMs), timeoutMs, `Reading secret ${name}`);
      cache.set(name, { key: name, value });
      return { key: name, value: value as T };
    },

    async updateSecret<T>(entry: SecretEntry<T>, updateOptions: Pick<SecretReadOptions, "timeout"> = {}): Promise<SecretEntry<T>> {
      if (!entry || typeof entry !== "object" || !("value" in entry)) {
        throw secretError(
          ErrorCodes.Secret.Invalid,
          "updateSecret expects an entry { key, value }, e.g. updateSecret({ key: 'my-secret', value: 'new value' })",
        );
      }
      const name = checkedKey(entry.key);
      checkValue(name, entry.value);
      const timeoutMs = positiveMs(updateOptions?.timeout ?? DEFAULT_SECRET_TIMEOUT_MS, "updateSecret option timeout");
      const store = backend();
      if (!store)
        throw secretError(ErrorCodes.Secret.Failure, `Updating secret ${name} failed: no secret store (run under lp-faas, or add functions/settings.json)`);
      const stored = await withinTimeout(() => store.update(name, entry.value, timeoutMs), timeoutMs, `Updating secret ${name}`);
      cache.set(name, { key: name, value: stored });
      return { key: name, value: stored as T };
    },
  };
}

function notFoundV2(key: string): ToolBeltError {
  return secretError(ErrorCodes.Secret.NotFound, notFound(key).message);
}
