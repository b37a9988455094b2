/**
 * The platform's domain error: a catalogue code and a message that says what to
 * fix. It carries no HTTP status and no exit code — the HTTP layer and the CLI
 * look those up in the catalogue — so stores, project code and the CLI throw
 * the same thing.
 */
import { catalogueEntry, PlatformErrorCodes, type PlatformErrorCode } from "./catalogue";

/** How a request may authenticate next time (`WWW-Authenticate`), for errors that answer 401. */
export interface AuthChallenge {
  /** `OAuth`, `Bearer`. */
  readonly scheme: string;
  /** Extra parameters after the realm, e.g. `{ oauth_problem: "signature_invalid" }`. */
  readonly params: Readonly<Record<string, string>>;
}

export interface PlatformErrorOptions {
  cause?: unknown;
  challenge?: AuthChallenge;
}

export class PlatformError extends Error {
  readonly challenge: AuthChallenge | undefined;

  constructor(
    readonly code: PlatformErrorCode,
    message?: string,
    options: PlatformErrorOptions = {},
  ) {
    super(message ?? catalogueEntry(code)?.message ?? code, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "PlatformError";
    this.challenge = options.challenge;
  }
}

export const notFound = (message: string): PlatformError => new PlatformError(PlatformErrorCodes.NotFound, message);
export const badInput = (message: string): PlatformError => new PlatformError(PlatformErrorCodes.BadInput, message);
export const invalidProject = (message: string): PlatformError => new PlatformError(PlatformErrorCodes.InvalidProject, message);

/** True for SQLite's "database is locked" failures (another process holds the write lock past the busy timeout). */
export function isDatabaseBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}
