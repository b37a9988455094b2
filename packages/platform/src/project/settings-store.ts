/**
 * `functions/settings.json`, lpf's project file: the project's secrets
 * and egress allowlist, in lpf's shape and format (4-space indent) so an lpf
 * project works unchanged. Every read goes to the file, so hand edits and CLI
 * edits are seen by the running platform at once; every write is a
 * read-modify-write under `settings.json.lock`, written to a temp file and
 * renamed (file-lock.ts). A malformed file is reported with its line and
 * column and never overwritten. Keys other than `secrets` and `whitelist`
 * are kept as they are.
 */
import { MAX_STORED_SECRET_VALUE_LENGTH, parseSettingsText, SECRET_NAME_PATTERN, SettingsFileError } from "lp-faas-toolbelt/platform";
import { existsSync, mkdirSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { badInput, invalidProject, PlatformError, PlatformErrorCodes } from "../errors";
import { normaliseAllowlistEntry } from "./allowlist-entry";
import { writeFileAtomic } from "./atomic-file";
import { removeOrphanedTempFiles, withFileLock, type FileLockOptions } from "./file-lock";
import type { LpfSettingsData, SecretRecord, SettingsStore } from "./types";

export type SettingsStoreOptions = FileLockOptions;

export function settingsPath(projectDir: string): string {
  return join(resolve(projectDir), "functions", "settings.json");
}

/** The file as read: the lpf data plus every other top-level key, kept for the rewrite. */
interface SettingsDocument {
  exists: boolean;
  raw: Record<string, unknown>;
  data: LpfSettingsData;
}

function readDocument(path: string): SettingsDocument {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { exists: false, raw: {}, data: { secrets: [], whitelist: [] } };
    throw new PlatformError(PlatformErrorCodes.General, `${path} cannot be read (${code ?? (error as Error).message})`);
  }
  let document: ReturnType<typeof parseSettingsText>;
  try {
    document = parseSettingsText(text);
  } catch (error) {
    if (error instanceof SettingsFileError) throw invalidProject(`${path}: ${error.message}`);
    throw error;
  }
  return {
    exists: true,
    raw: document.raw,
    data: { secrets: (document.secrets ?? []).map(({ key, value }) => ({ key, value })), whitelist: [...(document.whitelist ?? [])] },
  };
}

/** lpf's format: `JSON.stringify(settings, null, 4)`; other keys stay where they were. */
function serialise(document: SettingsDocument, data: LpfSettingsData): string {
  const out: Record<string, unknown> = { ...document.raw };
  if (!document.exists || "secrets" in out || data.secrets.length > 0) out.secrets = data.secrets;
  if (!document.exists || "whitelist" in out || data.whitelist.length > 0) out.whitelist = data.whitelist;
  return `${JSON.stringify(out, null, 4)}\n`;
}

function checkKey(key: unknown): asserts key is string {
  if (typeof key !== "string" || !SECRET_NAME_PATTERN.test(key)) {
    throw badInput(`Secret name ${JSON.stringify(key)} is not valid: use 1-100 letters, digits, "_" or "-" (for example "my_api-key")`);
  }
}

/** LivePerson's rule for secret values: any JSON value whose text is at most 16,384 characters (V2's limit; V1's toolbelt refuses over 10,000 itself); a string counts its own length. */
function checkValue(key: string, value: unknown): void {
  let text: string | undefined;
  try {
    text = typeof value === "string" ? value : JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined || typeof value === "function" || typeof value === "symbol") {
    throw badInput(`The value of secret ${key} must be JSON: a string, a number, a boolean, null, an array or an object`);
  }
  if (text.length > MAX_STORED_SECRET_VALUE_LENGTH) {
    throw badInput(
      `The value of secret ${key} is ${text.length} characters long; the limit is ${MAX_STORED_SECRET_VALUE_LENGTH}. Store a shorter value (a reference to it, or split it over several secrets)`,
    );
  }
}

/** Entries compare by their canonical form; hand-written entries that don't parse compare as written. */
function sameEntry(a: string, b: string): boolean {
  const canonical = (entry: string): string => {
    try {
      return normaliseAllowlistEntry(entry);
    } catch {
      return entry.trim();
    }
  };
  return canonical(a) === canonical(b);
}

/**
 * Opens the project's settings.json (it need not exist yet). Reads throw
 * PlatformError `invalid-project` for a malformed file; writes throw
 * `es.badinput` for a bad secret name, value or allowlist entry, and
 * `file-locked` when the lock cannot be had.
 */
export function openSettingsStore(projectDir: string, options: SettingsStoreOptions = {}): SettingsStore {
  const path = settingsPath(projectDir);

  /** Writes go to the real file when settings.json is a symlink, so the link survives the rename. */
  const target = (): string => {
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  };

  function mutate<T>(change: (data: LpfSettingsData) => { result: T; changed: boolean }): T {
    if (!existsSync(dirname(path))) {
      // No functions/ folder yet: only create it when there is something to write.
      const probe = change({ secrets: [], whitelist: [] });
      if (!probe.changed) return probe.result;
      mkdirSync(dirname(path), { recursive: true });
    }
    const file = target();
    return withFileLock(
      `${file}.lock`,
      () => {
        const document = readDocument(file);
        const data: LpfSettingsData = { secrets: [...document.data.secrets], whitelist: [...document.data.whitelist] };
        const { result, changed } = change(data);
        if (changed) {
          writeFileAtomic(file, serialise(document, data));
          removeOrphanedTempFiles(file);
        }
        return result;
      },
      options,
    );
  }

  const store: SettingsStore = {
    path,
    read() {
      return readDocument(path).data;
    },
    getSecret(key) {
      const found = readDocument(path).data.secrets.find((secret) => secret.key === key);
      return found ? { key: found.key, value: found.value } : undefined;
    },
    setSecret(key, value) {
      checkKey(key);
      checkValue(key, value);
      mutate((data) => {
        const record: SecretRecord = { key, value };
        const index = data.secrets.findIndex((secret) => secret.key === key);
        if (index === -1) data.secrets.push(record);
        else data.secrets = [...data.secrets.slice(0, index), record, ...data.secrets.slice(index + 1).filter((s) => s.key !== key)];
        return { result: undefined, changed: true };
      });
    },
    updateSecret(key, value) {
      if (typeof key !== "string" || !SECRET_NAME_PATTERN.test(key)) return false;
      checkValue(key, value);
      return mutate((data) => {
        const index = data.secrets.findIndex((secret) => secret.key === key);
        if (index === -1) return { result: false, changed: false };
        data.secrets[index] = { key, value };
        return { result: true, changed: true };
      });
    },
    deleteSecret(key) {
      return mutate((data) => {
        const before = data.secrets.length;
        data.secrets = data.secrets.filter((secret) => secret.key !== key);
        const changed = data.secrets.length !== before;
        return { result: changed, changed };
      });
    },
    listAllowlist() {
      return [...readDocument(path).data.whitelist];
    },
    addAllowlist(entry) {
      const canonical = normaliseAllowlistEntry(entry);
      return mutate((data) => {
        if (data.whitelist.some((existing) => sameEntry(existing, canonical))) return { result: false, changed: false };
        data.whitelist.push(canonical);
        return { result: true, changed: true };
      });
    },
    removeAllowlist(entry) {
      return mutate((data) => {
        const before = data.whitelist.length;
        data.whitelist = data.whitelist.filter((existing) => !sameEntry(existing, entry));
        const changed = data.whitelist.length !== before;
        return { result: changed, changed };
      });
    },
  };
  return store;
}
