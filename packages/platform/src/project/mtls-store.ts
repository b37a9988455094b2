/**
 * The client certificates the mTLS gateway presents, one registration per
 * target host, kept with the platform's local state (never in functions/,
 * which users commit):
 *
 *     <project>/.lp-faas/mtls/                  mode 700
 *       <host>/cert.pem  key.pem  [ca.pem]      folder 700, files 600
 *
 * `<host>` is the host as `lp-faas allowlist add` normalises it (lower case,
 * punycode, no trailing dot; IPv6 without brackets), percent-encoded where a
 * file name cannot hold it (`:`). Wildcards are refused: a certificate belongs
 * to the hosts it is registered for. Every file is written atomically, under a
 * lock, after the material passed `checkMtlsMaterial`; the CLI and the
 * running platform share the folder, and the gateway reads it at each call, so
 * a change applies to the next call.
 */
import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { badInput } from "../errors";
import { normaliseAllowlistEntry } from "./allowlist-entry";
import { writeFileAtomic } from "./atomic-file";
import { withFileLock } from "./file-lock";
import { checkMtlsMaterial, type MtlsCertificateSummary, type MtlsFileNames, type MtlsMaterial } from "./mtls-pem";

/** Relative to the platform's state folder (default `<project>/.lp-faas`). */
export const MTLS_DIR = "mtls";

export interface MtlsRegistration extends MtlsCertificateSummary {
  readonly host: string;
  /** True when a CA file was registered to verify the target with. */
  readonly hasCa: boolean;
}

export interface MtlsStore {
  /** The folder the registrations live in. */
  readonly dir: string;
  /** Every registration, by host. A folder whose files no longer parse is left out. */
  list(): MtlsRegistration[];
  /** The material registered for a host as written in a URL (any case, trailing dot), or undefined. */
  material(host: string): (MtlsMaterial & { readonly host: string }) | undefined;
  /** Checks and stores; replaces an earlier registration of the host. `names` name the files in messages. */
  add(host: string, material: MtlsMaterial, names?: MtlsFileNames): { registration: MtlsRegistration; replaced: boolean };
  /** False when the host has no registration. */
  remove(host: string): boolean;
}

/**
 * The canonical host of a registration: what allowlist entries accept, minus
 * wildcards. Throws 400 `…es.badinput` saying what to write instead.
 */
export function normaliseMtlsHost(raw: string): string {
  const host = normaliseAllowlistEntry(raw);
  if (host.startsWith("*.")) {
    throw badInput(`mTLS certificates are registered per host, not for "${raw}": register each host (e.g. "${host.slice(2)}") on its own`);
  }
  return host;
}

/** A file name for a host: IPv6 colons (and anything else unusual) percent-encoded. */
const folderName = (host: string): string => encodeURIComponent(host);

const CERT_FILE = "cert.pem";
const KEY_FILE = "key.pem";
const CA_FILE = "ca.pem";

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if (process.platform !== "win32" && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o700);
}

/** Writes `text` to `path` atomically with mode 600: the temp file takes the mode of the (600) file it replaces, so the content is never readable by others. */
function writePrivateFile(path: string, text: string): void {
  try {
    closeSync(openSync(path, "wx", 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  chmodSync(path, 0o600);
  writeFileAtomic(path, text);
}

/** The store in the platform's state folder (`stateDir`, default `<project>/.lp-faas`). */
export function openMtlsStore(stateDir: string): MtlsStore {
  const dir = join(stateDir, MTLS_DIR);
  const lockPath = join(stateDir, `${MTLS_DIR}.lock`);
  const hostDir = (host: string): string => join(dir, folderName(host));

  function readMaterial(host: string): (MtlsMaterial & { host: string }) | undefined {
    const folder = hostDir(host);
    const cert = readOptional(join(folder, CERT_FILE));
    const key = readOptional(join(folder, KEY_FILE));
    if (cert === undefined || key === undefined) return undefined;
    const ca = readOptional(join(folder, CA_FILE));
    return { host, cert, key, ...(ca !== undefined && { ca }) };
  }

  return {
    dir,
    list() {
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        return [];
      }
      const registrations: MtlsRegistration[] = [];
      for (const name of names.sort()) {
        let host: string;
        try {
          host = decodeURIComponent(name);
        } catch {
          continue;
        }
        const material = readMaterial(host);
        if (!material) continue;
        try {
          registrations.push({ host, hasCa: material.ca !== undefined, ...checkMtlsMaterial(material) });
        } catch {
          // A hand-edited, broken registration: the gateway will not use it either.
        }
      }
      return registrations;
    },
    material(host) {
      let canonical: string;
      try {
        canonical = normaliseMtlsHost(host);
      } catch {
        return undefined;
      }
      return readMaterial(canonical);
    },
    add(rawHost, material, names) {
      const host = normaliseMtlsHost(rawHost);
      const summary = checkMtlsMaterial(material, names);
      mkdirSync(stateDir, { recursive: true }); // the platform's folder: created when missing, its mode left alone
      return withFileLock(lockPath, () => {
        ensurePrivateDir(dir);
        const folder = hostDir(host);
        const replaced = readMaterial(host) !== undefined;
        ensurePrivateDir(folder);
        writePrivateFile(join(folder, CERT_FILE), material.cert);
        writePrivateFile(join(folder, KEY_FILE), material.key);
        if (material.ca !== undefined) writePrivateFile(join(folder, CA_FILE), material.ca);
        else rmSync(join(folder, CA_FILE), { force: true });
        return { registration: { host, hasCa: material.ca !== undefined, ...summary }, replaced };
      });
    },
    remove(rawHost) {
      const host = normaliseMtlsHost(rawHost);
      if (readMaterial(host) === undefined) return false; // (and no state folder to lock in, on a fresh project)
      return withFileLock(lockPath, () => {
        if (readMaterial(host) === undefined) return false;
        rmSync(hostDir(host), { recursive: true, force: true });
        return true;
      });
    },
  };
}
