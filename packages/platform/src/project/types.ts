/**
 * The lpf project on disk, in lpf's layout: `functions/<name>/index.js` +
 * `config.json`, and `functions/settings.json` holding secrets and the allowlist.
 */
import type { FunctionSpec } from "../runtime/types";

export interface SecretRecord {
  key: string;
  value: unknown;
}

export interface LpfSettingsData {
  secrets: SecretRecord[];
  whitelist: string[];
}

/**
 * functions/settings.json. Every read goes to the file (hand edits are seen at
 * once); every write is read-modify-write under a lock file, written to a temp
 * file and renamed, so a racing writer or a crash never leaves it half-written.
 * A malformed file raises a PlatformError (code invalid-project) naming the
 * line and column, and is never overwritten.
 */
export interface SettingsStore {
  readonly path: string;
  read(): LpfSettingsData;
  getSecret(key: string): SecretRecord | undefined;
  /** Creates or replaces (CLI `secrets set`). */
  setSecret(key: string, value: unknown): void;
  /** Replaces an existing secret only; false when it does not exist (the toolbelt's updateSecret). */
  updateSecret(key: string, value: unknown): boolean;
  deleteSecret(key: string): boolean;
  listAllowlist(): string[];
  /** Adds a validated entry; false when already present. */
  addAllowlist(entry: string): boolean;
  removeAllowlist(entry: string): boolean;
}

/** The project's functions, re-read from disk on demand. */
/** A function folder left out of the catalog, and why. */
export interface FunctionProblem {
  /** The folder name under `functions/`. */
  functionName: string;
  /** The file (or folder) at fault. */
  path: string;
  message: string;
}

export interface FunctionCatalog {
  list(): FunctionSpec[];
  byName(name: string): FunctionSpec | undefined;
  byUuid(uuid: string): FunctionSpec | undefined;
  /** Functions left out of `list()` and why, as of the latest read. */
  problems(): FunctionProblem[];
}
