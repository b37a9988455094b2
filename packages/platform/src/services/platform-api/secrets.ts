/**
 * `/_platform/secrets`: what the toolbelt's SecretClient reads and updates,
 * and what the CLI administers. Secrets live in functions/settings.json.
 * Reading and updating one secret are open (what a function may do in the
 * cloud); listing, creating and deleting are admin routes (the UI's job there).
 * System secrets are never overwritten or deleted through the API.
 */
import { isSystemSecret, MAX_STORED_SECRET_VALUE_LENGTH, PlatformRoutes, SECRET_NAME_PATTERN } from "lp-faas-toolbelt/platform";
import { badInput, PlatformError, PlatformErrorCodes } from "../../errors";
import { expectObject, readJson } from "../../http/body";
import { sendJson, sendNoContent } from "../../http/respond";
import { ADMIN_ONLY, type Router } from "../../http/router";
import type { SettingsStore } from "../../project/types";

const missing = (key: string): PlatformError => new PlatformError(PlatformErrorCodes.SecretNotFound, `There is no secret ${key} for this account`);

/** The platform's rules for a value written through the API (system secrets are read-only). */
function checkSecretValue(key: string, value: unknown): void {
  if (isSystemSecret(key)) throw new PlatformError(PlatformErrorCodes.SecretForbidden, "You are not allowed to update secrets added by the system");
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (value === undefined || text === undefined) throw new PlatformError(PlatformErrorCodes.SecretInvalid, `The value of secret ${key} must be JSON`);
  if (text.length > MAX_STORED_SECRET_VALUE_LENGTH) {
    throw new PlatformError(
      PlatformErrorCodes.SecretInvalid,
      `The value of secret ${key} is ${text.length} characters long; the limit is ${MAX_STORED_SECRET_VALUE_LENGTH}`,
    );
  }
}

export function addSecretRoutes(router: Router, settings: SettingsStore): void {
  router.on(
    "GET",
    PlatformRoutes.secrets,
    ({ res }) => {
      sendJson(
        res,
        200,
        settings.read().secrets.map(({ key }) => ({ key })),
      );
    },
    ADMIN_ONLY,
  );

  router.on("GET", PlatformRoutes.secret, ({ res, params }) => {
    const secret = settings.getSecret(params.key!);
    if (!secret) throw missing(params.key!);
    sendJson(res, 200, secret);
  });

  // The toolbelt's updateSecret: replaces an existing secret only.
  router.on("PUT", PlatformRoutes.secret, async ({ req, res, params }) => {
    const key = params.key!;
    const body = expectObject(await readJson(req), "The secret update");
    if (!("value" in body)) throw badInput('The secret update must be { "value": ... }');
    checkSecretValue(key, body.value);
    if (!settings.updateSecret(key, body.value)) {
      throw new PlatformError(PlatformErrorCodes.SecretUpdateFailed, `Updating secret ${key} failed: there is no such secret`);
    }
    sendJson(res, 200, { key, value: body.value });
  });

  // Creating secrets is an administrator's job (the UI on the real platform; the CLI or this endpoint here).
  router.on(
    "POST",
    PlatformRoutes.secrets,
    async ({ req, res }) => {
      const { key, value } = expectObject(await readJson(req), "The new secret") as { key?: unknown; value?: unknown };
      if (typeof key !== "string" || !SECRET_NAME_PATTERN.test(key)) throw badInput('"key" must be 1-100 letters, digits, "_" or "-"');
      checkSecretValue(key, value);
      settings.setSecret(key, value);
      sendJson(res, 201, { key, value });
    },
    ADMIN_ONLY,
  );

  router.on(
    "DELETE",
    PlatformRoutes.secret,
    ({ res, params }) => {
      if (isSystemSecret(params.key!)) throw new PlatformError(PlatformErrorCodes.SecretForbidden, `${params.key} is a system secret; it cannot be deleted`);
      if (!settings.deleteSecret(params.key!)) throw missing(params.key!);
      sendNoContent(res);
    },
    ADMIN_ONLY,
  );
}
