/**
 * The API key behind `LpClient`: a secret holding
 * `{ consumerKey, consumerSecret, token, tokenSecret }`, as an object (JSON
 * secret) or as a JSON string of one — the same code works against both stores
 * (V2's code worked against only one of them). The shape is checked (V1 never did); no message ever
 * carries a value.
 */
import { ErrorCodes } from "../errors/codes";
import { isToolbeltError, ToolbeltError } from "../errors/toolbelt-error";
import type { SecretClient } from "../secrets/types";
import type { OAuth1Credentials } from "./oauth1";

/** The secret LpClient reads when `options.appKeySecretName` is not given (V1's `defaultAppKeySecretName`). */
export { DEFAULT_APP_KEY_SECRET as DEFAULT_APP_KEY_SECRET_NAME } from "../platform/secret-names";

const FIELDS = ["consumerKey", "consumerSecret", "token", "tokenSecret"] as const;

function wrongFormat(name: string): ToolbeltError {
  return new ToolbeltError(
    "LpClient",
    ErrorCodes.LpClient.Creds.Format,
    `Credentials have Invalid Format: secret "${name}" must hold a JSON object { consumerKey, consumerSecret, token, tokenSecret } with non-empty string values.`,
  );
}

/** Checks a secret value and returns the four fields (and nothing else). */
export function toCredentials(name: string, value: unknown): OAuth1Credentials {
  let parsed: unknown = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw wrongFormat(name);
    }
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw wrongFormat(name);
  const record = parsed as Record<string, unknown>;
  for (const field of FIELDS) {
    const v = Object.prototype.hasOwnProperty.call(record, field) ? record[field] : undefined;
    if (typeof v !== "string" || v === "") throw wrongFormat(name);
  }
  return {
    consumerKey: record.consumerKey as string,
    consumerSecret: record.consumerSecret as string,
    token: record.token as string,
    tokenSecret: record.tokenSecret as string,
  };
}

/**
 * Reads and checks the API key.
 * @throws the SecretClient's own `com.liveperson.faas.secret.not-found` when the secret does not exist;
 *   `com.liveperson.faas.lp-client.credentials-wrong-format` for a wrong shape;
 *   `com.liveperson.faas.lp-client.get-credentials-failure` when reading fails otherwise.
 */
export async function readCredentials(secrets: SecretClient, name: string, useCache: boolean): Promise<OAuth1Credentials> {
  let value: unknown;
  try {
    value = (await secrets.readSecret(name, { useCache })).value;
  } catch (error) {
    if (isToolbeltError(error) && error.code === ErrorCodes.Secret.NotFound) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ToolbeltError(
      "LpClient",
      ErrorCodes.LpClient.Creds.Failure,
      `Could not fetch App Key credentials from secret storage (secret "${name}"): ${reason}`,
      {
        cause: error,
      },
    );
  }
  return toCredentials(name, value);
}
