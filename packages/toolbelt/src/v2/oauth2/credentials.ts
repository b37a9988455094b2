/**
 * The OAuth 2.0 client credentials V2 clients read from a secret
 * (`LIVEPERSON_DEFAULT_APP_KEY` by default): `{ client_id, client_secret }`,
 * as an object (a JSON secret) or as a JSON string of one — both forms exist
 * (spec v2 §3). No message ever carries a value.
 */
import { ErrorCodes } from "../errors/codes";
import { isPassThroughError, ToolBeltError } from "../errors/toolbelt-error";
import type { ISecretClient } from "../secrets/secret-client";

export const DEFAULT_APP_KEY_SECRET_NAME = "LIVEPERSON_DEFAULT_APP_KEY";

export interface ClientCredentials {
  client_id: string;
  client_secret: string;
}

/** Which client reads the credentials: its component and its two credential codes. */
export interface CredentialsOwner {
  component: string;
  format: string;
  failure: string;
}

export const LP_CLIENT_CREDENTIALS: CredentialsOwner = {
  component: "LpClient",
  format: ErrorCodes.LpClient.Creds.Format,
  failure: ErrorCodes.LpClient.Creds.Failure,
};

/** The credentials in a secret's value. @throws ToolBeltError `owner.format` for any other shape. */
export function toClientCredentials(value: unknown, secretName: string, owner: CredentialsOwner): ClientCredentials {
  let parsed = value;
  if (typeof parsed === "string") {
    try {
      parsed = JSON.parse(parsed);
    } catch {
      parsed = undefined;
    }
  }
  const record = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  const own = (field: string): unknown => (Object.prototype.hasOwnProperty.call(record, field) ? record[field] : undefined);
  const clientId = own("client_id");
  const clientSecret = own("client_secret");
  if (typeof clientId !== "string" || typeof clientSecret !== "string" || clientId === "" || clientSecret === "") {
    throw new ToolBeltError(
      owner.component,
      owner.format,
      `Credentials have Invalid Format: secret "${secretName}" must hold { "client_id": "...", "client_secret": "..." } (a JSON object, or its JSON text).`,
    );
  }
  return { client_id: clientId, client_secret: clientSecret };
}

/**
 * Reads and checks the credentials; `useCache: false` re-reads the store.
 * @throws the secret client's ToolBeltErrors unchanged (e.g. `secret.not-found`); `owner.format`; `owner.failure` otherwise.
 */
export async function readClientCredentials(
  secrets: ISecretClient,
  secretName: string,
  useCache: boolean,
  owner: CredentialsOwner,
): Promise<ClientCredentials> {
  let value: unknown;
  try {
    value = (await secrets.readSecret(secretName, { useCache })).value;
  } catch (error) {
    if (isPassThroughError(error)) throw error;
    throw new ToolBeltError(owner.component, owner.failure, `Could not read the client credentials from secret "${secretName}": ${String(error)}`, {
      cause: error,
    });
  }
  return toClientCredentials(value, secretName, owner);
}
