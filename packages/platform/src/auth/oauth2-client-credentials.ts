/**
 * The client credentials Sentinel's token endpoint accepts: the project's
 * secret LIVEPERSON_DEFAULT_APP_KEY, `{ client_id, client_secret }` as an
 * object or a JSON string of one (V2's toolbelt reads either, spec v2 §3).
 * Read at each request, so an edited settings.json works at once. The secret
 * is compared by SHA-256 digest in constant time; no message names either value.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { PlatformError, PlatformErrorCodes } from "../errors";

/** The secret V2 functions and the external invocation client take their OAuth 2.0 client credentials from. */
export const OAUTH2_APP_KEY_SECRET = "LIVEPERSON_DEFAULT_APP_KEY";

export interface ClientCredentials {
  client_id: string;
  client_secret: string;
}

/** The credentials in a secret's value, or undefined when it has another shape. */
export function clientCredentialsOf(value: unknown): ClientCredentials | undefined {
  let candidate = value;
  if (typeof candidate === "string") {
    try {
      candidate = JSON.parse(candidate);
    } catch {
      return undefined;
    }
  }
  if (!candidate || typeof candidate !== "object" || Array.isArray(candidate)) return undefined;
  const { client_id, client_secret } = candidate as Record<string, unknown>;
  if (typeof client_id !== "string" || typeof client_secret !== "string" || client_id === "" || client_secret === "") return undefined;
  return { client_id, client_secret };
}

const digest = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();

/**
 * Throws InvalidClient (401) unless `given` matches `configured` (the secret's
 * value, `undefined` when the project has no such secret).
 */
export function checkClientCredentials(configured: unknown, given: ClientCredentials): void {
  if (configured === undefined) {
    throw new PlatformError(
      PlatformErrorCodes.InvalidClient,
      `This project has no secret ${OAUTH2_APP_KEY_SECRET}; add { "client_id": "...", "client_secret": "..." } under that key in functions/settings.json (lp-faas init writes one)`,
    );
  }
  const expected = clientCredentialsOf(configured);
  if (!expected) {
    throw new PlatformError(
      PlatformErrorCodes.InvalidClient,
      `The secret ${OAUTH2_APP_KEY_SECRET} must be { "client_id": "<string>", "client_secret": "<string>" } (an object or a JSON string of one)`,
    );
  }
  const idMatches = timingSafeEqual(digest(given.client_id), digest(expected.client_id));
  const secretMatches = timingSafeEqual(digest(given.client_secret), digest(expected.client_secret));
  if (!idMatches || !secretMatches) {
    throw new PlatformError(PlatformErrorCodes.InvalidClient, `client_id or client_secret is not the one in the secret ${OAUTH2_APP_KEY_SECRET}`);
  }
}
