/**
 * Secret names and rules both sides apply: LivePerson's limits on names and
 * values, and the secrets the platform provisions (readable by functions,
 * never changed through the API).
 */

/** 1-100 letters, digits, `_` and `-`. */
export const SECRET_NAME_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;
/** V1: a value's JSON text (a string counts its own length) is at most this long. */
export const MAX_SECRET_VALUE_LENGTH = 10_000;
/** V2: a value's JSON text is at most this long (16 KiB). */
export const MAX_SECRET_VALUE_LENGTH_V2 = 16_384;
/**
 * What the project's store holds: the larger of the two, because V1 and V2
 * functions share one settings.json. Each toolbelt entry refuses values over its
 * own generation's limit before they reach the platform.
 */
export const MAX_STORED_SECRET_VALUE_LENGTH = MAX_SECRET_VALUE_LENGTH_V2;
/** The app key LpClient signs with unless told otherwise. */
export const DEFAULT_APP_KEY_SECRET = "lp-faas-default-app-key";
/** The app key the OrchestratorClient signs gateway calls with. */
export const ORCHESTRATOR_APP_KEY_SECRET = "lp-faas-orchestrator-app-key";
/** Secrets the platform provisions; functions may read but never change them. */
export const SYSTEM_SECRET_NAMES: readonly string[] = Object.freeze([DEFAULT_APP_KEY_SECRET, ORCHESTRATOR_APP_KEY_SECRET]);
/** Every secret whose name starts so is a system secret too (the V2 platform's provisioned keys). */
export const SYSTEM_SECRET_PREFIX = "LIVEPERSON_DEFAULT_";
/** The project secret `lp-faas init` writes a Context Session Store API key to (the documented set-up reads it). */
export const CONTEXT_STORE_KEY_SECRET = "context-store-api-key";

export function isSystemSecret(key: string): boolean {
  return SYSTEM_SECRET_NAMES.includes(key) || key.startsWith(SYSTEM_SECRET_PREFIX);
}
