/**
 * The allowlist a local platform owns (`lp-faas allowlist add ...`), read from
 * its API. Re-read at most once a second, and at once when a new invocation
 * starts (`currentInvocation()` names another invocation), so a change
 * applies to the next invocation. One read in flight at a time.
 */
import { currentInvocation } from "../platform/invocation-context";
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError, isToolbeltError } from "../errors/toolbelt-error";
import { compileAllowlist, type Allowlist } from "./allowlist";

export const PLATFORM_ALLOWLIST_TTL_MS = 1000;

export interface PlatformAllowlist {
  current(): Promise<Allowlist>;
}

export interface PlatformAllowlistOptions {
  /** Reads the entries from the platform. */
  fetchEntries: () => Promise<readonly string[]>;
  ttlMs?: number;
  now?: () => number;
  /** Changes when a new invocation starts. */
  invocationKey?: () => string | undefined;
  /** For messages. */
  platformUrl: string;
}

export function createPlatformAllowlist(options: PlatformAllowlistOptions): PlatformAllowlist {
  const ttlMs = options.ttlMs ?? PLATFORM_ALLOWLIST_TTL_MS;
  const now = options.now ?? (() => performance.now());
  const invocationKey = options.invocationKey ?? (() => currentInvocation().invocationId);
  let cached: { allowlist: Allowlist; fetchedAt: number; key: string | undefined } | undefined;
  let inFlight: Promise<Allowlist> | undefined;

  async function load(key: string | undefined): Promise<Allowlist> {
    let entries: readonly string[];
    try {
      entries = await options.fetchEntries();
    } catch (error) {
      throw new ToolbeltError(
        "Egress",
        ErrorCodes.Egress.AllowlistUnavailable,
        `Socket is closed: the egress policy could not read the allowlist from the platform at ${options.platformUrl} ` +
          `(${isToolbeltError(error) ? error.message : ((error as { code?: string }).code ?? String(error))}). Is lp-faas dev running?`,
        { cause: error },
      );
    }
    const allowlist = compileAllowlist(entries);
    cached = { allowlist, fetchedAt: now(), key };
    return allowlist;
  }

  return {
    current() {
      const key = invocationKey();
      if (cached && cached.key === key && now() - cached.fetchedAt < ttlMs) return Promise.resolve(cached.allowlist);
      inFlight ??= load(key).finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}
